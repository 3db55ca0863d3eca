"""Evening summaries for many families, built from the sandbox Hub and delivered to Telegram.

    .venv/bin/python benchmarks/fanout.py [--guardians 10000] [--rate 100] [--parallel 16]

Seeds `--guardians` linked guardians in two-guardian families (each family's one
or two children shared by both) on a fresh sandbox Hub, runs the 18:00 summary
round as the bot runs it (a durable job), then delivers the queued summaries
through the outbox worker and the Telegram channel's sender to the fake Bot API
server, which answers 429 beyond `--rate` messages a second overall (and 1 a
second per chat). Telegram's own limit is 30 a second; the default is higher so
a run takes minutes, not the 6 minutes 10,000 messages need at 30 a second.

The sandbox Hub and the fake Bot API server run in child processes, so the
memory printed for the bot is the bot's own. Prints: summaries built per
second, Hub reads per guardian, delivered messages per second against the
allowed rate (target >= 95 %, with no 429 answered), and peak memory (target
<= 200 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.clock import StartedClock  # noqa: E402
from bot.sandbox import db, demo, directory, oauth  # noqa: E402
from bot.sandbox.server import SandboxHub  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage.models import ChatKey, DeliveryState, Language, Role  # noqa: E402

NOW = "2026-11-26T17:59:55+01:00"  # a Thursday, just before the summaries
TOKEN = "424242:fanout-benchmark"
REDIRECT = "http://127.0.0.1/link/callback"
FIRST_ACCOUNT, FIRST_CHILD, FIRST_CHAT = 200_000, 5_000_000, 7_000_000
PRESCHOOL_GROUPS = (demo.G_SOLROSEN, demo.G_BLAKLOCKAN)
SCHOOL_GROUPS = ((demo.G_4B, demo.G_FRITIDS), (demo.G_1A, demo.G_FRITIDS))
# Paths that only log in, list the children or pick one; everything else is a read of data.
SESSION_PATHS = ("/authentication", "/na1/", "/swedish/production", "/account/pupilswitcher")
HOME = "/"

# Child processes: the sandbox Hub and the fake Bot API server, each printing its URL,
# then answering "stats" on stdin with one JSON line.
SANDBOX_CHILD = """
import asyncio, json, re, sys
from collections import Counter
from pathlib import Path
from bot.clock import StartedClock
from datetime import datetime
from bot.sandbox.server import SandboxHub

async def main():
    hub = SandboxHub(Path(sys.argv[1]), StartedClock(datetime.fromisoformat(sys.argv[2])))
    print(await hub.start(), flush=True)
    loop = asyncio.get_running_loop()
    while (line := await loop.run_in_executor(None, sys.stdin.readline)):
        paths = Counter(
            re.sub(r"/\\d+$", "/{id}", path.lower().split("?")[0]) for _, path in hub.request_log
        )
        print(json.dumps({"total": len(hub.request_log), "paths": paths}), flush=True)
    await hub.stop()

asyncio.run(main())
"""
# The fake keeps every call it answered; its garbage collector's pauses would stamp the
# requests queued meanwhile late and count them in the wrong second, so it is off there.
FAKE_CHILD = """
import asyncio, gc, json, sys
from bot.testing import FakeBotApi

gc.disable()

async def main():
    async with FakeBotApi(sys.argv[1]) as fake:
        fake.rate_limit(per_second_overall=float(sys.argv[2]), per_chat_per_second=1,
                        per_group_per_minute=20)
        print(fake.base_url, flush=True)
        loop = asyncio.get_running_loop()
        while (line := await loop.run_in_executor(None, sys.stdin.readline)):
            sends = [c.at for c in fake.calls if c.method == "sendMessage" and c.ok]
            print(json.dumps({
                "sent": len(sends),
                "throttled": fake.throttled,
                "first": min(sends, default=0.0),
                "last": max(sends, default=0.0),
                "chats": len(fake.received_per_chat()),
                "repeats": sum(n - 1 for n in fake.received_per_chat().values()),
            }), flush=True)

