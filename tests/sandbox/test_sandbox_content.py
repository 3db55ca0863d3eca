"""News, notifications, calendar and messages."""

from __future__ import annotations

from datetime import datetime

from bot.sandbox.demo import ELSA, NILS
from bot.sandbox.directory import pupil_id_of

NEWS = "/Communication/News/GetNewsList"
NOTES = "/NotificationApp/NotificationApp/appData"
SINCE = "/NotificationApp/NotificationApp/GetNotifications"
MARK = "/NotificationApp/NotificationApp/UpdateNotificationState"
ENTRIES = "/calendarv2/calendarv2/getentries"


async def test_news_list_is_newest_first_with_attachments(signed_in):
    b = await signed_in("anna", NILS)
    data = (await b.post(NEWS, {"pageSize": -1, "sortBy": "lastPublishDate___SORT_DESC"})).data
    items = data["items"]
    assert data["totalItemCount"] == len(items) >= 8
    dates = [i["publishedDate"] for i in items]
    assert dates == sorted(dates, reverse=True)
    first = items[0]
    assert set(first) >= {
        "id",
        "title",
        "content",
        "publishedDate",
        "publishedDateString",
        "publishedBy",
        "attachments",
    }
    assert first["publishedDateString"] == first["publishedDate"][:10]
    titles = {i["title"] for i in items}
    assert "Välkommen till en ny termin!" in titles  # school-wide
    assert "Fritids: glöm inte ombyteskläder" in titles  # the fritids group
    assert "Utedag på fredag" not in titles  # Elsa's preschool
    paged = (await b.post(NEWS, {"pageSize": 2, "page": 2})).data
    assert [i["id"] for i in paged["items"]] == [i["id"] for i in items[2:4]]


async def test_news_item_and_its_pdf_attachment(signed_in, browser):
    b = await signed_in("anna", NILS)
    items = (await b.post(NEWS, {"pageSize": -1})).data["items"]
    with_file = next(i for i in items if i["attachments"])
    item = (await b.get(f"/Communication/News/GetNewsItem?id={with_file['id']}")).data
    assert item == with_file
    attachment = item["attachments"][0]
    assert attachment["fileType"] == "pdf"
    async with b.http.get(b.url(attachment["url"])) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/pdf"
        assert (await response.read()).startswith(b"%PDF-1.4")
    stranger = await browser().get(attachment["url"])
    assert stranger.status == 302
    missing = await b.get("/Communication/News/GetNewsItem?id=99999")
    assert missing.data["errorCode"] == "NOT_FOUND"


async def test_notifications_cover_all_children_with_pupil_ids(signed_in):
    b = await signed_in("anna", NILS)
    notes = (await b.post(NOTES)).data["notifications"]
    children = {n["pupilSourceId"].split("|")[1] for n in notes}
    assert children == {pupil_id_of(ELSA), pupil_id_of(NILS)}
    note = notes[0]
    assert set(note) == {
        "id",
        "title",
        "subTitle",
        "subjectsCourses",
        "dateSent",
        "orderDate",
        "appType",
        "type",
        "state",
        "url",
        "pupilIM2Id",
        "pupilSourceId",
        "currentlySelectedPupil",
        "entityTypeString",
    }
    for n in notes:
        assert n["currentlySelectedPupil"] == (
            n["pupilSourceId"].split("|")[1] == pupil_id_of(NILS)
        )
        datetime.strptime(n["orderDate"], "%Y-%m-%dT%H:%M:%S")
    assert {n["state"] for n in notes} == {"New", "Read"}
    news_urls = [n["url"] for n in notes if n["appType"] == "News"]
    assert all(u.startswith("/#/communication/news/") for u in news_urls)


