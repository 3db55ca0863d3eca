"""`HubClient`: everything the bot may ask of one linked Hub account.

Handlers and the push watcher depend on this Protocol only. A child is given as
the `Child` from `children()` or as its SwitchPupil id. Every write reads the Hub
back and returns the verified state; a write whose outcome cannot be known
raises `OutcomeUnknown` and is never repeated by the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal, Protocol

from bot.hub.models import (
    AbsenceSpan,
    Account,
    AttendanceBox,
    AttendancePage,
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
    NewsItem,
    Notification,
    NotificationsSince,
    Recipient,
    SecureBox,
    TimeRegistrationWeek,
)

ChildRef = Child | str
NotificationState = Literal["New", "Seen", "Read", "Cleared"]


class HubClient(Protocol):
    # -- who and which children
    async def account(self) -> Account: ...
    async def children(self) -> list[Child]: ...

    # -- news, notifications, calendar
    async def news(self, child: ChildRef) -> list[NewsItem]: ...
    async def news_item(self, child: ChildRef, item_id: HubId) -> NewsItem: ...
    async def notifications(self, child: ChildRef | None = None) -> list[Notification]: ...
    async def notifications_since(self, since: datetime) -> NotificationsSince: ...
    async def mark_notifications(
        self, ids: Sequence[HubId], state: NotificationState
    ) -> list[Notification]: ...
    async def calendar(self, child: ChildRef, start: date, end: date) -> list[CalendarEntry]: ...
    async def calendar_types(self, child: ChildRef) -> list[CalendarEntryType]: ...

    # -- absence and leave
    async def attendance(self, child: ChildRef) -> AttendanceBox: ...
    async def register_absence(
        self, child: ChildRef, day: date, span: AbsenceSpan, comment: str | None = None
    ) -> AttendanceBox: ...
    async def undo_absence(self, child: ChildRef, day: date) -> AttendanceBox: ...
    async def save_absence_comment(
        self, child: ChildRef, day: date, comment: str
    ) -> AttendanceBox: ...
    async def attendance_list(self, child: ChildRef) -> AttendancePage: ...
    async def leave_requests(self, child: ChildRef) -> list[LeaveRequest]: ...
    async def create_leave_request(
        self, child: ChildRef, start: date, end: date, comment: str = ""
    ) -> LeaveRequest: ...
    async def delete_leave_request(
        self, child: ChildRef, request_id: HubId
    ) -> list[LeaveRequest]: ...

    # -- preschool and fritids times
    async def time_registrations(
        self, child: ChildRef, any_date_in_week: date | None = None
    ) -> TimeRegistrationWeek: ...
    async def save_time_registrations(
        self, child: ChildRef, days: Sequence[DayTimes], repeat_weeks: int | None = None
    ) -> TimeRegistrationWeek: ...
    async def day_comment(self, child: ChildRef, day: date) -> DayComment: ...
    async def save_day_comment(self, child: ChildRef, day: date, text: str) -> DayComment: ...

    # -- development talks
    async def meeting_slots(self, child: ChildRef) -> list[MeetingSlot]: ...
    async def book_meeting(self, child: ChildRef, availability_id: HubId) -> MeetingBooking: ...
    async def meeting_bookings(self, child: ChildRef) -> list[MeetingBooking]: ...
    async def cancel_meeting(self, child: ChildRef, booking_id: HubId) -> list[MeetingBooking]: ...

    # -- messages
    async def messages(
        self,
        *,
        inbox: bool = True,
        page: int = 1,
        page_size: int = 50,
        search: str = "",
        child: ChildRef | None = None,
    ) -> MessagePage: ...
    async def message(self, message_id: HubId, child: ChildRef | None = None) -> Message: ...
    async def recipients(self, child: ChildRef) -> list[Recipient]: ...
    async def send_message(
        self,
        child: ChildRef,
        to_ids: Sequence[HubId],
        subject: str,
        body: str,
        reply_to_id: HubId | None = None,
    ) -> Message: ...

    # -- files (news attachments: download, then re-upload to the chat)
    async def download(self, child: ChildRef, url: str) -> Download: ...

    # -- secure boxes (never shown by the bot; raise BankIdRequired without fresh BankID)
    async def assessment(self, child: ChildRef) -> SecureBox: ...
    async def documentation(self, child: ChildRef) -> SecureBox: ...

    async def logout(self) -> None: ...
