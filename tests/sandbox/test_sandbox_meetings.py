"""Development talk slots, booking, cancelling."""

from __future__ import annotations

from datetime import datetime

from bot.clock import STOCKHOLM
from bot.sandbox.demo import ELSA, NILS

SLOTS = "/Home/meeting/GetPupilAvailabilities"
BOOK = "/Home/meeting/BookAvailability"
MINE = "/Home/meeting/GetPupilBookings"
CANCEL = "/Home/meeting/CancelBooking"


async def test_slots_for_the_childs_groups(signed_in):
    b = await signed_in("anna", NILS)
    data = (await b.post(SLOTS)).data
    assert data["totalCount"] == len(data["availabilities"]) == 10
    first = data["availabilities"][0]
    assert first == {
        "availabilityId": first["availabilityId"],
        "date": "2026-12-07",
        "timeFrom": "15:00",
        "timeRange": "15:00-15:30",
        "meetingType": "Utvecklingssamtal",
        "location": "Klassrum 4B",
        "meetingId": first["meetingId"],
    }
    await b.switch(ELSA)
    elsa = (await b.post(SLOTS)).data["availabilities"]
    assert {s["location"] for s in elsa} == {"Avdelning Solrosen"}


async def test_book_list_and_cancel(hub, signed_in):
    anna = await signed_in("anna", NILS)
    slot = (await anna.post(SLOTS)).data["availabilities"][1]
    booked = await anna.post(BOOK, {"availabilityId": slot["availabilityId"]})
    assert booked.data["success"] is True
    slots = (await anna.post(SLOTS)).data["availabilities"]
    assert slot["availabilityId"] not in [s["availabilityId"] for s in slots]
    bookings = (await anna.post(MINE)).data["bookings"]
    assert bookings == [
        {
            "bookingId": booked.data["bookingId"],
            **slot,
            "bookedByName": "Anna Lindqvist",
        }
    ]
    assert hub.state()["meeting_bookings"] == [
        {"child": "Nils", "date": "2026-12-07", "time": "15:30", "booked_by": "anna"}
    ]
    peter = await signed_in("peter", NILS)
    twice = await peter.post(BOOK, {"availabilityId": slots[0]["availabilityId"]})
    assert twice.data["errorCode"] == "ALREADY_BOOKED"
    taken = await peter.post(BOOK, {"availabilityId": slot["availabilityId"]})
    assert taken.data["errorCode"] == "ALREADY_BOOKED"
    assert (await peter.post(CANCEL, {"bookingId": booked.data["bookingId"]})).data == {
        "success": True
    }
    assert hub.state()["meeting_bookings"] == []
    gone = await peter.post(CANCEL, {"bookingId": booked.data["bookingId"]})
    assert gone.data["errorCode"] == "NOT_FOUND"


async def test_other_groups_slots_and_students(signed_in):
    anna = await signed_in("anna", ELSA)
    elsa_slot = (await anna.post(SLOTS)).data["availabilities"][0]
    await anna.switch(NILS)
    wrong = await anna.post(BOOK, {"availabilityId": elsa_slot["availabilityId"]})
    assert wrong.data["errorCode"] == "NOT_FOUND"
    student = await signed_in("nils")
    slot = (await student.post(SLOTS)).data["availabilities"][0]
    denied = await student.post(BOOK, {"availabilityId": slot["availabilityId"]})
    assert denied.status == 403 and denied.data["errorCode"] == "ACCESS_DENIED"


async def test_started_talks_cannot_be_cancelled(clock, signed_in):
    anna = await signed_in("anna", NILS)
    slot = (await anna.post(SLOTS)).data["availabilities"][0]
    booked = (await anna.post(BOOK, {"availabilityId": slot["availabilityId"]})).data
    clock.set(datetime(2026, 12, 7, 15, 0, tzinfo=STOCKHOLM))
    anna = await signed_in("anna", NILS)
    answer = await anna.post(CANCEL, {"bookingId": booked["bookingId"]})
    assert answer.data["errorCode"] == "LOCKED"
    later = [s for s in (await anna.post(SLOTS)).data["availabilities"]]
    assert all((s["date"], s["timeFrom"]) > ("2026-12-07", "15:00") for s in later)


async def test_new_slot_from_staff_is_offered_and_announced(hub, signed_in):
    slot = hub.staff("larare").meeting_slot(group="4B", date="2026-12-10", time="08:00")
    anna = await signed_in("anna", NILS)
    ids = [s["availabilityId"] for s in (await anna.post(SLOTS)).data["availabilities"]]
    assert slot["availabilityId"] in ids
    notes = (await anna.post("/NotificationApp/NotificationApp/appData")).data["notifications"]
    assert notes[0]["appType"] == "Meeting"
