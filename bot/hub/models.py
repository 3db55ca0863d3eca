"""What the Hub answers, as pydantic models that carry the Hub's own field names.

Aliases are the Hub's camelCase (PascalCase for the NA1 API), so a model reads a
raw answer as is and `model_dump(by_alias=True)` writes it back. Unknown fields
are ignored: the Hub adds fields without notice. Display-ish dates and times are
parsed leniently (an odd format becomes None instead of failing a whole list),
and every datetime comes out aware, in Stockholm time.

The bot-side value types used in calls (`AbsenceSpan`, `DayTimes`) are plain
frozen dataclasses at the end of the module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    model_validator,
)
from pydantic.alias_generators import to_camel, to_pascal

from bot.clock import STOCKHOLM

# -- lenient scalar parsing ---------------------------------------------------------------------

HubId = int | str

_DATE_RE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_TIME_RE = re.compile(r"(?:^|[T\s])(\d{1,2})[:.](\d{2})(?::(\d{2})(?:\.\d+)?)?\s*$")


def parse_hub_date(value: Any) -> date | None:
    """`YYYY-MM-DD`, `YYYY/MM/DD` or the date part of a datetime; None if it is neither."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_RE.match(str(value))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_hub_time(value: Any) -> time | None:
    """`HH:MM`, `HH:MM:SS` or the time part of `YYYY-MM-DDTHH:MM:SS`; None otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    match = _TIME_RE.search(str(value).strip())
    if not match:
        return None
    try:
        return time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        return None


def parse_hub_datetime(value: Any) -> datetime | None:
    """A Hub local datetime (`YYYY-MM-DD HH:mm:ss.SSS`, ISO …) as an aware Stockholm datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace("/", "-")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            day = parse_hub_date(text)
            if day is None:
                return None
            moment = datetime.combine(day, parse_hub_time(text[10:]) or time(0), STOCKHOLM)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=STOCKHOLM)
    return moment.astimezone(STOCKHOLM)


def format_hub_timestamp(moment: datetime) -> str:
    """The notification cursor format `YYYY-MM-DD HH:mm:ss.SSS`, in Stockholm time."""
    local = moment.astimezone(STOCKHOLM)
    return local.strftime("%Y-%m-%d %H:%M:%S.") + f"{local.microsecond // 1000:03d}"


def _id_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) else value


HubDate = Annotated[date | None, PlainValidator(parse_hub_date)]
HubTime = Annotated[time | None, PlainValidator(parse_hub_time)]
HubDateTime = Annotated[datetime | None, PlainValidator(parse_hub_datetime)]
IdText = Annotated[str, BeforeValidator(_id_text)]


class HubModel(BaseModel):
    """camelCase aliases, unknown fields ignored, python names accepted too."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, alias_generator=to_camel)


class NA1Model(BaseModel):
    """The NA1 API (api-im) answers in PascalCase."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, alias_generator=to_pascal)


# -- logins and accounts --------------------------------------------------------------------------


class TokenSet(BaseModel):
    """One answer of the token endpoint. `expires_at` is filled from our clock."""

    model_config = ConfigDict(extra="ignore")

    access_token: str
    refresh_token: str
    expires_in: int = 600
    token_type: str = "Bearer"
    expires_at: datetime | None = None

    def with_issue_time(self, now: datetime) -> TokenSet:
        return self.model_copy(update={"expires_at": now + timedelta(seconds=self.expires_in)})

    def access_valid(self, now: datetime, margin_s: float = 30.0) -> bool:
        return self.expires_at is not None and now + timedelta(seconds=margin_s) < self.expires_at


class AccountPupil(NA1Model):
    user_role_id: IdText
    first_name: str = ""
    last_name: str = ""


