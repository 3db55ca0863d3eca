"""SMS text: the GSM 7-bit alphabet, parts as the operator bills them, cuts between sentences."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.sms.gsm import is_gsm, parts, septets, split, to_gsm
from bot.channels.sms.render import reply_text
from bot.conversation.types import Choice, Reply
from bot.i18n import translator
from bot.testing import billed_parts


def test_swedish_stays_and_typography_becomes_plain() -> None:
    text = to_gsm("“Elsa” är sjuk – igen… ✅ 🌙 Åsa, Öjvind, Ärla, é")
    assert text == '"Elsa" är sjuk - igen... Åsa, Öjvind, Ärla, é'
    assert is_gsm(text)


def test_parts_are_160_then_153_and_the_extension_counts_twice() -> None:
    assert parts("a" * 160) == 1 and parts("a" * 161) == 2 and parts("a" * 306) == 2
    assert parts("a" * 307) == 3
    assert septets("€") == 2 and parts("€" * 80) == 1 and parts("€" * 81) == 2
    assert parts("🌙" + "a" * 69) == 2  # UCS-2: 70 units, the emoji is two


@given(st.text(alphabet=st.sampled_from(list("abc åäö.!?\n")), max_size=1200))
def test_split_never_cuts_a_word_and_each_sms_is_one_part(text: str) -> None:
    messages = split(to_gsm(text))
    words = to_gsm(text).split()
    assert [w for m in messages for w in m.split()] == words
    assert all(parts(m) == 1 for m in messages if max(map(len, m.split()), default=0) <= 160)
    assert all(billed_parts(m)[0] == parts(m) for m in messages)


def test_a_long_text_is_cut_between_sentences() -> None:
    text = " ".join(f"Mening nummer {n} handlar om Elsa." for n in range(12))
    messages = split(text)
    assert len(messages) > 1
    assert all(m.endswith(".") for m in messages)


def test_choices_become_a_numbered_answer_line_and_links_an_address() -> None:
    t = translator("sv")
    text = reply_text(
        t,
        Reply(
            "Anmäla Elsa frånvarande idag?",
            choices=[Choice("Ja", "n:0"), Choice("Nej", "n:1"), Choice("Hub", url="https://x.se")],
        ),
    )
    assert text.splitlines() == [
        "Anmäla Elsa frånvarande idag?",
        "Svara 1 för Ja, 2 för Nej.",
        "Hub: https://x.se",
    ]
