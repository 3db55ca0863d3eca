"""Preschool and fritids times: week view, saving, lock rules, closed days, series, comments."""

from __future__ import annotations

import copy
from datetime import datetime

from bot.clock import STOCKHOLM
from bot.sandbox.demo import ALVA, ELSA, NILS

GET = "/TimeRegistration/TimeRegistration/GetTimeRegistrations/"
SAVE = "/TimeRegistration/TimeRegistration/SaveTimeRegistrations/"
COMMENTS = "/TimeRegistration/TimeRegistration/GetComments/"
SAVE_COMMENT = "/TimeRegistration/TimeRegistration/SaveComment/"


async def week(b, day: str | None = None) -> dict:
    body = {"date": day, "showNextWeekIfNoMoreSchoolDays": "true"} if day else {}
    answer = await b.post(GET, body)
    assert answer.status == 200, answer.text
    return answer.data


def by_date(data: dict) -> dict[str, dict]:
    return {d["date"][:10]: d for d in data["days"]}


def changed(day: dict, start: str | None, end: str | None, **extra) -> dict:
    new = copy.deepcopy(day)
    new["startDateTime"] = f"{day['date'][:10]}T{start}:00" if start else None
    new["endDateTime"] = f"{day['date'][:10]}T{end}:00" if end else None
    new.update(extra)
    return new


async def test_week_view_shape_and_base_schedule(signed_in):
    b = await signed_in("anna", ELSA)
    data = await week(b)
    assert (data["startDate"], data["endDate"]) == ("2026-11-23T00:00:00", "2026-11-29T00:00:00")
    days = by_date(data)
    assert list(days) == [f"2026-11-{d}" for d in range(23, 30)]
    assert days["2026-11-25"]["date"] == "2026-11-25T00:00:00"
    assert (days["2026-11-28"]["isSchoolClosed"], days["2026-11-28"]["canEdit"]) == (True, False)
    wed = days["2026-11-25"]
    assert set(wed) == {
        "timeRegistrationId",
        "date",
        "startDateTime",
        "endDateTime",
        "onLeave",
        "isLocked",
        "isSchoolClosed",
        "schoolClosedReason",
        "canEdit",
        "hasUnreadComments",
        "hasComments",
        "canEditComment",
        "schoolOpeningTime",
        "schoolClosingTime",
        "comment",
        "commentChanged",
        "commentId",
        "registrationType",
    }
    assert (wed["startDateTime"], wed["endDateTime"]) == (
        "2026-11-25T07:30:00",
        "2026-11-25T16:00:00",
    )
    assert days["2026-11-27"]["endDateTime"] == "2026-11-27T15:00:00"
    assert (wed["schoolOpeningTime"], wed["schoolClosingTime"]) == (
        "2026-11-25T06:30:00",
        "2026-11-25T18:00:00",
    )
    assert wed["registrationType"] == "TimeReg"
    # Preschool: editable up to and including today; past days locked.
    assert [d["isLocked"] for d in data["days"]] == [True, True, False, False, False, False, False]
    assert [d["canEdit"] for d in data["days"]] == [False, False, True, True, True, False, False]
    assert days["2026-11-24"]["hasUnreadComments"] is True  # the teacher wrote yesterday


async def test_saving_a_day_and_reading_it_back(hub, signed_in):
    b = await signed_in("anna", ELSA)
    days = (await week(b, "2026-11-30"))["days"]
    monday = changed(days[0], "08:00", "15:30")
    answer = await b.post(SAVE, {"days": [monday, *days[1:]], "series": None})
    assert answer.data == {"success": True, "notifications": []}
    again = by_date(await week(b, "2026-11-30"))
    assert again["2026-11-30"]["startDateTime"] == "2026-11-30T08:00:00"
    assert hub.state()["time_registrations"] == [
        {
            "child": "Elsa",
            "date": "2026-11-30",
            "from": "08:00",
            "to": "15:30",
            "on_leave": False,
            "comment": None,
        }
    ]


async def test_sending_back_the_whole_week_with_locked_days_is_fine(hub, signed_in):
    b = await signed_in("anna", ELSA)
    days = (await week(b))["days"]
    days[2] = changed(days[2], "07:00", "14:00")  # today
    assert (await b.post(SAVE, {"days": days, "series": None})).data["success"] is True
    assert [r["date"] for r in hub.state()["time_registrations"]] == ["2026-11-25"]


