"""Ordinary words that must never be read as a child's name with a typo, nor "corrected".

Not a dictionary: the words guardians actually use in these messages, plus the
short common words that sit one letter away from popular first names
("alla"/Alma, "vara"/Sara, "elva"/Elsa, "mina"/Nina, "else"/Elsa).
"""

from __future__ import annotations

_SWEDISH = """
alla allt allting alltid allihop allihopa andra annan annat anmäla anmäler anmälan anmält
att av bara barn barnen barnet bli blir blev blivit bra både båda bägge bägges början
da dag dagar dagen dagarna dags de dem den denna dess dessa det detta dig din dina ditt
du där efter eftersom eller elva en ens er era ert ett fall fast fel fem fick fin fina
finns fler flera fort fram från fråga frågor frisk friska fått få får för före förra först
ganska gick gjort god goda gott gå går gärna göra gör ha hade hallå han hans har hej hela
helt hem hemma hennes henne hit hon honom hos hur här hälsa i idag igen ihop in inför
inget inga ingen inne inte ja jag jo just kan kanske klar klara klart kl kolla kom komma
kommer kunde kvar kväll lite lilla liten lång länge längre man med mej mellan men mer mest
mig min mina mitt mot mycket många måste natt nej ner ni nu nytt någon något några när
nästa och också om oss ok okej orka på redan rätt runt sa sade sagt samma sedan sen senare
sent sig sin sina sitt själv ska skall skulle slut snart som stor stora så tack tala till
tills tid tider tidig tidigt tre tror tycker två under upp ut utan vad var vara varit vart
varje vecka veckan vem vet vi vid vilken vilket vilka vill visst vår våra vårt än ändå är
även åt åtta över övrig övriga helst hela hemifrån sova sover mår mådde dålig dåligt
pigg piggare igår imorgon ifall dock typ liksom alltså fortfarande nog lagom iväg
mamma pappa mormor morfar farmor farfar syster bror storebror lillebror lillasyster
storasyster fröken läraren lärare mentor mentorn personal personalen rektor
skolan skola förskolan fritids klassen klass hemmet jobbet jobb bilen möte mötet
lunch lunchen middag frukost mat maten kläder vante mössa regn väder solen snö
läsa skriva räkna rita leka springa dansa simma åka åker åka resa reser hälsar hälsningar
vänliga mvh kram puss tusen hälsning ha det bra vi ses grattis lycka
elva tolv tio nio sju sex fyra fem tre två ett ena andra tredje fjärde femte
vad vem var när hur varför vilken vilket vilka hurdan
jättebra toppen kul roligt tråkigt synd tyvärr gärna absolut självklart
kalla kallt varma varmt bättre sämre bäst sämst glad glada ledsen trött trötta
visa visar skicka skickar se ser titta kollar kan kunna vet veta tycker tror
hämta hämtar hämtas lämna lämnar lämnas börja börjar sluta slutar gå går komma kommer
stanna stannar vara är blev blir hade har fick får ska skulle vill ville måste borde
bara vara fara mina alla else elva
hela vila vilja viljan vilse
lova lovar lovat lova sade säga säger
hände hänt hända missat missade trots nästan
"""

_ENGLISH = """
a about after again all also am an and any are as at away back be because been before
being both but by can can't could day days did do does doing don't done down each else
email every few for from get gets go goes going good got had has have he her here him his
home how i if in into is isn't it its just know last late later like make many may me more
morning most much my need next no not now of off on once one only or other our out over
please same see she should show so some soon still such take than thank thanks that the
their them then there these they this those through time to today tomorrow too two under
until up us very want was we week well were what when where which while who why will with
won't would yes yet you your sure maybe also alias huge true onto lime mild ever even
hello hi hey dear best regards cheers kind
"""

COMMON_WORDS: frozenset[str] = frozenset((_SWEDISH + _ENGLISH).split())

# Words the matchers key on, the targets of spelling correction ("frånvar" -> "frånvaro",
# "tandläkarn" -> "tandläkaren", "franvaro" -> "frånvaro").
KEYWORDS: frozenset[str] = frozenset(
    [
        "frånvaro",
        "frånvaron",
        "frånvarande",
        "frånvaroanmälan",
        "sjukanmälan",
        "sjukanmäla",
        "sjukanmäler",
        "sjukanmält",
        "ledig",
        "ledigt",
        "lediga",
        "ledighet",
        "ledigheten",
        "hemma",
        "borta",
        "sjuk",
        "sjuka",
        "stannar",
        "kommer",
        "inte",
        "schema",
        "schemat",
        "schemana",
        "tider",
        "tiderna",
        "kalender",
        "kalendern",
        "meddelande",
        "meddelanden",
        "meddelandet",
        "nyheter",
        "nyheterna",
        "nyhet",
        "sammanfattning",
        "sammanfatta",
        "utvecklingssamtal",
        "utvecklingssamtalet",
        "bedömning",
        "bedömningen",
        "bedömningar",
        "betyg",
        "betyget",
        "betygen",
        "omdöme",
        "omdömet",
        "omdömen",
        "dokumentation",
        "dokumentationen",
        "åtgärdsprogram",
        "åtgärdsprogrammet",
        "anpassningar",
        "anpassning",
        "kunskapskrav",
        "kunskapskraven",
        "kunskapsutveckling",
        "lärlogg",
        "lärloggen",
        "pedagogisk",
        "särskilt",
        "förmiddag",
        "eftermiddag",
        "förmiddagen",
        "eftermiddagen",
        "hämtas",
        "lämnas",
        "hämtar",
        "lämnar",
        "slutar",
        "börjar",
        "tandläkaren",
        "tandläkare",
        "läkaren",
        "läkare",
        "vårdcentralen",
        "sjukhuset",
        "feber",
        "förkyld",
        "magsjuk",
        "magsjuka",
        "kräks",
        "kräkts",
        "hostar",
        "snuva",
        "vattkoppor",
        "halsfluss",
        "öroninflammation",
        "nästa",
        "vecka",
        "veckan",
        "resten",
        "övermorgon",
        "imorgon",
        "idag",
        "hjälp",
        "support",
        "supporten",
        "radera",
        "uppgifter",
        "logga",
        "läxa",
        "läxor",
        "läxan",
        "prov",
        "provet",
        "händer",
        "hänt",
        "förskolan",
        "fritids",
        "skolan",
        "ändå",
        "avboka",
        "stryk",
        "ångra",
        "boka",
        "samtal",
        "mötet",
        "möte",
        "träffa",
        "läraren",
        "mentorn",
        "fröken",
        "pedagogerna",
        "vanligt",
        "hämtad",
        "lämnad",
        "kommer",
        "eftermiddagen",
        "förmiddagen",
        "måndag",
        "tisdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lördag",
        "söndag",
        "januari",
        "februari",
        "mars",
        "april",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
        "klockan",
        "lunch",
        "tillsammans",
        "försenad",
        "absence",
        "absent",
        "tomorrow",
        "today",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "schedule",
        "calendar",
        "messages",
        "message",
        "homework",
        "grades",
        "assessment",
        "sick",
        "fever",
        "doctor",
        "dentist",
        "summary",
        "news",
        "logout",
        "help",
        "support",
        "meeting",
        "teacher",
        "morning",
        "afternoon",
        "week",
        "next",
    ]
)
