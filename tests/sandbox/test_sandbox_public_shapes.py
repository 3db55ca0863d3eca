"""The sandbox's answers checked against the shapes public clients of the real Hub read.

Each model below restates, in our own code, what one public client requires of
an answer (its types, which fields may be null, the formats it parses), so a
departure of the sandbox from the real Hub fails here and not on day one:
- strax-hacks/infomentor-se-mcp-public: zod schemas (src/http.ts, session.ts, fritidsschema.ts)
- EduPatch/lib_smilingschool-dart: json_serializable models (attendence, notifications)
- spacecakes/infomentor-digest: pydantic models (src/infomentor_digest/api.py)
- daxro/deformentor-cli: homeData, messages and notification parsing (deformentor_cli/api.py)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from bot.sandbox.demo import ALVA, ELSA, NILS, SAGA

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HH_MM = re.compile(r"^\d{2}:\d{2}$")


def _matches(pattern: re.Pattern[str]) -> Any:
    def check(value: str) -> str:
        assert pattern.match(value), f"{value!r} is not {pattern.pattern}"
        return value

    return AfterValidator(check)


IsoDateTime = Annotated[StrictStr, _matches(ISO_DATETIME)]
IsoDay = Annotated[StrictStr, _matches(ISO_DAY)]
HhMm = Annotated[StrictStr, _matches(HH_MM)]


class Public(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- homeData (strax-hacks parentSchema, deformentor-cli get_children) ---------------------------


class Pupil(Public):
    id: StrictStr
    name: StrictStr
    selected: StrictBool
    switchPupilUrl: StrictStr
    hybridMappingId: StrictStr


class CurrentUser(Public):
    id: StrictStr


class HomeAccount(Public):
    currentUser: CurrentUser
    pupils: list[Pupil]


class App(Public):
    codeName: StrictStr


class HomeData(Public):
    account: HomeAccount
    apps: list[App]


# -- time registrations (strax-hacks fritidsschema.ts, spacecakes Day) -------------------------


class TimeRegistrationDay(Public):
    timeRegistrationId: StrictInt
    date: IsoDateTime
    startDateTime: IsoDateTime | None
    endDateTime: IsoDateTime | None
    onLeave: StrictBool
    isLocked: StrictBool
    isSchoolClosed: StrictBool
    schoolClosedReason: StrictStr  # spacecakes: str, not Optional
    canEdit: StrictBool
    hasUnreadComments: StrictBool
    hasComments: StrictBool
    canEditComment: StrictBool
    schoolOpeningTime: IsoDateTime
    schoolClosingTime: IsoDateTime
    comment: StrictStr  # zod .optional(): absent or a string, never null
    commentChanged: StrictBool
    commentId: StrictInt


class TimeRegistrationWeek(Public):
    startDate: IsoDateTime
    endDate: IsoDateTime
    days: list[TimeRegistrationDay]


class DayComments(Public):
    date: StrictStr
    teacherComment: StrictStr | None
    teacherName: StrictStr | None
    teacherCommentDate: StrictStr
    userComment: StrictStr | None
    userName: StrictStr | None
    userCommentDate: StrictStr
    checkedIn: StrictStr
    checkedOut: StrictStr
    canEdit: StrictBool
    timesLockedBySchool: StrictBool
    parentCommentId: StrictInt | None
    checkInUserDisplayName: StrictStr
    checkOutUserDisplayName: StrictStr
    canEditComment: StrictBool


# -- attendance (lib_smilingschool-dart attendence.models) -------------------------------------


class ListHeader(Public):
    displayText: StrictStr
    sortField: StrictStr
    isSortable: StrictBool
    sortBy: StrictBool
    sortDesc: StrictBool


class ListHeaders(Public):
    date: ListHeader
    time: ListHeader
    subject: ListHeader
    reason: ListHeader


class ListFilters(Public):
    translations: dict[str, Any]
    filters: list[Any]


class ListTranslations(Public):
    listTitle: StrictStr
    paging: StrictStr
    filter: StrictStr


class AttendanceItem(Public):
    id: StrictInt
    minutes: StrictStr | None  # parsed with int.parse
    shortDate: StrictStr
    time: HhMm | None  # parsed with DateFormat.Hm()
    longDate: StrictStr | None
    reason: StrictStr | None
    subject: StrictStr | None
    comment: StrictStr | None
    registeredByName: StrictStr | None
    establishmentName: StrictStr | None


class AttendanceList(Public):
    translations: ListTranslations
    headers: ListHeaders
    filters: ListFilters
    items: list[AttendanceItem]
    listUrl: StrictStr
    page: StrictInt
    pageSize: StrictInt
    totalItems: StrictInt
    more: StrictBool


class AttendanceUrls(Public):
    registerAttendance: StrictStr
    registerSessionAttendance: StrictStr
    saveAbsenceComment: StrictStr
    createLeaveRequest: StrictStr
    getLeaveRequestList: StrictStr
    deleteLeaveRequest: StrictStr
    setSecondaryStatus: StrictStr


class AttendanceAppData(Public):
    pagedList: AttendanceList
    translations: dict[str, StrictStr]
    urls: AttendanceUrls
    leaveRequests: list[Any]
    absenceTodaySessions: list[Any]
    absenceTomorrowSessions: list[Any]
    absenceTodayDate: StrictStr
    absenceTomorrowDate: StrictStr
    absenceTodayComment: StrictStr | None
    absenceTomorrowComment: StrictStr | None
    autoConfirmAbsence: StrictBool
    absentToday: StrictBool
    absentTomorrow: StrictBool
    absenceTodayLocked: StrictBool
    absenceTomorrowLocked: StrictBool
    canRegisterDayAbsence: StrictBool
    canRegisterSessionAbsence: StrictBool
    isIcelandic: StrictBool
    canRegisterSession: StrictBool
    showSubjects: StrictBool
    showComment: StrictBool
    showFilter: StrictBool
    isPlaySchool: StrictBool
    canAddSicknessToday: StrictBool
    canAddSicknessTomorrow: StrictBool
    isParent: StrictBool
    hasLeaveLicence: StrictBool
    canRequestLeave: StrictBool
    hasLeaveTwoGuardiansLicence: StrictBool
    isOnlyOneGuardianRegistered: StrictBool
    isOver18Pupil: StrictBool


# The translation keys lib_smilingschool-dart's AttendanceAppDataTranslations requires.
DART_TRANSLATION_KEYS = {
    "reportSickness",
    "absenceReport",
    "dateToday",
    "markedAsAbsent",
    "absenceAwayTomorrowLocked",
    "halfDaysCount",
    "attendaceAlreadyRecorded",
    "leaveRequestMustBeApprovedSecondaryGuardianNotificationWillBeSend",
    "leaveRequestDenyRequest",
    "reportAbsenceAdvisoryText",
}


# -- notifications (strax-hacks notificationSchema, lib_smilingschool-dart NotificationObject) --


class Notification(Public):
    id: StrictInt
    title: StrictStr
    subTitle: StrictStr
    subjectsCourses: StrictStr
    dateSent: IsoDateTime
    orderDate: IsoDateTime
    appType: StrictStr
    state: StrictStr
    type: StrictStr
    url: StrictStr
    pupilIM2Id: StrictInt
    pupilSourceId: StrictStr
    currentlySelectedPupil: StrictBool
    entityTypeString: StrictStr


class Notifications(Public):
    notifications: list[Notification]


# -- messages (strax-hacks messageSummarySchema / messageDetailSchema) --------------------------


class MessageUser(Public):
    id: StrictInt
    displayName: StrictStr | None


class MessageSummary(Public):
    id: StrictInt
    messageContextType: StrictStr
    sentUser: MessageUser
    isNew: StrictBool
    messageSubject: StrictStr
    timeSent: IsoDay


class MessagePage(Public):
    items: list[MessageSummary]
    more: StrictBool


class MessageDetail(MessageSummary):
    messageBodyPlainText: StrictStr
    toUsers: list[MessageUser]
    messageFolder: StrictStr


# -- news (spacecakes NewsItem, strax-hacks newsItemRowSchema) ---------------------------------


class NewsItem(Public):
    id: StrictInt
    title: StrictStr
    content: StrictStr
    publishedDateString: StrictStr
    publishedBy: StrictStr
    attachments: list[dict[str, Any]]


class NewsList(Public):
    items: list[NewsItem]


# -- the checks ---------------------------------------------------------------------------------


def switch_id(pupil: Pupil) -> int:
    return int(pupil.switchPupilUrl.rstrip("/").rsplit("/", 1)[-1])


async def test_home_data_is_what_strax_hacks_and_deformentor_read(signed_in):
    b = await signed_in("anna", ELSA)
    home = HomeData.model_validate(await b.home())
    assert {switch_id(p) for p in home.account.pupils} == {ELSA, NILS}
    for pupil in home.account.pupils:
        assert re.search(r"/Account/PupilSwitcher/SwitchPupil/\d+$", pupil.switchPupilUrl)
        assert pupil.id != str(switch_id(pupil)), "pupils[].id is not the SwitchPupil id"
    notes = Notifications.model_validate(
        (await b.post("/NotificationApp/NotificationApp/appData")).data
    )
    mapping = {p.hybridMappingId for p in home.account.pupils}
    # deformentor-cli partitions notifications by pupilSourceId == hybridMappingId.
    assert {n.pupilSourceId for n in notes.notifications} <= mapping


async def test_time_registrations_are_what_strax_hacks_and_spacecakes_read(signed_in):
    b = await signed_in("sara", ALVA)
    week = TimeRegistrationWeek.model_validate(
        (
            await b.post(
                "/TimeRegistration/TimeRegistration/GetTimeRegistrations/",
                {"date": "2026-11-30", "showNextWeekIfNoMoreSchoolDays": "true"},
            )
        ).data
    )
    days = [date.fromisoformat(d.date[:10]) for d in week.days]
    assert [d.weekday() for d in days] == list(range(7)), "Monday to Sunday"
    comments = await b.post(
        "/TimeRegistration/TimeRegistration/GetComments/", {"date": days[0].isoformat()}
    )
    DayComments.model_validate(comments.data)


@pytest.mark.parametrize("login, child", [("anna", NILS), ("sara", ALVA)])
async def test_attendance_is_what_lib_smilingschool_reads(signed_in, login, child):
    b = await signed_in(login, child)
    box = AttendanceAppData.model_validate((await b.post("/attendance/attendance/appData")).data)
    assert set(box.translations) >= DART_TRANSLATION_KEYS
    for value in (box.absenceTodayDate, box.absenceTomorrowDate):
        datetime.fromisoformat(value)  # Dart's DateTime.parse
    listed = AttendanceList.model_validate(
        (await b.post("/Attendance/Attendance/GetAttendanceList")).data
    )
    for item in listed.items:
        datetime.fromisoformat(item.shortDate)
        int(item.minutes or "0")
    leaves = (await b.post("/attendance/attendance/GetLeaveRequestList")).data
    assert isinstance(leaves, list), "a bare list"


async def test_notifications_are_what_strax_hacks_and_lib_smilingschool_read(signed_in):
    b = await signed_in("anna", NILS)
    for path, body in (
        ("/NotificationApp/NotificationApp/appData", {}),
        ("/NotificationApp/NotificationApp/GetNotifications", {}),
    ):
        notes = Notifications.model_validate((await b.post(path, body)).data)
        assert notes.notifications
        for note in notes.notifications:
            assert note.state in {"New", "Seen", "Read", "Cleared"}
            assert note.url.startswith(("/#/", "#/")), "hash routes of the Hub's app"
        assert {n.type for n in notes.notifications if n.appType == "News"} == {"NewsItem"}
    first = notes.notifications[0].id
    cleared = await b.post(
        "/NotificationApp/NotificationApp/UpdateNotificationState",
        {"ids": [first], "state": "Cleared"},
    )
    assert cleared.data == {"success": True}


async def test_messages_are_what_strax_hacks_and_deformentor_read(signed_in):
    b = await signed_in("anna", ELSA)
    # deformentor-cli posts JSON {"page": n}; strax-hacks a form.
    page = MessagePage.model_validate(
        (await b.post("/Message/Message/GetMessages", {"page": 1})).data
    )
    assert page.items
    detail = await b.post("/Message/message/GetMessage", {"id": page.items[0].id})
    MessageDetail.model_validate(detail.data)


async def test_news_is_what_spacecakes_reads(signed_in):
    b = await signed_in("anna", NILS)
    news = NewsList.model_validate(
        (
            await b.post(
                "/Communication/News/GetNewsList",
                {"pageSize": -1, "sortBy": "lastPublishDate___SORT_DESC"},
            )
        ).data
    )
    assert news.items


MODULE_PATHS = {
    "message": "/Message/message/GetMessages",
    "assessment": "/assessmentv2/assessmentv2/appData",
    "meeting": "/Home/meeting/GetPupilAvailabilities",
    "timeregistration": "/TimeRegistration/TimeRegistration/GetTimeRegistrations/",
    "attendance": "/attendance/attendance/appData",
    "calendarv2": "/calendarv2/calendarv2/getentries",
}


@pytest.mark.parametrize("login, child", [("lina", SAGA)])
async def test_a_module_the_child_lacks_is_never_a_404(signed_in, login, child):
    """spacecakes treats a non-JSON answer as no data, but raises on any error status."""
    b = await signed_in(login, child) if child else await signed_in(login)
    home = HomeData.model_validate(await b.home())
    lacking = set(MODULE_PATHS) - {a.codeName for a in home.apps}
    assert lacking
    for app in sorted(lacking):
        answer = await b.post(MODULE_PATHS[app], {})
        assert answer.status == 200, (app, answer.status)
        assert answer.headers["Content-Type"].startswith("text/html"), app
