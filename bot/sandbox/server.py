"""`SandboxHub`: the embedded Hub on loopback, with the hooks tests use to bend it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.clock import Clock
from bot.sandbox import db, demo, login_routes, pupil_routes, sessions, staff_routes
from bot.sandbox.demo import DemoDates
from bot.sandbox.faults import Faults
from bot.sandbox.staff import StaffDesk
from bot.sandbox.state import guardian_state
from bot.sandbox.web import HubContext, Router, build_app

CLOCK_OFFSET_KEY = "clock_offset_s"
_OFFSET_SLACK_S = 30.0


def routes() -> Router:
    router = Router()
    for module in (login_routes, pupil_routes, staff_routes):
        router.include(module.router)
    return router


class SandboxHub:
    """The sandbox Hub: real HTTP on loopback over its own SQLite file.

    Time comes only from `clock`. Tests bend it with `expire_sessions()`,
    `fail_next()`, `set_down()` and `set_cutoff()`, and count reads in
    `request_log` (method, path as requested).
    """

    def __init__(
        self,
        db_path: Path,
        clock: Clock,
        *,
        seed: bool = True,
        redirect_allow: Sequence[str] = (),
    ) -> None:
        self.db_path = Path(db_path)
        self.clock = clock
        self.conn = db.connect(self.db_path)
        db.migrate(self.conn)
        if seed:
            demo.ensure_seeded(self.conn, clock)
        self.faults = Faults()
        self.request_log: list[tuple[str, str]] = []
        self._offset_written: float | None = None
        self._ctx = HubContext(
            conn=self.conn,
            clock=clock,
            faults=self.faults,
            request_log=self.request_log,
            redirect_allow=tuple(redirect_allow),
            on_request=self._share_clock,
        )
        self._runner: web.AppRunner | None = None
        self.base_url: str | None = None

    # -- life -----------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serves on `host:port` (0: any free port) and returns the base URL."""
        self._share_clock()
        app = build_app(self._ctx, routes())
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound = runner.addresses[0]
        shown = f"[{bound[0]}]" if ":" in str(bound[0]) else bound[0]
        self.base_url = f"http://{shown}:{bound[1]}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.conn.close()

    async def __aenter__(self) -> SandboxHub:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- test hooks -----------------------------------------------------------------------------

    def expire_sessions(self) -> int:
        """Ends every web session now (tokens are untouched); returns how many."""
        with db.transaction(self.conn):
            return sessions.expire_all(self.conn)

    def fail_next(
        self, path_fragment: str, status: int, retry_after: int | None = None, times: int = 1
    ) -> None:
        """The next `times` requests whose path contains the fragment get `status`."""
        self.faults.fail_next(path_fragment, status, retry_after, times)

    def lose_answer_next(self, path_fragment: str, times: int = 1) -> None:
        """The next matching requests are carried out, then the connection drops unanswered."""
        self.faults.lose_answer_next(path_fragment, times)

    def set_down(self, down: bool = True) -> None:
        """While down, every request answers 503."""
        self.faults.down = down

    def set_cutoff(self, cutoff: str | time, school: str | None = None) -> None:
        """The time absence for today locks ("HH:MM"), for one school or all."""
        text = cutoff.strftime("%H:%M") if isinstance(cutoff, time) else cutoff
        with db.transaction(self.conn):
            if school is None:
                self.conn.execute("UPDATE schools SET absence_cutoff = ?", (text,))
            else:
                self.conn.execute(
                    "UPDATE schools SET absence_cutoff = ? WHERE name = ?", (text, school)
                )

    def reads(self, path_fragment: str) -> int:
        """How many requests so far had the fragment in their path (case-insensitive)."""
        wanted = path_fragment.lower()
        return sum(1 for _, path in self.request_log if wanted in path.lower())

    # -- shortcuts for tests and demos -----------------------------------------------------------

    def staff(self, login: str) -> StaffDesk:
        """Act as a staff member, exactly as the staff API would."""
        return StaffDesk(self.conn, self.clock, login)

    def state(self) -> dict[str, list[dict[str, Any]]]:
        """What `python -m bot hub state` prints."""
        return guardian_state(self.conn)

    @property
    def demo_dates(self) -> DemoDates | None:
        return demo.seeded_dates(self.conn)

    def _share_clock(self) -> None:
        """Leaves this Hub's idea of "now" in the database for the CLI in another process."""
        offset = (self.clock.now() - datetime.now(UTC)).total_seconds()
        if (
            self._offset_written is not None
            and abs(offset - self._offset_written) < _OFFSET_SLACK_S
        ):
            return
        with db.transaction(self.conn):
            db.set_meta(self.conn, CLOCK_OFFSET_KEY, f"{offset:.3f}")
        self._offset_written = offset