class Account(NA1Model):
    """`GET /NA1/account/Account`. `user_type` is Guardian, Pupil, Teacher or Support."""

    user_id: IdText
    first_name: str = ""
    last_name: str = ""
    user_type: str = "Guardian"
    pupils: list[AccountPupil] = Field(default_factory=list)

    @property
    def is_guardian(self) -> bool:
        return self.user_type == "Guardian"


# -- the home page ------------------------------------------------------------------------------


def split_hub_name(name: str) -> tuple[str, str]:
    """ "Efternamn, Förnamn" → ("Förnamn", "Efternamn"); a name without a comma is all first name."""
    last, sep, first = name.partition(",")
    if not sep:
        return name.strip(), ""
    return first.strip(), last.strip()


_SWITCH_ID = re.compile(r"/Account/PupilSwitcher/SwitchPupil/(\d+)/?$", re.IGNORECASE)


def switch_id_from_url(url: str | None) -> str | None:
    """The SwitchPupil id is the last part of `switchPupilUrl` (spacecakes, deformentor-cli);
    the URL may be absolute. Anything else is no id: strax-hacks accepts only digits."""
    if not url:
        return None
    match = _SWITCH_ID.search(url.split("?", 1)[0].split("#", 1)[0])
    return match[1] if match else None


class Child(HubModel):
    """A pupil of the logged-in account, addressed by its SwitchPupil id.

    homeData's `pupils[].id` is a string in another id space (`pupil_id`); the id
    every call needs is the last part of `switchPupilUrl` (`switch_id`).
    `hybrid_mapping_id` is what notifications carry as `pupilSourceId`.
    `apps` are the Hub modules this child has (`attendance`, `timeregistration`,
    `news` …); the Hub tells them only for the selected child, so the client fills
    them in by switching.
    """

    pupil_id: IdText = Field(default="", alias="id")
    name: str = ""
    selected: bool = False
    switch_pupil_url: str | None = None
    hybrid_mapping_id: str | None = None
    switch_id: IdText = ""
    apps: frozenset[str] = frozenset()

    @model_validator(mode="after")
    def _switch_id(self) -> Child:
        if not self.switch_id:
            self.switch_id = switch_id_from_url(self.switch_pupil_url) or self.pupil_id
        return self

    @property
    def first_name(self) -> str:
        return split_hub_name(self.name)[0]

    @property
    def last_name(self) -> str:
        return split_hub_name(self.name)[1]

    def has(self, app: str) -> bool:
        return app.lower() in self.apps

    def owns(self, pupil_source_id: str | None) -> bool:
        """Whether a notification's `pupilSourceId` is this child's.

        deformentor-cli matches it to `hybridMappingId`; strax-hacks and
        CipherGuardian read its middle part as the child's id.
        """
        if not pupil_source_id:
            return False
        if self.hybrid_mapping_id and pupil_source_id == self.hybrid_mapping_id:
            return True
        parts = pupil_source_id.split("|")
        return len(parts) > 1 and parts[1] in {self.switch_id, self.pupil_id} - {""}


class CurrentUser(HubModel):
    id: IdText
    name: str = ""
    user_type: str | None = None


class HomeAccount(HubModel):
    current_user: CurrentUser
    pupils: list[Child] = Field(default_factory=list)


class HomeApp(HubModel):
    code_name: str


class HomeData(HubModel):
    """`IMHome.home.homeData` from `GET /`."""

    account: HomeAccount
    apps: list[HomeApp] = Field(default_factory=list)

    @property
    def app_names(self) -> frozenset[str]:
        return frozenset(app.code_name.lower() for app in self.apps)

    @property
    def selected(self) -> list[Child]:
        return [pupil for pupil in self.account.pupils if pupil.selected]


# -- news, notifications, calendar --------------------------------------------------------------


class NewsAttachment(HubModel):
    title: str = ""
    url: str = ""
    file_type: str | None = None


class NewsItem(HubModel):
    id: HubId
    title: str = ""
    content: str = ""
    published_date: HubDateTime = None
    published_date_string: str | None = None
    published_by: str | None = None
    attachments: list[NewsAttachment] = Field(default_factory=list)


