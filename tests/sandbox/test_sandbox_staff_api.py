"""The staff API: who may use it, and what each action makes guardians see."""

from __future__ import annotations

import pytest

from bot.sandbox.demo import ALVA, NILS
from bot.sandbox.errors import HubRefusal


async def staff_token(b, login: str = "larare", password: str = "demo"):
    return await b.request("POST", "/staff/api/login", form={"login": login, "password": password})


async def as_staff(browser, login: str = "larare") -> tuple:
    b = browser()
    token = (await staff_token(b, login)).data["token"]
    return b, {"Authorization": f"Bearer {token}"}


async def test_login_gives_a_token_only_to_staff(browser):
    b = browser()
    assert "token" in (await staff_token(b)).data
    wrong = await staff_token(b, password="fel")
    assert wrong.status == 401 and wrong.data["errorCode"] == "ACCESS_DENIED"
    guardian = await staff_token(b, "anna")
    assert guardian.status == 403 and guardian.data["errorCode"] == "ACCESS_DENIED"


async def test_guardians_students_and_strangers_are_denied(signed_in, browser):
    for login in ("anna", "nils"):
        b = await signed_in(login)
        answer = await b.request("GET", "/staff/api/groups")
        assert answer.status == 403 and answer.data["errorCode"] == "ACCESS_DENIED"
    nobody = await browser().request("GET", "/staff/api/groups")
    assert nobody.status == 401
    forged = await browser().request(
        "GET", "/staff/api/groups", headers={"Authorization": "Bearer forged"}
    )
    assert forged.status == 401


async def test_groups_teacher_own_support_all(browser, signed_in):
    b, auth = await as_staff(browser)
    groups = (await b.request("GET", "/staff/api/groups", headers=auth)).data["groups"]
    assert [(g["name"], g["kind"], g["school"]) for g in groups] == [
        ("4B", "class", "Nordskolan"),
        ("Fritids Nordskolan", "fritids", "Nordskolan"),
    ]
    support = await signed_in("support")  # a session cookie works too
    everything = (await support.request("GET", "/staff/api/groups")).data["groups"]
    assert len(everything) == 8


async def test_news_reaches_the_group_and_is_notified(browser, signed_in):
    b, auth = await as_staff(browser)
    answer = await b.post(
        "/staff/api/news",
        {
            "child": "Nils",
            "title": "Lucia",
            "text": "Vi firar lucia.\n\nVälkomna!",
            "attachment": {"title": "program.pdf", "url": "https://example.org/program.pdf"},
        },
        headers=auth,
    )
    assert answer.status == 200
    item = answer.data
    assert item["group"] == "4B" and item["content"] == "<p>Vi firar lucia.</p><p>Välkomna!</p>"
    assert item["publishedBy"] == "Karin Holm"
    assert item["attachments"] == [
        {"title": "program.pdf", "url": "https://example.org/program.pdf", "fileType": "pdf"}
    ]
    for login in ("anna", "peter", "nils"):
        reader = await signed_in(login, NILS if login != "nils" else None)
        items = (await reader.post("/Communication/News/GetNewsList", {"pageSize": -1})).data
        assert items["items"][0]["id"] == item["id"]
        notes = (await reader.post("/NotificationApp/NotificationApp/appData")).data
        top = notes["notifications"][0]
        assert (top["appType"], top["title"], top["state"]) == ("News", "Lucia", "New")
        assert top["url"] == f"/#/communication/news/{item['id']}"
    sara = await signed_in("sara", ALVA)
    titles = [
        i["title"] for i in (await sara.post("/Communication/News/GetNewsList")).data["items"]
    ]
    assert "Lucia" not in titles


async def test_invalid_absence_and_its_notification(browser, signed_in):
    b, auth = await as_staff(browser)
    answer = await b.post(
        "/staff/api/invalid-absence",
        {"child": "Nils", "date": "2026-11-25", "kind": "absent", "lesson": "Idrott och hälsa"},
        headers=auth,
    )
    record = answer.data
    assert record["registrationTypeName"] == "Ogiltig frånvaro" and record["child"] == "Nils"
    anna = await signed_in("anna", NILS)
    note = (await anna.post("/NotificationApp/NotificationApp/appData")).data["notifications"][0]
    assert (note["appType"], note["title"]) == ("Attendance", "Ogiltig frånvaro")
    assert note["url"] == f"/#/attendance/tab/attendance/show/{record['id']}"
    bad_date = await b.post(
        "/staff/api/invalid-absence", {"child": "Nils", "date": "igår"}, headers=auth
    )
    assert bad_date.data["errorCode"] == "INVALID"
    bad_kind = await b.post(
        "/staff/api/invalid-absence",
        {"child": "Nils", "date": "2026-11-25", "kind": "sick"},
        headers=auth,
    )
    assert bad_kind.data["errorCode"] == "INVALID"


