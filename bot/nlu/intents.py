"""Scored matchers: each intent's cues over the normalised message.

The matchers run over a compact form of the message in which the slots are
already read: child names are `CHILD`, day expressions `DATE`, a clock time
`TIME`, an interval `RANGE`, a part of the day `PART`. So a cue says
"hur går det för CHILD" or "kommer TIME" and never has to know names or dates.
Each cue carries a weight; an intent scores its best cue, a little more for
each further cue. Conflicts between intents are settled in `resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, get_args

from bot.nlu.model import Intent

INTENTS: tuple[str, ...] = get_args(Intent)

SUBJECTS = (
    r"(?:matte\w*|matematik\w*|svenska\w*|engelska\w*|no|so|bild|idrott\w*|musik|slöjd|"
    r"historia|geografi|biologi|fysik|kemi|teknik|religion|samhällskunskap|hemkunskap|"
    r"spanska|tyska|franska|läsning\w*|skrivning\w*|läsa|skriva|räkna|ämne\w*|skolan|"
    r"math|maths|english|swedish|science|reading|writing|school|class|subjects?)"
)
_WHO = r"(?:CHILD|han|hon|hen|honom|henne|barnen|dem|dom|min \w+|vår \w+|he|she|they|him|her)"
_VERBS_SEE = r"(?:visa|se|skicka|hitta|läsa|kolla|få se|show|see|send|view|read)"

# intent -> [(weight, pattern)], patterns over the normalised text
CUES: dict[str, list[tuple[float, str]]] = {
    "secure_content": [
        (
            0.97,
            r"\bbedöm\w*|\bbetyg\w*|omdöme\w*|\bkunskapskrav\w*|\bkunskapsutveckl\w*|"
            r"\bkunskapsnivå\w*|\bkunskapsmål\w*|\bkunskapsmatris\w*|\bkunskaper\b|"
            r"\bextra anpassning\w*|\banpassning\w*|\bsärskil\w* stöd\w*|\bstödinsats\w*|"
            r"\bstödundervisning\w*|\båtgärdsprogram\w*|\biup\b|\butvecklingsplan\w*|"
            r"\bdokumentation\w*|\bdokumenter\w*|\bportfol\w*|\bportfölj\w*|\blärlogg\w*|"
            r"\bprovresultat\w*|\bresultat\w*|"
            r"\bmatris\w*|\bpedagogisk\w* utredning\w*|\butlåtande\w*|\bskriftlig\w* omdöme\w*",
        ),
        (
            0.97,
            r"\bgrades?\b|\bgrading\b|\bgraded\b|\bassessments?\b|\bassess\w*|\breport cards?\b|"
            r"\bschool reports?\b|\bdocumentation\b|\bportfolios?\b|\blearning logs?\b|\biep\b|"
            r"\b(?:education|development|learning) plans?\b|\bspecial (?:support|needs|education)\b|"
            r"\badaptations?\b|\baccommodations?\b|\baction plans?\b|\bnational tests?\b|"
            r"\b(?:test|exam) results?\b|\bresults?\b|\bknowledge requirements?\b|"
            r"\bevaluations?\b|\bprogress reports?\b|\bsupport plan\b",
        ),
        (
            0.95,
            rf"\bhur går det (?:för|med) {_WHO}|\bhur går det (?:i|på) {SUBJECTS}|"
            rf"\bhur (?:ligger|klarar|sköter|presterar|utvecklas|utvecklar|ligger) |"
            rf"\bligger {_WHO} (?:\w+ )?(?:till|efter|före)\b|"
            rf"\bklarar (?:sig )?(?:CHILD|han|hon|hen|sig)\b(?: \w+){{0,6}} (?:{SUBJECTS}|målen|kraven)\b|"
            rf"\b(?:når|nått|uppnår|uppnått|klarat|klarar) (?:\w+ ){{0,2}}(?:målen|kraven|kunskapskrav\w*)\b|"
            r"\bgodkän\w*|\bunderkän\w*|\bicke godkänt\b|\bsaknar godkänt\b|"
            r"\bvad fick (?:\w+ ){1,2}(?:på|i) (?:provet|proven|prov\w*|np|nationella|\w+provet)\b|"
            r"\bhur gick (?:det (?:på|i|med) )?(?:provet|proven|prov\w*|np|nationella\w*|\w+provet)\b|"
            rf"\bvad tycker (?:\w+ )?(?:läraren|lärarna|fröken|mentorn|pedagogerna|skolan) om {_WHO}|"
            r"\butveckling(?:en)?\b|\bstöd(?:et)?\b|\bprogress\w*\b|"
            rf"\bhow(?:'s| is| are) {_WHO} doing\b|\bhow (?:is|are|has|have) {_WHO} (?:getting on|performing|progressing|done)\b|"
            rf"\bdoing in {SUBJECTS}\b|\bhow did (?:\w+ ){{1,2}}do (?:on|in)\b|\bdid {_WHO} pass\b|"
            r"\bteacher'?s? (?:notes|comments|feedback)\b|\bfeedback\b|"
            r"\butvecklas\b|\butvecklats\b|"
            rf"\bvad tycker (?:\w+ )?(?:läraren|lärarna|fröken|mentorn|pedagogerna|skolan) om hur\b",
        ),
        # Grades as letters and grade words inside compounds ("terminsbetyg", "kunskapsbedömning")
        (
            0.96,
            r"\bGRADE\b|betyg\w*|bedömning\w*|skolresultat\w*|\bf varning\w*|"
            r"\b(?:fått|fick|får|got|gets?|received) (?:ett |an )?f\b|"
            r"\b(?:hur många|how many) (?:a|b|c|d|f)(?:'s)?\b",
        ),
        # A test by name is a topic: "när är nationella proven?" asks for a date.
        (0.94, r"\bnationella prov\w*|\bnationellt prov\w*|\bnp\b"),
        (
            0.9,
            rf"\bhur (?:går|gick) det för {_WHO}|\bhur går det i {SUBJECTS}|\b{_WHO} i {SUBJECTS}\b[^?]{{0,60}}\?|"
            r"\bklarat\b|\bmålen\b|\bpassed\b|\bfailed\b",
        ),
    ],
    "book_meeting": [
        (
            0.98,
            r"\bboka\w* (?:in )?(?:\w+ ){0,4}(?:\w{0,20}samtal\w*|\w{0,20}möte\w*|tid|träff\w*|meeting|tid\w*)\b|"
            r"\bbook (?:a |an |in )?(?:\w+ ){0,3}(?:meeting|conference|appointment|talk|call|time|chat)\b|"
            r"\b(?:schedule|arrange|set up|request) (?:a |an )?(?:\w+ ){0,2}(?:meeting|conference|talk)\b",
        ),
        (
            0.975,
            r"\b(?:vill|kan vi|kan jag|skulle vilja|önskar|vi behöver|behöver) (?:\w+ ){0,3}"
            r"(?:ha|få|boka|träffa|ses|ordna|begära)\b(?: \w+){0,3} (?:\w{0,20}samtal\w*|\w{0,20}möte\w*|träff\w*)\b|"
            r"\b(?:träffa|prata med|tala med|snacka med|ses med) (?:\w+ )?(?:läraren|lärarna|fröken|"
            r"mentorn|mentor|rektor\w*|pedagog\w*|personalen|klassläraren|specialpedagog\w*|kurator\w*|"
            r"CHILD mentor|CHILD lärare|CHILD fröken)\b|"
            r"\bmeet (?:with )?(?:the |her |his |their )?(?:teacher|mentor|principal)\b|\bparent[- ]teacher\b",
        ),
        (0.8, r"^boka(?: in)?(?: CHILD)?$|^bokning\w*$"),
        (0.55, r"\bboka\b|\bbokning\w*"),
        (
            0.72,
            r"\butvecklingssamtal\w*|\bmentorssamtal\w*|\bföräldrasamtal\w*|\bkvartssamtal\w*|\bmeeting\b",
        ),
    ],
    "calendar": [
        (
            0.95,
            r"\bnär (?:är|börjar|slutar|blir|har|ska|kommer) (?:\w+ ){0,3}(?:\w{0,20}samtal\w*|prov\w*|\w{0,12}lov\w*|"
            r"utflykt\w*|studiedag\w*|avslutning\w*|möte\w*|terminen|skolan|föräldramöte\w*|"
            r"friluftsdag\w*|fotografering\w*|inlämning\w*|läxförhör\w*|förhör\w*)\b",
        ),
        (
            0.93,
            r"\bkalender\w*|\bvad händer\b|\bläx\w*|\bhomework\b|\bcalendar\b|\bwhat'?s happening\b|"
            r"\bwhat is happening\b|\bwhat'?s on\b|\bwhat happens\b|\bevents?\b|\bupcoming\b|"
            r"\bhappening\b|\bgoing on\b|"
            rf"\bnär har (?:CHILD |han |hon |de |barnen )?(?:{SUBJECTS}|gympa|simning|simträning)\b|"
            r"\bha med sig\b|\bta med sig\b|\bmatsäck\w*|\bgympakläder\b|\bpacka\b",
        ),
        (
            0.88,
            r"\bhänder\b|\bprov(?:et|en|er|erna)?\b|\bförhör\w*|\bglos\w*|\binlämning\w*|\butflykt\w*|"
            r"\bstudiedag\w*|\bfriluftsdag\w*|\bklassresa\w*|\bavslutning\w*|\bfotografering\w*|"
            r"\bföräldramöte\w*|\bskolstart\w*|\bterminsstart\w*|\bterminen\b|lov(?:et)?\b|"
            r"\blovet\b|\bplanering\w*|\bplanera[dt]\w*|\binplanera\w*|\bpå gång\b|"
            r"\baktivitet\w*|\bevenemang\w*|\bschemabrytande\b|"
            r"\btests?\b|\bexams?\b|\bquiz\w*|\bassignments?\b|\bfield trips?\b|\bactivit\w*|"
            r"\b(?:vad|what) (?:ska|gör|do|will) (?:de|dom|barnen|CHILD|klassen|vi|they|the kids) "
            r"(?:\w+ )?(?:göra|på|do|doing)\b|\butflykter\b|\bteater\w*|\bmuseum\w*",
        ),
        (0.8, r"\bwhen is (?:the )?(?:next )?\w+|\bnär är\b|\bvilken dag\b|\bvilket datum\b"),
    ],
    "schedule_show": [
        (
            0.93,
            r"\bnär ska (?:\w+ )?(?:\w+ )?(?:hämtas|lämnas|vara där|sluta|börja|gå hem|slutar|börjar)\b|"
            r"\bnär (?:slutar|börjar|hämtas|lämnas|går) (?:CHILD|han|hon|hen|barnen)\b|"
            r"\bvilken tid (?:ska|slutar|börjar|hämtas|lämnas|går|kommer)\b|"
            r"\b(?:vilka|vad har|vad är|vad blir) (?:\w+ ){0,3}tider\w*|\bschema\w*|"
            r"\bvistelsetid\w*|\bomsorgstid\w*|\bomsorgsschema\w*|\bschedules?\b|\btimetable\b|"
            r"\bwhat time (?:is|does|do|should|will) |\bwhen (?:is|does|should|will) (?:\w+ ){1,2}"
            r"(?:picked up|dropped off|start|finish|end|be picked|go home)\b",
        ),
        (0.85, r"\btider(?:na)?\b|\btimes\b|\bhämtningstid\w*|\blämningstid\w*"),
    ],
    "summary": [
        (
            0.95,
            r"\bsammanfatt\w*|\bsammanfatta\w*|\bvad har (?:\w+ )?(?:hänt|skett|missat)\b|"
            r"\bsummary\b|"
            r"\bvad hände\b|\bwhat did (?:i|we) miss\b|"
            r"\bsummari[sz]e\b|\bsum up\b|\brecap\b|\bwhat happened\b|\bwhat has happened\b|"
            r"\bdigest\b|\boverview\b|\bsummering\w*|\bsummera\w*",
        ),
        (0.85, r"\bhänt\b|\böversikt\w*|\bhur (?:var|har) dagen\b|\bdagens händelser\b|\bskett\b"),
    ],
    "news": [
        (
            0.95,
            r"\bnyhet\w*|\bnews\b|\bnewsletters?\b|\bnyhetsbrev\w*|\bveckobrev\w*|\binfobrev\w*|"
            r"\bmånadsbrev\w*|\banslag\w*|\bannouncements?\b",
        ),
        (
            0.85,
            r"\b(?:något|några|någonting|nånting|mer|nytt) nytt\b|\bnytt (?:från|på|om|i)\b|"
            r"\blagt ut\b|\bskickat ut\b|\bgått ut med\b|\bgick ut med\b|\binfo om\b|\bpublicer\w*|\binformation från\b|\binfo från\b|\binformerat\b|"
            r"\banything new\b|\bwhat'?s new\b|\bany updates?\b|\bupdates?\b|\bnytt\b",
        ),
    ],
    "messages": [
        (
            0.95,
            r"\bmeddelande\w*|\bmessages?\b|\binbox\b|\binkorg\w*|\bdm\b",
        ),
        # "skickar ett mejl till läraren" tells, rather than asks to read: below an absence.
        (0.9, r"\bmejl\w*|\bmail\w*|\be-?post\b|\bemails?\b"),
        (
            0.82,
            r"\bsvarat\b|\bsvar från\b|\bskrivit\b|\breplied\b|\breply\b|\bwrote\b|\bbrev\b|"
            r"\bkommit (?:\w+ )?från (?:fröken|läraren|lärarna|mentorn|pedagog\w*|personalen)\b|"
            r"\bskriv(?:a)? (?:\w+ )?till (?:läraren|fröken|mentorn|skolan|förskolan|personalen)\b|"
            r"\bskicka (?:\w+ )?(?:en )?(?:hälsning|fråga) till\b",
        ),
    ],
    "logout": [
        (
            0.98,
            r"\blogga ut\b|\bloggar ut\b|\butloggning\b|\bloggaut\b|\blogga mig ut\b|\blog ?out\b|"
            r"\blog me out\b|\bsign ?out\b|\bsign me out\b|\blogout\b|\blog off\b",
        ),
    ],
    # A copy of what the bot keeps (GDPR article 15): asked as a question, or "show my data".
    # Above forget_me's "gdpr"/"personuppgifter": asking what is kept deletes nothing.
    "my_data": [
        (
            0.99,
            r"\bvad (?:har|sparar|lagrar|vet|registrerar|samlar|sparade|lagrade) "
            r"(?:du|ni|boten|hubbot)(?: \w+){0,3} om (?:mig|mej|oss)\b|"
            r"\bvad (?:har|sparar|lagrar) (?:du|ni)(?: \w+){0,2} (?:sparat|lagrat|registrerat)\b|"
            r"\bvad finns (?:det )?(?:sparat|lagrat|registrerat) om (?:mig|mej|oss)\b|"
            r"\bvilk(?:a|en|et) (?:personuppgifter|uppgifter|data|information|info) "
            r"(?:har|sparar|lagrar|samlar|finns)\b|"
            r"\bvad (?:har|sparar|lagrar) (?:du|ni) för (?:uppgifter|data|information|"
            r"personuppgifter)\b|"
            r"\b(?:visa|se|få se|skicka|ge mig|exportera|ladda ner) (?:\w+ ){0,2}(?:mina|min|mitt) "
            r"(?:uppgifter|data|personuppgifter|information|info)\b|"
            r"\bregisterutdrag\w*|\b(?:kopia|utdrag) (?:av|på|över) (?:\w+ ){0,2}"
            r"(?:uppgifter|data|personuppgifter|information)\b|"
            r"\bbegär\w* ut (?:\w+ ){0,2}(?:uppgifter|data|personuppgifter)\b",
        ),
        (
            0.99,
            r"\bwhat (?:do|did|does) (?:you|the bot|hubbot) (?:\w+ ){0,2}(?:store|keep|save|know|"
            r"have|hold|collect|record)\w* (?:about|on|of) (?:me|us)\b|"
            r"\bwhat (?:data|information|info|personal data|details) (?:do|did) you (?:\w+ )?"
            r"(?:store|keep|save|have|hold|collect)\b|"
            r"\bwhat (?:have|has) you (?:stored|kept|saved|got|recorded) (?:about|on) (?:me|us)\b|"
            r"\b(?:show|send|give|export|download) (?:me )?(?:a copy of )?(?:all )?my "
            r"(?:data|information|info|personal data|details)\b|"
            r"\bcopy of (?:my|all my) (?:data|information|personal data)\b|"
            r"\b(?:subject|data) access request\b",
        ),
    ],
    "forget_me": [
        (
            0.98,
            r"\bradera (?:\w+ ){0,2}(?:mina|mitt|min|mig|allt|all|alla|data|uppgifter\w*|konto\w*|"
            r"information\w*|info|historik\w*|personuppgifter\w*)\b|"
            r"\b(?:ta|tar|tag) bort (?:\w+ ){0,2}(?:mina|mitt|mig|allt|all|alla|data|uppgifter\w*|konto\w*|"
            r"information\w*|info|personuppgifter\w*)\b|"
            r"\bglöm (?:bort )?(?:mig|allt|oss)\b|\bavsluta (?:\w+ )?konto\w*|\bavregistrera\w*|"
            r"\bgdpr\b|\bdelete (?:\w+ ){0,2}(?:data|account|info\w*|everything|me)\b|"
            r"\bforget (?:about )?me\b|\bremove (?:\w+ ){0,2}(?:data|account|info\w*)\b|\berase\b|"
            r"\bunsubscribe\b|\bavsluta tjänsten\b|\bsluta använda\b|\bpersonuppgifter\w*",
        ),
    ],
    "help": [
        (
            # the corrector hands the matchers a keyword's own form ("loggar" -> "logga"),
            # so a verb is listed in both
            0.96,
            r"\bhur (?:gör|fungerar|funkar|använder|anmäler|sjukanmäler|bokar|boka|ändrar|ser|"
            r"lägger|tar|loggar|logga|avbokar|avboka|får|kan|ska|skriver|hittar|registrerar|"
            r"rapporterar|meddelar|frånvaroanmäler|startar|kopplar|byter) (?:jag|man|du|vi|ni)\b|"
            r"\bhow (?:do|can|should) (?:i|we)\b|\bhow does (?:this|it) work\b",
        ),
        (
            0.9,
            r"\bvad kan (?:du|jag|man|boten|ni)\b|\bvad gör (?:du|boten)\b|\bkommandon\b|"
            r"\binstruktion\w*|\bmanual\w*|\bguide\b|\bmeny\w*|\bwhat can you do\b|\bhelp\b|"
            r"\bcommands\b|\bmenu\b|\bwhat do you do\b|\bhur funkar\b|\bhur fungerar\b|"
            r"\bwhat can (?:this|the|you|it) (?:\w+ )?(?:do|help)\b|\bvad kan (?:den|boten|appen|tjänsten)\b",
        ),
        (0.8, r"(?<!för )\bhjälp\w*|\bstart\b"),
    ],
    "support": [
        (
            0.95,
            r"\bsupport\w*|\bkundtjänst\w*|\bkundservice\b|\b(?:prata|tala|snacka|chatta) med "
            r"(?:en |någon |nån )?(?:riktig |verklig |levande )?(?:människa|person|människor|handläggare|"
            r"admin|administratör|personal)\w*|\b(?:riktig|verklig|levande) (?:person|människa)\b|"
            r"\breal (?:person|human)\b|\bhuman\b|\bcontact (?:\w+ )?support\b|"
            r"\b(?:prata|tala|snacka) med (?:någon|nån) (?:på riktigt|riktig|som jobbar|hos er|där)\b",
        ),
        (
            0.86,
            r"\bmänniska\b|\bstrular\b|\bstrul\w*|\bfunkar inte\b|\bfungerar inte\b|\bbugg\w*|"
            r"\btekniskt? (?:fel|problem)\w*|\bkrånglar\b|\bkrasch\w*|\bfel på\b|\bklago\w*|\bklaga\w*|"
            r"\bnot working\b|\bdoesn'?t work\b|\bbroken\b|\bbug\b|\bcomplain\w*|\berror\b|"
            r"\bkommer inte in\b|\bkan inte logga in\b|\bringa? (?:upp )?mig\b|\bcall me\b|"
            r"\binloggning\w* (?:\w+ )?(?:strular|fungerar inte|funkar inte)",
        ),
    ],
    "report_absence": [
        (
            0.92,
            r"\bfrånvar\w*|\bsjukanm\w*|\bsjukskriv\w*|\bsjukfrånvar\w*|\bvab\w*|\bvabb\w*|"
            r"\bkommer (?:\w+ )?(?:inte|ej)\b|\b(?:kan|ska|får|orkar) (?:\w+ )?inte (?:komma|gå|vara)\b|"
            r"\binte (?:komma|kommer|närvara)\b|\bstanna\w* hemma\b|\bhåll\w* (?:\w+ )?hemma\b|"
            r"\bär hemma\b|\bvara hemma\b|\bblir hemma\b|\bhemma\b|\bsjuk(?:a|t)?\b|\bkrasslig\w*|"
            r"\bsick\b|\bill\b|\boff sick\b|\bunwell\b|\babsent\b|\babsence\b|"
            r"\bstay(?:s|ing)? (?:at )?home\b|"
            r"\bat home\b|\bhome sick\b|\bwon'?t (?:be )?(?:coming|come|attend\w*|there|in)\b|"
            r"\bnot (?:be )?coming\b|\bnot attend\w*|\bcan'?t (?:come|make it|attend)\b|"
            r"\bwill (?:be )?(?:absent|away)\b|\bmiss(?:es|ing)? (?:school|preschool|class)\b|"
            r"\bkeep\w* (?:\w+ )?home\b|\bhome (?:today|DATE)\b",
        ),
        (
            0.86,
            r"\bborta\b|\bbortrest\w*|\baway\b|\bförsenad\w*|\bförsen\w*|\bkommer (?:lite )?(?:sent|senare)\b|"
            r"\bgår hem (?:tidigt|tidigare)\b|\bslutar (?:tidigt|tidigare)\b|\bhämtas (?:tidigt|tidigare)\b|"
            r"\bwill be late\b|\blate\b|\b(?:blir|är|kommer|bli) (?:lite |nog |ngt )?(?:sen|sent|sena|försenad\w*)\b|"
            r"\bmår (?:inte bra|dåligt|sådär|inte så bra|kass|skit)\b|\bfeel\w* (?:sick|unwell|bad|poorly)\b|\bleav\w* early\b|\bpicked up early\b|\bmissar\b",
        ),
        (
            0.7,
            r"\bresa\b|\breser\b|\bsemester\w*|\båker (?:bort|iväg|utomlands)\b|\bvacation\b|\btrip\b",
        ),
    ],
    "cancel_absence": [
        (
            0.97,
            r"\b(?:ta|tar|tag) bort (?:\w+ ){0,3}(?:frånvar|sjukanm|anmäl|ledighet|vab)\w*|"
            r"\bstryk\w* (?:\w+ ){0,3}(?:frånvar|sjukanm|anmäl|ledighet|vab)\w*|"
            r"\b(?:ångra|avboka|makulera|återkalla|radera|annullera|backa|dra tillbaka|avanmäl\w*) "
            r"(?:\w+ ){0,3}(?:frånvar|sjukanm|anmäl|ledighet|vab)\w*|"
            r"\b(?:behöver|behövs) (?:\w+ ){0,2}inte (?:\w+ ){0,3}(?:frånvar|sjukanm|ledighet)\w*|"
            r"\bbehöver (?:\w+ ){0,2}inte (?:vara|stanna) (?:hemma|borta)\b|"
            r"\bglöm (?:\w+ ){0,2}(?:frånvar|sjukanm)\w*|\bavanmäl\w*|"
            r"\b(?:frånvar|sjukanm|ledighet)\w* (?:\w+ ){0,5}(?:tas bort|strykas|raderas|avbokas|"
            r"makuleras|återkallas|ångras)\b|"
            r"\bcancel\w* (?:\w+ ){0,3}(?:absence|sick\w*)\b|\bremove (?:\w+ ){0,3}absence\b|"
            r"\babsence (?:\w+ ){0,4}(?:removed|cancel\w*|deleted|withdrawn|undone)\b|"
            r"\binte (?:sjuk|hemma|borta) (?:längre|ändå)\b|\bkommer (?:i alla fall|iallafall|ialla fall)\b|"
            r"\bkommer (?:\w+ )?(?:ändå|trots allt)\b(?! inte)|\bändå (?:komma|kommer)\b",
        ),
        (
            0.88,
            r"\bändå\b|\btrots allt\b|\bafter all\b|\bnot sick anymore\b|\bno longer sick\b|"
            r"\bfeel\w* better\b|"
            r"\b(?:är|blev|känner sig|blivit) (?:\w+ )?(?:frisk|friskare|pigg|piggare|bättre)\b|\bångra\w*|"
            r"\bundo\b|\bcancel\b",
        ),
        (0.76, r"\bkommer som vanligt\b|\bsom vanligt\b|\bas usual\b|\bas normal\b"),
    ],
    "schedule_day_off": [
        (0.95, r"\b(?:har|ha|är på|tar|have|has|is on) (?:\w+ )?(?:lov|holiday)\b"),
        (
            0.93,
            r"\bledig\w*|\bta ledigt\b|\bdays? off\b|\btime off\b|\bday-off\b|\blovdag\w*|\bklämdag\w*|"
            r"\b(?:is|are|be|has|have|take|taking|takes|having|gets|get) (?:\w+ ){0,3}"
            r"(?<!drop )(?<!dropped )(?<!dropping )(?<!picked )(?<!log )(?<!sign )"
            r"off\b(?! sick| ill)|"
            r"(?<!drop )(?<!dropped )(?<!log )(?<!sign )(?<!turn )(?<!pick )\boff (?:on |DATE|next|this)",
        ),
    ],
}


@dataclass(slots=True)
class Cue:
    intent: str
    weight: float
    start: int
    end: int


def split_top(pattern: str) -> list[str]:
    """A pattern's top-level alternatives, as source text."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _heads(seq: Any) -> tuple[set[str], bool]:
    """Literal text every match starts with (one of the set); False once the literal part ends."""
    cur = {""}
    for op, av in seq:
        if op in (_c.AT, _c.ASSERT_NOT, _c.ASSERT):
            continue
        if op is _c.LITERAL:
            cur = {s + chr(av) for s in cur}
        elif op is _c.IN and av and all(o is _c.LITERAL for o, _ in av):
            cur = {s + chr(c) for s in cur for _, c in av}
        elif op in (_c.SUBPATTERN, _c.BRANCH):
            alts = [av[-1]] if op is _c.SUBPATTERN else av[1]
            found = [_heads(alt) for alt in alts]
            cur = {s + h for s in cur for hs, _ in found for h in hs}
            if not all(full for _, full in found):
                return cur, False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            hs, _ = _heads(av[2])
            return {s + h for s in cur for h in hs}, False
        else:
            return cur, False
        if len(cur) > 64:
            cur = {s[:3] for s in cur}
    return cur, True


