"""Secure content is tuned for recall: every way of asking for the boxes behind BankID."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlu import parse

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")
FAMILY = ["Elsa", "Nils"]

SECURE = [
    "bedömning",
    "visa bedömningen",
    "Elsas bedömningar",
    "övrig bedömning för Nils",
    "betyg",
    "vilka betyg har Elsa?",
    "vad fick Nils för betyg i svenska",
    "vilket betyg har Elsa i matte",
    "betygen tack",
    "omdöme",
    "omdömen för Nils",
    "skriftligt omdöme Elsa",
    "vad står det i omdömet",
    "kunskapsutveckling",
    "visa Nils kunskapsutveckling i engelska",
    "kunskapskrav",
    "har Elsa nått kunskapskraven?",
    "klarar Nils kraven i matte",
    "nationella proven",
    "resultatet på nationella provet",
    "hur gick nationella proven för Elsa",
    "provresultat",
    "vad fick Nils på provet",
    "hur gick provet?",
    "extra anpassningar",
    "vilka anpassningar får Nils",
    "särskilt stöd",
    "får Elsa något stöd i läsningen",
    "åtgärdsprogram",
    "finns det ett åtgärdsprogram för Nils",
    "IUP",
    "visa Elsas iup",
    "individuell utvecklingsplan",
    "utvecklingsplanen för Nils",
    "dokumentation",
    "dokumentationen från förskolan",
    "vad har ni dokumenterat om Elsa",
    "pedagogisk dokumentation",
    "portfolio",
    "Nils portfolio",
    "lärlogg",
    "Elsas lärlogg",
    "hur går det för Elsa i skolan",
    "hur går det för Nils i matte?",
    "hur går det för henne i svenska",
    "hur ligger Elsa till",
    "hur ligger Nils till i engelska?",
    "klarar sig Elsa i skolan",
    "når Nils målen i matte",
    "har Elsa godkänt i alla ämnen",
    "är Nils underkänd i något",
    "hur utvecklas Elsa",
    "vad tycker läraren om Nils",
    "hur är Elsas utveckling",
    "kan jag se Nils resultat",
    "skicka Elsas betyg",
    "hur ser jag betygen?",
    "grades",
    "show Nils's grades",
    "what grade did Elsa get in math",
    "how is Elsa doing in school?",
    "how is Nils doing?",
    "Elsa's assessment",
    "assessments for Nils",
    "report card",
    "test results",
    "national test results for Elsa",
    "IEP",
    "special support for Nils",
    "extra adaptations",
    "documentation about Elsa",
    "Nils's portfolio",
    "learning log",
    "Elsa's progress",
]


@pytest.mark.parametrize("text", SECURE)
def test_every_request_for_secure_content(text: str) -> None:
    assert parse(text, NOW, FAMILY).intent == "secure_content"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("boka utvecklingssamtal", "book_meeting"),
        ("boka samtal om Elsas extra anpassningar", "book_meeting"),
        ("kan vi boka ett möte om åtgärdsprogrammet", "book_meeting"),
        ("när är nästa utvecklingssamtal", "calendar"),
        ("har Elsa prov på fredag?", "calendar"),
        ("när är provet i matte", "calendar"),
        ("vad har Nils för läxa", "calendar"),
        ("vad har Nils för läxa i matte", "calendar"),
        ("hur anmäler jag frånvaro?", "help"),
        ("Elsa är sjuk", "report_absence"),
        ("visa schemat", "schedule_show"),
        ("hur mår ni?", "unknown"),
        ("utvecklingssamtal", "book_meeting"),
    ],
)
def test_near_misses_stay_what_they_are(text: str, intent: str) -> None:
    assert parse(text, NOW, FAMILY).intent == intent
