from __future__ import annotations

from typing import Any

import pytest

from bot.municipality import (
    FaqAnswer,
    MunicipalityProfile,
    load_profile,
    match_faq,
    normalise,
    rank_faq,
)


@pytest.fixture(scope="module")
def profile() -> MunicipalityProfile:
    return load_profile()


ASKED = [
    # Where to apply for or end a childcare place.
    ("childcare_place", "Hur ansöker jag om förskoleplats?"),
    ("childcare_place", "var söker jag plats på förskolan"),
    ("childcare_place", "Jag vill säga upp Elsas plats på fritids"),
    ("childcare_place", "hur säger jag upp platsen på förskolan"),
    ("childcare_place", "Vi flyttar, hur säger jag upp barnomsorgen?"),
    ("childcare_place", "hur ställer man sig i kö till förskola"),
    ("childcare_place", "vill byta förskola för Nils"),
    ("childcare_place", "ansöka om plats i fritidshem"),
    ("childcare_place", "How do I apply for a preschool place?"),
    ("childcare_place", "I want to end my childcare place"),
    ("childcare_place", "how do we cancel the place at fritids"),
    ("childcare_place", "where do I apply for childcare"),
    # Reporting income.
    ("income_report", "Var lämnar jag inkomstuppgift?"),
    ("income_report", "hur rapporterar jag ändrad inkomst"),
    ("income_report", "inkomstuppgift"),
    ("income_report", "vad är maxtaxan"),
    ("income_report", "fel avgift på fakturan?"),
    ("income_report", "Where do I report my income?"),
    ("income_report", "how is the preschool fee calculated?"),
    # School choice.
    ("school_choice", "När är skolvalet?"),
    ("school_choice", "hur gör jag skolval"),
    ("school_choice", "vi vill byta skola"),
    ("school_choice", "hur söker man till en annan skola"),
    ("school_choice", "vill välja skola till hösten"),
    ("school_choice", "Where do I make the school choice?"),
    ("school_choice", "how do I change school for my son"),
    ("school_choice", "can we move to another school?"),
    # Forgotten password.
    ("forgotten_password", "Jag har glömt mitt lösenord"),
    ("forgotten_password", "glömt lösenordet"),
    ("forgotten_password", "GLÖMT LÖSENORDET!!"),
    ("forgotten_password", "hur byter jag lösenord?"),
    ("forgotten_password", "lösenordet fungerar inte"),
    ("forgotten_password", "jag kan inte logga in"),
    ("forgotten_password", "vad är mitt lösenord?"),
    ("forgotten_password", "I forgot my password"),
    ("forgotten_password", "how do I reset my password"),
    ("forgotten_password", "my password doesn't work"),
    ("forgotten_password", "can't log in"),
    # The activation e-mail.
    ("activation_email", "Jag har inte fått något aktiveringsmejl"),
    ("activation_email", "aktiveringslänken har gått ut"),
    ("activation_email", "hur aktiverar jag mitt konto"),
    ("activation_email", "jag fick inget mejl från infomentor"),
    ("activation_email", "har inte fått något mail"),
    ("activation_email", "I never got the activation email"),
    ("activation_email", "the activation link expired"),
    ("activation_email", "didn't receive any email"),
    # The app.
    ("app", "Vilken app ska jag ladda ner?"),
    ("app", "jag hittar inte appen"),
    ("app", "appen finns inte i app store"),
    ("app", "hittar inte infomentor hub i google play"),
    ("app", "kan man ha appen på engelska?"),
    ("app", "appen funkar inte"),
    ("app", "Which app should I download?"),
    ("app", "I can't find the app"),
    ("app", "is the app available in English?"),
    # Notifications and the daily summary.
    ("notifications", "Jag får inga notiser"),
    ("notifications", "hur stänger jag av notiser?"),
    ("notifications", "notiser?"),
    ("notifications", "hur fungerar den dagliga sammanfattningen?"),
    ("notifications", "när kommer sammanfattningen?"),
    ("notifications", "kan jag slippa sammanfattningen"),
    ("notifications", "varför fick jag ett sms om frånvaro"),
    ("notifications", "I don't get any notifications"),
    ("notifications", "how does the daily summary work?"),
    ("notifications", "why did I get a text message?"),
    # How long a BankID login lasts.
    ("bankid_session", "Hur länge gäller BankID-inloggningen?"),
    ("bankid_session", "jag blir utloggad hela tiden"),
    ("bankid_session", "varför loggas jag ut efter 20 minuter"),
    ("bankid_session", "hur länge är man inloggad"),
    ("bankid_session", "måste jag logga in igen med bankid?"),
    ("bankid_session", "How long does a BankID login last?"),
    ("bankid_session", "I keep getting logged out"),
    # Sent messages.
    ("sent_messages", "Var hittar jag mina skickade meddelanden?"),
    ("sent_messages", "hur ser jag meddelanden jag har skickat"),
    ("sent_messages", "hittar inte meddelandet jag skickat till läraren"),
    ("sent_messages", "var ser jag skickade meddelanden?"),
    ("sent_messages", "Where are my sent messages?"),
    ("sent_messages", "how can I see messages I sent"),
    # Reaching support.
    ("contact_support", "Hur kontaktar jag supporten?"),
    ("contact_support", "vad är supportens mejladress"),
    ("contact_support", "vem ska jag kontakta?"),
    ("contact_support", "vart vänder jag mig med frågor om infomentor"),
    ("contact_support", "How do I contact support?"),
    ("contact_support", "what is the support email?"),
    ("contact_support", "who do I contact about login problems?"),
]