async def test_past_days_are_locked(signed_in):
    b = await signed_in("anna", ELSA)
    days = (await week(b))["days"]
    answer = await b.post(SAVE, {"days": [changed(days[1], "08:00", "15:00")], "series": None})
    assert answer.data["success"] is False and answer.data["errorCode"] == "LOCKED"


async def test_grundsarskola_fritids_locks_the_day_before(clock, hub, signed_in):
    b = await signed_in("sara", ALVA)
    days = by_date(await week(b))
    assert days["2026-11-25"]["isLocked"] is True and days["2026-11-25"]["canEdit"] is False
    assert days["2026-11-26"]["isLocked"] is False
    today = await b.post(SAVE, {"days": [changed(days["2026-11-25"], "08:00", "15:00")]})
    assert today.data["errorCode"] == "LOCKED"
    clock.set(datetime(2026, 11, 25, 23, 59, tzinfo=STOCKHOLM))
    b = await signed_in("sara", ALVA)
    tomorrow = await b.post(SAVE, {"days": [changed(days["2026-11-26"], "08:00", "15:00")]})
    assert tomorrow.data["success"] is True
    clock.set(datetime(2026, 11, 26, 0, 0, tzinfo=STOCKHOLM))
    b = await signed_in("sara", ALVA)
    now_locked = by_date(await week(b))["2026-11-26"]
    assert now_locked["isLocked"] is True
    assert now_locked["startDateTime"] == "2026-11-26T08:00:00"
    late = await b.post(SAVE, {"days": [changed(now_locked, "09:00", "15:00")]})
    assert late.data["errorCode"] == "LOCKED"


async def test_ordinary_fritids_is_editable_on_the_day(signed_in):
    b = await signed_in("anna", NILS)
    today = by_date(await week(b))["2026-11-25"]
    assert today["isLocked"] is False and today["canEdit"] is True
    answer = await b.post(SAVE, {"days": [changed(today, "07:15", "15:00")], "series": None})
    assert answer.data["success"] is True


async def test_closed_days_refuse_times(signed_in):
    b = await signed_in("anna", NILS)
    days = by_date(await week(b, "2026-12-09"))
    studiedag = days["2026-12-09"]
    assert studiedag["isSchoolClosed"] is True
    assert studiedag["schoolClosedReason"] == "Studiedag"
    assert studiedag["canEdit"] is False and studiedag["startDateTime"] is None
    answer = await b.post(SAVE, {"days": [changed(studiedag, "08:00", "16:00")]})
    assert answer.data["errorCode"] == "SCHOOL_CLOSED"
    # The closed day sent back untouched with the rest of the week is no problem.
    whole = list(days.values())
    whole[0] = changed(whole[0], "08:00", "16:00")
    assert (await b.post(SAVE, {"days": whole})).data["success"] is True


async def test_opening_hours_and_time_sanity(signed_in):
    elsa = await signed_in("anna", ELSA)
    day = by_date(await week(elsa, "2026-11-30"))["2026-11-30"]
    early = await elsa.post(SAVE, {"days": [changed(day, "06:00", "15:00")]})
    assert early.data["errorCode"] == "OUTSIDE_OPENING_HOURS"
    assert "06:30" in early.data["message"]
    assert (await elsa.post(SAVE, {"days": [changed(day, "06:30", "18:00")]})).data["success"]
    backwards = await elsa.post(SAVE, {"days": [changed(day, "15:00", "08:00")]})
    assert backwards.data["errorCode"] == "INVALID"
    half = await elsa.post(SAVE, {"days": [changed(day, "08:00", None)]})
    assert half.data["errorCode"] == "INVALID"
    alva = await signed_in("sara", ALVA)
    alva_day = by_date(await week(alva, "2026-11-30"))["2026-11-30"]
    assert alva_day["schoolClosingTime"] == "2026-11-30T17:00:00"
    late = await alva.post(SAVE, {"days": [changed(alva_day, "08:00", "17:30")]})
    assert late.data["errorCode"] == "OUTSIDE_OPENING_HOURS"


async def test_on_leave_and_clearing_times(hub, signed_in):
    b = await signed_in("anna", ELSA)
    days = by_date(await week(b, "2026-11-30"))
    leave = changed(days["2026-12-01"], None, None, onLeave=True)
    none = changed(days["2026-12-02"], None, None)
    assert (await b.post(SAVE, {"days": [leave, none]})).data["success"] is True
    again = by_date(await week(b, "2026-11-30"))
    assert again["2026-12-01"]["onLeave"] is True and again["2026-12-01"]["startDateTime"] is None
    assert again["2026-12-02"]["startDateTime"] is None
    rows = {r["date"]: r for r in hub.state()["time_registrations"]}
    assert rows["2026-12-01"]["on_leave"] is True and rows["2026-12-01"]["from"] is None
    assert rows["2026-12-02"] == {
        "child": "Elsa",
        "date": "2026-12-02",
        "from": None,
        "to": None,
        "on_leave": False,
        "comment": None,
    }


