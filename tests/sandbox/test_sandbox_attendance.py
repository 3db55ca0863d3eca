"""The absence box: report, undo, comment, cut-off, leave requests, the attendance list."""

from __future__ import annotations

from datetime import datetime

from bot.clock import STOCKHOLM
from bot.sandbox.demo import ALVA, ELSA, NILS
from bot.sandbox.directory import pupil_id_of

APP = "/attendance/attendance/appData"
REGISTER = "/attendance/attendance/registerAttendance"
COMMENT = "/attendance/attendance/saveAbsenceComment"
LIST = "/Attendance/Attendance/GetAttendanceList"
LEAVES = "/attendance/attendance/GetLeaveRequestList"
CREATE_LEAVE = "/attendance/attendance/createLeaveRequest"
DELETE_LEAVE = "/attendance/attendance/deleteLeaveRequest"


def report(day: str = "today", **extra):
    return {
        "present": False,
        "day": day,
        "RegType": "day",
        "canAddSicknessToTimeRegistration": False,
        **extra,
    }


async def test_app_data_has_state_capabilities_and_urls(signed_in):
    b = await signed_in("anna", NILS)
    data = (await b.post(APP)).data
    assert data["absentToday"] is False and data["absentTomorrow"] is False
    assert (data["absenceTodayDate"], data["absenceTomorrowDate"]) == (
        "2026-11-25T00:00:00",
        "2026-11-26T00:00:00",
    )
    assert data["absenceTodayLocked"] is False
    assert data["absenceTodaySpan"] is None
    assert data["canRegisterDayAbsence"] and data["canRequestLeave"] and data["isParent"]
    assert data["isPlaySchool"] is False
    assert [s["title"] for s in data["absenceTodaySessions"]] == ["Förmiddag", "Eftermiddag"]
    assert set(data["urls"]) >= {
        "registerAttendance",
        "registerSessionAttendance",
        "saveAbsenceComment",
        "createLeaveRequest",
        "getLeaveRequestList",
        "deleteLeaveRequest",
    }
    assert data["pagedList"]["items"] and "leaveRequests" in data
    await b.switch(ELSA)
    elsa = (await b.post(APP)).data
    assert elsa["isPlaySchool"] is True and elsa["absenceTodaySessions"] == []


async def test_report_whole_day_today_and_undo(hub, signed_in):
    b = await signed_in("anna", ELSA)
    answer = await b.post(REGISTER, report("today", comment="Feber"))
    assert answer.data == {"success": True}
    data = (await b.post(APP)).data
    assert data["absentToday"] is True and data["absenceTodaySpan"] == "day"
    assert data["absenceTodayComment"] == "Feber"
    assert hub.state()["absences"] == [
        {
            "child": "Elsa",
            "date": "2026-11-25",
            "span": "full_day",
            "comment": "Feber",
            "reported_by": "anna",
        }
    ]
    undo = await b.post(REGISTER, {"present": True, "day": "today", "RegType": "day"})
    assert undo.data["success"] is True
    assert (await b.post(APP)).data["absentToday"] is False
    assert hub.state()["absences"] == []


async def test_part_of_day_morning_afternoon_and_times(hub, signed_in):
    b = await signed_in("anna", NILS)
    await b.post(REGISTER, report("tomorrow", RegType="session", partOfDay="morning"))
    data = (await b.post(APP)).data
    assert data["absenceTomorrowSpan"] == "morning"
    assert [s["isAbsent"] for s in data["absenceTomorrowSessions"]] == [True, False]
    await b.post(REGISTER, report("today", RegType="session", fromTime="10:00", toTime=None))
    data = (await b.post(APP)).data
    assert data["absenceTodaySpan"] == {"from": "10:00", "to": None}
    assert [s["isAbsent"] for s in data["absenceTodaySessions"]] == [True, True]
    spans = {a["date"]: a["span"] for a in hub.state()["absences"]}
    assert spans == {"2026-11-25": {"from": "10:00", "to": None}, "2026-11-26": "morning"}
    await b.post(REGISTER, report("tomorrow", RegType="session", partOfDay="afternoon"))
    assert (await b.post(APP)).data["absenceTomorrowSpan"] == "afternoon"
    bad = await b.post(
        REGISTER, report("today", RegType="session", fromTime="12:00", toTime="9:00")
    )
    assert bad.data["errorCode"] == "INVALID"
    none = await b.post(REGISTER, report("today", RegType="session"))
    assert none.data["errorCode"] == "INVALID"


