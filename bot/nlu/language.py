"""Which language a message is written in, when it says so clearly.

The chat's reply language follows the person: a clear English message gets an
English answer and turns the chat to English, a clear Swedish one turns it back.
"Clear" is the point: "ok", "Nils", "7.30-16" or "yes" say nothing, and a Swede
typing an English word ("sorry", "ok", "fritids") must not flip the chat. So a
message counts only with at least two telling words of one language and none of
the other, or a clear majority in a longer message.

Pure: no I/O. Names and numbers weigh nothing; letters å, ä and ö are Swedish.
"""

from __future__ import annotations

import re

SWEDISH = "sv"
ENGLISH = "en"

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that tell the language; none is an ordinary word of the other one, so short
# words that both share ("i", "is", "in", "man", "hem", "under", "ok") are left out.
_SV = _words(
    """
    och att det som inte jag hon han vi ni de dem den detta dessa har hade ska skulle kan
    kunde vill ville måste är var blir blev får fick gör göra kommer komma går gå hämtar
    hämta lämnar lämna idag imorgon igår ikväll sjuk sjuka hemma ledig ledigt frånvaro
    frånvarande nyheter nyheterna meddelanden meddelande kalender kalendern schema schemat
    tider hjälp vad hur när var vem vilken vilket vilka varför mycket lite nästa vecka
    veckan dag dagen dagar måndag tisdag onsdag torsdag fredag lördag söndag morgon kväll
    efter innan till från med utan eller men också bara redan ändå tack hej hallå snälla
    förlåt nej ja jo japp visst gärna inga ingen inget någon något några mitt min mina
    din dina ditt vår våra vårt ar ar imorn imorgon sjukanmäla anmäla anmäl boka avboka
    läxa läxor prov betyg samtal utvecklingssamtal fritids förskola skolan skola klassen
    ska kl från till halv kvart över nånting nåt nån sen mår feber magsjuk förkyld
    """
)
_EN = _words(
    """
    the and is are was were be been am will would shall should can't cannot could not
    don't doesn't didn't isn't won't i'm it's he's she's we're they're you're what's
    that's there's let's he she it we they you your yours my mine our his her their
    this that these those there here what when where which who why how with without
    from into onto about after before today tomorrow tonight yesterday sick ill home off
    absent absence news messages message calendar schedule help please thanks thank
    sorry hello hi hey yes no not any some every all next week weeks day days monday
    tuesday wednesday thursday friday saturday sunday morning afternoon evening late
    early pick picks picking drop going come comes coming stay stays staying staying
    have has had do does did get gets got want need book cancel show tell me any
    homework test grades talk meeting school preschool of to for on at by an a
    """
)
_ACCENTS = frozenset("åäö")


def detect(text: str) -> str | None:
    """ "sv" or "en" when the message clearly is that language; None when it does not say."""
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(text.replace("’", "'"))]
    sv = sum(1 for w in words if w in _SV or _ACCENTS & set(w))
    en = sum(1 for w in words if w in _EN and w not in _SV)
    if en >= 2 and sv == 0:
        return ENGLISH
    if sv >= 2 and en == 0:
        return SWEDISH
    if en + sv >= 4:
        if en >= 3 * sv:
            return ENGLISH
        if sv >= 3 * en:
            return SWEDISH
    return None


__all__ = ["ENGLISH", "SWEDISH", "detect"]
