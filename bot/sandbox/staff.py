"""What teachers and support staff can make happen on the sandbox Hub.

The staff API and `python -m bot hub staff` both call these functions, so a
test or a demo that acts "as the school" goes through the same rules either
way. Teachers act on their own groups; support staff on every group.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import date, time
from typing import Any

from bot.clock import Clock
from bot.sandbox import (
    attendance,
    calendar_entries,
    closures,
    directory,
    errors,
    meetings,
    messages,
    news,
)
from bot.sandbox.dates import now_stamp, parse_day, parse_hhmm, today
from bot.sandbox.db import transaction
from bot.sandbox.directory import Account, Child, Group
from bot.sandbox.errors import HubRefusal

KINDS = {"absent": attendance.INVALID_ABSENCE, "late": attendance.LATE}


def require_staff(account: Account | None) -> Account:
    if account is None:
        raise HubRefusal(errors.ACCESS_DENIED, "Logga in som personal.", status=401)
    if not account.is_staff:
        raise HubRefusal(
            errors.ACCESS_DENIED, f"{account.login} är inte personal (lärare eller support)."
        )
    return account


def staff_account(conn: sqlite3.Connection, login: str) -> Account:
    """The staff member a CLI `--login` names."""
    account = directory.account_by_login(conn, login)
    if account is None:
        raise HubRefusal(errors.NOT_FOUND, f"Det finns ingen användare {login}.")
    return require_staff(account)


def login_token(
    conn: sqlite3.Connection, clock: Clock, login: str, password: str
) -> tuple[str, Account]:
    """A bearer token for the staff API, and whose (designed)."""
    account = directory.check_password(conn, login, password)
    if account is None:
        raise HubRefusal(errors.ACCESS_DENIED, "Fel användarnamn eller lösenord.", status=401)
    require_staff(account)
    token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO staff_tokens(token, account_id, created_at) VALUES (?, ?, ?)",
        (token, account.id, now_stamp(clock)),
    )
    return token, account


def account_for_token(conn: sqlite3.Connection, token: str) -> Account | None:
    row = conn.execute("SELECT account_id FROM staff_tokens WHERE token = ?", (token,)).fetchone()
    return None if row is None else directory.account_by_id(conn, row[0])


def groups(conn: sqlite3.Connection, actor: Account) -> dict[str, Any]:
    require_staff(actor)
    return {"groups": [g.wire() for g in directory.staff_groups(conn, actor)]}


# -- targets ------------------------------------------------------------------------------------


def _own_group(conn: sqlite3.Connection, actor: Account, group: Group) -> Group:
    if group.id not in {g.id for g in directory.staff_groups(conn, actor)}:
        raise HubRefusal(errors.ACCESS_DENIED, f"{actor.login} har inte gruppen {group.name}.")
    return group


def _own_child(conn: sqlite3.Connection, actor: Account, ref: object) -> Child:
    child = directory.find_child(conn, str(ref))
    mine = {g.id for g in directory.staff_groups(conn, actor)}
    if not any(g.id in mine for g in directory.groups_of_child(conn, child.id)):
        raise HubRefusal(
            errors.ACCESS_DENIED, f"{actor.login} undervisar inte {child.first_name}."
        )
    return child


def target_group(
    conn: sqlite3.Connection, actor: Account, group: object = None, child: object = None
) -> Group:
    """A group named directly, or the class/preschool group of a child."""
    require_staff(actor)
    if group not in (None, ""):
        return _own_group(conn, actor, directory.find_group(conn, str(group)))
    if child not in (None, ""):
        kid = directory.find_child(conn, str(child))
        return _own_group(conn, actor, directory.main_group(conn, kid.id))
    raise HubRefusal(errors.INVALID, "Ange en grupp eller ett barn.")


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    day = parse_day(value)
    if day is None or len(str(value).strip()) < 8:
        raise HubRefusal(errors.INVALID, "Datum ska skrivas ÅÅÅÅ-MM-DD.")
    return day


def _time(value: object) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value
    parsed = parse_hhmm(value)
    if parsed is None:
        raise HubRefusal(errors.INVALID, "Tid ska skrivas TT:MM.")
    return parsed


def _int_or_zero(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _text(value: object, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise HubRefusal(errors.INVALID, f"{what} saknas.")
    return text


# -- actions ------------------------------------------------------------------------------------


def publish_news(
    conn: sqlite3.Connection,
    clock: Clock,
    actor: Account,
    *,
    group: object = None,
    child: object = None,
    title: object,
    text: object,
    attachment: dict[str, Any] | None = None,
) -> dict[str, Any]:
    target = target_group(conn, actor, group, child)
    extra = None
    if attachment:
        extra = {
            "title": _text(attachment.get("title"), "Bilagans titel"),
            "url": _text(attachment.get("url"), "Bilagans adress"),
        }
    item = news.publish(
        conn,
        clock,
        group=target,
        title=_text(title, "Rubrik"),
        html_content=news.text_to_html(_text(text, "Text")),
        published_by=actor.display_name,
        attachment=extra,
    )
    return {**item, "group": target.name}


def register_invalid_absence(
    conn: sqlite3.Connection,
    clock: Clock,
    actor: Account,
    *,
    child: object,
    date: object,
    kind: str = "absent",
    time: object = None,
    lesson: object = None,
) -> dict[str, Any]:
    """ "Ogiltig frånvaro" (absent) or "Sen ankomst" (late); the guardians are notified."""
    require_staff(actor)
    record_kind = KINDS.get(str(kind or "absent").strip().lower())
    if record_kind is None:
        raise HubRefusal(errors.INVALID, "Typen ska vara absent eller late.")
    kid = _own_child(conn, actor, child)
    # Any day is taken (even ahead): a scripted demo may set up a day before its clock gets there.
    day = _day(date)
    lesson_text = str(lesson).strip() if lesson not in (None, "") else None
    item = attendance.add_staff_record(
        conn,
        clock,
        actor,
        kid,
        day=day,
        kind=record_kind,
        arrival_or_start=_time(time),
        lesson=lesson_text,
    )
    return {**item, "child": kid.first_name, "kind": "late" if record_kind == "late" else "absent"}


def add_calendar_entry(
    conn: sqlite3.Connection,
    clock: Clock,
    actor: Account,
    *,
    group: object = None,
    child: object = None,
    date: object,
    title: object,
    text: object = "",
    type_id: object = None,
) -> dict[str, Any]:
    target = target_group(conn, actor, group, child)
    kind = calendar_entries.EVENT if type_id in (None, "") else _int_or_zero(type_id)
    if kind not in {t["id"] for t in calendar_entries.ENTRY_TYPES}:
        raise HubRefusal(errors.INVALID, "Okänd kalendertyp.")
    entry = calendar_entries.add_entry(
        conn,
        clock,
        group=target,
        day=_day(date),
        title=_text(title, "Rubrik"),
        text=str(text or "").strip(),
        type_id=kind,
    )
    return {**entry, "group": target.name}


def add_meeting_slot(
    conn: sqlite3.Connection,
    clock: Clock,
    actor: Account,
    *,
    group: object = None,
    child: object = None,
    date: object,
    time: object,
    minutes: object = 30,
    location: object = None,
) -> dict[str, Any]:
    target = target_group(conn, actor, group, child)
    day, start = _day(date), _time(time)
    if start is None:
        raise HubRefusal(errors.INVALID, "Tid saknas.")
    if day < today(clock):
        raise HubRefusal(errors.OUT_OF_RANGE, "Tiden har redan varit.")
    slot = meetings.add_slot(
        conn,
        clock,
        group=target,
        day=day,
        start=start,
        minutes=_int_or_zero(minutes or 30),
        location=str(location).strip() if location else None,
        teacher=actor,
    )
    return {**slot, "group": target.name}


def close_day(
    conn: sqlite3.Connection,
    clock: Clock,
    actor: Account,
    *,
    group: object,
    date: object,
    reason: object,
) -> dict[str, Any]:
    target = target_group(conn, actor, group, None)
    return closures.close_day(conn, target, _day(date), _text(reason, "Anledning"))


def send_message(
    conn: sqlite3.Connection,
    clock: Clock,
    actor: Account,
    *,
    child: object,
    subject: object,
    text: object,
) -> dict[str, Any]:
    """(designed, extra) A message from staff to a child's guardians."""
    require_staff(actor)
    kid = _own_child(conn, actor, child)
    guardians = directory.guardians_of(conn, kid.id)
    message_id = messages.deliver(
        conn,
        clock,
        actor,
        kid,
        [g.id for g in guardians],
        _text(subject, "Ämne"),
        _text(text, "Text"),
    )
    return {
        "id": message_id,
        "child": kid.first_name,
        "to": [g.login for g in guardians],
        "messageSubject": str(subject).strip(),
    }