class NotificationLink(HubModel):
    """Where a notification points: kind is news, message, attendance, calendar or meeting.

    Real urls are hash routes of the Hub's app (`/#/communication/news/1000001`,
    `/#/attendance/tab/leaveRequests/show/197608`, `/#/calendarv2/tab/month?eventId=5`,
    `#/meeting`: deformentor-cli); older plain paths are read too.
    """

    kind: str
    item_id: str


_LINK_PATTERNS = (
    (re.compile(r"/communication/news/([^/?#]+)", re.I), "news"),
    (re.compile(r"/message/show/([^/?#]+)", re.I), "message"),
    (re.compile(r"eventId=([^&#]+)", re.I), "calendar"),
    (re.compile(r"/attendance/(?:[^?#]*/)?show/([^/?#]+)", re.I), "attendance"),
    (re.compile(r"/attendance/(\d+)(?:[/?#]|$)", re.I), "attendance"),
)
_MEETING = re.compile(r"#/meeting\b|/meeting\b", re.I)


class Notification(HubModel):
    """One notification. `child_switch_id` is filled by the client from the account's
    children (the Hub gives `pupilSourceId`, a composite in another id space)."""

    id: HubId
    title: str = ""
    sub_title: str | None = None
    subjects_courses: str | None = None
    date_sent: str | None = None
    order_date: HubDateTime = None
    app_type: str | None = None
    type: str | None = None
    state: str = "New"
    url: str | None = None
    pupil_im2_id: Any = Field(default=None, alias="pupilIM2Id")
    pupil_source_id: str | None = None
    currently_selected_pupil: bool | None = None
    entity_type_string: str | None = None
    child_switch_id: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _child_guess(self) -> Notification:
        # Until the client maps it to a child: the middle part, as strax-hacks reads it.
        if self.child_switch_id is None:
            parts = (self.pupil_source_id or "").split("|")
            self.child_switch_id = parts[1] if len(parts) > 1 and parts[1] else None
        return self

    def for_child(self, children: list[Child]) -> Notification:
        """This notification with `child_switch_id` set to the owning child's switch id."""
        owner = next((c for c in children if c.owns(self.pupil_source_id)), None)
        if owner is None:
            return self
        return self.model_copy(update={"child_switch_id": owner.switch_id})

    @property
    def link(self) -> NotificationLink | None:
        for pattern, kind in _LINK_PATTERNS:
            match = pattern.search(self.url or "")
            if match:
                return NotificationLink(kind=kind, item_id=match[1])
        if _MEETING.search(self.url or ""):
            return NotificationLink(kind="meeting", item_id="")
        return None


class NotificationsSince(HubModel):
    """One answer of GetNotifications: the new ones and the cursor for the next call."""

    notifications: list[Notification] = Field(default_factory=list)
    timestamp: str | None = None

    @property
    def cursor(self) -> datetime | None:
        return parse_hub_datetime(self.timestamp)


class CalendarSubject(HubModel):
    id: HubId | None = None
    title: str = ""


class CalendarEntry(HubModel):
    id: HubId
    title: str = ""
    text: str | None = None
    description: str | None = None
    calendar_entry_type_id: int | None = None
    is_all_day_event: bool = False
    start_date_full: HubDateTime = None
    end_date_full: HubDateTime = None
    start_date: HubDate = None
    end_date: HubDate = None
    formatted_start_date: str | None = None
    formatted_end_date: str | None = None
    start_time: HubTime = None
    end_time: HubTime = None
    has_attachments: bool = False
    subjects: list[CalendarSubject] = Field(default_factory=list)
    courses: list[Any] = Field(default_factory=list)
    url: str | None = None

    @property
    def day(self) -> date | None:
        if self.start_date is not None:
            return self.start_date
        return self.start_date_full.date() if self.start_date_full else None


