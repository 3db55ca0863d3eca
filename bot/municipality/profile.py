"""What a municipality tells its guardians, as data: names, links, support and FAQ.

Another municipality gets its own profile file; nothing here names Vänersborg.
Answers may use `{placeholders}`: `hub_url`, `bankid_login_url`, `support_email`,
`municipality` and the key of any link. A typo fails when the file is loaded,
not when a guardian asks.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.i18n.languages import CODES, normalise_language

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
BUILTIN_PLACEHOLDERS = frozenset({"hub_url", "bankid_login_url", "support_email", "municipality"})
KEY = r"^[a-z][a-z0-9_]*$"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
# Trigger words are letters and digits; a trailing `*` makes a word a prefix ("lösenord*").
TRIGGER_WORD = re.compile(r"^[\w\-'’]+\*?$")


def _https(url: str) -> str:
    if not url.startswith("https://") or " " in url:
        raise ValueError(f"expected an https:// URL, got {url!r}")
    return url


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalizedText(_Strict):
    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def for_language(self, lang: str | None) -> str:
        text = getattr(self, normalise_language(lang), None)
        return text if isinstance(text, str) else self.sv


class Link(_Strict):
    url: str
    label: LocalizedText

    @field_validator("url")
    @classmethod
    def _url(cls, url: str) -> str:
        return _https(url)


class FaqTopic(_Strict):
    """`triggers` answer on their own; `hints` need a second hint or a question."""

    title: LocalizedText
    answer: LocalizedText
    triggers: list[str] = Field(min_length=1)
    hints: list[str] = Field(default_factory=list)

    @field_validator("triggers", "hints")
    @classmethod
    def _phrases(cls, phrases: list[str]) -> list[str]:
        cleaned = [" ".join(p.split()) for p in phrases]
        for phrase in cleaned:
            if not phrase or not all(TRIGGER_WORD.match(w) for w in phrase.split()):
                raise ValueError(f"trigger {phrase!r}: use words, with `*` only at a word's end")
        return cleaned


class FaqConfig(_Strict):
    """The scoring knobs live next to the topics so a municipality can tune both."""

    threshold: float = Field(default=1.0, gt=0)
    hint_weight: float = Field(default=0.5, gt=0)
    question_bonus: float = Field(default=0.5, ge=0)
    max_gap: int = Field(default=2, ge=0, le=5)
    question_words: list[str] = Field(default_factory=list)
    topics: dict[str, FaqTopic] = Field(min_length=1)

    @field_validator("topics")
    @classmethod
    def _topic_keys(cls, topics: dict[str, FaqTopic]) -> dict[str, FaqTopic]:
        for key in topics:
            if not re.match(KEY, key):
                raise ValueError(f"topic key {key!r}: use lower_snake_case")
        return topics


class MunicipalityProfile(_Strict):
    key: str = Field(pattern=KEY)
    name: LocalizedText
    timezone: str = "Europe/Stockholm"
    hub_url: str
    bankid_login_url: str
    support_email: str
    links: dict[str, Link] = Field(default_factory=dict)
    faq: FaqConfig

    @field_validator("hub_url", "bankid_login_url")
    @classmethod
    def _urls(cls, url: str) -> str:
        return _https(url)

    @field_validator("support_email")
    @classmethod
    def _email(cls, email: str) -> str:
        if not EMAIL.match(email):
            raise ValueError(f"not an e-mail address: {email!r}")
        return email

    @field_validator("timezone")
    @classmethod
    def _zone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {zone!r}") from exc
        return zone

    @model_validator(mode="after")
    def _placeholders_resolve(self) -> MunicipalityProfile:
        for key in self.links:
            if not re.match(KEY, key) or key in BUILTIN_PLACEHOLDERS:
                raise ValueError(f"link key {key!r}: lower_snake_case, not a built-in name")
        known = BUILTIN_PLACEHOLDERS | set(self.links)
        for topic_key, topic in self.faq.topics.items():
            for lang in CODES:
                unknown = set(PLACEHOLDER.findall(getattr(topic.answer, lang))) - known
                if unknown:
                    raise ValueError(
                        f"faq topic {topic_key!r} ({lang}) uses unknown {sorted(unknown)}; "
                        f"known: {sorted(known)}"
                    )
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def link(self, key: str) -> Link:
        return self.links[key]

    def fill(self, text: str, lang: str | None) -> str:
        """`text` with the profile's `{placeholders}` filled in; other braces are left as written."""
        values = {
            "hub_url": self.hub_url,
            "bankid_login_url": self.bankid_login_url,
            "support_email": self.support_email,
            "municipality": self.name.for_language(lang),
            **{key: link.url for key, link in self.links.items()},
        }
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    def answer(self, topic: str, lang: str | None) -> str:
        """A FAQ topic's answer in the chat's language, placeholders filled."""
        return self.fill(self.faq.topics[topic].answer.for_language(lang), lang)
