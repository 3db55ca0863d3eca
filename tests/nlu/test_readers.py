"""The readers beside the parse contract: short answers and what an errand's message is about."""

from __future__ import annotations

import pytest

from bot.nlu.answers import Waiting, cancels, has_words, is_greeting, is_read_request, is_thanks
from bot.nlu.topics import (
    MeetingAsk,
    Schoolwork,
    SecureBox,
    meeting_request,
    schoolwork_asked,
    secure_box,
)


def test_cancel_words_depend_on_what_is_awaited() -> None:
    assert cancels("Avbryt.", Waiting.COMMENT) and cancels("avbryt", Waiting.REPLY)
    # A plain "nej" is no comment to the staff, but could be the answer to a teacher.
    assert cancels("Nej", Waiting.COMMENT) and not cancels("Nej", Waiting.REPLY)
    assert cancels("skicka inte!", Waiting.REPLY)
    assert not cancels("nej, hon kommer 9", Waiting.COMMENT)


@pytest.mark.parametrize("text", ["läs", "Läs mer!", "läs  hela nyheten", "Read more."])
def test_read_requests(text: str) -> None:
    assert is_read_request(text)


@pytest.mark.parametrize("text", ["läs Elsas betyg", "readme", "jag har läst den"])
def test_not_read_requests(text: str) -> None:
    assert not is_read_request(text)


def test_greetings_and_thanks_are_whole_messages() -> None:
    assert is_greeting("Hej!") and is_greeting("god morgon :)") and is_greeting("Hi")
    assert not is_greeting("hej, Elsa är sjuk")
    assert is_thanks("Tack så mycket!") and is_thanks("thank you")
    assert not is_thanks("tack, och Nils är sjuk")
    assert has_words("ok") and not has_words("👍 !!")


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("avboka samtalet", MeetingAsk.CANCEL),
        ("jag vill ta bort vår bokning", MeetingAsk.CANCEL),
        ("cancel the meeting", MeetingAsk.CANCEL),
        ("mitt samtal", MeetingAsk.SHOW),
        ("när är Nils utvecklingssamtal", MeetingAsk.SHOW),
        ("show my booking", MeetingAsk.SHOW),
        ("boka utvecklingssamtal", None),
        ("Elsa är sjuk", None),
    ],
)
def test_meeting_requests(text: str, ask: MeetingAsk | None) -> None:
    assert meeting_request(text) is ask


def test_the_secure_box_is_read_from_the_words() -> None:
    assert secure_box("visa Elsas pedagogiska dokumentation") is SecureBox.DOCUMENTATION
    assert secure_box("lärloggen för Nils") is SecureBox.DOCUMENTATION
    assert secure_box("Nils portfolio") is SecureBox.DOCUMENTATION
    assert secure_box("vilka betyg har Nils") is SecureBox.ASSESSMENT
    assert secure_box("åtgärdsprogram") is SecureBox.ASSESSMENT


def test_schoolwork_kinds() -> None:
    assert schoolwork_asked("vad har Nils för läxa") == {Schoolwork.HOMEWORK}
    assert schoolwork_asked("när är provet") == {Schoolwork.TEST}
    assert schoolwork_asked("any homework or tests?") == {Schoolwork.HOMEWORK, Schoolwork.TEST}
    assert schoolwork_asked("när ska uppsatsen lämnas in") == frozenset()
    assert schoolwork_asked("vad händer nästa vecka") == frozenset()