def _prefix(seq: Any) -> str:
    """The literal text a sub-pattern's every match starts with ("" when none)."""
    out = []
    for op, av in seq:
        if op is not _c.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


def _branch_prefixes(alts: Any) -> tuple[str, ...] | None:
    """For a choice: what each alternative starts with, if every one starts with text."""
    found = tuple(_prefix(alt) for alt in alts)
    return found if all(f.strip() for f in found) else None


def _needles(seq: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(strings every match holds, strings of which every match holds one).

    Read from the pattern's top level only (runs of literal text, the literal start of each
    alternative of a choice), so it is a sound filter: a text that fails it cannot match.
    """
    groups: list[tuple[str, ...]] = []
    run = ""
    for op, av in [*seq, (None, None)]:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run.strip():
            groups.append((run,))
        run = ""
        found = None
        if op is _c.BRANCH:
            found = _branch_prefixes(av[1])
        elif op is _c.SUBPATTERN:
            inner = list(av[-1])
            if len(inner) == 1 and inner[0][0] is _c.BRANCH:
                found = _branch_prefixes(inner[0][1][1])
            else:
                found = (_prefix(inner),) if _prefix(inner).strip() else None
        if found:
            groups.append(found)
    # A first group of one word is the word the alternative was looked up by: says nothing.
    if len(groups) > 1 and not any(" " in x.strip() for x in groups[0]):
        groups = groups[1:]
    every = tuple(sorted((g[0] for g in groups if len(g) == 1), key=len, reverse=True))[:3]
    choices = sorted((g for g in groups if len(g) > 1), key=len)
    some = choices[0] if choices and (not every or len(choices[0]) <= 4) else ()
    return every, some


@dataclass(slots=True)
class _Alt:
    intent: str
    weight: float
    rx: re.Pattern[str]
    one_word: bool  # matches inside a single piece: decided per word, once
    every: tuple[str, ...] = ()  # a match holds each of these: tried before the regex
    some: tuple[str, ...] = ()  # a match holds one of these


@dataclass(slots=True)
class _Index:
    alts: list[_Alt]
    by_head: dict[str, list[int]]  # first letters of the first word -> alternatives
    by_substring: list[tuple[int, tuple[str, ...]]]  # found inside words ("omdöme")
    always: list[int]  # no literal start: tried on every message


def _compile() -> _Index:
    """Each cue alternative on its own, indexed by the first letters of the word it starts with.

    Most alternatives start at a word boundary with a literal word, so a message only tries
    the few whose first word it contains. One-word alternatives ("betyg\\w*") are decided per
    word and remembered, so the usual message runs only a handful of regex searches.
    """
    index = _Index([], {}, [], [])
    for intent, cues in CUES.items():
        for weight, pattern in cues:
            for source in split_top(pattern):
                k = len(index.alts)
                one_word = " " not in source and "^" not in source and "$" not in source
                parsed = list(_parser.parse(source))
                every, some = _needles(parsed)
                index.alts.append(_Alt(intent, weight, re.compile(source), one_word, every, some))
                heads, _ = _heads(parsed)
                words = {h.split(" ")[0] for h in heads}
                anchored = any(
                    op is _c.AT and av in (_c.AT_BOUNDARY, _c.AT_BEGINNING)
                    for op, av in parsed[:2]
                )
                if not words or "" in words:
                    index.always.append(k)
                elif anchored:
                    for word in {w[:3] for w in words}:
                        index.by_head.setdefault(word, []).append(k)
                else:
                    index.by_substring.append((k, tuple(sorted(words))))
    return index


_INDEX = _compile()
# word -> (the one-word cues it holds, the longer alternatives it may start). A one-word cue
# is (intent, weight, start, end) within the word.
_WordHit = tuple[str, float, int, int]
_WORD_CUES: dict[str, tuple[tuple[_WordHit, ...], tuple[int, ...]]] = {}
_NOTHING: tuple[tuple[_WordHit, ...], tuple[int, ...]] = ((), ())  # most words: no cue at all


def _word_cues(word: str) -> tuple[tuple[_WordHit, ...], tuple[int, ...]]:
    """What a word can contribute, worked out once: the same words come back all day."""
    found = _WORD_CUES.get(word)
    if found is not None:
        return found
    ids: set[int] = set()
    for key in (word[:3], word[:2], word[:1]):
        hit = _INDEX.by_head.get(key)
        if hit is not None:
            ids.update(hit)
    for k, needles in _INDEX.by_substring:
        if any(needle in word for needle in needles):
            ids.add(k)
    alts = _INDEX.alts
    single = []
    for k in sorted(ids):
        alt = alts[k]
        if alt.one_word:
            m = alt.rx.search(word)
            if m is not None:
                single.append((alt.intent, alt.weight, m.start(), m.end()))
    multi = tuple(sorted(k for k in ids if not alts[k].one_word))
    found = (tuple(single), multi) if single or multi else _NOTHING
    if len(_WORD_CUES) >= 32768:
        _WORD_CUES.clear()
    _WORD_CUES[word] = found
    return found


def match_cues(
    text: str, pieces: list[str] | None = None, positions: list[int] | None = None
) -> list[Cue]:
    """Every cue that matches, with where it matched in `text`, the pieces joined by spaces.

    `positions`, where each piece starts in `text`, saves counting them when known.
    """
    if pieces is None:
        pieces = text.split(" ")
    if positions is None:
        positions = []
        at = 0
        for word in pieces:
            positions.append(at)
            at += len(word) + 1
    out: list[Cue] = []
    live: set[int] | None = set(_INDEX.always) if _INDEX.always else None
    cache = _WORD_CUES
    nothing = _NOTHING
    for word, pos in zip(pieces, positions, strict=True):
        found = cache.get(word)
        if found is None:
            found = _word_cues(word)
        if found is nothing:
            continue
        single, multi = found
        for intent, weight, start, end in single:
            out.append(Cue(intent, weight, pos + start, pos + end))
        if multi:
            if live is None:
                live = set(multi)
            else:
                live.update(multi)
    if live is None:
        return out
    alts = _INDEX.alts
    for k in sorted(live):
        alt = alts[k]
        for part in alt.every:
            if part not in text:
                break
        else:
            some = alt.some
            if some:
                for part in some:
                    if part in text:
                        break
                else:
                    continue
            for m in alt.rx.finditer(text):
                out.append(Cue(alt.intent, alt.weight, m.start(), m.end()))
    return out


def score_cues(cues: list[Cue]) -> dict[str, float]:
    """Best cue per intent, plus a little for each further cue."""
    best: dict[str, float] = {}
    more: dict[str, int] = {}
    for cue in cues:
        intent = cue.intent
        weight = cue.weight
        got = best.get(intent)
        if got is None:
            best[intent] = weight
        else:
            more[intent] = more.get(intent, 0) + 1
            if weight > got:
                best[intent] = weight
    for intent, extra in more.items():
        best[intent] = min(0.99, best[intent] + 0.01 * extra)
    return best