asyncio.run(main())
"""


@dataclass
class Child:
    """A child process that prints its URL and answers "stats"."""

    proc: asyncio.subprocess.Process
    url: str

    @classmethod
    async def start(cls, code: str, *args: str) -> Child:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            code,
            *args,
            cwd=str(ROOT),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 24,
        )
        assert proc.stdout is not None
        url = (await proc.stdout.readline()).decode().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"child did not start: {url!r}")
        return cls(proc, url)

    async def stats(self) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(b"stats\n")
        await self.proc.stdin.drain()
        return dict(json.loads(await self.proc.stdout.readline()))

    async def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), timeout=10)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()


# -- seeding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Guardian:
    account_id: int
    chat_id: int
    refresh_token: str


def seed_hub(path: Path, guardians: int) -> tuple[list[Guardian], int]:
    """Families on a fresh sandbox Hub file; returns the guardians and the number of children."""
    clock = StartedClock(datetime.fromisoformat(NOW))
    hub = SandboxHub(path, clock)  # creates and seeds the demo content for "today"
    conn = hub.conn
    people: list[Guardian] = []
    children = 0
    with db.transaction(conn):
        # Not an argon2 hash: these accounts only ever log in with their tokens.
        password = "x"
        account = FIRST_ACCOUNT
        for family in range((guardians + 1) // 2):
            kids: list[int] = []
            for k in range(1 + family % 2):
                child = FIRST_CHILD + children
                children += 1
                if k == 0:
                    groups: tuple[int, ...] = (PRESCHOOL_GROUPS[family % 2],)
                    school, apps, year = demo.SOLROSEN_SCHOOL, demo.PRESCHOOL_APPS, None
                else:
                    groups = SCHOOL_GROUPS[family % 2]
                    school, apps, year = demo.NORDSKOLAN, demo.ALL_APPS, 1 + family % 6
                conn.execute(
                    "INSERT INTO children(id, first_name, last_name, year, im2_id, school_id,"
                    " apps) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (child, f"Barn{child}", f"Familj{family}", year, child + 10_000_000, school,
                     ",".join(apps)),
                )  # fmt: skip
                conn.executemany(
                    "INSERT INTO memberships(child_id, group_id) VALUES (?, ?)",
                    [(child, g) for g in groups],
                )
                conn.executemany(
                    "INSERT INTO base_schedule(child_id, weekday, start_time, end_time)"
                    " VALUES (?, ?, ?, ?)",
                    [(child, day, "07:30", "16:00") for day in range(5)],
                )
                kids.append(child)
            for _ in range(2 if len(people) + 2 <= guardians else 1):
                conn.execute(
                    "INSERT INTO accounts(id, login, password_hash, first_name, last_name, role,"
                    " child_id) VALUES (?, ?, ?, ?, ?, 'guardian', NULL)",
                    (account, f"g{account}", password, f"Förälder{account}", f"Familj{family}"),
                )
                conn.executemany(
                    "INSERT INTO guardianships(account_id, child_id) VALUES (?, ?)",
                    [(account, kid) for kid in kids],
                )
                person = directory.account_by_id(conn, account)
                assert person is not None
                code = oauth.issue_code(conn, clock, person, "hubbot", REDIRECT)
                tokens = oauth.exchange_code(conn, clock, code, "hubbot", REDIRECT)
                people.append(Guardian(account, FIRST_CHAT + len(people), tokens["refresh_token"]))
                account += 1
    conn.close()
    return people, children


async def link_all(services: Any, people: list[Guardian]) -> None:
    store = services.store
    for person in people:
        link = await store.upsert_link(
            ChatKey("telegram", str(person.chat_id)).member(),
            hub_account_id=str(person.account_id),
            role=Role.GUARDIAN,
            language=Language.SV,
            hub_login_hint="Förälder",
        )
        await store.store_refresh_token(link.id, person.refresh_token)


# -- the run ------------------------------------------------------------------------------------


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(args: argparse.Namespace) -> None:
    from telegram.ext import ExtBot
    from telegram.request import HTTPXRequest

    from bot.app.wiring import start_app
    from bot.channels.telegram.callback_data import CallbackCodec
    from bot.channels.telegram.limits import TelegramRateLimiter
    from bot.channels.telegram.sender import TelegramSender
    from bot.push.outbox_worker import OutboxWorker
    from bot.push.pacing import ChannelLimits, SendPacer, telegram_is_group
    from bot.push.scheduler import ROUND_KIND, ensure_rounds

    with tempfile.TemporaryDirectory(prefix="fanout-") as tmp:
        data = Path(tmp)
        started = time.perf_counter()
        people, children = seed_hub(data / "sandbox-hub.db", args.guardians)
        hub = await Child.start(SANDBOX_CHILD, str(data / "sandbox-hub.db"), NOW)
        fake = await Child.start(FAKE_CHILD, TOKEN, str(args.rate))
        settings = Settings(
            data_dir=data,
            hub_url=hub.url,
            web_port=0,
            _env_file=None,
        )
        clock = StartedClock(datetime.fromisoformat(NOW))
        services = await start_app(settings, clock)
        try:
            await link_all(services, people)
            seeded = time.perf_counter() - started
            print(
                f"seeded {len(people)} guardians in {(len(people) + 1) // 2} families with "
                f"{children} children ({seeded:.1f} s)",
                flush=True,
            )
            # -- the 18:00 round, as the job runner runs it
            await ensure_rounds(services.store, services.clock, catch_up=True)
            wait = (
                datetime.fromisoformat("2026-11-26T18:00:00+01:00") - clock.now()
            ).total_seconds()
            if wait > 0:
                await asyncio.sleep(wait)
            before = await hub.stats()
            t0 = time.perf_counter()
            ran = await services.jobs.run_due()
            built_s = time.perf_counter() - t0
            after = await hub.stats()
            rounds = await services.store.list_jobs(kind=ROUND_KIND)
            queued = 0
            for person in people:
                queued += len(
                    await services.store.list_outbox(
                        ChatKey("telegram", str(person.chat_id)),
                        states=(DeliveryState.PENDING,),
                    )
                )
            paths = Counter(after["paths"]) - Counter(before["paths"])
            requests = after["total"] - before["total"]
            data_reads = sum(
                n for p, n in paths.items() if p != HOME and not p.startswith(SESSION_PATHS)
            )
            print(f"summary round: {ran} job(s), next at {rounds[-1].run_at.isoformat()}")
            print(f"summaries built: {queued} in {built_s:.1f} s = {queued / built_s:.0f} /s")
            print(
                f"hub reads per guardian: {data_reads / len(people):.2f} data reads "
                f"({requests / len(people):.2f} requests with logins and child switches)"
            )
            for path, count in sorted(paths.items(), key=lambda kv: -kv[1]):
                if count:
                    print(f"    {count / len(people):6.2f}  {path}")
            print(f"peak memory after building: {rss_mb():.0f} MB", flush=True)

            # -- delivery through the outbox to the fake Bot API server
            request = HTTPXRequest(connection_pool_size=args.concurrency)
            # The bot's one limiter, paced at the rate under test (Telegram's 30 by default).
            pacer = SendPacer(
                ChannelLimits(
                    overall_per_second=args.rate, chat_per_second=1, group_per_minute=20
                ),
                is_group=telegram_is_group,
            )
            limiter = TelegramRateLimiter(pacer)
            bot = ExtBot(TOKEN, base_url=fake.url, request=request, rate_limiter=limiter)
            async with bot:
                sender = TelegramSender(
                    bot, services.store, limiter, CallbackCodec(services.store, clock)
                )
                worker = OutboxWorker(
                    services.store, {"telegram": sender}, clock, concurrency=args.concurrency
                )
                t0 = time.perf_counter()
                while worker.stats.sent + worker.stats.dead < queued:
                    if not await worker.drain():
                        await asyncio.sleep(0.05)
                wall = time.perf_counter() - t0
            served = await fake.stats()
            window = served["last"] - served["first"]
            rate = (served["sent"] - 1) / window if window > 0 else float("nan")
            print(
                f"delivered: {served['sent']} to {served['chats']} chats in {wall:.1f} s; "
                f"{rate:.1f} msg/s against {args.rate:g} allowed = {rate / args.rate:.1%}; "
                f"429 answered: {served['throttled']}; repeats: {served['repeats']}; "
                f"dead: {worker.stats.dead}"
            )
            print(f"peak memory: {rss_mb():.0f} MB (the bot process)", flush=True)
        finally:
            await services.close()
            await hub.stop()
            await fake.stop()
        children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"largest child process (sandbox Hub or fake Bot API): {children_mb:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--guardians", type=int, default=10_000)
    ap.add_argument("--rate", type=float, default=100.0, help="messages a second the fake allows")
    ap.add_argument("--concurrency", type=int, default=8, help="deliveries in flight")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
