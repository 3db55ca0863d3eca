"""The parser's answer: one command, how sure it is, and where each slot came from."""

from __future__ import annotations

from datetime import date, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

Intent = Literal[
    "report_absence",
    "cancel_absence",
    "schedule_day_off",
    "schedule_set_times",
    "schedule_show",
    "calendar",
    "news",
    "summary",
    "messages",
    "book_meeting",
    "secure_content",
    "logout",
    "forget_me",
    "my_data",
    "help",
    "support",
    "unknown",
]
PartOfDay = Literal["full_day", "morning", "afternoon"]
# (start, end, matched text): offsets into the original message
SlotSpan = tuple[int, int, str]


class TimeSpan(BaseModel):
    """Part of a day by the clock; an open end is None ("kommer 10": until 10:00)."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    from_: time | None = Field(default=None, alias="from")
    to: time | None = None

    def to_contract(self) -> dict[str, str | None]:
        return {
            "from": self.from_.strftime("%H:%M") if self.from_ else None,
            "to": self.to.strftime("%H:%M") if self.to else None,
        }


class ParseResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    intent: Intent
    children: list[str] = Field(default_factory=list)
    dates: list[date] = Field(default_factory=list)
    span: PartOfDay | TimeSpan | None = None
    health_info: bool = False
    score: float = Field(default=0.0, ge=0.0, le=1.0)
    # Filled by the parser from its own reading, never from outside input: checking them again
    # on every message cost a third of building the result.
    alternatives: SkipValidation[list[tuple[Intent, float]]] = Field(default_factory=list)
    spans: SkipValidation[dict[str, list[SlotSpan]]] = Field(default_factory=dict)
    health_spans: SkipValidation[list[tuple[int, int]]] = Field(default_factory=list)
    # Dates as typed that name no day ("31/11", "30/2", "vecka 54"): the command then has no
    # days (never today in their place), and the conversation says so and asks.
    invalid_dates: SkipValidation[list[SlotSpan]] = Field(default_factory=list)
    # schedule_set_times with more than one window: each day with its windows, in date order
    # ("mån–tors 7.15–16.15 och fredag 7.15–14", "7-8 och 13-17"). Empty when `span` serves
    # every day. An open end (None) keeps what the day already has.
    day_windows: SkipValidation[list[tuple[date, tuple[TimeSpan, ...]]]] = Field(
        default_factory=list
    )

    @classmethod
    def trusted(
        cls,
        intent: Intent,
        children: list[str],
        dates: list[date],
        span: PartOfDay | TimeSpan | None,
        health_info: bool,
        score: float,
        alternatives: list[tuple[Intent, float]],
        spans: dict[str, list[SlotSpan]],
        health_spans: list[tuple[int, int]],
        invalid_dates: list[SlotSpan],
        day_windows: list[tuple[date, tuple[TimeSpan, ...]]],
    ) -> ParseResult:
        """A result the parser built from its own typed reading, without checking it again.

        What `model_construct` does, minus its generic walk over the fields: validation was
        a fifth of the parser's time per message. Every field is given, so none is defaulted.
        """
        result = _new(cls)
        _set(
            result,
            "__dict__",
            {
                "intent": intent,
                "children": children,
                "dates": dates,
                "span": span,
                "health_info": health_info,
                "score": score,
                "alternatives": alternatives,
                "spans": spans,
                "health_spans": health_spans,
                "invalid_dates": invalid_dates,
                "day_windows": day_windows,
            },
        )
        _set_fields_set(result, set(_FIELDS))
        _set_extra(result, None)
        _set_private(result, None)
        return result

    def to_contract(self) -> dict[str, Any]:
        """The JSON-ready command of the parse contract (plus the score)."""
        span: Any = self.span.to_contract() if isinstance(self.span, TimeSpan) else self.span
        out: dict[str, Any] = {
            "intent": self.intent,
            "children": list(self.children),
            "dates": [d.isoformat() for d in self.dates],
            "span": span,
            "health_info": self.health_info,
            "score": round(self.score, 3),
        }
        if self.day_windows:
            out["day_windows"] = [
                {"date": day.isoformat(), "windows": [w.to_contract() for w in windows]}
                for day, windows in self.day_windows
            ]
        if self.invalid_dates:
            out["invalid_dates"] = [quoted for _, _, quoted in self.invalid_dates]
        return out


_FIELDS = frozenset(ParseResult.model_fields)
_new = object.__new__
_set = object.__setattr__
# BaseModel's own slots, set through their descriptors as pydantic's model_construct sets them
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