async def test_series_repeats_weeks_and_skips_closed_days(hub, signed_in):
    b = await signed_in("anna", ELSA)
    days = (await week(b, "2026-11-30"))["days"]
    days[0] = changed(days[0], "08:00", "15:00")
    answer = await b.post(SAVE, {"days": [days[0]], "series": {"repeatWeeks": 3}})
    assert answer.data["success"] is True
    dates = [r["date"] for r in hub.state()["time_registrations"]]
    assert dates == ["2026-11-30", "2026-12-07"]  # 2026-12-14 is the planeringsdag
    later = by_date(await week(b, "2026-12-07"))["2026-12-07"]
    assert later["startDateTime"] == "2026-12-07T08:00:00"
    bad = await b.post(SAVE, {"days": [days[0]], "series": {"repeatWeeks": 0}})
    assert bad.data["errorCode"] == "INVALID"


async def test_students_may_look_but_not_save(signed_in):
    b = await signed_in("nils")
    days = (await week(b))["days"]
    assert all(d["canEdit"] is False for d in days)
    answer = await b.post(SAVE, {"days": [changed(days[3], "08:00", "15:00")]})
    assert answer.status == 403 and answer.data["errorCode"] == "ACCESS_DENIED"


async def test_a_day_of_another_child_is_refused(signed_in):
    b = await signed_in("anna", ELSA)
    elsa_day = by_date(await week(b, "2026-11-30"))["2026-11-30"]
    await b.switch(NILS)
    answer = await b.post(SAVE, {"days": [changed(elsa_day, "08:00", "15:00")]})
    assert answer.data["errorCode"] == "INVALID"


async def test_next_week_when_no_school_days_are_left(clock, signed_in):
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=STOCKHOLM))  # Saturday
    b = await signed_in("anna", ELSA)
    assert (await week(b, "2026-11-28"))["startDate"] == "2026-11-30T00:00:00"
    assert (await b.post(GET, {})).data["startDate"] == "2026-11-23T00:00:00"


async def test_comments_read_and_write(hub, signed_in):
    b = await signed_in("anna", ELSA)
    teacher = (await b.post(COMMENTS, {"date": "2026-11-24"})).data
    assert teacher["teacherName"] == "Maja Ström" and teacher["teacherComment"]
    assert teacher["checkedIn"] == "07:30" and teacher["canEditComment"] is False
    assert by_date(await week(b))["2026-11-24"]["hasUnreadComments"] is False  # now read
    tomorrow = by_date(await week(b))["2026-11-26"]
    saved = await b.request(
        "POST",
        SAVE_COMMENT,
        form={
            "commentId": "0",
            "commentText": "Mormor hämtar",
            "timeRegistrationId": str(tomorrow["timeRegistrationId"]),
        },
    )
    assert saved.data == {"success": True, "notifications": []}
    mine = (await b.post(COMMENTS, {"date": "2026-11-26"})).data
    assert mine["userComment"] == "Mormor hämtar" and mine["userName"] == "Anna Lindqvist"
    day = by_date(await week(b))["2026-11-26"]
    assert day["comment"] == "Mormor hämtar" and day["commentId"] == mine["parentCommentId"]
    assert hub.state()["time_registrations"] == [
        {
            "child": "Elsa",
            "date": "2026-11-26",
            "from": "07:30",
            "to": "16:00",
            "on_leave": False,
            "comment": "Mormor hämtar",
        }
    ]
    via_day = changed(day, "07:30", "16:00", commentText="Pappa hämtar", isCommentUpdated=True)
    assert (await b.post(SAVE, {"days": [via_day]})).data["success"] is True
    assert by_date(await week(b))["2026-11-26"]["comment"] == "Pappa hämtar"
    past = by_date(await week(b))["2026-11-24"]
    locked = await b.request(
        "POST",
        SAVE_COMMENT,
        form={"commentText": "sent", "timeRegistrationId": str(past["timeRegistrationId"])},
    )
    assert locked.data["errorCode"] == "LOCKED"
