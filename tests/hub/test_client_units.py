"""The client's pure pieces: reading answers, models, forms, the start page, values."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from multidict import CIMultiDict
from yarl import URL

from bot.clock import STOCKHOLM
from bot.hub.answers import HtmlInsteadOfJson, SessionDead, read_json
from bot.hub.endpoints import HubEndpoints
from bot.hub.errors import AccessDenied, BankIdRequired, HubError, RuleRefused
from bot.hub.forms import parse_forms
from bot.hub.homepage import parse_home_data, switch_url
from bot.hub.models import (
    AbsenceSpan,
    Account,
    AttendanceBox,
    CalendarEntry,
    Child,
    DayTimes,
    Notification,
    TimeRegistrationDay,
    format_hub_timestamp,
    parse_hub_datetime,
)
from bot.hub.transport import Answer, parse_retry_after

BASE = URL("http://127.0.0.1:8000/calendarv2/calendarv2/getentries")


def answer(status: int = 200, body: bytes = b"", **headers: str) -> Answer:
    return Answer(status, BASE, CIMultiDict(headers), body)


# -- reading answers ----------------------------------------------------------------------------


def test_json_answer_is_data() -> None:
    assert read_json(answer(body=b'[{"id": 1}]', **{"Content-Type": "application/json"})) == [
        {"id": 1}
    ]


def test_empty_200_means_dead_session() -> None:
    with pytest.raises(SessionDead):
        read_json(answer(body=b""))
    with pytest.raises(SessionDead):
        read_json(answer(body=b"  \n"))


def test_redirect_to_login_means_dead_session() -> None:
    dead = answer(302, Location="/authentication/authentication/login?apitype=im1&ReturnUrl=%2F")
    with pytest.raises(SessionDead):
        read_json(dead)
    with pytest.raises(HubError):
        read_json(answer(302, Location="/elsewhere"))


def test_html_where_json_expected_is_told_apart() -> None:
    html = b"<html><body><script>IMHome.start()</script></body></html>"
    with pytest.raises(HtmlInsteadOfJson):
        read_json(answer(body=html, **{"Content-Type": "text/html; charset=utf-8"}))


@pytest.mark.parametrize(
    "code", ["LOCKED", "OUT_OF_RANGE", "SCHOOL_CLOSED", "OUTSIDE_OPENING_HOURS", "NOT_FOUND"]
)
def test_rule_refusals_are_named(code: str) -> None:
    body = f'{{"success": false, "errorCode": "{code}", "message": "Nej"}}'.encode()
    with pytest.raises(RuleRefused) as caught:
        read_json(answer(body=body))
    assert caught.value.rule == code
    assert caught.value.message == "Nej"


def test_access_denied_and_bankid() -> None:
    denied = b'{"success": false, "errorCode": "ACCESS_DENIED", "message": "Nej"}'
    with pytest.raises(AccessDenied):
        read_json(answer(403, denied))
    bankid = (
        b'{"success": false, "errorCode": "BANKID_REQUIRED", "message": "BankID",'
        b' "loginUrl": "/sso/bankid?ReturnUrl=/assessmentv2/assessmentv2"}'
    )
    with pytest.raises(BankIdRequired) as caught:
        read_json(answer(403, bankid))
    assert caught.value.login_url.startswith("/sso/bankid")


def test_success_true_passes() -> None:
    assert read_json(answer(body=b'{"success": true, "id": 7}')) == {"success": True, "id": 7}


def test_retry_after_seconds_and_dates() -> None:
    now = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    assert parse_retry_after("12", now) == 12
    assert parse_retry_after("Thu, 26 Nov 2026 07:31:00 GMT", now) == 60
    assert parse_retry_after(None, now, default=5) == 5
    assert parse_retry_after("garbage", now, default=3) == 3


# -- endpoints ----------------------------------------------------------------------------------


def test_allow_list_is_our_origins_only() -> None:
    single = HubEndpoints.single("http://127.0.0.1:8123/anything")
    assert single.allows(URL("http://127.0.0.1:8123/x"))
    assert not single.allows(URL("http://127.0.0.1:8124/x"))
    assert not single.allows(URL("http://evil.example/x"))
    assert not single.allows(URL("/relative"))
    real = HubEndpoints.infomentor()
    assert real.allows(URL("https://api-im.infomentor.se/NA1/account/Account"))
    assert not real.allows(URL("http://hub.infomentor.se/"))  # scheme is part of the origin


# -- models -------------------------------------------------------------------------------------


def test_child_name_and_ids() -> None:
    # deformentor-cli's captured shape: string id in its own space, absolute switch URL.
    child = Child.model_validate(
        {
            "id": "2000010100",
            "name": "Andersson, Elsa Maria",
            "hybridMappingId": "STO-1001|2000010100|NEMANDI_SKOLI",
            "selected": True,
            "switchPupilUrl": "https://hub.infomentor.se/Account/PupilSwitcher/SwitchPupil/5001001",
            "unknown": 1,
        }
    )
    assert (child.switch_id, child.pupil_id) == ("5001001", "2000010100")
    assert (child.first_name, child.last_name) == ("Elsa Maria", "Andersson")
    assert child.owns("STO-1001|2000010100|NEMANDI_SKOLI")
    assert not child.owns("STO-1002|2100020200|NEMANDI_SKOLI")
    assert Child(id="5", name="Nils").first_name == "Nils"
    assert Child(id="5", name="Nils").switch_id == "5"


def test_account_reads_pascal_case() -> None:
    account = Account.model_validate(
        {
            "UserId": 12,
            "FirstName": "Anna",
            "LastName": "Andersson",
            "UserType": "Guardian",
            "Pupils": [{"UserRoleId": 5, "FirstName": "Elsa", "LastName": "Andersson"}],
        }
    )
    assert account.is_guardian
    assert account.pupils[0].user_role_id == "5"


def test_notification_maps_to_child_and_item() -> None:
    note = Notification.model_validate(
        {
            "id": 9,
            "title": "Nyhet",
            "orderDate": "2026-11-26 07:00:00.250",
            "appType": "News",
            "state": "New",
            "url": "/communication/news/42",
            "pupilSourceId": "skola|3887588|SANDBOX",
            "pupilIM2Id": "abc",
        }
    )
    assert note.child_switch_id == "3887588"
    assert note.link is not None and (note.link.kind, note.link.item_id) == ("news", "42")
    elsa = Child.model_validate(
        {
            "id": "2000010100",
            "hybridMappingId": "STO-1|2000010100|NEMANDI_SKOLI",
            "switchPupilUrl": "/Account/PupilSwitcher/SwitchPupil/5001001",
        }
    )
    mapped = note.model_copy(update={"pupil_source_id": "STO-1|2000010100|NEMANDI_SKOLI"})
    assert mapped.for_child([elsa]).child_switch_id == "5001001"
    assert note.order_date == datetime(2026, 11, 26, 7, 0, 0, 250000, tzinfo=STOCKHOLM)
    assert note.pupil_im2_id == "abc"


def test_hub_timestamp_round_trip() -> None:
    moment = datetime(2026, 11, 26, 6, 30, 1, 123000, tzinfo=UTC)
    text = format_hub_timestamp(moment)
    assert text == "2026-11-26 07:30:01.123"
    assert parse_hub_datetime(text) == moment


def test_calendar_entry_lenient_fields() -> None:
    entry = CalendarEntry.model_validate(
        {
            "id": 1,
            "title": "Studiedag",
            "isAllDayEvent": True,
            "startDateFull": "2026-12-01T00:00:00",
            "startDate": "2026/12/01",
            "startTime": "nonsense",
        }
    )
    assert entry.day == date(2026, 12, 1)
    assert entry.start_time is None
    assert entry.start_date_full is not None and entry.start_date_full.tzinfo is not None


def test_attendance_box_spans() -> None:
    box = AttendanceBox.model_validate(
        {
            "absentToday": True,
            "absenceTodaySpan": {"from": "10:00", "to": None},
            "absentTomorrow": True,
            "absenceTomorrowSpan": "morning",
            "absenceTomorrowDate": "2026-11-27",
            "canRegisterDayAbsence": True,
        }
    )
    assert box.day("today").span == AbsenceSpan.between(time(10, 0))
    assert box.day("tomorrow").span == AbsenceSpan.morning()
    assert box.day("tomorrow").day == date(2026, 11, 27)
    assert box.can_register_day_absence


def test_absence_span_wire_and_rules() -> None:
    assert AbsenceSpan.full_day().wire() == {"RegType": "day"}
    assert AbsenceSpan.afternoon().wire() == {"RegType": "session", "partOfDay": "afternoon"}
    assert AbsenceSpan.between(None, time(10)).wire() == {
        "RegType": "session",
        "fromTime": None,
        "toTime": "10:00",
    }
    with pytest.raises(ValueError):
        AbsenceSpan.between()
    with pytest.raises(ValueError):
        AbsenceSpan.between(time(12), time(10))


def test_time_registration_day_and_day_times() -> None:
    day = TimeRegistrationDay.model_validate(
        {
            "timeRegistrationId": 77,
            "date": "2026-11-26",
            "startDateTime": "2026-11-26T07:30:00",
            "endDateTime": "2026-11-26T16:00:00",
            "canEdit": True,
            "schoolOpeningTime": "06:30",
        }
    )
    assert (day.start, day.end) == (time(7, 30), time(16))
    assert day.editable and not day.times_missing
    assert DayTimes(date(2026, 11, 26), time(7, 30), time(16)).matches(day)
    assert not DayTimes(date(2026, 11, 26), time(8), time(16)).matches(day)
    assert not DayTimes.leave(date(2026, 11, 26)).matches(day)
    with pytest.raises(ValueError):
        DayTimes(date(2026, 11, 26), time(8), None)
    with pytest.raises(ValueError):
        DayTimes(date(2026, 11, 26), time(8), time(9), on_leave=True)


# -- forms and the start page -------------------------------------------------------------------


LOGIN_PAGE = """<html><body>
<form id="login" method="post" action="/swedish/production/mentor/">
  <input type="hidden" name="oauth_token" value="tok&amp;1">
  <input type="hidden" name="__VIEWSTATE" value="vs">
  <input type="text" name="login_ascx$txtNotandanafn">
  <input type="password" name="login_ascx$txtLykilord">
  <input type="checkbox" name="remember">
  <input type="submit" name="login_ascx$btnLogin" value="Logga in">