async def test_notifications_since_a_timestamp_and_the_cursor(hub, signed_in):
    b = await signed_in("anna", NILS)
    everything = await b.post(SINCE, {"timestamp": "1970-01-01 00:00:00.000"})
    cursor = everything.data["timestamp"]
    newest = max(n["orderDate"] for n in everything.data["notifications"])
    assert cursor.replace(" ", "T").startswith(newest)
    assert (await b.post(SINCE, {"timestamp": cursor})).data == {
        "notifications": [],
        "timestamp": cursor,
    }
    hub.staff("larare").news(group="4B", title="Nytt", text="Hej")
    hub.staff("larare").news(group="4B", title="Nytt igen", text="Hej")  # same frozen instant
    fresh = (await b.post(SINCE, {"timestamp": cursor})).data
    assert [n["title"] for n in fresh["notifications"]] == ["Nytt igen", "Nytt"]
    assert fresh["timestamp"] > cursor


async def test_marking_notifications_seen_and_read(signed_in):
    b = await signed_in("anna", NILS)
    new = [n for n in (await b.post(NOTES)).data["notifications"] if n["state"] == "New"]
    ids = [n["id"] for n in new[:2]]
    assert (await b.post(MARK, {"ids": ids, "state": "Seen"})).data == {"success": True}
    states = {n["id"]: n["state"] for n in (await b.post(NOTES)).data["notifications"]}
    assert [states[i] for i in ids] == ["Seen", "Seen"]
    await b.post(MARK, {"ids": ids[:1], "state": "Read"})
    await b.post(MARK, {"ids": ids[1:], "state": "New"})
    states = {n["id"]: n["state"] for n in (await b.post(NOTES)).data["notifications"]}
    assert [states[i] for i in ids] == ["Read", "New"]
    assert (await b.post(MARK, {"ids": ids, "state": "Gone"})).data["errorCode"] == "INVALID"
    peter = await signed_in("peter", NILS)
    await peter.post(MARK, {"ids": ids, "state": "Read"})  # not his: nothing happens
    states = {n["id"]: n["state"] for n in (await b.post(NOTES)).data["notifications"]}
    assert states[ids[1]] == "New"


async def test_calendar_takes_slash_and_iso_dates(signed_in):
    b = await signed_in("anna", NILS)
    slash = await b.post(ENTRIES, {"startDate": "2026/11/23", "endDate": "2026/12/20"})
    iso = await b.post(ENTRIES, {"startDate": "2026-11-23", "endDate": "2026-12-20"})
    assert slash.status == 200 and isinstance(slash.data, list)
    assert slash.data == iso.data
    by_title = {e["title"]: e for e in slash.data}
    test = by_title["Prov i matematik: bråk"]
    assert test["calendarEntryTypeId"] == 3 and test["subjects"][0]["title"] == "Matematik"
    assert test["startDate"] == "2026-12-02" and test["isAllDayEvent"] is True
    homework = [e for e in slash.data if e["calendarEntryTypeId"] == 2]
    assert homework and all(e["subjects"] for e in homework)
    studiedag = by_title["Studiedag – skolan och fritids stängda"]
    assert studiedag["calendarEntryTypeId"] == 5 and studiedag["startDate"] == "2026-12-09"
    trip = by_title["Utflykt till Naturum"]
    assert (trip["startTime"], trip["endTime"], trip["isAllDayEvent"]) == ("08:30", "14:00", False)
    assert trip["startDateFull"] == "2026-12-01T08:30:00"
    assert trip["url"] == f"/calendarv2#eventId={trip['id']}"
    assert "Utedag i skogen" not in by_title  # Elsa's


async def test_calendar_without_dates_is_a_500(signed_in):
    b = await signed_in("anna", NILS)
    assert (await b.post(ENTRIES, {})).status == 500
    assert (await b.post(ENTRIES, {"startDate": "2026/11/23"})).status == 500


async def test_calendar_types(signed_in):
    b = await signed_in("anna", NILS)
    types = (await b.post("/calendarv2/calendarv2/appData")).data["calendarEntryTypes"]
    assert [(t["id"], t["name"]) for t in types] == [
        (1, "Händelse"),
        (2, "Läxa"),
        (3, "Prov"),
        (4, "Inlämning"),
        (5, "Studiedag/lov"),
    ]
    assert set(types[0]) == {"id", "name", "colour", "className", "isCustomType"}


