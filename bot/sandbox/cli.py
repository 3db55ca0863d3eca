"""`python -m bot hub serve|state|staff`: the sandbox Hub from the command line.

`state` and `staff` open the same database file a running bot serves from, so
a demo or an outside check can act as the school and read what guardians did
while the bot runs. Their clock is the serving Hub's (it leaves its offset
from real time in the database), so `--now` runs agree on what "today" is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.clock import Clock, StartedClock, clock_from_iso
from bot.sandbox import db, demo
from bot.sandbox.errors import HubRefusal
from bot.sandbox.server import CLOCK_OFFSET_KEY, SandboxHub
from bot.sandbox.staff import StaffDesk
from bot.sandbox.state import guardian_state
from bot.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot hub", description="the sandbox Hub")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the sandbox Hub and print its URL")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument("--now", help="start the clock at this ISO 8601 moment (with offset)")

    state = commands.add_parser("state", help="print what guardians entered, as JSON")
    state.add_argument("--now", help=argparse.SUPPRESS)

    staff = commands.add_parser("staff", help="act as a staff member")
    staff.add_argument("--login", help="larare, support …")
    staff.add_argument("--now", help="the moment to act at (default: the Hub's clock)")
    actions = staff.add_subparsers(dest="action", required=True)
    login_again = argparse.ArgumentParser(add_help=False)
    login_again.add_argument("--login", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def action(name: str, about: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, help=about, parents=[login_again])

    def target(p: argparse.ArgumentParser, *, required: bool = True) -> None:
        group = p.add_mutually_exclusive_group(required=required)
        group.add_argument("--group", help="a group name, e.g. 4B")
        group.add_argument("--child", help="a child's first name: that child's group")

    absence = action("invalid-absence", 'register "ogiltig frånvaro" or "sen ankomst"')
    absence.add_argument("--child", required=True)
    absence.add_argument("--date", required=True, help="YYYY-MM-DD")
    absence.add_argument("--kind", choices=("absent", "late"), default="absent")
    absence.add_argument("--time", help="HH:MM")
    absence.add_argument("--lesson")

    news = action("news", "publish news to a group")
    target(news)
    news.add_argument("--title", required=True)
    news.add_argument("--text", required=True)
    news.add_argument("--attachment-title")
    news.add_argument("--attachment-url")

    calendar = action("calendar", "add a calendar entry")
    target(calendar)
    calendar.add_argument("--date", required=True, help="YYYY-MM-DD")
    calendar.add_argument("--title", required=True)
    calendar.add_argument("--text", default="")
    calendar.add_argument("--type-id", type=int, help="1 Händelse, 2 Läxa, 3 Prov, 4, 5")

    slot = action("meeting-slot", "add a free development-talk slot")
    target(slot)
    slot.add_argument("--date", required=True)
    slot.add_argument("--time", required=True)
    slot.add_argument("--minutes", type=int, default=30)
    slot.add_argument("--location")

    closed = action("school-closed", "close a group for a day")
    closed.add_argument("--group", required=True)
    closed.add_argument("--date", required=True)
    closed.add_argument("--reason", required=True)

    message = action("message", "send a message to a child's guardians")
    message.add_argument("--child", required=True)
    message.add_argument("--subject", required=True)
    message.add_argument("--text", required=True)

    leave = action("leave-decision", "approve or reject a leave request")
    leave.add_argument("--id", required=True, type=int)
    leave.add_argument("--status", required=True, choices=("approved", "rejected"))

    action("groups", "list the groups this staff member reaches")
    return parser


def _hub_clock(conn: sqlite3.Connection, now: str | None) -> Clock:
    """`--now`, else the serving Hub's clock (real time plus the offset it left behind)."""
    if now:
        return clock_from_iso(now)
    offset = db.get_meta(conn, CLOCK_OFFSET_KEY)
    if offset is None:
        return clock_from_iso(None)
    return StartedClock(datetime.now(UTC) + timedelta(seconds=float(offset)))


def _open(settings: Settings, now: str | None) -> tuple[sqlite3.Connection, Clock]:
    settings.ensure_data_dir()
    conn = db.connect(settings.sandbox_db_path)
    db.migrate(conn)
    clock = _hub_clock(conn, now)
    if settings.sandbox_seed:
        # Accounts only: the dated demo content is left to the Hub that serves this file.
        demo.ensure_seeded(conn, clock, content=False)
    return conn, clock


def _print(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False), flush=True)


def _state(args: argparse.Namespace) -> int:
    conn, _ = _open(Settings(), args.now)
    try:
        _print(guardian_state(conn))
    finally:
        conn.close()
    return 0


def _staff_call(args: argparse.Namespace) -> Callable[[StaffDesk], dict[str, Any]]:
    picked = {"group": getattr(args, "group", None), "child": getattr(args, "child", None)}
    target = {k: v for k, v in picked.items() if v is not None}
    match args.action:
        case "invalid-absence":
            return lambda desk: desk.invalid_absence(
                child=args.child,
                date=args.date,
                kind=args.kind,
                time=args.time,
                lesson=args.lesson,
            )
        case "news":
            attachment = (
                {"title": args.attachment_title, "url": args.attachment_url}
                if args.attachment_title or args.attachment_url
                else None
            )
            return lambda desk: desk.news(
                **target, title=args.title, text=args.text, attachment=attachment
            )
        case "calendar":
            return lambda desk: desk.calendar(
                **target, date=args.date, title=args.title, text=args.text, type_id=args.type_id
            )
        case "meeting-slot":
            return lambda desk: desk.meeting_slot(
                **target,
                date=args.date,
                time=args.time,
                minutes=args.minutes,
                location=args.location,
            )
        case "school-closed":
            return lambda desk: desk.close_day(
                group=args.group, date=args.date, reason=args.reason
            )
        case "message":
            return lambda desk: desk.message(
                child=args.child, subject=args.subject, text=args.text
            )
        case "leave-decision":
            return lambda desk: desk.decide_leave(id=args.id, status=args.status)
        case _:
            return lambda desk: desk.groups()


def _staff(args: argparse.Namespace) -> int:
    if not args.login:
        print("hub staff: --login STAFF behövs (t.ex. larare eller support)", file=sys.stderr)
        return 1
    conn, clock = _open(Settings(), args.now)
    try:
        desk = StaffDesk(conn, clock, args.login)
        _print(_staff_call(args)(desk))
    except HubRefusal as refusal:
        print(f"hub staff: {refusal.message} ({refusal.code})", file=sys.stderr)
        return 1
    finally:
        conn.close()
    return 0


async def _serve(args: argparse.Namespace) -> int:
    settings = Settings()
    settings.ensure_data_dir()
    hub = SandboxHub(
        settings.sandbox_db_path, clock_from_iso(args.now), seed=settings.sandbox_seed
    )
    url = await hub.start(args.host, args.port)
    print(url, flush=True)
    logins = ", ".join(account.login for account in demo.DEMO_ACCOUNTS)
    print(f"demo logins: {logins} (password {demo.DEMO_PASSWORD})", file=sys.stderr)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await stopping.wait()
    finally:
        await hub.stop()
    return 0


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return asyncio.run(_serve(args))
    if args.command == "state":
        return _state(args)
    return _staff(args)