</form><a href="/sso/bankid">BankID</a></body></html>"""


def test_form_parse_keeps_hidden_inputs() -> None:
    (form,) = parse_forms(LOGIN_PAGE)
    assert form.method == "POST"
    assert form.action == "/swedish/production/mentor/"
    assert form.fields["oauth_token"] == "tok&1"
    assert form.fields["__VIEWSTATE"] == "vs"
    assert "remember" not in form.fields
    assert form.submits == {"login_ascx$btnLogin": "Logga in"}
    assert form.has_password


HOME = """<html><script>
IMHome.home.homeData = {"account": {"currentUser": {"id": 1, "name": "Andersson, Anna",
 "userType": "Guardian"}, "pupils": [
 {"id": 11, "name": "Andersson, Elsa", "selected": false,
  "switchPupilUrl": "/Account/PupilSwitcher/SwitchPupil/11"},
 {"id": 12, "name": "Andersson, Nils", "selected": true,
  "switchPupilUrl": "/Account/PupilSwitcher/SwitchPupil/12"}]},
 "apps": [{"codeName": "News"}, {"codeName": "attendance"}]}; IMHome.home.init();
</script></html>"""


def test_home_data_parse() -> None:
    home = parse_home_data(HOME)
    assert home is not None
    assert [p.first_name for p in home.account.pupils] == ["Elsa", "Nils"]
    assert [p.switch_id for p in home.selected] == ["12"]
    assert home.app_names == {"news", "attendance"}
    assert parse_home_data(LOGIN_PAGE) is None


def test_switch_url_accepts_only_the_known_shape() -> None:
    hub = URL("https://hub.infomentor.se")
    known = "/Account/PupilSwitcher/SwitchPupil/11"
    assert switch_url(hub, "11", known) == hub.join(URL(known))
    assert switch_url(hub, "11", f"{hub}{known}") == hub.join(URL(known))
    assert switch_url(hub, "11", "https://evil.example/x") == hub.join(URL(known))
    assert switch_url(hub, "11", f"https://evil.example{known}") == hub.join(URL(known))
    with pytest.raises(ValueError):
        switch_url(hub, "../x", None)


@pytest.mark.parametrize(
    ("url", "kind", "item"),
    [
        ("/#/communication/news/1000001", "news", "1000001"),
        ("/#/attendance/tab/leaveRequests/show/197608", "attendance", "197608"),
        ("/#/calendarv2/tab/month?eventId=55555", "calendar", "55555"),
        ("/#/message/show/7", "message", "7"),
        ("#/meeting", "meeting", ""),
    ],
)
def test_notification_links_read_hash_routes(url: str, kind: str, item: str) -> None:
    """The url shapes of deformentor-cli's captured notifications."""
    link = Notification.model_validate({"id": 1, "url": url}).link
    assert link is not None and (link.kind, link.item_id) == (kind, item)