class CalendarEntryType(HubModel):
    id: int
    name: str = ""
    colour: str | None = None
    class_name: str | None = None
    is_custom_type: bool = False


# -- attendance ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AbsenceSpan:
    """How much of a day an absence covers: the whole day, a half, or from/until a time.

    `from_time` alone: absent from then on; `to_time` alone: absent until then.
    """

    part: Literal["day", "morning", "afternoon", "times"]
    from_time: time | None = None
    to_time: time | None = None

    def __post_init__(self) -> None:
        if self.part == "times":
            if self.from_time is None and self.to_time is None:
                raise ValueError("a times span needs a from or a to time")
            if self.from_time and self.to_time and self.from_time >= self.to_time:
                raise ValueError("from must be before to")
        elif self.from_time is not None or self.to_time is not None:
            raise ValueError("only a times span carries times")

    @classmethod
    def full_day(cls) -> AbsenceSpan:
        return cls("day")

    @classmethod
    def morning(cls) -> AbsenceSpan:
        return cls("morning")

    @classmethod
    def afternoon(cls) -> AbsenceSpan:
        return cls("afternoon")

    @classmethod
    def between(cls, from_time: time | None = None, to_time: time | None = None) -> AbsenceSpan:
        return cls("times", from_time, to_time)

    def wire(self) -> dict[str, Any]:
        """The registerAttendance fields that say how much of the day."""
        if self.part == "day":
            return {"RegType": "day"}
        if self.part in ("morning", "afternoon"):
            return {"RegType": "session", "partOfDay": self.part}
        return {
            "RegType": "session",
            "fromTime": self.from_time.strftime("%H:%M") if self.from_time else None,
            "toTime": self.to_time.strftime("%H:%M") if self.to_time else None,
        }


def _parse_span(value: Any) -> AbsenceSpan | None:
    if value is None or value == "" or isinstance(value, AbsenceSpan):
        return value or None
    if isinstance(value, str):
        if value in ("day", "morning", "afternoon"):
            return AbsenceSpan(part=value)  # type: ignore[arg-type]
        raise ValueError(f"unknown absence span {value!r}")
    if isinstance(value, dict):
        return AbsenceSpan.between(
            parse_hub_time(value.get("from")), parse_hub_time(value.get("to"))
        )
    raise ValueError(f"unknown absence span {value!r}")


SpanField = Annotated[AbsenceSpan | None, PlainValidator(_parse_span)]


class AbsenceSession(HubModel):
    title: str = ""
    formatted_time_string: str | None = None
    is_absent: bool = False


class AttendanceRecord(HubModel):
    """One row of GetAttendanceList (registered absence, late arrival …)."""

    id: HubId
    short_date: str | None = None
    long_date: str | None = None
    date_string: str | None = None
    time: str | None = None
    start_time: str | None = None
    minutes: int | None = None
    reason: str | None = None
    registration_type_name: str | None = None
    subject: str | None = None
    lesson_name: str | None = None
    comment: str | None = None
    registered_by_name: str | None = None
    establishment_name: str | None = None
    half_days_count: float | None = None

    @property
    def day(self) -> date | None:
        return parse_hub_date(self.short_date) or parse_hub_date(self.date_string)


class AttendancePage(HubModel):
    items: list[AttendanceRecord] = Field(default_factory=list)
    page: int | None = None
    page_size: int | None = None
    total_items: int | None = None
    more: bool = False


class LeaveRequest(HubModel):
    id: HubId
    start_date: HubDate = None
    end_date: HubDate = None
    status: str = "Pending"
    comment: str | None = None
    created_by_name: str | None = None
    full_day: bool = True


@dataclass(frozen=True, slots=True)
class AbsenceDay:
    """One of the two days the absence box knows about, read from the box."""

    which: Literal["today", "tomorrow"]
    day: date | None
    absent: bool
    span: AbsenceSpan | None
    comment: str | None
    locked: bool