async def test_teachers_only_reach_their_own_children_and_groups(browser):
    b, auth = await as_staff(browser)
    other_child = await b.post(
        "/staff/api/invalid-absence", {"child": "Alva", "date": "2026-11-25"}, headers=auth
    )
    assert other_child.status == 403 and other_child.data["errorCode"] == "ACCESS_DENIED"
    other_group = await b.post(
        "/staff/api/news", {"group": "Solrosen", "title": "x", "text": "y"}, headers=auth
    )
    assert other_group.status == 403
    unknown = await b.post(
        "/staff/api/invalid-absence", {"child": "Kalle", "date": "2026-11-25"}, headers=auth
    )
    assert unknown.status == 200 and unknown.data["errorCode"] == "NOT_FOUND"
    support, support_auth = await as_staff(browser, "support")
    fine = await support.post(
        "/staff/api/invalid-absence",
        {"child": "Alva", "date": "2026-11-24", "kind": "late", "time": "08:30"},
        headers=support_auth,
    )
    assert fine.data["registrationTypeName"] == "Sen ankomst"


async def test_calendar_slots_and_closing_a_day(browser, signed_in):
    b, auth = await as_staff(browser)
    entry = await b.post(
        "/staff/api/calendar",
        {"group": "4B", "date": "2026-12-03", "title": "Glosförhör", "typeId": 3},
        headers=auth,
    )
    assert entry.data["calendarEntryTypeId"] == 3 and entry.data["startDate"] == "2026-12-03"
    slot = await b.post(
        "/staff/api/meeting-slots",
        {"child": "Nils", "date": "2026-12-10", "time": "08:00", "minutes": 20},
        headers=auth,
    )
    assert slot.data["timeRange"] == "08:00-08:20"
    closed = await b.post(
        "/staff/api/school-closed",
        {"group": "Fritids Nordskolan", "date": "2026-12-03", "reason": "Personalfest"},
        headers=auth,
    )
    assert closed.data["reason"] == "Personalfest"
    anna = await signed_in("anna", NILS)
    entries = (
        await anna.post(
            "/calendarv2/calendarv2/getentries",
            {"startDate": "2026-12-03", "endDate": "2026-12-03"},
        )
    ).data
    assert "Glosförhör" in [e["title"] for e in entries]
    days = (
        await anna.post(
            "/TimeRegistration/TimeRegistration/GetTimeRegistrations/", {"date": "2026-12-03"}
        )
    ).data["days"]
    thursday = next(d for d in days if d["date"] == "2026-12-03T00:00:00")
    assert thursday["isSchoolClosed"] is True and thursday["schoolClosedReason"] == "Personalfest"
    bad = await b.post(
        "/staff/api/calendar", {"group": "4B", "date": "3 dec", "title": "x"}, headers=auth
    )
    assert bad.data["errorCode"] == "INVALID"


async def test_messages_and_leave_decisions(hub, browser, signed_in):
    anna = await signed_in("anna", NILS)
    created = await anna.post(
        "/attendance/attendance/createLeaveRequest",
        {"startDate": "2026-12-21", "endDate": "2026-12-22", "comment": "Resa"},
    )
    b, auth = await as_staff(browser)
    decided = await b.post(
        "/staff/api/leave-request-status",
        {"id": created.data["id"], "status": "approved"},
        headers=auth,
    )
    assert decided.data["status"] == "Approved"
    assert hub.state()["leave_requests"][0]["status"] == "approved"
    sent = await b.post(
        "/staff/api/message", {"child": "Nils", "subject": "Hej", "text": "Info"}, headers=auth
    )
    assert sent.data["to"] == ["anna", "peter"]
    inbox = (await anna.post("/Message/message/GetMessages", {"inbox": "true"})).data["items"]
    assert inbox[0]["messageSubject"] == "Hej" and inbox[0]["isNew"] is True


def test_staff_desk_refuses_non_staff(hub):
    with pytest.raises(HubRefusal) as refused:
        hub.staff("anna")
    assert refused.value.code == "ACCESS_DENIED"
    with pytest.raises(HubRefusal) as unknown:
        hub.staff("ingen")
    assert unknown.value.code == "NOT_FOUND"
