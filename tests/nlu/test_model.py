"""The command as other modules receive it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from pydantic import ValidationError

from bot.nlu import ParseResult, TimeSpan, parse

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")


def test_to_contract_is_json_ready() -> None:
    result = parse("Elsa kommer 10 imorgon", NOW, ["Nils", "Elsa"])
    assert result.to_contract() == {
        "intent": "report_absence",
        "children": ["Elsa"],
        "dates": ["2026-11-27"],
        "span": {"from": None, "to": "10:00"},
        "health_info": False,
        "score": result.score,
    }
    assert result.span == TimeSpan(to=time(10, 0))
    assert result.dates == [date(2026, 11, 27)]


def test_timespan_accepts_the_contract_alias() -> None:
    span = TimeSpan.model_validate({"from": "08:00", "to": "16:00"})
    assert span.from_ == time(8, 0)
    assert span.to_contract() == {"from": "08:00", "to": "16:00"}


def test_result_fields() -> None:
    result = parse("Elsa och Nils är sjuka, Elsa har feber", NOW, ["Nils", "Elsa"])
    assert result.children == ["Elsa", "Nils"]
    assert 0.0 < result.score <= 1.0
    assert result.health_info is True
    assert all(isinstance(i, str) and isinstance(s, float) for i, s in result.alternatives)
    for slot in ("children", "health", "intent"):
        for start, end, quoted in result.spans[slot]:
            assert "Elsa och Nils är sjuka, Elsa har feber"[start:end] == quoted


def test_unsure_results_list_alternatives() -> None:
    result = parse("kan vi boka ett möte om Elsas extra anpassningar", NOW, ["Elsa"])
    assert result.intent == "book_meeting"
    assert [name for name, _ in result.alternatives] == ["secure_content"]


def test_intent_is_checked() -> None:
    with pytest.raises(ValidationError):
        ParseResult(intent="order_pizza")  # type: ignore[arg-type]


def test_naive_now_is_local_time() -> None:
    assert parse("idag", datetime(2026, 11, 26, 23, 30), []).dates == []
    result = parse("sjuk idag", datetime(2026, 11, 26, 23, 30), [])
    assert result.dates == [date(2026, 11, 26)]


def test_now_in_utc_is_read_in_stockholm() -> None:
    late = datetime.fromisoformat("2026-11-26T23:30:00+00:00")  # 00:30 on the 27th in Stockholm
    assert parse("sjuk idag", late, []).dates == [date(2026, 11, 27)]


def test_trusted_result_is_the_validated_result() -> None:
    """The parser builds its result without validation: it must be the same model."""
    fields = {
        "intent": "report_absence",
        "children": ["Elsa"],
        "dates": [date(2026, 11, 27)],
        "span": TimeSpan(to=time(10, 0)),
        "health_info": True,
        "score": 0.92,
        "alternatives": [("schedule_set_times", 0.9)],
        "spans": {"children": [(0, 4, "Elsa")]},
        "health_spans": [(20, 25)],
        "invalid_dates": [],
        "day_windows": [],
    }
    trusted = ParseResult.trusted(**fields)  # type: ignore[arg-type]
    checked = ParseResult(**fields)
    assert trusted == checked
    assert trusted.model_dump() == checked.model_dump()
    assert trusted.model_fields_set == checked.model_fields_set
    assert trusted.model_copy(update={"intent": "calendar"}).intent == "calendar"
    with pytest.raises(ValidationError):
        trusted.intent = "calendar"  # type: ignore[misc]
    assert parse("Elsa kommer 10 imorgon", NOW, ["Elsa"]) == ParseResult(
        **parse("Elsa kommer 10 imorgon", NOW, ["Elsa"]).model_dump()
    )
