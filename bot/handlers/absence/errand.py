"""Reporting and cancelling absence: "Elsa är sjuk idag", "Nils kommer 10", "Elsa kommer ändå".

The errand decides which children and days are meant, asks once before it
writes (unless the chat turned confirmations off), and then hands the work to
`absence_filing` / `absence_cancel`. Health details in the message are never
passed on or kept: only structured data (child ids, days, spans) is stored in
questions and jobs, and only a neutral absence (no comment) reaches the Hub.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.absence.cancel import Standing, cancel, describe, find_standing, reverse
from bot.handlers.absence.filing import Done, carry_out, send_leave
from bot.handlers.absence.plan import (
    LATER,
    LEAVE,
    NOW,
    ChildRef,
    Filing,
    Plan,
    as_leave,
    filing_time,
    plan,
    span_from_command,
    span_from_json,
    span_to_json,
    which_day,
)
from bot.handlers.absence.text import (
    capital,
    day_text,
    days_text,
    names_text,
    part_text,
    refused_text,
    when_text,
)
from bot.handlers.absence.timed import BOTH as LATE_BOTH
from bot.handlers.absence.timed import TIMES_ONLY as LATE_TIMES
from bot.handlers.absence.timed import Split, Window, combine, lead_text, moved_end, split
from bot.handlers.invalid_dates import invalid_date_reply
from bot.handlers.schedule.errand import ScheduleErrand
from bot.handlers.schedule.model import ERRAND_NAME as SCHEDULE_ERRAND
from bot.handlers.undo import UNDO_ACTION, remember_write
from bot.hub.errors import HubError, RuleRefused
from bot.hub.models import AttendanceBox
from bot.i18n import N_, format_relative_day
from bot.nlu import ParseResult, explain

REPORT = "report"
CANCEL = "cancel"


@dataclass(frozen=True, slots=True)
class Request:
    """What the guardian asked, as structured data only (safe to keep in a stored question)."""

    intent: str
    dates: list[date]
    dates_named: bool
    span: Any
    health: bool
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "dates": [d.isoformat() for d in self.dates],
            "dates_named": self.dates_named,
            "span": self.span,
            "health": self.health,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Request:
        return cls(
            intent=str(value.get("intent", REPORT)),
            dates=[date.fromisoformat(str(d)) for d in value.get("dates") or []],
            dates_named=bool(value.get("dates_named")),
            span=value.get("span", "day"),
            health=bool(value.get("health")),
            note=str(value.get("note") or ""),
        )


class AbsenceErrand:
    name = "absence"
    intents = frozenset({"report_absence", "cancel_absence"})
    private_only = False
    help: tuple[HelpLine, ...] = (
        HelpLine(
            0,
            "report_absence",
            N_("• “{name} is sick today” – report absence"),
            for_students=False,
        ),
        HelpLine(
            1,
            "report_absence",
            N_("• “{name} arrives at 10 tomorrow” – part of a day"),
            for_students=False,
        ),
        HelpLine(
            2,
            "cancel_absence",
            N_("• “{name} comes after all tomorrow” – take back an absence"),
            for_students=False,
        ),
    )

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        if ctx.is_student:
            return [
                Reply(
                    ctx._(
                        "As a student you cannot report or cancel absence here; your guardian"
                        " does that."
                    )
                )
            ]
        asked = invalid_date_reply(ctx, command)
        if asked is not None:
            return asked
        intent = CANCEL if command.intent == "cancel_absence" else REPORT
        try:
            span = span_from_command(command.span if intent == REPORT else None)
        except ValueError:
            return [
                Reply(
                    ctx._(
                        "I could not make sense of those times. Write for example “Elsa kommer"
                        " 10 imorgon” or “Elsa frånvaro 8-10 idag”."
                    )
                )
            ]
        named = bool(command.spans.get("dates"))
        note = ""
        if not named and not command.health_info:
            # No day in the message: say which one was taken, so a misreading shows.
            note = explain(command, ctx.text, ctx.lang)
        request = Request(
            intent=intent,
            dates=list(command.dates) or [ctx.today],
            dates_named=named,
            span=span_to_json(span),
            health=command.health_info,
            note=note,
        )
        children = await ctx.children()
        if not children:
            return [Reply(ctx._("I find no children on your Hub account."))]
        if command.children:
            chosen = await ctx.children_named(command.children)
        else:
            chosen = children if len(children) == 1 else []
        if not chosen:
            refs = [_ref(c) for c in children]
            if intent == CANCEL:
                # "kommer ändå" with no name: if only one child has something standing, that's it.
                days = request.dates if request.dates_named else None
                owners = {s.filing.child for s in await find_standing(ctx, refs, days)}
                if len(owners) <= 1:
                    mine = [r for r in refs if r.id in owners] or refs
                    return await self._propose_cancel(ctx, request, mine)
            return [self._which_child(ctx, request, refs)]
        return await self._go(ctx, request, [_ref(c) for c in chosen])

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action == UNDO_ACTION:
            return await self._undo(ctx, data)
        if action == "pick":
            refs = [
                ChildRef(str(i), str(n)) for i, n in zip(data["ids"], data["names"], strict=True)
            ]
            return await self._go(ctx, Request.from_json(data["request"]), refs)
        if action == "confirm":
            filings = [Filing.from_json(f) for f in data["filings"]]
            if data.get("later_as") == LEAVE:
                filings = [f for f in filings if f.mode != LATER] + as_leave(
                    [f for f in filings if f.mode == LATER]
                )
            return await self._carry_out(ctx, filings, str(data["key"]), offer_leave=False)
        if action in (LATE_BOTH, LATE_TIMES):
            return await self._both(ctx, action, data)
        if action == "to_leave":
            return await self._to_leave(ctx, data)
        if action == "write_school":
            return await self._write_school(ctx, data)
        if action == "cancel":
            items = [Standing.from_json(i) for i in data["items"]]
            return await self._cancel(ctx, items)
        if action == "decline_cancel":
            return [Reply(ctx._("OK, I have not changed anything."))]
        return [Reply(ctx._("OK, I have not reported anything."))]

    # -- which children -------------------------------------------------------------------------

    def _which_child(
        self, ctx: ErrandContext, request: Request, children: Sequence[ChildRef]
    ) -> Prompt:
        def pick(refs: Sequence[ChildRef], label: str) -> Option:
            return Option(
                label,
                "pick",
                {
                    "ids": [r.id for r in refs],
                    "names": [r.name for r in refs],
                    "request": request.to_json(),
                },
            )

        options = [pick([c], c.name) for c in children]
        if len(children) > 1:
            # TRANSLATORS: a button for every child at once; Swedish says "Alla" also for two.
            options.append(pick(children, ctx._("Both") if len(children) == 2 else ctx._("All")))
        text = (
            ctx._("Which child is it about?")
            if request.intent == REPORT
            else ctx._("Which child's absence should I cancel?")
        )
        return Prompt(self.name, text, options)

    async def _go(self, ctx: ErrandContext, request: Request, children: list[ChildRef]) -> Outcome:
        if request.intent == CANCEL:
            return await self._propose_cancel(ctx, request, children)
        window = moved_end(span_from_json(request.span))
        schedule = ctx.errand(SCHEDULE_ERRAND)
        if window is not None and isinstance(schedule, ScheduleErrand):
            ids = {c.id for c in children}
            chosen = [c for c in await ctx.children() if c.switch_id in ids]
            timed = [_ref(c) for c in split(chosen).timed]
            standing = await find_standing(ctx, timed, request.dates) if timed else []
            parts = split(chosen, {s.filing.child for s in standing})
            if parts.timed:
                return await self._late_or_early(ctx, request, parts, window, schedule)
        return await self._propose_report(ctx, request, children)

    # -- late arrival, early pick-up ---------------------------------------------------------

    async def _late_or_early(
        self,
        ctx: ErrandContext,
        request: Request,
        parts: Split,
        window: Window,
        schedule: ScheduleErrand,
    ) -> Outcome:
        """A child with a time schedule gets the day's times changed; lessons stay absence."""
        days = request.dates or [ctx.today]
        times = await schedule.propose_day_times(
            ctx, parts.timed, days, window, ask=not parts.absent
        )
        report: Outcome = []
        if parts.absent:
            report = await self._propose_report(ctx, request, [_ref(c) for c in parts.absent])
        lead = lead_text(ctx, parts)
        if request.note:
            lead = f"{lead}\n{request.note}"
        return combine(ctx, self.name, lead, report, times, offer_parts=bool(parts.both))

    async def _both(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        """Yes to a question that covered the fritids times (and the lessons, unless only)."""
        schedule = ctx.errand(SCHEDULE_ERRAND)
        out: Outcome = []
        if action == LATE_BOTH:
            out += await self.choose(ctx, "confirm", dict(data["report"]))
        if schedule is not None:
            out += await schedule.choose(ctx, "confirm", dict(data["times"]))
        return out

    # -- reporting ------------------------------------------------------------------------------

    async def _propose_report(
        self, ctx: ErrandContext, request: Request, children: list[ChildRef]
    ) -> Outcome:
        span = span_from_json(request.span)
        chosen = plan(children, request.dates, span, ctx.today)
        notes: list[str] = []
        if chosen.past:
            notes.append(
                capital(
                    ctx._(
                        "{days} has already passed, so I cannot report it.",
                        days=days_text(ctx, chosen.past),
                    )
                )
            )
        late: list[Filing] = []
        filings = await self._still_needed(ctx, chosen, notes, late)
        extra = []
        if request.health and filings:
            # Only when something is reported: "reported without a reason" after "too late"
            # would say the opposite of what happened.
            extra.append(
                ctx._(
                    "I have left out what you wrote about health: health details must not go"
                    " into the school's system (GDPR), so the absence is reported without a"
                    " reason."
                )
            )
        if request.note:
            extra.append(request.note)
        if not filings:
            if late:
                return [self._what_still_works(ctx, request, late, notes + extra)]
            return [Reply("\n".join(notes + extra))]
        key = secrets.token_hex(6)
        offer_leave = any(f.mode == LATER for f in filings) and span.part == "day"
        if not ctx.link.preferences.confirmations:
            outcome = await self._carry_out(ctx, filings, key, offer_leave=offer_leave)
            head = "\n".join(notes + extra)
            if head and outcome:
                first = outcome[0]
                return [replace(first, text=f"{head}\n{first.text}"), *outcome[1:]]
            return outcome
        text = "\n".join([*notes, self._question(ctx, filings, offer_leave), *extra])
        data = {"key": key, "filings": [f.to_json() for f in filings]}
        options = [Option(ctx._("Yes"), "confirm", {**data, "later_as": "job"})]
        if offer_leave:
            options.append(Option(ctx._("Leave request"), "confirm", {**data, "later_as": LEAVE}))
        options.append(Option(ctx._("No"), "decline", {}))
        return [Prompt(self.name, text, options)]

    def _what_still_works(
        self, ctx: ErrandContext, request: Request, late: list[Filing], notes: list[str]
    ) -> Prompt:
        """Too late for today: say so once, and offer what can still be done."""
        refs = list({f.child: ChildRef(f.child, f.name) for f in late}.values())
        next_day = ctx.today + timedelta(days=1)
        while next_day.weekday() >= 5:
            next_day += timedelta(days=1)
        options: list[Option] = []
        if next_day not in request.dates:
            later = Request(
                intent=REPORT,
                dates=[next_day],
                dates_named=True,
                span=request.span,
                health=False,
            )
            day = format_relative_day(next_day, ctx.today, ctx.lang)
            options.append(
                Option(
                    capital(ctx._("{day} instead", day=day)),
                    "pick",
                    {
                        "ids": [r.id for r in refs],
                        "names": [r.name for r in refs],
                        "request": later.to_json(),
                    },
                )
            )
        for ref in refs[:3]:
            label = (
                ctx._("Write to the school")
                if len(refs) == 1
                else ctx._("Write to {name}'s school", name=ref.name)
            )
            day = day_text(ctx, late[0].start)
            options.append(
                Option(label, "write_school", {"child": ref.id, "name": ref.name, "day": day})
            )
        text = "\n".join(
            [*notes, ctx._("What I can still do: report a later day, or write to the school.")]
        )
        return Prompt(self.name, text, options, menu=True)

    async def _write_school(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        """A message to the child's teachers on the Hub, written as the next message."""
        child = next((c for c in await ctx.children() if c.switch_id == data.get("child")), None)
        messages = ctx.errand("messages")
        if child is None or messages is None:
            return [Reply(ctx._("That child is not handled in this chat any more."))]
        recipients = await ctx.hub.recipients(child)
        if not recipients:
            return [Reply(ctx._("I find nobody at the school to write to on the Hub."))]
        to = recipients[0]
        subject = ctx._(
            "Absence {name} {day}", name=child.first_name, day=str(data.get("day", ""))
        )
        return await messages.choose(
            ctx,
            "reply",
            {
                "child": child.switch_id,
                "to": str(to.id),
                "to_name": to.display_name,
                "subject": subject,
            },
        )

    async def _still_needed(
        self, ctx: ErrandContext, chosen: Plan, notes: list[str], late: list[Filing]
    ) -> list[Filing]:
        """Drop what the Hub already shows, and today's absence once the cut-off has passed."""
        boxes: dict[str, AttendanceBox | None] = {}
        out: list[Filing] = []
        for filing in chosen.filings:
            if filing.mode != NOW:
                out.append(filing)
                continue
            if filing.child not in boxes:
                try:
                    boxes[filing.child] = await ctx.hub.attendance(filing.child)
                except HubError:
                    boxes[filing.child] = None  # the write will say what is wrong
            box = boxes[filing.child]
            if box is None:
                out.append(filing)
                continue
            state = box.day(which_day(filing.start, ctx.today))
            if state.absent and state.span == filing.span:
                notes.append(
                    ctx._(
                        "{name} is already reported absent {day}, {span}.",
                        name=filing.name,
                        day=day_text(ctx, filing.start),
                        span=part_text(ctx, state.span),
                    )
                )
            elif filing.start == ctx.today and state.locked:
                notes.append(refused_text(ctx, RuleRefused("LOCKED"), filing.name, filing.start))
                late.append(filing)
            else:
                out.append(filing)
        return out

    def _question(self, ctx: ErrandContext, filings: list[Filing], offer_leave: bool) -> str:
        """One line for one child's day, or a list of every group; then what the Hub allows."""
        groups = _grouped(filings)
        if len(groups) == 1:
            lines = _single_question(ctx, *groups[0], offer_leave=offer_leave)
        else:
            lines = [ctx._("Shall I do this?")] + [_list_line(ctx, f, n) for f, n in groups]
            if any(f.mode == LATER for f in filings):
                lines.append(_later_days_note(ctx, offer_leave))
        if any(f.mode == LEAVE for f in filings):
            lines.append(
                ctx._(
                    "An absence of a week or more is a leave request on the Hub; the school"
                    " decides on it."
                )
            )
        return "\n".join(lines)

    async def _carry_out(
        self, ctx: ErrandContext, filings: list[Filing], key: str, *, offer_leave: bool
    ) -> Outcome:
        done = await carry_out(ctx, filings, key=key)
        await self._remember(ctx, done)
        text = "\n".join(done.lines)
        if offer_leave and done.scheduled:
            return [
                Prompt(
                    self.name,
                    text
                    + "\n"
                    + ctx._("Would you rather send a leave request on the Hub for those days?"),
                    [
                        Option(
                            ctx._("Leave request"),
                            "to_leave",
                            {"key": key, "effects": done.scheduled},
                        )
                    ],
                    menu=True,
                )
            ]
        return [Reply(text)]

    async def _remember(self, ctx: ErrandContext, done: Done) -> None:
        if done.effects:
            await remember_write(ctx, self.name, {"effects": done.effects}, done.lines[0])

    async def _to_leave(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        """Planned filings turned into a leave request, when the guardian prefers that."""
        store = ctx.store
        waiting: list[Filing] = []
        done = Done()
        for effect in data.get("effects") or []:
            filing = Filing.from_json(dict(effect["filing"]))
            if await store.cancel_job(int(effect["job"])):
                waiting.append(filing)
            else:
                done.add(
                    ctx._(
                        "The absence for {name} {day} is already reported, so I left it as it is.",
                        name=filing.name,
                        day=day_text(ctx, filing.start),
                    )
                )
        for filing in as_leave(waiting):
            await send_leave(ctx, filing, str(data.get("key", "")), done)
        await self._remember(ctx, done)
        return [Reply("\n".join(done.lines))]

    # -- cancelling -----------------------------------------------------------------------------

    async def _propose_cancel(
        self, ctx: ErrandContext, request: Request, children: list[ChildRef]
    ) -> Outcome:
        days = request.dates if request.dates_named else None
        items = await find_standing(ctx, children, days)
        who = names_text(ctx, [c.name for c in children])
        if not items:
            if days is None:
                text = ctx._("I find no absence for {names} to cancel.", names=who)
            else:
                text = ctx._(
                    "I find no absence for {names} {days} to cancel.",
                    names=who,
                    days=days_text(ctx, days),
                )
            return [Reply(text)]
        if not ctx.link.preferences.confirmations:
            return await self._cancel(ctx, items)
        if len(items) == 1:
            text = ctx._("Cancel {what}?", what=describe(ctx, items[0]))
        else:
            text = "\n".join(
                [ctx._("Cancel these?")] + ["• " + describe(ctx, item) for item in items]
            )
        return [
            Prompt(
                self.name,
                text,
                [
                    Option(ctx._("Yes"), "cancel", {"items": [i.to_json() for i in items]}),
                    Option(ctx._("No"), "decline_cancel", {}),
                ],
            )
        ]

    async def _cancel(self, ctx: ErrandContext, items: list[Standing]) -> Outcome:
        done = await cancel(ctx, items)
        await self._remember(ctx, done)
        return [Reply("\n".join(done.lines))]

    # -- undo -----------------------------------------------------------------------------------

    async def _undo(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        effects = [dict(e) for e in data.get("effects") or []]
        result = await reverse(ctx, effects)
        if result.left:
            await remember_write(ctx, self.name, {"effects": result.left}, result.lines[0])
        if not result.lines:
            return [Reply(ctx._("That change can no longer be undone here."))]
        return [Reply("\n".join(result.lines))]


def _single_question(
    ctx: ErrandContext, f: Filing, names: list[str], *, offer_leave: bool
) -> list[str]:
    """ "Report Elsa absent tomorrow, all day?" and, for a later day, when it will be filed."""
    who = names_text(ctx, names)
    if f.mode == LEAVE:
        return [
            ctx._(
                "Send a leave request for {names}, {days}?",
                names=who,
                days=days_text(ctx, f.days),
            )
        ]
    lines = [
        ctx._(
            "Report {names} absent {day}, {span}?",
            names=who,
            day=day_text(ctx, f.start),
            span=part_text(ctx, f.span),
        )
    ]
    if f.mode == LATER:
        when = when_text(ctx, filing_time(f.start, ctx.now))
        lines.append(
            ctx._(
                "The Hub only takes absence for today and tomorrow, so I can report it"
                " automatically {when} and tell you when it is done – or send a leave"
                " request on the Hub now instead.",
                when=when,
            )
            if offer_leave
            else ctx._(
                "The Hub only takes absence for today and tomorrow, so I will report it"
                " automatically {when} and tell you when it is done.",
                when=when,
            )
        )
    return lines


def _list_line(ctx: ErrandContext, f: Filing, names: list[str]) -> str:
    """One group of children with the same day and part of day, in a list of several."""
    who = names_text(ctx, names)
    if f.mode == LEAVE:
        return ctx._("• {names}: leave request {days}", names=who, days=days_text(ctx, f.days))
    day, span = day_text(ctx, f.start), part_text(ctx, f.span)
    if f.mode == LATER:
        return ctx._(
            "• {names}: absent {day}, {span} – reported automatically {when}",
            names=who,
            day=day,
            span=span,
            when=when_text(ctx, filing_time(f.start, ctx.now)),
        )
    return ctx._("• {names}: absent {day}, {span}", names=who, day=day, span=span)


def _later_days_note(ctx: ErrandContext, offer_leave: bool) -> str:
    if offer_leave:
        return ctx._(
            "The Hub only takes absence for today and tomorrow, so I report later"
            " days automatically the evening before – or, if you prefer, send a"
            " leave request for them now."
        )
    return ctx._(
        "The Hub only takes absence for today and tomorrow, so I report later"
        " days automatically the evening before."
    )


def _grouped(filings: list[Filing]) -> list[tuple[Filing, list[str]]]:
    """Children with the same day and part of day share one line ("Elsa och Nils")."""
    groups: dict[tuple[str, date, date, str], tuple[Filing, list[str]]] = {}
    for f in filings:
        key = (f.mode, f.start, f.end, repr(span_to_json(f.span)))
        groups.setdefault(key, (f, []))[1].append(f.name)
    return list(groups.values())


def _ref(child: Any) -> ChildRef:
    return ChildRef(str(child.switch_id), str(child.first_name))