class AttendanceBox(HubModel):
    """`/attendance/attendance/appData`: state, capabilities, leave requests, first page."""

    absent_today: bool = False
    absent_tomorrow: bool = False
    absence_today_date: HubDate = None
    absence_tomorrow_date: HubDate = None
    absence_today_comment: str | None = None
    absence_tomorrow_comment: str | None = None
    absence_today_locked: bool = False
    absence_tomorrow_locked: bool = False
    absence_today_sessions: list[AbsenceSession] = Field(default_factory=list)
    absence_tomorrow_sessions: list[AbsenceSession] = Field(default_factory=list)
    absence_today_span: SpanField = None
    absence_tomorrow_span: SpanField = None

    can_register_day_absence: bool = False
    can_register_session_absence: bool = False
    can_register_session: bool = False
    can_add_sickness_today: bool = False
    can_add_sickness_tomorrow: bool = False
    auto_confirm_absence: bool = False
    is_play_school: bool = False
    is_parent: bool = False
    can_request_leave: bool = False
    has_leave_licence: bool = False
    has_leave_two_guardians_licence: bool = False
    is_only_one_guardian_registered: bool = False
    is_over18_pupil: bool = False
    show_comment: bool = False
    show_subjects: bool = False
    show_filter: bool = False
    is_icelandic: bool = False

    leave_requests: list[LeaveRequest] = Field(default_factory=list)
    paged_list: AttendancePage | None = None
    urls: dict[str, Any] = Field(default_factory=dict)

    def sessions(self, which: Literal["today", "tomorrow"]) -> list[AbsenceSession]:
        return self.absence_today_sessions if which == "today" else self.absence_tomorrow_sessions

    def accepted(
        self, which: Literal["today", "tomorrow"], span: AbsenceSpan, comment: str | None
    ) -> AttendanceBox:
        """This box as the Hub's success answer says it now is: absent for `span`.

        The span fields are designed here (no public source shows how the Hub tells
        a part of a day), so what the guardian is told comes from the accepted write.
        """
        update: dict[str, Any] = {f"absent_{which}": True, f"absence_{which}_span": span}
        if comment:
            update[f"absence_{which}_comment"] = comment
        return self.model_copy(update=update)

    def withdrawn(self, which: Literal["today", "tomorrow"]) -> AttendanceBox:
        return self.model_copy(update={f"absent_{which}": False, f"absence_{which}_span": None})

    def with_comment(self, which: Literal["today", "tomorrow"], comment: str) -> AttendanceBox:
        return self.model_copy(update={f"absence_{which}_comment": comment})

    def day(self, which: Literal["today", "tomorrow"]) -> AbsenceDay:
        if which == "today":
            return AbsenceDay(
                "today",
                self.absence_today_date,
                self.absent_today,
                self.absence_today_span,
                self.absence_today_comment,
                self.absence_today_locked,
            )
        return AbsenceDay(
            "tomorrow",
            self.absence_tomorrow_date,
            self.absent_tomorrow,
            self.absence_tomorrow_span,
            self.absence_tomorrow_comment,
            self.absence_tomorrow_locked,
        )


# -- time registration (preschool and fritids) --------------------------------------------------


class TimeRegistrationDay(HubModel):
    """One weekday of the schedule. `start`/`end` come from `startDateTime`/`endDateTime`."""

    time_registration_id: HubId | None = None
    date: HubDate = None
    start: HubTime = Field(default=None, alias="startDateTime")
    end: HubTime = Field(default=None, alias="endDateTime")
    on_leave: bool = False
    is_locked: bool = False
    is_school_closed: bool = False
    school_closed_reason: str | None = None
    can_edit: bool = False
    has_unread_comments: bool = False
    has_comments: bool = False
    can_edit_comment: bool = False
    school_opening_time: HubTime = None
    school_closing_time: HubTime = None
    comment: str | None = None
    comment_changed: bool = False
    comment_id: HubId | None = None
    registration_type: str | None = None

    @property
    def editable(self) -> bool:
        return self.can_edit and not self.is_locked and not self.is_school_closed

    @property
    def times_missing(self) -> bool:
        """spacecakes' rule: an editable open day with no times and not on leave."""
        return self.editable and not self.on_leave and self.start is None


