"""Every Hub operation through the client, over real HTTP against the sandbox Hub.

The clock stands on Thursday 2026-11-26 07:30. Anna is the guardian of Elsa
(preschool, times) and Nils (year 4 with fritids). Writes are checked through a
second, independent reader where it matters (Peter, the other guardian), so a
test sees the Hub's state and not the client's own answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, time, timedelta
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.hub import (
    AbsenceSpan,
    AccessDenied,
    BankIdRequired,
    DayTimes,
    NotAvailableForChild,
    RuleRefused,
)
from bot.sandbox import SandboxHub

Link = Callable[..., Awaitable[Any]]  # the `link` fixture: login → a linked account

ELSA, NILS = "3100101", "3100102"
SAGA = "3100301"
TODAY = date(2026, 11, 26)
TOMORROW = TODAY + timedelta(days=1)
NEXT_MONDAY = date(2026, 11, 30)


async def test_account_and_children(link: Link) -> None:
    anna = await link("anna")
    account = await anna.client.account()
    assert (account.first_name, account.user_type) == ("Anna", "Guardian")
    assert {p.user_role_id for p in account.pupils} == {ELSA, NILS}

    kids = {c.first_name: c for c in await anna.client.children()}
    assert set(kids) == {"Elsa", "Nils"}
    assert kids["Elsa"].switch_id == ELSA and kids["Elsa"].last_name == "Lindqvist"
    assert kids["Elsa"].has("timeregistration") and not kids["Elsa"].has("assessment")
    assert kids["Nils"].has("assessment") and kids["Nils"].has("timeregistration")
    assert sum(c.selected for c in kids.values()) == 1


async def test_student_sees_only_themself_and_may_not_report(link: Link) -> None:
    nils = await link("nils")
    assert (await nils.client.account()).user_type == "Pupil"
    (me,) = await nils.client.children()
    assert me.switch_id == NILS
    with pytest.raises(AccessDenied):
        await nils.client.register_absence(me, TODAY, AbsenceSpan.full_day())


async def test_news_list_item_and_attachment(link: Link) -> None:
    anna = await link("anna")
    elsa_news = await anna.client.news(ELSA)
    nils_news = await anna.client.news(NILS)
    assert elsa_news and nils_news
    assert {n.id for n in elsa_news}.isdisjoint({n.id for n in nils_news})
    dates = [n.published_date for n in nils_news if n.published_date]
    assert dates == sorted(dates, reverse=True)

    item = await anna.client.news_item(NILS, nils_news[0].id)
    assert (item.id, item.title) == (nils_news[0].id, nils_news[0].title)

    with_file = next(n for n in nils_news + elsa_news if n.attachments)
    owner = NILS if with_file in nils_news else ELSA
    download = await anna.client.download(owner, with_file.attachments[0].url)
    assert download.content.startswith(b"%PDF")
    assert download.content_type == "application/pdf"
    assert download.filename == with_file.attachments[0].title


async def test_notifications_list_since_and_mark(
    link: Link, sandbox: SandboxHub, clock: ManualClock
) -> None:
    anna = await link("anna")
    everything = await anna.client.notifications()
    assert everything
    for_nils = await anna.client.notifications(NILS)
    assert for_nils and all(n.child_switch_id == NILS for n in for_nils)
    assert {n.child_switch_id for n in everything} >= {NILS}

    first = await anna.client.notifications_since(clock.now() - timedelta(days=60))
    assert first.notifications
    assert first.cursor is not None

    sandbox.staff("larare").news(group="4B", title="Luciafirande", text="Välkomna!")
    later = await anna.client.notifications_since(first.cursor)
    (new,) = later.notifications
    assert "Luciafirande" in f"{new.title} {new.sub_title}"
    assert new.child_switch_id == NILS and new.link is not None and new.link.kind == "news"

    marked = await anna.client.mark_notifications([new.id], "Read")
    assert [(n.id, n.state) for n in marked] == [(new.id, "Read")]
    assert next(n for n in await anna.client.notifications() if n.id == new.id).state == "Read"


async def test_calendar_and_types(link: Link, sandbox: SandboxHub) -> None:
    anna = await link("anna")
    dates = sandbox.demo_dates
    assert dates is not None
    entries = await anna.client.calendar(NILS, dates.monday, dates.monday + timedelta(days=27))
    assert entries
    assert any(e.day == dates.studiedag_nordskolan for e in entries)
    assert all(
        e.day is None or dates.monday <= e.day <= dates.monday + timedelta(days=27)
        for e in entries
    )
    types = {t.id: t.name for t in await anna.client.calendar_types(NILS)}
    assert types[1] == "Händelse" and types[5].startswith("Studiedag")


async def test_absence_report_comment_and_undo(link: Link) -> None:
    anna, peter = await link("anna"), await link("peter")

    box = await anna.client.register_absence(NILS, TODAY, AbsenceSpan.morning())
    assert box.absent_today and box.absence_today_span == AbsenceSpan.morning()

    box = await anna.client.register_absence(
        NILS, TOMORROW, AbsenceSpan.full_day(), comment="Hämtas av mormor"
    )
    assert box.absent_tomorrow and box.absence_tomorrow_comment == "Hämtas av mormor"

    box = await anna.client.save_absence_comment(NILS, TOMORROW, "Tandläkare")
    assert box.absence_tomorrow_comment == "Tandläkare"

    seen_by_peter = await peter.client.attendance(NILS)
    assert seen_by_peter.absent_today and seen_by_peter.absent_tomorrow
    assert seen_by_peter.absence_tomorrow_comment == "Tandläkare"

    box = await anna.client.undo_absence(NILS, TODAY)
    assert not box.absent_today and box.absent_tomorrow
    assert not (await peter.client.attendance(NILS)).absent_today

    elsa = await anna.client.register_absence(ELSA, TOMORROW, AbsenceSpan.between(time(10)))
    assert elsa.absence_tomorrow_span == AbsenceSpan.between(time(10), None)


async def test_absence_outside_today_and_tomorrow_never_reaches_the_hub(
    link: Link, sandbox: SandboxHub
) -> None:
    anna = await link("anna")
    before = sandbox.reads("registerattendance")
    for day in (TODAY - timedelta(days=1), TODAY + timedelta(days=2)):
        with pytest.raises(RuleRefused) as caught:
            await anna.client.register_absence(NILS, day, AbsenceSpan.full_day())
        assert caught.value.rule == "OUT_OF_RANGE"
    assert sandbox.reads("registerattendance") == before


async def test_absence_today_locks_at_cutoff(link: Link, clock: ManualClock) -> None:
    anna = await link("anna")
    clock.advance(hours=8)  # 15:30
    with pytest.raises(RuleRefused) as caught:
        await anna.client.register_absence(NILS, TODAY, AbsenceSpan.full_day())
    assert caught.value.rule == "LOCKED" and caught.value.message
    box = await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.afternoon())
    assert box.absent_tomorrow


async def test_attendance_list(link: Link) -> None:
    anna = await link("anna")
    await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.full_day())
    page = await anna.client.attendance_list(NILS)
    assert page.items
    assert any(r.day == TOMORROW for r in page.items)
    assert all(r.registration_type_name for r in page.items)


async def test_leave_requests(link: Link) -> None:
    anna, peter = await link("anna"), await link("peter")
    start, end = date(2026, 12, 14), date(2026, 12, 16)
    made = await anna.client.create_leave_request(NILS, start, end, "Resa till farmor")
    assert (made.start_date, made.end_date, made.status) == (start, end, "Pending")
    assert made.id in {r.id for r in await peter.client.leave_requests(NILS)}

    remaining = await anna.client.delete_leave_request(NILS, made.id)
    assert made.id not in {r.id for r in remaining}
    assert made.id not in {r.id for r in await peter.client.leave_requests(NILS)}

    with pytest.raises(RuleRefused) as caught:
        await anna.client.create_leave_request(NILS, TODAY - timedelta(days=3), TODAY)
    assert caught.value.rule == "OUT_OF_RANGE"


async def test_time_registrations_read_save_and_repeat(link: Link) -> None:
    anna, peter = await link("anna"), await link("peter")
    week = await anna.client.time_registrations(ELSA, TODAY)
    assert [d.date for d in week.days] == [
        date(2026, 11, 23) + timedelta(days=i) for i in range(7)
    ]
    thursday = week.day(TODAY)
    assert thursday is not None and thursday.start == time(7, 30) and thursday.editable

    saved = await anna.client.save_time_registrations(
        ELSA,
        [
            DayTimes(TODAY, time(8), time(15, 30)),
            DayTimes.leave(TOMORROW, comment="Ledig hos mormor"),
        ],
    )
    assert saved.day(TODAY).start == time(8)  # type: ignore[union-attr]
    assert saved.day(TOMORROW).on_leave  # type: ignore[union-attr]
    by_peter = await peter.client.time_registrations(ELSA, TODAY)
    assert by_peter.day(TODAY).end == time(15, 30)  # type: ignore[union-attr]
    assert by_peter.day(TOMORROW).comment == "Ledig hos mormor"  # type: ignore[union-attr]

    await anna.client.save_time_registrations(
        ELSA, [DayTimes(NEXT_MONDAY, time(9), time(14))], repeat_weeks=3
    )
    for weeks in (0, 1):
        day = NEXT_MONDAY + timedelta(weeks=weeks)
        got = (await peter.client.time_registrations(ELSA, day)).day(day)
        assert got is not None and (got.start, got.end) == (time(9), time(14))
    closed = NEXT_MONDAY + timedelta(weeks=2)  # Solrosen's planeringsdag: skipped by the series
    got = (await peter.client.time_registrations(ELSA, closed)).day(closed)
    assert got is not None and got.is_school_closed and got.start is None
    after = NEXT_MONDAY + timedelta(weeks=3)
    got = (await peter.client.time_registrations(ELSA, after)).day(after)
    assert got is not None and got.start == time(7, 30)

    with pytest.raises(ValueError):
        await anna.client.save_time_registrations(
            ELSA, [DayTimes(TODAY, time(8), time(9)), DayTimes(NEXT_MONDAY, time(8), time(9))]
        )


async def test_time_registration_refusals(link: Link, sandbox: SandboxHub) -> None:
    anna, sara = await link("anna"), await link("sara")
    saves = sandbox.reads("savetimeregistrations")

    with pytest.raises(RuleRefused) as caught:  # a past day: refused before sending
        await anna.client.save_time_registrations(
            ELSA, [DayTimes(TODAY - timedelta(days=1), time(8), time(9))]
        )
    assert caught.value.rule == "LOCKED"
    assert sandbox.reads("savetimeregistrations") == saves

    with pytest.raises(RuleRefused) as caught:  # the Hub's own rule
        await anna.client.save_time_registrations(ELSA, [DayTimes(TODAY, time(5), time(9))])
    assert caught.value.rule == "OUTSIDE_OPENING_HOURS" and "06:30" in caught.value.message
    assert sandbox.reads("savetimeregistrations") == saves + 1

    (alva,) = await sara.client.children()
    with pytest.raises(RuleRefused) as caught:  # taxi fritids: today is already locked
        await sara.client.save_time_registrations(alva, [DayTimes(TODAY, time(8), time(15))])
    assert caught.value.rule == "LOCKED"
    saved = await sara.client.save_time_registrations(
        alva, [DayTimes(TOMORROW, time(8), time(15))]
    )
    assert saved.day(TOMORROW).start == time(8)  # type: ignore[union-attr]


async def test_day_comment(link: Link) -> None:
    anna, peter = await link("anna"), await link("peter")
    before = await anna.client.day_comment(ELSA, TOMORROW)
    assert before.user_comment is None
    after = await anna.client.save_day_comment(ELSA, TOMORROW, "Mormor hämtar")
    assert after.user_comment == "Mormor hämtar"
    assert (await peter.client.day_comment(ELSA, TOMORROW)).user_comment == "Mormor hämtar"


async def test_meetings_book_and_cancel(link: Link) -> None:
    anna, peter = await link("anna"), await link("peter")
    slots = await anna.client.meeting_slots(NILS)
    assert len(slots) >= 2
    booking = await anna.client.book_meeting(NILS, slots[0].availability_id)
    assert str(booking.availability_id) == str(slots[0].availability_id)
    assert booking.booked_by_name == "Anna Lindqvist"
    assert [b.booking_id for b in await peter.client.meeting_bookings(NILS)] == [
        booking.booking_id
    ]
    assert slots[0].availability_id not in {
        s.availability_id for s in await peter.client.meeting_slots(NILS)
    }

    for client, slot in ((peter.client, slots[0]), (anna.client, slots[1])):
        with pytest.raises(RuleRefused) as caught:
            await client.book_meeting(NILS, slot.availability_id)
        assert caught.value.rule == "ALREADY_BOOKED"

    remaining = await anna.client.cancel_meeting(NILS, booking.booking_id)
    assert remaining == []
    with pytest.raises(RuleRefused) as caught:
        await anna.client.cancel_meeting(NILS, booking.booking_id)
    assert caught.value.rule == "NOT_FOUND"


async def test_messages_send_list_and_read(link: Link, sandbox: SandboxHub) -> None:
    anna = await link("anna")
    teachers = await anna.client.recipients(NILS)
    karin = next(t for t in teachers if t.display_name == "Karin Holm")

    sent = await anna.client.send_message(NILS, [karin.id], "Utflykten", "Behöver Nils matsäck?")
    assert sent.message_subject == "Utflykten"
    assert sent.message_body_plain_text == "Behöver Nils matsäck?"
    assert [u.id for u in sent.to_users] == [karin.id]

    outbox = await anna.client.messages(inbox=False, child=NILS)
    assert sent.id in {m.id for m in outbox.items}

    inbox = await anna.client.messages()
    assert inbox.items
    times = [m.time_sent for m in inbox.items if m.time_sent]
    assert times == sorted(times, reverse=True)
    unread = next((m for m in inbox.items if m.is_new), inbox.items[0])
    opened = await anna.client.message(unread.id)
    assert opened.message_body_plain_text
    reread = next(m for m in (await anna.client.messages()).items if m.id == unread.id)
    assert not reread.is_new

    with pytest.raises(AccessDenied):
        await anna.client.send_message(NILS, ["5202"], "Hej", "Fel lärare")
    assert sandbox.reads("sendmessage") == 2


async def test_secure_boxes_need_bankid(link: Link, sandbox: SandboxHub) -> None:
    anna = await link("anna")
    for read in (anna.client.assessment, anna.client.documentation):
        with pytest.raises(BankIdRequired) as caught:
            await read(NILS)
        assert caught.value.login_url.startswith(f"{sandbox.base_url!s}/sso/bankid?ReturnUrl=")


async def test_module_missing_for_child(link: Link) -> None:
    anna, lina = await link("anna"), await link("lina")
    with pytest.raises(NotAvailableForChild) as caught:
        await anna.client.assessment(ELSA)
    assert (caught.value.module, caught.value.child_id) == ("assessment", ELSA)
    with pytest.raises(NotAvailableForChild):
        await lina.client.time_registrations(SAGA)
    assert await lina.client.news(SAGA)  # the session is still fine
    assert anna.client.session.logins == 1 and lina.client.session.logins == 1


async def test_logout_then_the_next_call_logs_in_again(link: Link) -> None:
    anna = await link("anna")
    first = await anna.client.news(ELSA)
    await anna.client.logout()
    assert await anna.client.news(ELSA) == first
    assert anna.client.session.logins == 2
