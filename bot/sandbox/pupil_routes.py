"""JSON endpoints scoped to the session's selected pupil (docs/hub-api.md, the big table)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.sandbox import (
    attendance,
    calendar_entries,
    meetings,
    messages,
    news,
    notifications,
    secure,
    timereg,
)
from bot.sandbox.web import Call, Router, current_session, hub, login_redirect

router = Router()

READ = ("GET", "POST")


def _int(value: object, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _flag(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1")


# -- news and notifications ---------------------------------------------------------------------


@router.api("/Communication/News/GetNewsList", app="news", methods=READ)
def news_list(call: Call) -> dict[str, Any]:
    page_size = _int(call.params.get("pagesize"), -1)
    return news.news_list(call.conn, call.pupil(), page_size, _int(call.params.get("page"), 1))


@router.api("/Communication/News/GetNewsItem", app="news", methods=READ)
def news_item(call: Call) -> dict[str, Any]:
    return news.news_item(call.conn, call.pupil(), _int(call.params.get("id"), 0))


@router.page("/resources/resource/download/*")
async def download(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    if current_session(request) is None:
        return login_redirect(request.path_qs)
    last = request.path.rstrip("/").rsplit("/", 1)[-1]
    found = news.attachment(ctx.conn, int(last)) if last.isdigit() else None
    if found is None:
        return web.Response(status=404, text="Filen finns inte.")
    title, file_type, content = found
    content_type = "application/pdf" if file_type == "pdf" else "application/octet-stream"
    return web.Response(
        body=content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{title}"'},
    )


@router.api("/NotificationApp/NotificationApp/appData", app="notifications")
def notification_app_data(call: Call) -> dict[str, Any]:
    return notifications.all_for(call.conn, call.account, call.pupil().id)


@router.api("/NotificationApp/NotificationApp/GetNotifications", app="notifications")
def notifications_since(call: Call) -> dict[str, Any]:
    timestamp = str(call.params.get("timestamp") or "")
    return notifications.since(call.conn, call.account, call.pupil().id, timestamp)


@router.api("/NotificationApp/NotificationApp/UpdateNotificationState", app="notifications")
def notification_state(call: Call) -> dict[str, Any]:
    ids = call.params.get("ids") or []
    if not isinstance(ids, list):
        ids = [part for part in str(ids).split(",") if part]
    return notifications.update_state(
        call.conn, call.account, ids, str(call.params.get("state") or "")
    )


# -- calendar -----------------------------------------------------------------------------------


@router.api("/calendarv2/calendarv2/getentries", app="calendarv2", methods=READ)
def calendar_list(call: Call) -> list[dict[str, Any]]:
    return calendar_entries.entries(
        call.conn, call.pupil(), call.params.get("startdate"), call.params.get("enddate")
    )


@router.api("/calendarv2/calendarv2/appData", app="calendarv2", methods=READ)
def calendar_app_data(call: Call) -> dict[str, Any]:
    return calendar_entries.app_data()


# -- attendance ---------------------------------------------------------------------------------


@router.api("/attendance/attendance/appData", app="attendance", methods=READ)
def attendance_app_data(call: Call) -> dict[str, Any]:
    return attendance.app_data(call.conn, call.clock, call.account, call.pupil())


@router.api("/Attendance/Attendance/GetAttendanceList", app="attendance", methods=READ)
def attendance_list(call: Call) -> dict[str, Any]:
    return attendance.attendance_list(
        call.conn,
        call.pupil(),
        _int(call.params.get("page"), 1),
        _int(call.params.get("pagesize"), 50),
    )


@router.api("/attendance/attendance/registerAttendance", app="attendance")
def register_attendance(call: Call) -> dict[str, Any]:
    return attendance.register(call.conn, call.clock, call.account, call.pupil(), call.params)


@router.api("/attendance/attendance/registerSessionAttendance", app="attendance")
def register_session_attendance(call: Call) -> dict[str, Any]:
    params = {"regtype": "session", **call.params}
    return attendance.register(call.conn, call.clock, call.account, call.pupil(), params)


@router.api("/attendance/attendance/saveAbsenceComment", app="attendance")
def save_absence_comment(call: Call) -> dict[str, Any]:
    return attendance.save_comment(call.conn, call.clock, call.account, call.pupil(), call.params)


@router.api("/attendance/attendance/GetLeaveRequestList", app="attendance", methods=READ)
def leave_requests(call: Call) -> list[dict[str, Any]]:
    return attendance.leave_list(call.conn, call.pupil())


@router.api("/attendance/attendance/createLeaveRequest", app="attendance")
def create_leave_request(call: Call) -> dict[str, Any]:
    return attendance.create_leave(call.conn, call.clock, call.account, call.pupil(), call.params)


@router.api("/attendance/attendance/deleteLeaveRequest", app="attendance")
def delete_leave_request(call: Call) -> dict[str, Any]:
    return attendance.delete_leave(call.conn, call.account, call.pupil(), call.params.get("id"))


# -- time registration --------------------------------------------------------------------------


@router.api(
    "/TimeRegistration/TimeRegistration/GetTimeRegistrations", app="timeregistration", methods=READ
)
def time_registrations(call: Call) -> dict[str, Any]:
    return timereg.week(call.conn, call.clock, call.account, call.pupil(), call.params)


@router.api("/TimeRegistration/TimeRegistration/SaveTimeRegistrations", app="timeregistration")
def save_time_registrations(call: Call) -> dict[str, Any]:
    days = call.params.get("days")
    if not isinstance(days, list):
        days = []
    series = call.params.get("series")
    return timereg.save(call.conn, call.clock, call.account, call.pupil(), days, series)


@router.api("/TimeRegistration/TimeRegistration/GetComments", app="timeregistration", methods=READ)
def time_comments(call: Call) -> dict[str, Any]:
    return timereg.comments(
        call.conn, call.clock, call.account, call.pupil(), call.params.get("date")
    )


@router.api("/TimeRegistration/TimeRegistration/SaveComment", app="timeregistration")
def save_time_comment(call: Call) -> dict[str, Any]:
    return timereg.save_comment(
        call.conn,
        call.clock,
        call.account,
        call.pupil(),
        call.params.get("timeregistrationid"),
        call.params.get("commenttext"),
    )


# -- development talks --------------------------------------------------------------------------


@router.api("/Home/meeting/GetPupilAvailabilities", app="meeting", methods=READ)
def talk_slots(call: Call) -> dict[str, Any]:
    return meetings.availabilities(call.conn, call.clock, call.pupil())


@router.api("/Home/meeting/BookAvailability", app="meeting")
def book_talk(call: Call) -> dict[str, Any]:
    return meetings.book(
        call.conn, call.clock, call.account, call.pupil(), call.params.get("availabilityid")
    )


@router.api("/Home/meeting/GetPupilBookings", app="meeting", methods=READ)
def talk_bookings(call: Call) -> dict[str, Any]:
    return meetings.bookings(call.conn, call.pupil())


@router.api("/Home/meeting/CancelBooking", app="meeting")
def cancel_talk(call: Call) -> dict[str, Any]:
    return meetings.cancel(
        call.conn, call.clock, call.account, call.pupil(), call.params.get("bookingid")
    )


# -- messages -----------------------------------------------------------------------------------


@router.api("/Message/message/GetMessages", app="message", methods=READ, staff_too=True)
def message_list(call: Call) -> dict[str, Any]:
    params = call.params
    sent = _flag(params.get("sentitems")) or str(params.get("inbox", "true")).lower() == "false"
    return messages.message_list(
        call.conn,
        call.account,
        call.child,
        sent=sent,
        page=_int(params.get("page"), 1),
        page_size=_int(params.get("pagesize"), 20),
        text=str(params.get("messagetext") or ""),
    )


@router.api("/Message/message/GetMessage", app="message", methods=READ, staff_too=True)
def message_one(call: Call) -> dict[str, Any]:
    return messages.message(call.conn, call.account, call.params.get("id"))


@router.api("/Message/message/GetRecipients", app="message", methods=READ)
def message_recipients(call: Call) -> dict[str, Any]:
    return messages.recipients(call.conn, call.pupil())


@router.api("/Message/message/SendMessage", app="message", staff_too=True)
def send_message(call: Call) -> dict[str, Any]:
    to_ids = call.params.get("touserids") or []
    if not isinstance(to_ids, list):
        to_ids = [part for part in str(to_ids).split(",") if part.strip()]
    return messages.send(
        call.conn,
        call.clock,
        call.account,
        call.child,
        to_ids=to_ids,
        subject=str(call.params.get("subject") or ""),
        body=str(call.params.get("body") or ""),
        reply_to=call.params.get("replytoid"),
    )


# -- secure boxes -------------------------------------------------------------------------------


@router.api("/assessmentv2/assessmentv2/appData", app="assessment", methods=READ)
def assessment(call: Call) -> dict[str, Any]:
    secure.require_fresh_bankid(call.session, call.clock, secure.ASSESSMENT)
    return secure.assessment(call.conn, call.pupil())


@router.api("/documentation/documentation/appData", app="documentation", methods=READ)
def documentation(call: Call) -> dict[str, Any]:
    secure.require_fresh_bankid(call.session, call.clock, secure.DOCUMENTATION)
    return secure.documentation(call.conn, call.pupil())
