"""`AiohttpHubClient`: the Hub operations over one account's session, writes read back.

Each write follows one pattern: send once; on success read the Hub back and
return what it shows, and if it does not show what was asked, say the outcome is
unknown. When the answer itself was lost, a write whose effect can be recognised
afterwards (an absence, a schedule, a booking) is settled by reading back; any
other stays `OutcomeUnknown`. Nothing is ever sent twice by this module.

`AiohttpHub` owns what accounts share (the connection pool, the OAuth client,
the password-login helper) and hands out one client per linked account.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, time, timedelta
from types import TracebackType
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from yarl import URL

from bot.clock import Clock, today
from bot.hub.endpoints import HubEndpoints
from bot.hub.errors import BankIdRequired, HubError, OutcomeUnknown, RuleRefused
from bot.hub.interface import ChildRef, HubClient, NotificationState
from bot.hub.models import (
    AbsenceSpan,
    Account,
    AttendanceBox,
    AttendancePage,
    AttendanceRecord,
    CalendarEntry,
    CalendarEntryType,
    Child,
    DayComment,
    DayTimes,
    Download,
    HubId,
    LeaveRequest,
    MeetingBooking,
    MeetingSlot,
    Message,
    MessagePage,
    MessageSummary,
    NewsItem,
    Notification,
    NotificationsSince,
    Recipient,
    SecureBox,
    TimeRegistrationWeek,
    TokenSet,
    format_hub_timestamp,
    parse_hub_date,
)
from bot.hub.oauth import APP_CLIENT_ID, DEFAULT_SCOPE, OAuthClient
from bot.hub.password_login import password_pairing
from bot.hub.session import HubAccountSession, TokenCallback
from bot.hub.transport import HubHttp, HubTimeouts, Sleep

log = logging.getLogger("bot.hub")

M = TypeVar("M", bound=BaseModel)
P = TypeVar("P", bound=BaseModel)
R = TypeVar("R")

NEWS_LIST = "/Communication/News/GetNewsList"
NEWS_ITEM = "/Communication/News/GetNewsItem"
NOTIFICATIONS = "/NotificationApp/NotificationApp/appData"
NOTIFICATIONS_SINCE = "/NotificationApp/NotificationApp/GetNotifications"
NOTIFICATIONS_MARK = "/NotificationApp/NotificationApp/UpdateNotificationState"
CALENDAR = "/calendarv2/calendarv2/getentries"
CALENDAR_TYPES = "/calendarv2/calendarv2/appData"
ATTENDANCE = "/attendance/attendance/appData"
ATTENDANCE_LIST = "/Attendance/Attendance/GetAttendanceList"
REGISTER_ATTENDANCE = "/attendance/attendance/registerAttendance"
REGISTER_SESSION = "/attendance/attendance/registerSessionAttendance"
ABSENCE_COMMENT = "/attendance/attendance/saveAbsenceComment"
LEAVE_LIST = "/attendance/attendance/GetLeaveRequestList"
LEAVE_CREATE = "/attendance/attendance/createLeaveRequest"
LEAVE_DELETE = "/attendance/attendance/deleteLeaveRequest"
TIMES = "/TimeRegistration/TimeRegistration/GetTimeRegistrations/"
TIMES_SAVE = "/TimeRegistration/TimeRegistration/SaveTimeRegistrations/"
COMMENTS = "/TimeRegistration/TimeRegistration/GetComments/"
COMMENT_SAVE = "/TimeRegistration/TimeRegistration/SaveComment/"
MEETING_SLOTS = "/Home/meeting/GetPupilAvailabilities"
MEETING_BOOK = "/Home/meeting/BookAvailability"
MEETING_MINE = "/Home/meeting/GetPupilBookings"
MEETING_CANCEL = "/Home/meeting/CancelBooking"
MESSAGES = "/Message/message/GetMessages"
MESSAGE = "/Message/message/GetMessage"
RECIPIENTS = "/Message/message/GetRecipients"
MESSAGE_SEND = "/Message/message/SendMessage"
ASSESSMENT = "/assessmentv2/assessmentv2/appData"
DOCUMENTATION = "/documentation/documentation/appData"
ACCOUNT = "/NA1/account/Account"

_STATE_RANK = {"New": 0, "Seen": 1, "Read": 2, "Cleared": 3}


def child_id(child: ChildRef | int) -> str:
    return child.switch_id if isinstance(child, Child) else str(child)


def parse_rows(model: type[M], rows: Any, what: str) -> list[M]:
    """Rows that parse; a malformed row is counted and skipped, not fatal."""
    if not isinstance(rows, list):
        raise HubError(f"{what}: the Hub did not answer a list")
    parsed: list[M] = []
    bad = 0
    for row in rows:
        try:
            parsed.append(model.model_validate(row))
        except ValidationError:
            bad += 1
    if bad:
        log.warning("hub %s: skipped %d malformed rows", what, bad)
    return parsed


def parse_one(model: type[M], data: Any, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise HubError(f"{what}: the Hub answered an unexpected shape") from exc


def parse_page(page: type[P], row: type[M], data: Any, what: str) -> P:
    """A paged answer whose `items` are parsed row by row (see `parse_rows`)."""
    rest = {k: v for k, v in data.items() if k != "items"} if isinstance(data, dict) else {}
    parsed = parse_one(page, rest, what)
    return parsed.model_copy(update={"items": parse_rows(row, _field(data, "items"), what)})


def _field(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


def _same_text(got: str | None, wanted: str | None) -> bool:
    """The Hub trims what it stores; compare as a person would read it."""
    return (got or "").strip() == (wanted or "").strip()


def _hhmm(day: date, value: time | None) -> str | None:
    return None if value is None else f"{day.isoformat()}T{value.strftime('%H:%M')}:00"


class AiohttpHubClient:
    """`HubClient` for one linked account, over its `HubAccountSession`."""

    def __init__(self, session: HubAccountSession, clock: Clock) -> None:
        self.session = session
        self._clock = clock

    # -- plumbing ---------------------------------------------------------------------------------

    async def _read(
        self, path: str, module: str, child: ChildRef | None = None, body: Any = None
    ) -> Any:
        return await self.session.call(
            "POST",
            path,
            module=module,
            child_id=None if child is None else child_id(child),
            json_body={} if body is None else body,
        )

    async def _write(
        self,
        operation: str,
        path: str,
        *,
        module: str,
        child: ChildRef,
        read: Callable[[Any], Awaitable[R]],
        shows: Callable[[Any, R], bool],
        body: Any = None,
        form: dict[str, Any] | None = None,
        resolvable: bool = True,
    ) -> R:
        """Send once, read back, verify. `answer` is None while settling a lost answer."""
        try:
            answer = await self.session.call(
                "POST",
                path,
                module=module,
                child_id=child_id(child),
                json_body=body,
                form=form,
                write=True,
                operation=operation,
            )
        except OutcomeUnknown:
            if not resolvable:
                raise
            try:
                state = await read(None)
            except HubError:
                raise OutcomeUnknown(
                    operation, "the answer was lost and a read-back failed"
                ) from None
            if shows(None, state):
                log.info("hub %s: answer lost, read-back shows it done", operation)
                return state
            raise
        try:
            state = await read(answer)
        except HubError as exc:
            raise OutcomeUnknown(
                operation, f"the Hub said yes but reading it back failed ({exc.code})"
            ) from exc
        if not shows(answer, state):
            raise OutcomeUnknown(operation, "the Hub said yes but the read-back does not show it")
        return state

    # -- who and which children -----------------------------------------------------------------

    async def account(self) -> Account:
        return parse_one(Account, await self.session.api_get(ACCOUNT), "account")

    async def children(self) -> list[Child]:
        return await self.session.children()

    # -- news, notifications, calendar ----------------------------------------------------------

    async def news(self, child: ChildRef) -> list[NewsItem]:
        data = await self._read(
            NEWS_LIST, "news", child, {"pageSize": -1, "sortBy": "lastPublishDate___SORT_DESC"}
        )
        return parse_rows(NewsItem, _field(data, "items"), "news")

    async def news_item(self, child: ChildRef, item_id: HubId) -> NewsItem:
        data = await self.session.call(
            "GET",
            str(URL(NEWS_ITEM).with_query(id=str(item_id))),
            module="news",
            child_id=child_id(child),
        )
        return parse_one(NewsItem, data, "news item")

    async def _owned(self, rows: list[Notification]) -> list[Notification]:
        """Each notification with the switch id of the child whose `pupilSourceId` it has."""
        if not rows:
            return rows
        pupils = await self.session.pupils()
        return [n.for_child(pupils) for n in rows]

    async def notifications(self, child: ChildRef | None = None) -> list[Notification]:
        data = await self._read(NOTIFICATIONS, "notifications")
        items = await self._owned(
            parse_rows(Notification, _field(data, "notifications"), "notifications")
        )
        if child is None:
            return items
        wanted = child_id(child)
        return [n for n in items if n.child_switch_id == wanted]

    async def notifications_since(self, since: datetime) -> NotificationsSince:
        data = await self._read(
            NOTIFICATIONS_SINCE, "notifications", body={"timestamp": format_hub_timestamp(since)}
        )
        rows = await self._owned(
            parse_rows(Notification, _field(data, "notifications"), "notifications")
        )
        return NotificationsSince(notifications=rows, timestamp=_field(data, "timestamp"))

    async def mark_notifications(
        self, ids: Sequence[HubId], state: NotificationState
    ) -> list[Notification]:
        wanted = {str(i) for i in ids}
        operation = "mark_notifications"
        # A lost answer is settled by the read-back below: the state either shows or not.
        with contextlib.suppress(OutcomeUnknown):
            await self.session.call(
                "POST",
                NOTIFICATIONS_MARK,
                module="notifications",
                json_body={"ids": list(ids), "state": state},
                write=True,
                operation=operation,
            )
        marked = [n for n in await self.notifications() if str(n.id) in wanted]
        rank = _STATE_RANK[state]
        done = len(marked) == len(wanted) and all(
            n.state == state or (state == "Seen" and _STATE_RANK.get(n.state, -1) >= rank)
            for n in marked
        )
        if not done:
            raise OutcomeUnknown(operation, "the read-back does not show the new state")
        return marked

    async def calendar(self, child: ChildRef, start: date, end: date) -> list[CalendarEntry]:
        body = {"startDate": start.strftime("%Y/%m/%d"), "endDate": end.strftime("%Y/%m/%d")}
        data = await self._read(CALENDAR, "calendarv2", child, body)
        return parse_rows(CalendarEntry, data, "calendar")

    async def calendar_types(self, child: ChildRef) -> list[CalendarEntryType]:
        data = await self._read(CALENDAR_TYPES, "calendarv2", child)
        return parse_rows(CalendarEntryType, _field(data, "calendarEntryTypes"), "calendar types")

    # -- absence and leave ----------------------------------------------------------------------

    async def attendance(self, child: ChildRef) -> AttendanceBox:
        return parse_one(AttendanceBox, await self._read(ATTENDANCE, "attendance", child), "box")

    def _which_day(self, day: date) -> Literal["today", "tomorrow"]:
        """The Hub takes absence for its today and tomorrow only; we refuse the rest ourselves."""
        now = today(self._clock)
        if day == now:
            return "today"
        if day == now + timedelta(days=1):
            return "tomorrow"
        raise RuleRefused(
            "OUT_OF_RANGE",
            "Frånvaro kan bara anmälas för idag eller i morgon. Längre ledighet söks som ledighetsansökan.",
        )

    async def register_absence(
        self, child: ChildRef, day: date, span: AbsenceSpan, comment: str | None = None
    ) -> AttendanceBox:
        """Whole days go to `registerAttendance` (lib_smilingschool-dart's body); part of a
        day to `registerSessionAttendance`, the url the box's appData names (its body is
        designed here). A success answer is the outcome: the box read back afterwards is
        shown with what was accepted, since no public field tells a part of a day."""
        which = self._which_day(day)
        body: dict[str, Any] = {
            "present": False,
            "day": which,
            **span.wire(),
            "canAddSicknessToTimeRegistration": False,
        }
        if comment:
            body["comment"] = comment

        def shows(answer: Any, box: AttendanceBox) -> bool:
            if answer is not None:
                return True
            # The answer was lost: only public fields settle it.
            state = box.day(which)
            sessions = box.sessions(which)
            return state.day in (None, day) and (
                state.absent or any(s.is_absent for s in sessions)
            )

        box = await self._write(
            "register_absence",
            REGISTER_ATTENDANCE if span.part == "day" else REGISTER_SESSION,
            module="attendance",
            child=child,
            body=body,
            read=lambda _: self.attendance(child),
            shows=shows,
        )
        return box.accepted(which, span, comment)

    async def undo_absence(self, child: ChildRef, day: date) -> AttendanceBox:
        which = self._which_day(day)
        box = await self._write(
            "undo_absence",
            REGISTER_ATTENDANCE,
            module="attendance",
            child=child,
            body={
                "present": True,
                "day": which,
                "RegType": "day",
                "canAddSicknessToTimeRegistration": False,
            },
            read=lambda _: self.attendance(child),
            shows=lambda answer, box: answer is not None or not box.day(which).absent,
        )
        return box.withdrawn(which)

    async def save_absence_comment(
        self, child: ChildRef, day: date, comment: str
    ) -> AttendanceBox:
        which = self._which_day(day)
        box = await self._write(
            "save_absence_comment",
            ABSENCE_COMMENT,
            module="attendance",
            child=child,
            body={"day": which, "comment": comment},
            read=lambda _: self.attendance(child),
            shows=lambda answer, box: (
                answer is not None or _same_text(box.day(which).comment, comment)
            ),
        )
        return box.with_comment(which, comment)

    async def attendance_list(self, child: ChildRef) -> AttendancePage:
        data = await self._read(ATTENDANCE_LIST, "attendance", child)
        return parse_page(AttendancePage, AttendanceRecord, data, "attendance list")

    async def leave_requests(self, child: ChildRef) -> list[LeaveRequest]:
        # A bare list (lib_smilingschool-dart's binding).
        data = await self._read(LEAVE_LIST, "attendance", child)
        return parse_rows(LeaveRequest, data, "leave requests")

    async def create_leave_request(
        self, child: ChildRef, start: date, end: date, comment: str = ""
    ) -> LeaveRequest:
        if end < start:
            raise ValueError("end before start")
        before = {str(r.id) for r in await self.leave_requests(child)}

        def new_ones(requests: list[LeaveRequest]) -> list[LeaveRequest]:
            return [
                r
                for r in requests
                if str(r.id) not in before
                and r.start_date == start
                and r.end_date == end
                and _same_text(r.comment, comment)
            ]

        def shows(answer: Any, requests: list[LeaveRequest]) -> bool:
            if answer is None:
                return len(new_ones(requests)) == 1
            return any(str(r.id) == str(_field(answer, "id")) for r in requests)

        requests = await self._write(
            "create_leave_request",
            LEAVE_CREATE,
            module="attendance",
            child=child,
            body={
                "startDate": start.isoformat(),
                "endDate": end.isoformat(),
                "comment": comment,
                "fullDay": True,
            },
            read=lambda _: self.leave_requests(child),
            shows=shows,
        )
        return new_ones(requests)[-1] if new_ones(requests) else requests[-1]

    async def delete_leave_request(self, child: ChildRef, request_id: HubId) -> list[LeaveRequest]:
        return await self._write(
            "delete_leave_request",
            LEAVE_DELETE,
            module="attendance",
            child=child,
            body={"id": request_id},
            read=lambda _: self.leave_requests(child),
            shows=lambda _, requests: all(str(r.id) != str(request_id) for r in requests),
        )

    # -- preschool and fritids times ------------------------------------------------------------

    async def _week_raw(self, child: ChildRef, day: date | None) -> Any:
        # Without showNextWeekIfNoMoreSchoolDays: a given day must get its own week, not the next.
        body = {} if day is None else {"date": day.isoformat()}
        return await self._read(TIMES, "timeregistration", child, body)

    async def time_registrations(
        self, child: ChildRef, any_date_in_week: date | None = None
    ) -> TimeRegistrationWeek:
        data = await self._week_raw(child, any_date_in_week)
        return parse_one(TimeRegistrationWeek, data, "time registrations")

    async def save_time_registrations(
        self, child: ChildRef, days: Sequence[DayTimes], repeat_weeks: int | None = None
    ) -> TimeRegistrationWeek:
        if not days:
            raise ValueError("no days to save")
        if len({d.day.isocalendar()[:2] for d in days}) > 1:
            raise ValueError("save one ISO week at a time")
        if repeat_weeks is not None and repeat_weeks < 1:
            raise ValueError("repeat_weeks must be at least 1")
        raw = await self._week_raw(child, days[0].day)
        week = parse_one(TimeRegistrationWeek, raw, "time registrations")
        raw_days = {parse_hub_date(d.get("date")): d for d in _field(raw, "days") or []}
        patched: list[dict[str, Any]] = []
        for change in days:
            current = week.day(change.day)
            if current is None or change.day not in raw_days:
                raise RuleRefused("INVALID", "Den dagen har ingen tidsregistrering.")
            if current.is_school_closed:
                raise RuleRefused(
                    "SCHOOL_CLOSED",
                    current.school_closed_reason or "Verksamheten är stängd den dagen.",
                )
            if current.is_locked or not current.can_edit:
                raise RuleRefused("LOCKED", "Dagen är låst och kan inte ändras längre.")
            day_body = dict(raw_days[change.day])
            day_body.update(
                startDateTime=_hhmm(change.day, change.start),
                endDateTime=_hhmm(change.day, change.end),
                onLeave=change.on_leave,
                registrationType="TimeReg",
            )
            if change.comment is not None:
                day_body.update(commentText=change.comment, isCommentUpdated=True)
            patched.append(day_body)

        series = {"repeatWeeks": repeat_weeks} if repeat_weeks else None

        def shows(_: Any, after: TimeRegistrationWeek) -> bool:
            return all(
                (got := after.day(change.day)) is not None and change.matches(got)
                for change in days
            )

        return await self._write(
            "save_time_registrations",
            TIMES_SAVE,
            module="timeregistration",
            child=child,
            body={"days": patched, "series": series},
            read=lambda _: self.time_registrations(child, days[0].day),
            shows=shows,
        )

    async def day_comment(self, child: ChildRef, day: date) -> DayComment:
        data = await self._read(COMMENTS, "timeregistration", child, {"date": day.isoformat()})
        return parse_one(DayComment, data, "day comment")

    async def save_day_comment(self, child: ChildRef, day: date, text: str) -> DayComment:
        week = await self.time_registrations(child, day)
        registration = week.day(day)
        if registration is None or registration.time_registration_id is None:
            raise RuleRefused("INVALID", "Den dagen har ingen tidsregistrering.")
        current = await self.day_comment(child, day)
        return await self._write(
            "save_day_comment",
            COMMENT_SAVE,
            module="timeregistration",
            child=child,
            form={
                "commentId": current.parent_comment_id or 0,
                "commentText": text,
                "timeRegistrationId": registration.time_registration_id,
            },
            read=lambda _: self.day_comment(child, day),
            shows=lambda _, after: _same_text(after.user_comment, text),
        )

    # -- development talks ----------------------------------------------------------------------

    async def meeting_slots(self, child: ChildRef) -> list[MeetingSlot]:
        data = await self._read(MEETING_SLOTS, "meeting", child)
        return parse_rows(MeetingSlot, _field(data, "availabilities"), "meeting slots")

    async def meeting_bookings(self, child: ChildRef) -> list[MeetingBooking]:
        data = await self._read(MEETING_MINE, "meeting", child)
        return parse_rows(MeetingBooking, _field(data, "bookings"), "meeting bookings")

    async def book_meeting(self, child: ChildRef, availability_id: HubId) -> MeetingBooking:
        def mine(answer: Any, bookings: list[MeetingBooking]) -> MeetingBooking | None:
            booking_id = _field(answer, "bookingId")
            for booking in bookings:
                if booking_id is not None and str(booking.booking_id) == str(booking_id):
                    return booking
                if booking_id is None and str(booking.availability_id) == str(availability_id):
                    return booking
            return None

        answers: list[Any] = []

        async def read(answer: Any) -> list[MeetingBooking]:
            answers.append(answer)
            return await self.meeting_bookings(child)

        bookings = await self._write(
            "book_meeting",
            MEETING_BOOK,
            module="meeting",
            child=child,
            body={"availabilityId": availability_id},
            read=read,
            shows=lambda answer, bookings: mine(answer, bookings) is not None,
        )
        found = mine(answers[-1], bookings)
        assert found is not None
        return found

    async def cancel_meeting(self, child: ChildRef, booking_id: HubId) -> list[MeetingBooking]:
        return await self._write(
            "cancel_meeting",
            MEETING_CANCEL,
            module="meeting",
            child=child,
            body={"bookingId": booking_id},
            read=lambda _: self.meeting_bookings(child),
            shows=lambda _, bookings: all(str(b.booking_id) != str(booking_id) for b in bookings),
        )

    # -- messages -------------------------------------------------------------------------------

    async def messages(
        self,
        *,
        inbox: bool = True,
        page: int = 1,
        page_size: int = 50,
        search: str = "",
        child: ChildRef | None = None,
    ) -> MessagePage:
        """One page of the inbox (or sent items) for a child.

        The Hub shows messages per selected child; without `child` this asks for
        the same page under every child and merges them, newest first.
        """
        form = {
            "page": page,
            "pageSize": min(max(page_size, 1), 100),
            "messageText": search,
            "inbox": inbox,
            "sentItems": not inbox,
        }
        targets = [child] if child is not None else list(await self.children())
        pages: list[MessagePage] = []
        for target in targets:
            data = await self.session.call(
                "POST", MESSAGES, module="message", child_id=child_id(target), form=form
            )
            pages.append(parse_page(MessagePage, MessageSummary, data, "messages"))
        if len(pages) == 1:
            return pages[0]
        merged: dict[str, MessageSummary] = {}
        for one in pages:
            for item in one.items:
                merged.setdefault(str(item.id), item)
        newest_first = sorted(
            merged.values(),
            key=lambda m: m.time_sent or date.min,
            reverse=True,
        )
        return MessagePage(items=newest_first, more=any(p.more for p in pages), page=page)

    async def message(self, message_id: HubId, child: ChildRef | None = None) -> Message:
        data = await self._read(MESSAGE, "message", child, {"id": message_id})
        return parse_one(Message, data, "message")

    async def recipients(self, child: ChildRef) -> list[Recipient]:
        data = await self._read(RECIPIENTS, "message", child)
        return parse_rows(Recipient, _field(data, "users"), "recipients")

    async def send_message(
        self,
        child: ChildRef,
        to_ids: Sequence[HubId],
        subject: str,
        body: str,
        reply_to_id: HubId | None = None,
    ) -> Message:
        if not to_ids:
            raise ValueError("a message needs a recipient")
        payload: dict[str, Any] = {"toUserIds": list(to_ids), "subject": subject, "body": body}
        if reply_to_id is not None:
            payload["replyToId"] = reply_to_id

        async def read(answer: Any) -> Message:
            return await self.message(_field(answer, "id"), child)

        return await self._write(
            "send_message",
            MESSAGE_SEND,
            module="message",
            child=child,
            body=payload,
            read=read,
            shows=lambda _, sent: not subject or _same_text(sent.message_subject, subject),
            resolvable=False,
        )

    # -- files ----------------------------------------------------------------------------------

    async def download(self, child: ChildRef, url: str) -> Download:
        """An attachment by the relative URL the Hub gave (or an absolute one on the Hub)."""
        target = URL(url)
        if target.is_absolute() and not self.session.endpoints.allows(target):
            raise HubError("refusing to download from outside the Hub")
        answer = await self.session.fetch(url, child_id=child_id(child))
        if answer.status == 404:
            raise RuleRefused("NOT_FOUND", "Filen finns inte.")
        if answer.status != 200:
            raise HubError(f"the download answered {answer.status}")
        disposition = answer.headers.get("Content-Disposition", "")
        match = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition)
        filename = match[1] if match else (target.name or "fil")
        return Download(filename, answer.content_type or "application/octet-stream", answer.body)

    # -- secure boxes ---------------------------------------------------------------------------

    async def assessment(self, child: ChildRef) -> SecureBox:
        return await self._secure(ASSESSMENT, "assessment", child)

    async def documentation(self, child: ChildRef) -> SecureBox:
        return await self._secure(DOCUMENTATION, "documentation", child)

    async def _secure(self, path: str, module: str, child: ChildRef) -> SecureBox:
        """Only whether the box opens; its content is dropped unread."""
        try:
            await self._read(path, module, child)
        except BankIdRequired as exc:
            absolute = self.session.endpoints.hub.join(URL(exc.login_url or "/sso/bankid"))
            raise BankIdRequired(str(absolute), exc.message) from None
        return SecureBox(module)

    async def logout(self) -> None:
        await self.session.logout()


class AiohttpHub:
    """What all linked accounts share, and the way to get a client for one of them."""

    def __init__(
        self,
        endpoints: HubEndpoints,
        clock: Clock,
        *,
        client_id: str = APP_CLIENT_ID,
        scope: str = DEFAULT_SCOPE,
        timeouts: HubTimeouts | None = None,
        sleep: Sleep = asyncio.sleep,
        max_retry_wait: float = 30.0,
    ) -> None:
        self.clock = clock
        self.http = HubHttp(
            endpoints, clock, timeouts=timeouts, sleep=sleep, max_retry_wait=max_retry_wait
        )
        self.oauth = OAuthClient(self.http, client_id, scope)
        self._clients: dict[str, AiohttpHubClient] = {}

    @property
    def endpoints(self) -> HubEndpoints:
        return self.http.endpoints

    def client(
        self, account_key: str, refresh_token: str, on_token_rotated: TokenCallback
    ) -> AiohttpHubClient:
        """The one client of this account; a second session would race the token rotation."""
        existing = self._clients.get(account_key)
        if existing is not None:
            return existing
        session = HubAccountSession(
            self.http, self.oauth, account_key, refresh_token, on_token_rotated
        )
        client = AiohttpHubClient(session, self.clock)
        self._clients[account_key] = client
        return client

    async def release(self, account_key: str) -> None:
        """Close an account's web session but keep its client and token; the next call logs in.

        Thousands of linked accounts cannot each keep a live Hub session after a
        summary round; keeping the client means no second one can race it for the
        refresh token.
        """
        client = self._clients.get(account_key)
        if client is not None:
            await client.session.close()

    async def forget(self, account_key: str) -> None:
        """Drop an account's session (after unlinking); its token is the caller's to revoke."""
        client = self._clients.pop(account_key, None)
        if client is not None:
            await client.session.close()

    async def password_pairing(self, login: str, password: str) -> TokenSet:
        """Log in with the Hub's password form, pair as a device, log out: the tokens."""
        return await password_pairing(self.http, self.oauth, login, password)

    async def close(self) -> None:
        for client in list(self._clients.values()):
            await client.session.close()
        self._clients.clear()
        await self.http.close()

    async def __aenter__(self) -> AiohttpHub:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def _conforms(client: AiohttpHubClient) -> HubClient:
    """Lets mypy check that the implementation keeps to the interface."""
    return client