async def test_messages_inbox_sent_read_and_reply(signed_in):
    anna = await signed_in("anna", NILS)
    inbox = (
        await anna.request(
            "POST",
            "/Message/message/GetMessages",
            form={"page": "1", "pageSize": "100", "messageText": "", "inbox": "true"},
        )
    ).data
    assert inbox["page"] == 0 and inbox["more"] is False
    subjects = [i["messageSubject"] for i in inbox["items"]]
    assert subjects == ["Utflykt nästa tisdag", "Sv: Tandläkartid"]
    sent = (
        await anna.request(
            "POST", "/Message/message/GetMessages", form={"inbox": "false", "sentItems": "true"}
        )
    ).data
    assert [i["messageSubject"] for i in sent["items"]] == ["Tandläkartid"]
    await anna.switch(ELSA)
    elsa_inbox = (await anna.post("/Message/message/GetMessages", {"inbox": "true"})).data
    first = elsa_inbox["items"][0]
    assert first["messageSubject"] == "Extra kläder" and first["isNew"] is True
    message = (await anna.post("/Message/message/GetMessage", {"id": first["id"]})).data
    assert message["messageBodyPlainText"].startswith("Hej! Elsa behöver")
    assert message["messageFolder"] == "Inbox"
    assert {u["displayName"] for u in message["toUsers"]} == {"Anna Lindqvist", "Peter Lindqvist"}
    again = (await anna.post("/Message/message/GetMessages", {"inbox": "true"})).data
    assert again["items"][0]["isNew"] is False
    notes = (await anna.post(NOTES)).data["notifications"]
    assert (
        next(n for n in notes if n["url"] == f"/#/message/show/{first['id']}")["state"] == "Read"
    )
    peter = await signed_in("peter", ELSA)
    peters = (await peter.post("/Message/message/GetMessages", {"inbox": "true"})).data
    assert peters["items"][0]["isNew"] is True


async def test_messages_search_and_paging(signed_in):
    anna = await signed_in("anna", NILS)
    found = (await anna.post("/Message/message/GetMessages", {"messageText": "UTFLYKT"})).data
    assert [i["messageSubject"] for i in found["items"]] == ["Utflykt nästa tisdag"]
    page = (await anna.post("/Message/message/GetMessages", {"pageSize": 1, "page": 1})).data
    assert len(page["items"]) == 1 and page["more"] is True


async def test_recipients_and_sending(signed_in):
    anna = await signed_in("anna", NILS)
    users = (await anna.post("/Message/message/GetRecipients")).data["users"]
    assert users == [{"id": 5201, "displayName": "Karin Holm", "role": "Teacher"}]
    sent = await anna.post(
        "/Message/message/SendMessage",
        {"toUserIds": [5201], "subject": "Fråga", "body": "Hej Karin!"},
    )
    assert sent.data["success"] is True
    teacher = await signed_in("larare")
    mail = (await teacher.post("/Message/message/GetMessage", {"id": sent.data["id"]})).data
    assert mail["messageBodyPlainText"] == "Hej Karin!" and mail["sentUser"]["id"] == 5001
    refused = await anna.post(
        "/Message/message/SendMessage",
        {"toUserIds": [5203], "subject": "Fel", "body": "Maja är inte Nils lärare"},
    )
    assert refused.status == 403 and refused.data["errorCode"] == "ACCESS_DENIED"
    empty = await anna.post("/Message/message/SendMessage", {"toUserIds": [5201], "body": ""})
    assert empty.data["errorCode"] == "INVALID"
    await anna.switch(ELSA)
    inbox = (await anna.post("/Message/message/GetMessages", {"inbox": "true"})).data["items"]
    reply = await anna.post(
        "/Message/message/SendMessage",
        {"toUserIds": [5203], "body": "Vi tar med kläder.", "replyToId": inbox[0]["id"]},
    )
    assert reply.data["success"] is True
    mine = (await anna.post("/Message/message/GetMessage", {"id": reply.data["id"]})).data
    assert mine["messageSubject"] == "Sv: Extra kläder" and mine["messageFolder"] == "Sent"
    other = await signed_in("sara")
    hidden = await other.post("/Message/message/GetMessage", {"id": reply.data["id"]})
    assert hidden.data["errorCode"] == "NOT_FOUND"