async def test_only_today_and_tomorrow(signed_in):
    b = await signed_in("anna", NILS)
    answer = await b.post(REGISTER, report("2026-11-30"))
    assert answer.status == 200
    assert answer.data["success"] is False and answer.data["errorCode"] == "OUT_OF_RANGE"
    assert answer.data["message"]


async def test_today_locks_at_the_cut_off(hub, clock, signed_in):
    clock.set(datetime(2026, 11, 25, 14, 59, tzinfo=STOCKHOLM))
    b = await signed_in("anna", NILS)
    assert (await b.post(REGISTER, report("today"))).data["success"] is True
    clock.set(datetime(2026, 11, 25, 15, 0, tzinfo=STOCKHOLM))
    data = (await b.post(APP)).data
    assert data["absenceTodayLocked"] is True and data["canAddSicknessToday"] is False
    locked = await b.post(REGISTER, {"present": True, "day": "today", "RegType": "day"})
    assert locked.data["errorCode"] == "LOCKED"
    assert (await b.post(REGISTER, report("tomorrow"))).data["success"] is True
    hub.set_cutoff("16:00")
    assert (await b.post(APP)).data["absenceTodayLocked"] is False
    hub.set_cutoff("08:00", school="Nordskolan")
    assert (await b.post(APP)).data["absenceTodayLocked"] is True


async def test_closed_days_and_weekends_refuse_absence(clock, signed_in):
    clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=STOCKHOLM))  # the day before studiedag
    b = await signed_in("anna", NILS)
    closed = await b.post(REGISTER, report("tomorrow"))
    assert closed.data["errorCode"] == "SCHOOL_CLOSED"
    assert (await b.post(APP)).data["canAddSicknessTomorrow"] is False
    clock.set(datetime(2026, 12, 11, 9, 0, tzinfo=STOCKHOLM))  # a Friday
    b = await signed_in("anna", NILS)
    assert (await b.post(REGISTER, report("tomorrow"))).data["errorCode"] == "SCHOOL_CLOSED"


async def test_students_may_not_report(signed_in):
    b = await signed_in("nils")
    answer = await b.post(REGISTER, report("today"))
    assert answer.status == 403 and answer.data["errorCode"] == "ACCESS_DENIED"
    assert (await b.post(APP)).data["canRegisterDayAbsence"] is False
    assert (await b.post(CREATE_LEAVE, {"startDate": "2026-12-01"})).status == 403


async def test_absence_comment(signed_in):
    b = await signed_in("peter", ELSA)
    missing = await b.post(COMMENT, {"day": "tomorrow", "comment": "Hämtas tidigt"})
    assert missing.data["errorCode"] == "NOT_FOUND"
    await b.post(REGISTER, report("tomorrow"))
    assert (await b.post(COMMENT, {"day": "tomorrow", "comment": "Magsjuk"})).data == {
        "success": True
    }
    assert (await b.post(APP)).data["absenceTomorrowComment"] == "Magsjuk"
    await b.post(REGISTER, report("tomorrow", RegType="session", partOfDay="morning"))
    assert (await b.post(APP)).data["absenceTomorrowComment"] == "Magsjuk"


async def test_the_other_guardian_is_notified(signed_in):
    anna = await signed_in("anna", ELSA)
    peter = await signed_in("peter", ELSA)
    await anna.post(REGISTER, report("today"))
    peters = (await peter.post("/NotificationApp/NotificationApp/appData")).data["notifications"]
    note = peters[0]
    assert note["appType"] == "Attendance" and note["title"] == "Frånvaro anmäld"
    assert note["pupilSourceId"].split("|")[1] == pupil_id_of(ELSA)
    annas = (await anna.post("/NotificationApp/NotificationApp/appData")).data["notifications"]
    assert all(n["title"] != "Frånvaro anmäld" for n in annas)


