from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.municipality import (
    PROFILES_DIR,
    LocalizedText,
    MunicipalityProfile,
    ProfileError,
    load_profile,
    match_faq,
)

TOPICS = {
    "childcare_place",
    "income_report",
    "school_choice",
    "forgotten_password",
    "activation_email",
    "app",
    "notifications",
    "bankid_session",
    "sent_messages",
    "contact_support",
}


def minimal(**changes: Any) -> dict[str, Any]:
    """A small valid profile as TOML data, for tests that break one thing at a time."""
    data: dict[str, Any] = {
        "key": "exempelby",
        "name": {"sv": "Exempelby kommun", "en": "Exempelby Municipality"},
        "timezone": "Europe/Stockholm",
        "hub_url": "https://hub.example.se",
        "bankid_login_url": "https://sso.example.se/login?idp=exempelby",
        "support_email": "hjalp@exempelby.se",
        "links": {
            "childcare_web": {
                "url": "https://www.exempelby.se/barnomsorg",
                "label": {"sv": "Barnomsorg", "en": "Childcare"},
            }
        },
        "faq": {
            "topics": {
                "forgotten_password": {
                    "title": {"sv": "Glömt lösenord", "en": "Forgotten password"},
                    "triggers": ["glömt* lösenord*"],
                    "answer": {
                        "sv": "Välj Nytt lösenord på {hub_url} eller mejla {support_email}.",
                        "en": "Choose Nytt lösenord at {hub_url} or e-mail {support_email}.",
                    },
                }
            }
        },
    }
    data.update(changes)
    return data


def write_toml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def profile() -> MunicipalityProfile:
    return load_profile()


class TestVanersborg:
    def test_is_the_default(self, profile: MunicipalityProfile) -> None:
        assert profile == load_profile("vanersborg")
        assert profile.key == "vanersborg"
        assert profile.name.sv == "Vänersborgs kommun"
        assert profile.timezone == "Europe/Stockholm"
        assert str(profile.tz) == "Europe/Stockholm"
        assert profile.hub_url == "https://hub.infomentor.se"
        assert profile.bankid_login_url.startswith("https://")
        assert "@" in profile.support_email

    def test_answers_every_topic_support_is_asked_about(
        self, profile: MunicipalityProfile
    ) -> None:
        assert set(profile.faq.topics) == TOPICS

    @pytest.mark.parametrize("lang", ["sv", "en"])
    def test_answers_have_their_placeholders_filled(
        self, profile: MunicipalityProfile, lang: str
    ) -> None:
        for topic in profile.faq.topics:
            text = profile.answer(topic, lang)
            assert "{" not in text and "}" not in text, topic

    @pytest.mark.parametrize(
        ("topic", "sv", "en"),
        [
            ("activation_email", "14 dagar", "14 days"),
            ("bankid_session", "20 minuter", "20 minutes"),
            ("forgotten_password", "”Nytt lösenord”", "“Nytt lösenord”"),
            ("app", "InfoMentor Hub", "InfoMentor Hub"),
            ("app", "Sverige", "Sweden"),
            ("app", "svenska", "Swedish"),
            ("contact_support", "infomentor@vanersborg.se", "infomentor@vanersborg.se"),
            ("bankid_session", "https://sso.infomentor.se/", "https://sso.infomentor.se/"),
            ("childcare_place", "https://www.vanersborg.se/", "https://www.vanersborg.se/"),
            ("sent_messages", "Skickade", "Skickade"),
        ],
    )
    def test_answers_carry_the_public_facts(
        self, profile: MunicipalityProfile, topic: str, sv: str, en: str
    ) -> None:
        assert sv in profile.answer(topic, "sv")
        assert en in profile.answer(topic, "en")

    def test_swedish_and_english_answers_differ(self, profile: MunicipalityProfile) -> None:
        for topic in profile.faq.topics:
            assert profile.answer(topic, "sv") != profile.answer(topic, "en"), topic

    def test_links_are_https_on_the_municipal_site(self, profile: MunicipalityProfile) -> None:
        assert profile.links
        for link in profile.links.values():
            assert link.url.startswith("https://www.vanersborg.se/")