ERRANDS = [
    # The errands of the parse contract, and their neighbours.
    "Elsa är sjuk idag",
    "ledig fredag",
    "visa schemat",
    "Nils är sjuk imorgon",
    "frånvaro Elsa imorgon förmiddag",
    "Elsa kommer 10 imorgon",
    "Elsa kommer ändå imorgon",
    "ta bort frånvaron för Nils idag",
    "Elsa är ledig hela nästa vecka",
    "Elsa 7.30-16 på måndag",
    "lämnar 8 hämtar 15.30 fredag",
    "Nils kommer 9 och hämtas 13",
    "vad har Nils för tider nästa vecka",
    "vad händer nästa vecka",
    "kalender",
    "vad har Nils för läxa",
    "när är provet",
    "nyheter",
    "finns det något nytt från skolan",
    "vad har hänt idag",
    "sammanfattning",
    "sammanfattning?",
    "kan jag få sammanfattningen?",
    "visa sammanfattningen",
    "meddelanden",
    "har jag fått något meddelande",
    "har skolan skickat något meddelande?",
    "läraren skickade ett meddelande igår, vad stod det?",
    "skicka ett meddelande till läraren",
    "har läraren svarat på mitt meddelande?",
    "boka utvecklingssamtal",
    "visa Elsas bedömning",
    "vilka betyg har Nils",
    "logga ut",
    "radera mina uppgifter",
    "hjälp",
    "vad kan du göra",
    "kontakta support",
    "jag vill prata med en människa",
    "hur anmäler jag frånvaro?",
    "Elsa kommer inte in idag",
    "Saga kommer inte in förrän 10",
    "Nils stannar hemma, han har feber",
    "kan Elsa gå hem tidigt idag?",
    "Elsa går i ny skola nu, vad har hon för schema?",
    "hur länge är fritids öppet?",
    "vem hämtar Elsa idag?",
    "Nils glömde sin jacka",
    "appen",
    "hej",
    "tack!",
    "ja",
    "",
    "?!",
    "Elsa is sick today",
    "day off Friday",
    "show the schedule",
    "Nils is absent tomorrow",
    "what's happening next week",
    "log out",
    "I want to talk to a real person",
    "any new messages?",
    "has the teacher sent a message?",
    "I can't find what they sent",
    "can I get the summary?",
    "how do I report absence?",
    "when is the next parent meeting?",
]


@pytest.mark.parametrize(("topic", "text"), ASKED)
def test_common_questions_get_their_answer(
    profile: MunicipalityProfile, topic: str, text: str
) -> None:
    hit = match_faq(text, profile)
    assert hit is not None, [(a.topic, a.score, a.matched) for a in rank_faq(text, profile)]
    assert hit.topic == topic, (hit.topic, hit.score, hit.matched)
    assert hit.score >= profile.faq.threshold
    assert hit.matched
    assert hit.text("sv") == profile.answer(topic, "sv")
    assert hit.text("en") == profile.answer(topic, "en")
    assert hit.title["sv"] == profile.faq.topics[topic].title.sv


@pytest.mark.parametrize("text", ERRANDS)
def test_ordinary_errands_are_not_faq(profile: MunicipalityProfile, text: str) -> None:
    hit = match_faq(text, profile)
    assert hit is None, (hit.topic, hit.score, hit.matched)


def test_every_topic_is_reachable(profile: MunicipalityProfile) -> None:
    assert {topic for topic, _ in ASKED} == set(profile.faq.topics)


