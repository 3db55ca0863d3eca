"""`python -m bot hub state|staff|serve`, in-process and as separate processes."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import aiohttp

from bot.sandbox import cli
from bot.sandbox.demo import ELSA, NILS

REPO = Path(__file__).resolve().parents[3]


def env_for(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "HUBBOT_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}


async def run_hub_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A second process on the same data dir; run off the loop so the served Hub keeps answering."""
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "hub", *args],
        cwd=REPO,
        env=env_for(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_state_in_process_on_a_new_data_dir(tmp_path, monkeypatch, capsys):
    data_dir = tmp_path / "fresh" / "data"
    monkeypatch.setenv("HUBBOT_DATA_DIR", str(data_dir))
    assert cli.main(["state"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == {
        "absences": [],
        "leave_requests": [],
        "time_registrations": [],
        "meeting_bookings": [],
    }
    assert (data_dir / "sandbox-hub.db").exists()


async def test_state_lists_guardian_entries_sorted(hub, signed_in, db_path):
    anna = await signed_in("anna", NILS)
    await anna.post(
        "/attendance/attendance/registerAttendance",
        {"present": False, "day": "tomorrow", "RegType": "day"},
    )
    await anna.post(
        "/attendance/attendance/registerAttendance",
        {"present": False, "day": "today", "RegType": "session", "partOfDay": "afternoon"},
    )
    slot = (await anna.post("/Home/meeting/GetPupilAvailabilities")).data["availabilities"][0]
    await anna.post("/Home/meeting/BookAvailability", {"availabilityId": slot["availabilityId"]})
    await anna.post(
        "/attendance/attendance/createLeaveRequest",
        {"startDate": "2026-12-14", "endDate": "2026-12-18", "comment": ""},
    )
    peter = await signed_in("peter", ELSA)
    await peter.post(
        "/attendance/attendance/registerAttendance",
        {
            "present": False,
            "day": "tomorrow",
            "RegType": "session",
            "fromTime": "08:00",
            "toTime": "10:30",
            "comment": "Tandläkare",
        },
    )
    week = (
        await peter.post(
            "/TimeRegistration/TimeRegistration/GetTimeRegistrations/", {"date": "2026-11-30"}
        )
    ).data["days"]
    week[1]["startDateTime"] = "2026-12-01T09:00:00"
    week[0]["onLeave"] = True
    await peter.post(
        "/TimeRegistration/TimeRegistration/SaveTimeRegistrations/", {"days": week, "series": None}
    )

    done = await run_hub_cli(db_path.parent, "state")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "absences": [
            {
                "child": "Elsa",
                "date": "2026-11-26",
                "span": {"from": "08:00", "to": "10:30"},
                "comment": "Tandläkare",
                "reported_by": "peter",
            },
            {
                "child": "Nils",
                "date": "2026-11-25",
                "span": "afternoon",
                "comment": None,
                "reported_by": "anna",
            },
            {
                "child": "Nils",
                "date": "2026-11-26",
                "span": "full_day",
                "comment": None,
                "reported_by": "anna",
            },
        ],
        "leave_requests": [
            {
                "child": "Nils",
                "from": "2026-12-14",
                "to": "2026-12-18",
                "status": "pending",
                "reported_by": "anna",
            }
        ],
        "time_registrations": [
            {
                "child": "Elsa",
                "date": "2026-11-30",
                "from": None,
                "to": None,
                "on_leave": True,
                "comment": None,
            },
            {
                "child": "Elsa",
                "date": "2026-12-01",
                "from": "09:00",
                "to": "16:00",
                "on_leave": False,
                "comment": None,
            },
        ],
        "meeting_bookings": [
            {"child": "Nils", "date": "2026-12-07", "time": "15:00", "booked_by": "anna"}
        ],
    }
    assert json.loads(done.stdout) == hub.state()


async def test_staff_from_another_process_reaches_the_running_hub(hub, signed_in, db_path):
    anna = await signed_in("anna", NILS)
    done = await run_hub_cli(
        db_path.parent,
        "staff",
        "--login",
        "larare",
        "news",
        "--child",
        "Nils",
        "--title",
        "Från terminalen",
        "--text",
        "Hej!",
    )
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)
    assert item["title"] == "Från terminalen" and item["group"] == "4B"
    news = (await anna.post("/Communication/News/GetNewsList", {"pageSize": -1})).data
    assert news["items"][0]["id"] == item["id"]
    late = await run_hub_cli(
        db_path.parent,
        "staff",
        "--login",
        "larare",
        "invalid-absence",
        "--child",
        "Nils",
        "--date",
        "2026-11-25",
        "--kind",
        "late",
        "--time",
        "08:40",
    )
    assert late.returncode == 0, late.stderr
    record = json.loads(late.stdout)
    assert (record["registrationTypeName"], record["minutes"]) == ("Sen ankomst", "30")
    notes = (await anna.post("/NotificationApp/NotificationApp/appData")).data["notifications"]
    assert [n["title"] for n in notes[:2]] == ["Sen ankomst", "Från terminalen"]


def test_staff_in_process_actions_and_exit_codes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HUBBOT_DATA_DIR", str(tmp_path / "data"))
    now = ["--now", "2026-11-25T10:00:00+01:00"]
    assert cli.main(["staff", "--login", "larare", *now, "calendar", "--group", "4B",
                     "--date", "2026-12-03", "--title", "Glosförhör"]) == 0  # fmt: skip
    entry = json.loads(capsys.readouterr().out)
    assert entry["title"] == "Glosförhör" and entry["startDate"] == "2026-12-03"
    assert cli.main(["staff", *now, "invalid-absence", "--login", "support", "--child", "Alva",
                     "--date", "2026-11-25"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["registrationTypeName"] == "Ogiltig frånvaro"
    assert cli.main(["staff", "--login", "support", "groups"]) == 0
    assert len(json.loads(capsys.readouterr().out)["groups"]) == 8
    for argv, words in (
        (["staff", "--login", "anna", "news", "--group", "4B", "--title", "x", "--text", "y"],
         "inte personal"),
        (["staff", "--login", "larare", "invalid-absence", "--child", "Kalle",
          "--date", "2026-11-25"], "Kalle"),
        (["staff", "--login", "larare", "invalid-absence", "--child", "Alva",
          "--date", "2026-11-25"], "undervisar inte"),
        (["staff", "--login", "ingen", "groups"], "ingen"),
        (["staff", "groups"], "--login"),
    ):  # fmt: skip
        assert cli.main(argv) == 1, argv
        err = capsys.readouterr().err
        assert words in err and err.startswith("hub staff: ")


async def test_staff_wrong_role_exits_1_as_a_process(tmp_path):
    done = await run_hub_cli(
        tmp_path / "data",
        "staff",
        "--login",
        "nils",
        "invalid-absence",
        "--child",
        "Nils",
        "--date",
        "2026-11-25",
    )
    assert done.returncode == 1
    assert done.stdout == "" and "personal" in done.stderr


async def test_serve_prints_its_url_and_stops_on_sigterm(tmp_path):
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "hub",
        "serve",
        "--now",
        "2026-11-25T09:00:00+01:00",
        cwd=REPO,
        env=env_for(tmp_path / "data"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().strip()
        assert line.startswith("http://127.0.0.1:")
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            form = {"login_ascx$txtNotandanafn": "anna", "login_ascx$txtLykilord": "demo"}
            async with http.post(f"{line}/swedish/production/mentor/", data=form) as response:
                assert response.status == 200 and "IMHome.home.homeData" in await response.text()
            async with http.post(f"{line}/attendance/attendance/appData", json={}) as response:
                assert (await response.json())["absenceTodayDate"] == "2026-11-25T00:00:00"
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 30) == 0