def test_another_municipality_is_a_file_not_code(tmp_path: Path) -> None:
    text = (PROFILES_DIR / "vanersborg.toml").read_text(encoding="utf-8")
    text = text.replace('key = "vanersborg"', 'key = "grannby"')
    text = text.replace("infomentor@vanersborg.se", "support@grannby.se")
    text = text.replace('sv = "Vänersborgs kommun"', 'sv = "Grannby kommun"')
    profile = load_profile(path=write_toml(tmp_path / "grannby.toml", text))
    assert profile.key == "grannby"
    hit = match_faq("hur kontaktar jag supporten?", profile)
    assert hit is not None and "support@grannby.se" in hit.text("sv")
    assert profile.fill("{municipality}", "sv") == "Grannby kommun"


def test_a_minimal_profile_loads() -> None:
    profile = MunicipalityProfile.model_validate(minimal())
    assert profile.answer("forgotten_password", "en") == (
        "Choose Nytt lösenord at https://hub.example.se or e-mail hjalp@exempelby.se."
    )
    assert profile.faq.threshold == 1.0  # defaults apply when the file leaves them out


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"hub_url": "http://hub.example.se"}, "https://"),
        ({"bankid_login_url": "hub.example.se"}, "https://"),
        ({"support_email": "not-an-address"}, "e-mail"),
        ({"timezone": "Europe/Vanersborg"}, "timezone"),
        ({"key": "Exempel By"}, "key"),
        ({"name": {"sv": "Exempelby kommun"}}, r"name\.en"),
        ({"unexpected": 1}, "unexpected"),
        (
            {"links": {"hub_url": {"url": "https://x.se", "label": {"sv": "a", "en": "b"}}}},
            "built-in",
        ),
        ({"links": {"web": {"url": "ftp://x.se", "label": {"sv": "a", "en": "b"}}}}, "https://"),
    ],
)
def test_invalid_profiles_are_refused(changes: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        MunicipalityProfile.model_validate(minimal(**changes))


def _topic(**changes: Any) -> dict[str, Any]:
    data = minimal()
    data["faq"]["topics"]["forgotten_password"].update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"answer": {"sv": "Mejla {suport_email}.", "en": "E-mail {support_email}."}}, "suport"),
        ({"answer": {"sv": "Se {childcare}.", "en": "See {childcare_web}."}}, "childcare"),
        ({"answer": {"sv": "Hej"}}, r"answer\.en"),
        ({"triggers": []}, "triggers"),
        ({"triggers": ["*lösenord"]}, "trigger"),
        ({"triggers": ["lösen*ord"]}, "trigger"),
        ({"hints": ["  "]}, "trigger"),
    ],
)
def test_invalid_topics_are_refused(changes: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        MunicipalityProfile.model_validate(_topic(**changes))


def test_answers_may_use_any_link_and_keep_other_braces() -> None:
    answer = {"sv": "Se {childcare_web} {inte_detta", "en": "See {childcare_web}"}
    profile = MunicipalityProfile.model_validate(_topic(answer=answer))
    assert profile.answer("forgotten_password", "sv") == (
        "Se https://www.exempelby.se/barnomsorg {inte_detta"
    )


@pytest.mark.parametrize(("lang", "text"), [("sv", "hej"), ("en-GB", "hi"), ("de", "hej")])
def test_localized_text_picks_the_chats_language(lang: str, text: str) -> None:
    assert LocalizedText(sv="hej", en="hi").for_language(lang) == text


class TestLoader:
    def test_unknown_municipality_names_the_bundled_ones(self) -> None:
        with pytest.raises(ProfileError, match="vanersborg"):
            load_profile("atlantis")

    @pytest.mark.parametrize("name", ["../vanersborg", "Vanersborg", "vanersborg.toml", "/etc/x"])
    def test_names_cannot_leave_the_profiles_dir(self, name: str) -> None:
        with pytest.raises(ProfileError, match="municipality name"):
            load_profile(name)

    def test_broken_toml_names_the_file(self, tmp_path: Path) -> None:
        path = write_toml(tmp_path / "broken.toml", 'key = "x\n')
        with pytest.raises(ProfileError, match=r"broken\.toml.*TOML"):
            load_profile(path=path)

    def test_invalid_content_names_the_file_and_field(self, tmp_path: Path) -> None:
        text = (PROFILES_DIR / "vanersborg.toml").read_text(encoding="utf-8")
        text = text.replace('support_email = "infomentor@vanersborg.se"', 'support_email = "x"')
        with pytest.raises(ProfileError, match=r"bad\.toml[\s\S]*support_email"):
            load_profile(path=write_toml(tmp_path / "bad.toml", text))

    def test_the_bundled_file_is_valid_toml_without_the_loader(self) -> None:
        with (PROFILES_DIR / "vanersborg.toml").open("rb") as fh:
            assert tomllib.load(fh)["key"] == "vanersborg"
