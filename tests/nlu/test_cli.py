"""`python -m bot parse`: one answer line per input line, whatever the input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from bot.nlu.cli import answer_line, main, run_jsonl

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"intent", "children", "dates", "span", "health_info"}


def jsonl(*lines: str) -> list[dict[str, object]]:
    out = io.StringIO()
    assert run_jsonl(io.StringIO("".join(line + "\n" for line in lines)), out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_contract_lines() -> None:
    case = {
        "id": "x",
        "text": "frånvaro Elsa imorgon fm",
        "now": "2026-11-26T07:30:00+01:00",
        "children": ["Elsa", "Nils"],
        "expect": {"intent": "ignored"},
    }
    [got] = jsonl(json.dumps(case, ensure_ascii=False))
    assert set(got) >= KEYS
    assert got["intent"] == "report_absence"
    assert got["dates"] == ["2026-11-27"]
    assert got["span"] == "morning"


def test_bad_lines_still_get_a_line_each() -> None:
    got = jsonl(
        "not json",
        "[1, 2]",
        '{"text": 5}',
        '{"text": "Elsa sjuk", "now": "yesterday", "children": "Elsa"}',
        '{"text": "Elsa sjuk", "now": "2026-11-26T07:30:00+01:00", "children": [null, 3, "Elsa"]}',
        '{"text": "' + "x" * 20000 + '", "now": "2026-11-26T07:30:00+01:00", "children": []}',
    )
    assert len(got) == 6
    assert [g["intent"] for g in got[:3]] == ["unknown"] * 3
    assert got[3]["intent"] == "report_absence" and got[3]["children"] == ["Elsa"]
    assert got[4]["children"] == ["Elsa"]
    assert all(set(g) >= KEYS for g in got)


def test_answer_line_never_raises() -> None:
    for line in ("", "{", '{"text": "hej", "now": 5, "children": {}}', "\x00"):
        assert answer_line(line)["intent"] in ("unknown", "help")


def test_the_real_command(tmp_path: Path) -> None:
    lines = [
        {"text": "ledig fredag", "now": "2026-12-07T06:45:00+01:00", "children": ["Elsa"]},
        {"text": "vilka betyg har Nils", "now": "2026-12-07T06:45:00+01:00", "children": ["Nils"]},
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "parse", "--jsonl"],
        input="".join(json.dumps(x) + "\n" for x in lines) + "garbage\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["intent"] for o in out] == ["schedule_day_off", "secure_content", "unknown"]
    assert out[0]["dates"] == ["2026-12-11"]


def test_for_a_person(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        ["Elsa kommer 10 imorgon", "--children", "Elsa,Nils", "--now", "2026-11-26T07:30:00+01:00"]
    )
    assert code == 0
    shown = capsys.readouterr().out
    assert "report_absence" in shown
    assert '"to": "10:00"' in shown
    assert "Jag tolkade '10 imorgon' som fredag 27 november" in shown


def test_json_for_a_person(capsys) -> None:  # type: ignore[no-untyped-def]
    main(["ledig fredag", "--json", "--now", "2026-12-07T06:45:00+01:00"])
    assert json.loads(capsys.readouterr().out)["dates"] == ["2026-12-11"]
