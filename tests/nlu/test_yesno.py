"""The yes/no classifier's vocabulary, as parents answer the bot's questions."""

from __future__ import annotations

import pytest

from bot.nlu.yesno import Answer, classify

YES_ANSWERS = [
    "ja",
    "Ja",
    "JA!",
    "ja tack",
    "Ja tack!",
    "japp",
    "jaa",
    "jaaa",
    "jepp",
    "jo",
    "javisst",
    "ok",
    "OK",
    "okej",
    "okeeej",
    "oki",
    "kör",
    "kör på",
    "Kör på!",
    "gör det",
    "gör det tack",
    "Ja, gör det tack!",
    "absolut",
    "det stämmer",
    "stämmer",
    "precis",
    "gärna",
    "ja gärna",
    "yes",
    "Yes!",
    "yes please",
    "yeah",
    "yep",
    "yup",
    "sure",
    "sure thing",
    "of course",
    "go ahead",
    "do it",
    "please do",
    "ok thanks",
    "okay",
    "alright",
    "that's right",
    "that’s right",
    "👍",
    "👍🏽",
    "👍👍",
    "ja 👍",
    "✅",
    "👌",
    "ok 👌",
]
NO_ANSWERS = [
    "nej",
    "Nej.",
    "nej tack",
    "Nej tack!",
    "nä",
    "näe",
    "nää",
    "nääe",
    "nix",
    "avbryt",
    "Avbryt",
    "stopp",
    "glöm det",
    "strunt i det",
    "gör inte det",
    "inte nu",
    "no",
    "No!",
    "no thanks",
    "no thank you",
    "nope",
    "nah",
    "cancel",
    "stop",
    "never mind",
    "forget it",
    "👎",
    "👎🏼",
    "❌",
    "nej 👎",
]
NOT_ANSWERS = [
    "",
    "   ",
    "!!!",
    "ja, men Nils är sjuk imorgon",
    "Elsa är sjuk idag",
    "nyheter",
    "ja nej",
    "yes no",
    "👍 nej",
    "jag vet inte",
    "kanske",
    "maybe",
    "ja och nej",
    "🙈",
    "hur då?",
    "vad menar du",
    "ja " * 40,
    "nils",
    "idag",
]


@pytest.mark.parametrize("text", YES_ANSWERS)
def test_yes(text: str) -> None:
    assert classify(text) is Answer.YES


@pytest.mark.parametrize("text", NO_ANSWERS)
def test_no(text: str) -> None:
    assert classify(text) is Answer.NO


@pytest.mark.parametrize("text", NOT_ANSWERS)
def test_not_an_answer(text: str) -> None:
    assert classify(text) is None


def test_the_buttons_own_words_are_answers() -> None:
    """Typing a yes/no button's label answers like the button in both languages."""
    assert [classify(w) for w in ("Ja", "Yes", "Nej", "No")] == [
        Answer.YES,
        Answer.YES,
        Answer.NO,
        Answer.NO,
    ]


@pytest.mark.parametrize("text", ["ja, anmäl henne", "ok skicka", "ja boka det", "yes, send it"])
def test_saying_the_errands_verb_back_is_a_yes(text: str) -> None:
    assert classify(text) is Answer.YES