async def test_attendance_list_shows_staff_marks(hub, signed_in):
    hub.staff("larare").invalid_absence(child="Nils", date="2026-11-24", lesson="Matematik")
    hub.staff("larare").invalid_absence(child="Nils", date="2026-11-25", kind="late", time="08:40")
    b = await signed_in("anna", NILS)
    data = (await b.post(LIST)).data
    assert set(data) >= {"items", "page", "pageSize", "totalItems", "more", "listUrl", "headers"}
    items = data["items"]
    late, invalid = items[0], items[1]
    assert late["registrationTypeName"] == "Sen ankomst"
    assert (late["dateString"], late["startTime"], late["minutes"]) == (
        "2026-11-25",
        "08:40",
        "30",
    )
    assert invalid["registrationTypeName"] == "Ogiltig frånvaro"
    assert invalid["lessonName"] == "Matematik" and invalid["registeredByName"] == "Karin Holm"
    assert invalid["longDate"] == "tisdag 24 november 2026"
    assert invalid["establishmentName"] == "Nordskolan"
    assert {"Anmäld frånvaro", "Sen ankomst"} <= {i["registrationTypeName"] for i in items}
    assert hub.state()["absences"] == []  # staff marks and seeded reports are not state


async def test_leave_requests_create_list_delete(hub, signed_in):
    b = await signed_in("anna", NILS)
    created = await b.post(
        CREATE_LEAVE,
        {"startDate": "2026-12-07", "endDate": "2026-12-11", "comment": "Resa", "fullDay": True},
    )
    assert created.data["success"] is True
    items = (await b.post(LEAVES)).data
    mine = next(i for i in items if i["id"] == created.data["id"])
    assert mine == {
        "id": created.data["id"],
        "startDate": "2026-12-07",
        "endDate": "2026-12-11",
        "status": "Pending",
        "comment": "Resa",
        "createdByName": "Anna Lindqvist",
        "fullDay": True,
    }
    assert any(i["status"] == "Approved" for i in items)  # seeded
    assert hub.state()["leave_requests"] == [
        {
            "child": "Nils",
            "from": "2026-12-07",
            "to": "2026-12-11",
            "status": "pending",
            "reported_by": "anna",
        }
    ]
    approved = next(i for i in items if i["status"] == "Approved")
    assert (await b.post(DELETE_LEAVE, {"id": approved["id"]})).data["errorCode"] == "LOCKED"
    await b.switch(ELSA)
    assert (await b.post(DELETE_LEAVE, {"id": mine["id"]})).data["errorCode"] == "NOT_FOUND"
    await b.switch(NILS)
    assert (await b.post(DELETE_LEAVE, {"id": mine["id"]})).data == {"success": True}
    assert hub.state()["leave_requests"] == []


async def test_leave_request_rules(signed_in):
    b = await signed_in("sara", ALVA)
    past = await b.post(CREATE_LEAVE, {"startDate": "2026-11-20", "endDate": "2026-11-21"})
    assert past.data["errorCode"] == "OUT_OF_RANGE"
    backwards = await b.post(CREATE_LEAVE, {"startDate": "2026-12-10", "endDate": "2026-12-01"})
    assert backwards.data["errorCode"] == "INVALID"
    far = await b.post(CREATE_LEAVE, {"startDate": "2027-12-10", "endDate": "2027-12-11"})
    assert far.data["errorCode"] == "OUT_OF_RANGE"
    one_day = await b.post(CREATE_LEAVE, {"startDate": "2026-11-25", "comment": ""})
    assert one_day.data["success"] is True


async def test_register_session_attendance_url_takes_part_of_a_day(signed_in):
    b = await signed_in("anna", NILS)
    url = (await b.post(APP)).data["urls"]["registerSessionAttendance"]
    answer = await b.post(url, {"present": False, "day": "today", "partOfDay": "afternoon"})
    assert answer.data == {"success": True}
    assert (await b.post(APP)).data["absenceTodaySpan"] == "afternoon"