def test_answer_text_follows_the_chats_language(profile: MunicipalityProfile) -> None:
    hit = match_faq("hur länge gäller bankid?", profile)
    assert hit is not None
    assert "20 minuter" in hit.text("sv")
    assert "20 minuter" in hit.text("de")
    assert "20 minutes" in hit.text("en-US")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Glömt LÖSENORDET?", ["glömt", "lösenordet"]),
        ("BankID-inloggningen", ["bankid", "inloggningen"]),
        ("I can't log in", ["i", "cant", "log", "in"]),
        ("lo\u0308senord", ["lösenord"]),  # decomposed ö
        ("  Åsa,  Änglagård & Öland ", ["åsa", "änglagård", "öland"]),
        ("snake_case 07:30", ["snake", "case", "07", "30"]),
        ("", []),
    ],
)
def test_normalise_keeps_diacritics(text: str, words: list[str]) -> None:
    assert normalise(text) == words


# The mechanics, on a small profile so Vänersborg's tuning can change freely.


def tiny(**faq: Any) -> MunicipalityProfile:
    def topic(title: str, triggers: list[str], hints: list[str] | None = None) -> dict[str, Any]:
        return {
            "title": {"sv": title, "en": title},
            "answer": {"sv": f"svar {title}", "en": f"answer {title}"},
            "triggers": triggers,
            "hints": hints or [],
        }

    settings: dict[str, Any] = {
        "question_words": ["hur", "how"],
        "topics": {
            "password": topic("password", ["glömt lösenord*"], ["lösenord*", "inlogg*"]),
            "app": topic("app", ["vilken app"], ["app", "ladda* ner"]),
            "school": topic("school", ["byta skola"]),
        },
    }
    settings.update(faq)
    return MunicipalityProfile.model_validate(
        {
            "key": "tiny",
            "name": {"sv": "Tiny", "en": "Tiny"},
            "hub_url": "https://hub.example.se",
            "bankid_login_url": "https://sso.example.se/",
            "support_email": "a@example.se",
            "faq": settings,
        }
    )


def _hit(text: str, profile: MunicipalityProfile) -> FaqAnswer:
    hit = match_faq(text, profile)
    assert hit is not None, text
    return hit


def test_a_trigger_answers_alone() -> None:
    hit = _hit("glömt lösenordet", tiny())
    assert (hit.topic, hit.score, hit.matched) == ("password", 1.0, ("glömt lösenord*",))


def test_words_may_stand_between_trigger_words_up_to_max_gap() -> None:
    assert _hit("glömt mitt gamla lösenord", tiny()).matched == ("glömt lösenord*",)
    far = match_faq("glömt mitt gamla fina lösenord", tiny())
    assert far is None  # three words between: only the hint "lösenord*" counts
    assert match_faq("glömt mitt gamla fina lösenord", tiny(max_gap=3)) is not None


def test_trigger_words_must_come_in_order() -> None:
    assert match_faq("lösenord glömt", tiny()) is None


def test_only_starred_words_match_as_prefixes() -> None:
    assert match_faq("vilken appen", tiny()) is None  # "app" is exact
    assert _hit("byta skola", tiny()).topic == "school"
    assert match_faq("byta skolan", tiny()) is None


def test_a_hint_needs_a_question_or_a_second_hint() -> None:
    assert match_faq("lösenordet", tiny()) is None
    assert _hit("lösenordet?", tiny()).score == 1.0
    assert _hit("hur gör jag med lösenordet", tiny()).score == 1.0
    assert _hit("lösenordet och inloggningen", tiny()).matched == ("lösenord*", "inlogg*")


def test_a_hint_inside_a_counted_trigger_adds_nothing() -> None:
    hit = _hit("glömt lösenordet", tiny())
    assert hit.score == 1.0 and "lösenord*" not in hit.matched


def test_the_question_bonus_needs_a_match() -> None:
    assert rank_faq("hur mår du?", tiny()) == []


def test_the_best_score_wins_and_ties_keep_profile_order() -> None:
    ranked = rank_faq("vilken app? byta skola", tiny())
    assert [a.topic for a in ranked] == ["app", "school"]
    # A later topic with the higher score still wins.
    both = rank_faq("glömt lösenordet, vilken app ska jag ladda ner", tiny())
    assert [(a.topic, a.score) for a in both] == [("app", 1.5), ("password", 1.0)]


def test_a_phrase_counts_once_however_often_it_occurs() -> None:
    assert _hit("glömt lösenordet, lösenord, lösenord", tiny()).score == 1.0


def test_tuning_lives_in_the_profile() -> None:
    assert match_faq("glömt lösenordet", tiny(threshold=1.5)) is None
    assert _hit("lösenordet?", tiny(question_bonus=0.0, hint_weight=1.0)).topic == "password"
    assert match_faq("lösenordet?", tiny(question_bonus=0.0)) is None