def decide_leave_request(
    conn: sqlite3.Connection, clock: Clock, actor: Account, *, id: object, status: object
) -> dict[str, Any]:
    """(designed, extra) Approve or reject a guardian's leave request."""
    require_staff(actor)
    try:
        leave_id = int(str(id))
    except ValueError:
        raise HubRefusal(errors.INVALID, "Ogiltigt id.") from None
    row = conn.execute("SELECT child_id FROM leave_requests WHERE id = ?", (leave_id,)).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Ansökan finns inte.")
    _own_child(conn, actor, row[0])
    return attendance.decide_leave(conn, clock, leave_id, str(status))


class StaffDesk:
    """The staff actions bound to one staff member and one database, for tests and the CLI.

    Each call is its own transaction, like one request to the staff API.
    """

    def __init__(self, conn: sqlite3.Connection, clock: Clock, login: str) -> None:
        self._conn, self._clock = conn, clock
        with transaction(conn):
            self.account = staff_account(conn, login)

    def _run(self, action: Any, **kwargs: Any) -> dict[str, Any]:
        with transaction(self._conn):
            result: dict[str, Any] = action(self._conn, self._clock, self.account, **kwargs)
            return result

    def groups(self) -> dict[str, Any]:
        return groups(self._conn, self.account)

    def news(self, **kwargs: Any) -> dict[str, Any]:
        """group= or child=, title=, text=, attachment={title, url}."""
        return self._run(publish_news, **kwargs)

    def invalid_absence(self, **kwargs: Any) -> dict[str, Any]:
        """child=, date=, kind="absent"|"late", time=, lesson=."""
        return self._run(register_invalid_absence, **kwargs)

    def calendar(self, **kwargs: Any) -> dict[str, Any]:
        """group= or child=, date=, title=, text=, type_id=."""
        return self._run(add_calendar_entry, **kwargs)

    def meeting_slot(self, **kwargs: Any) -> dict[str, Any]:
        """group= or child=, date=, time=, minutes=, location=."""
        return self._run(add_meeting_slot, **kwargs)

    def close_day(self, **kwargs: Any) -> dict[str, Any]:
        """group=, date=, reason=."""
        return self._run(close_day, **kwargs)

    def message(self, **kwargs: Any) -> dict[str, Any]:
        """child=, subject=, text=."""
        return self._run(send_message, **kwargs)

    def decide_leave(self, **kwargs: Any) -> dict[str, Any]:
        """id=, status="approved"|"rejected"."""
        return self._run(decide_leave_request, **kwargs)