class TimeRegistrationWeek(HubModel):
    start_date: HubDate = None
    end_date: HubDate = None
    days: list[TimeRegistrationDay] = Field(default_factory=list)

    def day(self, day: date) -> TimeRegistrationDay | None:
        return next((d for d in self.days if d.date == day), None)


class DayComment(HubModel):
    """GetComments: the teacher's and the guardian's comment on one day, and check in/out."""

    date: HubDate = None
    teacher_comment: str | None = None
    teacher_name: str | None = None
    teacher_comment_date: str | None = None
    user_comment: str | None = None
    user_name: str | None = None
    user_comment_date: str | None = None
    checked_in: str | None = None
    checked_out: str | None = None
    can_edit: bool = False
    times_locked_by_school: bool = False
    parent_comment_id: HubId | None = None
    check_in_user_display_name: str | None = None
    check_out_user_display_name: str | None = None
    can_edit_comment: bool = False


# -- development talks --------------------------------------------------------------------------


class MeetingSlot(HubModel):
    availability_id: HubId
    date: HubDate = None
    time_from: HubTime = None
    time_range: str | None = None
    meeting_type: str | None = None
    location: str | None = None
    meeting_id: HubId | None = None


class MeetingBooking(HubModel):
    booking_id: HubId
    availability_id: HubId | None = None
    date: HubDate = None
    time_from: HubTime = None
    time_range: str | None = None
    meeting_type: str | None = None
    location: str | None = None
    booked_by_name: str | None = None


# -- messages -----------------------------------------------------------------------------------


class MessageUser(HubModel):
    id: HubId
    display_name: str = ""


class MessageSummary(HubModel):
    id: HubId
    message_context_type: str | None = None
    sent_user: MessageUser | None = None
    is_new: bool = False
    message_subject: str = ""
    # A date only, "2025-10-20" (strax-hacks, deformentor-cli).
    time_sent: HubDate = None


class MessagePage(HubModel):
    items: list[MessageSummary] = Field(default_factory=list)
    more: bool = False
    page: int | None = None


class Message(MessageSummary):
    message_body_plain_text: str = ""
    to_users: list[MessageUser] = Field(default_factory=list)
    message_folder: str | None = None


class Recipient(HubModel):
    id: HubId
    display_name: str = ""
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Download:
    """A file the Hub serves behind the session (a news attachment): to be re-uploaded."""

    filename: str
    content_type: str
    content: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class SecureBox:
    """A secure module (assessment, documentation) was reachable. Its content is never kept."""

    module: str


# -- bot-side values used in calls --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayTimes:
    """What a guardian wants for one day of the schedule: times, cleared times, or leave."""

    day: date
    start: time | None = None
    end: time | None = None
    on_leave: bool = False
    comment: str | None = None

    def __post_init__(self) -> None:
        if self.on_leave and (self.start or self.end):
            raise ValueError("a day on leave has no times")
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.start and self.end and self.start >= self.end:
            raise ValueError("start must be before end")

    @classmethod
    def leave(cls, day: date, comment: str | None = None) -> DayTimes:
        return cls(day, on_leave=True, comment=comment)

    def matches(self, day: TimeRegistrationDay) -> bool:
        """Whether a read-back day shows what was asked."""
        if self.on_leave:
            return day.on_leave
        return (
            not day.on_leave
            and _minutes(day.start) == _minutes(self.start)
            and _minutes(day.end) == _minutes(self.end)
        )


def _minutes(value: time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute
