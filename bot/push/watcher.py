"""Noticing what happens on the Hub: notifications per account, attendance per child.

Each pass reads, for every linked guardian account that is due, the
notifications that arrived since its cursor, and then the attendance list of
the children that need it. Notifications belong to an account and are read per
account; the attendance list belongs to a child and is read once for all its
guardians, through one of their accounts. A child's list is read when an
account was told of an attendance registration, when it was never read, and
otherwise every `sweep_every` intervals (a Hub that does not notify is still
watched).

The first look at an account or a child records what is already there and sends
nothing. After that, a fact whose key was not seen is new: it becomes a push
(queued durably and idempotently) before it is recorded as seen, so a crash in
between repeats the queueing, which the outbox keys make harmless.

Accounts are read in parallel within a bound, each account by one task at a
time; every account keeps its own rhythm (interval with jitter, backoff after
Hub trouble), so a thousand accounts do not all hit the Hub in the same second.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.clock import STOCKHOLM
from bot.hub.errors import HubError, LoginRequired, NotAvailableForChild, RateLimited
from bot.hub.interface import HubClient
from bot.hub.models import Child, Notification, parse_hub_datetime
from bot.push.alerts import push_absence_alerts
from bot.push.audience import chats_for
from bot.push.facts import AbsenceFact, absence_fact, is_absence_notification, news_fact
from bot.push.news import push_news
from bot.push.privacy import pushable
from bot.storage.models import ChatLink, Role

if TYPE_CHECKING:
    from bot.conversation.deps import Deps

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=STOCKHOLM)
# Facts older than this are not news any more, whatever the Hub shows.
RECENT = timedelta(days=14)
# A notification this much older than the chat's link was there before the link.
LINK_SLACK = timedelta(minutes=1)
MAX_BACKOFF = timedelta(minutes=30)
LOGIN_BACKOFF = timedelta(minutes=30)


@dataclass
class WatchPass:
    """What one pass did, for logs and tests."""

    accounts: int = 0
    baselined_accounts: int = 0
    children: int = 0
    baselined_children: int = 0
    alerts: int = 0
    news: int = 0
    errors: int = 0


@dataclass
class _Account:
    key: str
    links: list[ChatLink]
    due: datetime
    failures: int = 0


@dataclass
class _Read:
    """One account's part of a pass."""

    account: _Account
    hub: HubClient
    children: list[Child] = field(default_factory=list)
    # Children the Hub told this account about (an attendance registration).
    told: set[str] = field(default_factory=set)


class HubWatcher:
    def __init__(
        self,
        deps: Deps,
        *,
        interval_s: float | None = None,
        jitter: float = 0.1,
        max_parallel: int = 8,
        sweep_every: int = 10,
        rng: random.Random | None = None,
    ) -> None:
        self.deps = deps
        self.interval = timedelta(
            seconds=interval_s if interval_s is not None else deps.settings.watch_interval_s
        )
        self.jitter = jitter
        self.sweep_every = max(1, sweep_every)
        self._rng = rng or random.Random()
        self._limit = asyncio.Semaphore(max(1, max_parallel))
        self._accounts: dict[str, _Account] = {}
        self._children_of: dict[str, set[str]] = {}
        self._swept: dict[str, datetime] = {}
        self._pass_lock = asyncio.Lock()

    def _now(self) -> datetime:
        return self.deps.clock.now()

    def next_due(self) -> datetime | None:
        """When the earliest account is due (None before the first pass)."""
        return min((a.due for a in self._accounts.values()), default=None)

    async def run_due(self) -> WatchPass:
        """One pass over the accounts that are due now."""
        async with self._pass_lock:
            return await self._pass()

    # -- the pass ---------------------------------------------------------------------------

    async def _pass(self) -> WatchPass:
        stats = WatchPass()
        now = self._now()
        self._sync_accounts(await self.deps.store.list_links(active_only=True), now)
        due = [a for a in self._accounts.values() if a.due <= now]
        if not due:
            return stats
        reads = await asyncio.gather(*(self._read_account(a, stats) for a in due))
        done = [r for r in reads if r is not None]
        await self._read_children(done, stats)
        for account in due:
            self._reschedule(account, now)
        self.deps.shared.children.prune()
        return stats

    def _sync_accounts(self, links: Iterable[ChatLink], now: datetime) -> None:
        by_account: dict[str, list[ChatLink]] = defaultdict(list)
        for link in links:
            if link.role == Role.GUARDIAN and link.active:
                by_account[link.hub_account_id].append(link)
        for key in list(self._accounts):
            if key not in by_account:
                del self._accounts[key]
                self._children_of.pop(key, None)
        for key, account_links in by_account.items():
            account_links.sort(key=lambda item: item.id)
            known = self._accounts.get(key)
            if known is None:
                self._accounts[key] = _Account(key, account_links, due=now)
            else:
                known.links = account_links

    def _reschedule(self, account: _Account, now: datetime) -> None:
        if account.due > now:
            return  # already put off by what went wrong (a login to renew, a Retry-After)
        if account.failures:
            wait = min(self.interval * (2 ** min(account.failures, 10)), MAX_BACKOFF)
        else:
            wait = self.interval
        # Jitter only ever shortens the wait, so every account is read within one interval.
        factor = self._rng.uniform(1.0 - self.jitter, 1.0)
        account.due = now + wait * factor

    # -- per account: notifications -------------------------------------------------------

    async def _read_account(self, account: _Account, stats: WatchPass) -> _Read | None:
        async with self._limit:
            try:
                hub = await self.deps.hubs.hub_for(account.links[0])
                read = _Read(account, hub)
                read.children = await self.deps.shared.children_of(account.key, hub)
                self._remember_children(account.key, read.children)
                await self._notifications(read, stats)
            except LoginRequired:
                log.info("watcher: account needs a new login; waiting")
                account.failures = max(account.failures, 1)
                account.due = self._now() + LOGIN_BACKOFF
                stats.errors += 1
                return None
            except (HubError, OSError) as exc:
                account.failures += 1
                stats.errors += 1
                log.info("watcher: account read failed (%s)", type(exc).__name__)
                if isinstance(exc, RateLimited):
                    account.due = self._now() + timedelta(seconds=exc.retry_after)
                return None
        account.failures = 0
        stats.accounts += 1
        return read

    def _remember_children(self, account: str, children: Sequence[Child]) -> None:
        self._children_of[account] = {c.switch_id for c in children}

    async def _notifications(self, read: _Read, stats: WatchPass) -> None:
        store = self.deps.store
        key = read.account.key
        cursor_text = await store.get_watch_cursor(key)
        cursor = parse_hub_datetime(cursor_text) if cursor_text else None
        answer = await read.hub.notifications_since(cursor or EPOCH)
        new_cursor = answer.timestamp or cursor_text
        if cursor is None:
            # The first look: what is there now was there before us.
            stats.baselined_accounts += 1
        else:
            mine = {c.switch_id for c in read.children}
            for notification in answer.notifications:
                if not pushable(notification):
                    continue
                await self._notice(read, notification, mine, stats)
        if new_cursor:
            await store.set_watch_cursor(key, new_cursor)

    async def _notice(
        self, read: _Read, notification: Notification, mine: set[str], stats: WatchPass
    ) -> None:
        child = notification.child_switch_id
        if child is not None and child not in mine:
            # A child the account got since we last looked.
            self.deps.shared.children.forget(read.account.key)
        if is_absence_notification(notification):
            if child is not None:
                read.told.add(child)
            return
        fact = news_fact(notification)
        if fact is None:
            return
        when = notification.order_date or self._now()
        if when < self._now() - RECENT:
            return
        # Only chats that were linked when it was published hear of it.
        links = [link for link in read.account.links if link.created_at - LINK_SLACK <= when]
        stats.news += await push_news(self.deps, fact, links)

    # -- per child: the attendance list, read once for all its guardians ---------------------

    async def _read_children(self, reads: Sequence[_Read], stats: WatchPass) -> None:
        now = self._now()
        reader: dict[str, tuple[_Read, Child]] = {}
        told: set[str] = set()
        for read in reads:
            told |= read.told
            for child in read.children:
                if child.has("attendance"):
                    reader.setdefault(child.switch_id, (read, child))
        if not reader:
            return
        baselined = await self.deps.store.baselined_children(list(reader))
        sweep = self.interval * self.sweep_every
        wanted = [
            child_id
            for child_id in reader
            if child_id not in baselined
            or child_id in told
            or now - self._swept.get(child_id, EPOCH) >= sweep
        ]
        await asyncio.gather(
            *(
                self._read_child(*reader[child_id], child_id in baselined, stats)
                for child_id in wanted
            )
        )

    async def _read_child(
        self, read: _Read, child: Child, baselined: bool, stats: WatchPass
    ) -> None:
        store = self.deps.store
        async with self._limit:
            try:
                page = await read.hub.attendance_list(child)
            except NotAvailableForChild:
                return
            except (HubError, OSError) as exc:
                stats.errors += 1
                log.info("watcher: attendance read failed (%s)", type(exc).__name__)
                return
        self._swept[child.switch_id] = self._now()
        stats.children += 1
        today = self._now().astimezone(STOCKHOLM).date()
        facts = _recent(
            (absence_fact(child.switch_id, child.first_name, r) for r in page.items), today
        )
        keys = [str(f.key) for f in facts]
        if not baselined:
            await store.baseline_child(child.switch_id, keys)
            stats.baselined_children += 1
            return
        seen = await store.seen_facts(keys)
        new = [f for f in facts if str(f.key) not in seen]
        if not new:
            return
        guardians = chats_for(self._guardian_links(child.switch_id), child_id=child.switch_id)
        stats.alerts += await push_absence_alerts(self.deps, new, guardians)
        await store.record_facts([str(f.key) for f in new], child_id=child.switch_id)

    def _guardian_links(self, child_id: str) -> list[ChatLink]:
        """Every linked guardian of the child, across all the accounts that have it."""
        found: list[ChatLink] = []
        for key, children in self._children_of.items():
            account = self._accounts.get(key)
            if account is not None and child_id in children:
                found.extend(account.links)
        return found


def _recent(facts: Iterable[AbsenceFact | None], today: date) -> list[AbsenceFact]:
    oldest = today - RECENT
    return [f for f in facts if f is not None and f.day >= oldest]
