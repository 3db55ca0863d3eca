"""Preschool and fritids schedule: show a week, set times, mark Ledig, repeat, copy.

Only days the Hub lets a guardian edit are touched; the others are named with
the reason. Every write is confirmed once (unless the chat turned confirmations
off), then read back, and can be undone. A change for today is followed by an
optional comment to the staff, typed as a plain reply (the errand takes that
text before the parser sees it). When the Hub does not answer, the change is
queued durably and the chat told when it is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from bot.conversation.errand import ErrandContext, Fits, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.health_guard import guard, left_out, only_health, with_note
from bot.handlers.invalid_dates import invalid_date_reply
from bot.handlers.schedule.comment import (
    PLAIN_ERRANDS,
    UNDO_COMMENT,
    ask_if_comment,
    comment_question,
    save_comment,
    undo_comment,
)
from bot.handlers.schedule.model import (
    ERRAND_NAME,
    MAX_REPEAT_WEEKS,
    TIMEREG_APP,
    ChildDays,
    ChildKey,
    changes_from_json,
    changes_to_json,
    merge,
    monday_of,
    week_days,
    week_number,
)
from bot.handlers.schedule.replies import (
    later_text,
    no_schedule_text,
    nothing_to_do_text,
    offer_queue_text,
    queued_text,
    repeat_intro,
    result_text,
    student_text,
    times_problem_text,
    too_many_weeks_text,
)
from bot.handlers.schedule.request import (
    DAY_OFF,
    MAX_COMMENT,
    SET_TIMES,
    SHOW,
    Request,
    Window,
    request_of,
)
from bot.handlers.schedule.rules import (
    closes_day_before,
    plan_changes,
    read_weeks,
)
from bot.handlers.schedule.show import (
    day_before_text,
    skips_text,
    stands_text,
    week_block,
    writes_text,
)
from bot.handlers.schedule.sources import copied_days, default_week, repeated_days
from bot.handlers.schedule.state import (
    await_comment,
    comment_awaited,
    remember_week,
    take_comment_wait,
    week_in_view,
)
from bot.handlers.schedule.windows import missing_note, split_note, window_days
from bot.handlers.schedule.write import (
    UNDO_TIMES,
    WriteResult,
    execute,
    queue_changes,
    remember,
)
from bot.handlers.undo import UNDO_ACTION
from bot.hub.errors import HubError, HubUnavailable, RateLimited
from bot.hub.models import Child, DayTimes, TimeRegistrationWeek
from bot.i18n import N_, format_day_list
from bot.nlu import ParseResult
from bot.nlu.answers import Waiting, cancels
from bot.nlu.schedule_phrases import copy_request, mentions_copy, mentions_repeat, repeat_request

MAX_SHOW_WEEKS = 6
MAX_DAYS = MAX_REPEAT_WEEKS * 5


class ScheduleErrand:
    name = ERRAND_NAME
    intents = frozenset({SHOW, SET_TIMES, DAY_OFF})
    private_only = False
    help: tuple[HelpLine, ...] = (
        HelpLine(
            3,
            SET_TIMES,
            N_("• “{name} 7.30-16 next week” – preschool/fritids times"),
            Fits.TIMED,
            for_students=False,
        ),
        HelpLine(
            4,
            DAY_OFF,
            N_("• “{name} off on Friday” – mark a day Ledig"),
            Fits.TIMED,
            for_students=False,
        ),
        HelpLine(6, SHOW, N_("• “show the schedule”, “calendar”, “news”, “messages”")),
    )

    # -- entry points -----------------------------------------------------------------------------

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        asked = invalid_date_reply(ctx, command)
        if asked is not None:
            return asked
        text = ctx.text
        children = await ctx.children()
        copy = copy_request(text, [c.first_name for c in children])
        if copy is not None and command.intent != DAY_OFF:
            return await self._copy(ctx, copy[0], copy[1], tuple(command.dates))
        request = request_of(command, text)
        if request.comment:
            comment = await guard(ctx, request.comment)
            if comment.dropped:
                request = replace(request, comment=None if comment.empty else comment.text)
                return with_note(await self._run(ctx, request), left_out(ctx))
        return await self._run(ctx, request)

    async def takes_text(self, ctx: ErrandContext, text: str) -> Outcome | None:
        """The comment to the staff we asked for; or a repeat/copy the parser has no intent for."""
        if await comment_awaited(ctx):
            return await self._comment_reply(ctx, text)
        if not (mentions_repeat(text) or mentions_copy(text)):
            return None
        names = [c.first_name for c in await ctx.children()]
        if repeat_request(text) is None and copy_request(text, names) is None:
            return None
        return await self._phrase(ctx, await ctx.parse(text))

    async def _phrase(self, ctx: ErrandContext, command: ParseResult) -> Outcome | None:
        """A repeat or copy the parser did not place: this errand's, shown as a week."""
        if command.intent != "unknown":
            return None  # the parser routes it (here, or to an errand that knows better)
        command = command.model_copy(update={"intent": SHOW})
        ctx.command = command
        return await self.handle(ctx, command)

    async def _comment_reply(self, ctx: ErrandContext, text: str) -> Outcome | None:
        """Text while a comment is awaited: the comment, unless it is plainly a new errand."""
        if text.casefold().strip(" .!") in ("ångra", "undo"):
            return None  # undo ends the wait itself
        names = [c.first_name for c in await ctx.children()]
        command = await ctx.parse(text)
        mine = repeat_request(text) is not None or copy_request(text, names) is not None
        if mine or command.intent in self.intents or command.intent in PLAIN_ERRANDS:
            await take_comment_wait(ctx)
            # A new errand: the parser routes it as usual (a repeat or copy comes here).
            return await self._phrase(ctx, command) if mine else None
        waiting = await take_comment_wait(ctx)
        if waiting is None:
            return None
        ctx.logged_text = "[comment to staff]"
        if cancels(text, Waiting.COMMENT):
            return [Reply(ctx._("OK, no comment."))]
        guarded = await guard(ctx, text.strip())
        if guarded.empty:
            return only_health(ctx)
        comment = guarded.text[:MAX_COMMENT]
        ctx.hide_in_log(comment)  # logged as "[comment to staff]", so also where it is quoted
        if command.intent != "unknown" and command.children:
            outcome: Outcome = [ask_if_comment(ctx, waiting, comment)]
        else:
            outcome = await save_comment(ctx, waiting, comment)
        return with_note(outcome, left_out(ctx)) if guarded.dropped else outcome

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action == "child":
            request = Request.from_json(data["request"])
            return await self._run(
                ctx, replace(request, child_ids=tuple(str(i) for i in data["child_ids"]))
            )
        if action == "confirm":
            return await self._write(ctx, changes_from_json(data.get("changes")))
        if action == "queue":
            return await self._queue(ctx, changes_from_json(data.get("changes")))
        if action == "cancel":
            return [Reply(ctx._("OK, I have not changed anything."))]
        if action == "repeat_ask":
            return self._ask_weeks(ctx, ChildKey.from_json(data["child"]), _day(data["monday"]))
        if action == "repeat":
            source = (ChildKey.from_json(data["child"]), _day(data["monday"]))
            return await self._repeat(ctx, [source], (), int(data["weeks_after"]))
        if action == "copy":
            return await self._copy_keys(
                ctx,
                ChildKey.from_json(data["source"]),
                ChildKey.from_json(data["target"]),
                tuple(week_days(_day(data["monday"]))),
            )
        if action == "comment_text":
            return await save_comment(ctx, dict(data["waiting"]), str(data["text"]))
        if action == "not_comment":
            return [
                Reply(
                    ctx._(
                        "OK, I did not send it. Write it again and I will take it as a new errand."
                    )
                )
            ]
        if action == "no_comment":
            await take_comment_wait(ctx)
            return [Reply(ctx._("OK, no comment to the staff."))]
        if action == UNDO_ACTION:
            return await self._undo(ctx, data)
        return []

    # -- which children ---------------------------------------------------------------------------

    async def _run(self, ctx: ErrandContext, request: Request) -> Outcome:
        if request.intent == SET_TIMES:
            problem = times_problem_text(ctx, request)
            if problem:
                return [Reply(problem)]
        children = await ctx.children()
        notes: list[str] = []
        context = await week_in_view(ctx) if request.repeats_a_week else None
        if context is not None and not request.names and not request.child_ids:
            # "upprepa veckan i 3 veckor" right after a week was shown or set: that week.
            request = replace(request, child_ids=(context[0].switch_id,))
        if request.child_ids:
            chosen = [c for c in children if c.switch_id in request.child_ids]
        elif request.names:
            named = await ctx.children_named(request.names)
            without = [c for c in named if not c.has(TIMEREG_APP)]
            chosen = [c for c in named if c.has(TIMEREG_APP)]
            if without:
                notes.append(no_schedule_text(ctx, without))
            if not chosen:
                return [Reply("\n".join(notes) or no_schedule_text(ctx, named))]
        else:
            scheduled = [c for c in children if c.has(TIMEREG_APP)]
            if not scheduled:
                return [
                    Reply(
                        ctx._(
                            "The Hub has no preschool or fritids schedule for any of your "
                            "children."
                        )
                    )
                ]
            if len(scheduled) > 1:
                return [self._ask_child(ctx, request, scheduled)]
            chosen = scheduled
        if not chosen:
            return [Reply(ctx._("That question has already been answered or has expired."))]
        keys = [ChildKey.of(c) for c in chosen]
        if request.writes and ctx.is_student:
            return [Reply(student_text(ctx))]
        if request.intent == SHOW and request.weeks_after is None:
            return await self._show(ctx, keys, request.dates, notes, children)
        if request.intent == SHOW:
            assert request.weeks_after is not None
            sources: list[tuple[ChildKey, date]] = []
            for key in keys:
                if request.dates:
                    monday = monday_of(request.dates[0])
                elif context is not None and context[0] == key:
                    monday = context[1]
                else:
                    monday = await self._default_monday(ctx, key)
                sources.append((key, monday))
            return await self._repeat(ctx, sources, request.dates, request.weeks_after, notes)
        return await self._set(ctx, keys, request, notes)

    def _ask_child(
        self, ctx: ErrandContext, request: Request, children: Sequence[Child]
    ) -> Prompt:
        options = [
            Option(
                c.first_name, "child", {"request": request.to_json(), "child_ids": [c.switch_id]}
            )
            for c in children
        ]
        every = ctx._("Both children") if len(children) == 2 else ctx._("All the children")
        options.append(
            Option(
                every,
                "child",
                {"request": request.to_json(), "child_ids": [c.switch_id for c in children]},
            )
        )
        return Prompt(self.name, ctx._("Which child is it about?"), options)

    # -- show -------------------------------------------------------------------------------------

    async def _default_monday(self, ctx: ErrandContext, child: ChildKey) -> date:
        return (await default_week(ctx, child)).start_date or monday_of(ctx.today)

    async def _show(
        self,
        ctx: ErrandContext,
        keys: Sequence[ChildKey],
        dates: Sequence[date],
        notes: Sequence[str],
        children: Sequence[Child],
    ) -> Outcome:
        blocks = list(notes)
        shown: list[tuple[ChildKey, TimeRegistrationWeek]] = []
        whole_weeks = True
        locks_day_before: list[ChildKey] = []
        for key in keys:
            weeks: list[tuple[TimeRegistrationWeek, Sequence[date] | None]] = []
            if dates:
                mondays = sorted({monday_of(d) for d in dates if d.weekday() < 5})
                for monday in mondays[:MAX_SHOW_WEEKS]:
                    week = await ctx.hub.time_registrations(key.switch_id, monday)
                    weeks.append((week, [d for d in dates if monday_of(d) == monday]))
                if not mondays:
                    blocks.append(
                        ctx._(
                            "{name}: {days} is a weekend; the preschool and fritids are closed.",
                            name=key.name,
                            days=format_day_list(dates, ctx.lang),
                        )
                    )
            else:
                weeks.append((await default_week(ctx, key), None))
            for week, only in weeks:
                blocks.append(week_block(ctx, key, week, only))
                # The Hub's week runs Monday to Sunday; a whole week is its five weekdays.
                whole_weeks = whole_weeks and (
                    only is None or set(week_days(monday_of(min(only)))) <= set(only)
                )
                shown.append((key, week))
                if closes_day_before(week, ctx.today) and key not in locks_day_before:
                    locks_day_before.append(key)
        note = day_before_text(ctx, locks_day_before)
        if note:
            blocks.append(note)
        text = "\n\n".join(blocks)
        if ctx.is_student or len(shown) != 1 or not whole_weeks:
            return [Reply(text)]
        key, week = shown[0]
        monday = week.start_date or monday_of(ctx.today)
        await remember_week(ctx, key, monday)
        options = self._followups(ctx, key, monday, children)
        return [Prompt(self.name, text, options)] if options else [Reply(text)]

    def _followups(
        self, ctx: ErrandContext, key: ChildKey, monday: date, children: Sequence[Child]
    ) -> list[Option]:
        """ "Upprepa i fler veckor", "Kopiera till Nils": what the Hub itself cannot do."""
        options = [
            Option(
                ctx._("Repeat for more weeks"),
                "repeat_ask",
                {"child": key.to_json(), "monday": monday.isoformat()},
            )
        ]
        for sibling in children:
            if sibling.switch_id != key.switch_id and sibling.has(TIMEREG_APP):
                options.append(
                    Option(
                        ctx._("Copy to {name}", name=sibling.first_name),
                        "copy",
                        {
                            "source": key.to_json(),
                            "target": ChildKey.of(sibling).to_json(),
                            "monday": monday.isoformat(),
                        },
                    )
                )
        return options

    # -- set times, Ledig, repeat, copy -----------------------------------------------------------

    async def _set(
        self, ctx: ErrandContext, keys: Sequence[ChildKey], request: Request, notes: list[str]
    ) -> Outcome:
        days = request.dates or (ctx.today,)
        if request.weeks_after:
            if request.weeks_after > MAX_REPEAT_WEEKS:
                return [Reply(too_many_weeks_text(ctx))]
            days = tuple(
                sorted(
                    {d + timedelta(weeks=k) for d in days for k in range(request.weeks_after + 1)}
                )
            )
        if len(days) > MAX_DAYS:
            return [Reply(too_many_weeks_text(ctx))]
        leave = request.intent == DAY_OFF
        if request.windows and not leave:
            return await self._set_windows(ctx, keys, request, notes)
        changes = [
            ChildDays(
                key,
                tuple(
                    DayTimes(
                        d,
                        None if leave else request.start,
                        None if leave else request.end,
                        leave,
                        request.comment,
                    )
                    for d in days
                ),
            )
            for key in keys
        ]
        if leave:
            intro = ctx._("I will mark these days Ledig:")
        else:
            intro = ctx._("I will set these times:")
        return await self._propose(ctx, changes, intro, notes)

    async def propose_day_times(
        self,
        ctx: ErrandContext,
        children: Sequence[Child],
        days: Sequence[date],
        window: Window,
        *,
        ask: bool = True,
    ) -> Outcome:
        """One end of these days moved, the other kept: a late arrival or an early pick-up.

        The absence errand hands over a child with a time schedule who comes late or is
        picked up early ("Elsa kommer 9 idag"). Without `ask` the confirmation leaves out its
        closing question, so the caller can ask once for this and its own part together.
        """
        if ctx.is_student:
            return [Reply(student_text(ctx))]
        request = Request(
            intent=SET_TIMES,
            dates=tuple(sorted(set(days))),
            windows=tuple((day, (window,)) for day in sorted(set(days))),
        )
        keys = [ChildKey.of(c) for c in children]
        return await self._set_windows(ctx, keys, request, [], ask=ask)

    async def _set_windows(
        self,
        ctx: ErrandContext,
        keys: Sequence[ChildKey],
        request: Request,
        notes: list[str],
        *,
        ask: bool = True,
    ) -> Outcome:
        """Days with windows of their own: "mån–tors 7.15–16.15 och fredag 7.15–14"."""
        weeks_after = request.weeks_after or 0
        if weeks_after > MAX_REPEAT_WEEKS or len(request.windows) * (weeks_after + 1) > MAX_DAYS:
            return [Reply(too_many_weeks_text(ctx))]
        changes: list[ChildDays] = []
        split: list[tuple[date, tuple[Window, ...]]] = []
        missing: list[date] = []
        try:
            for key in keys:
                found = await window_days(ctx, key, request, weeks_after)
                changes.append(ChildDays(key, found.days))
                split.extend(s for s in found.split if s not in split)
                missing.extend(d for d in found.missing if d not in missing)
        except (HubUnavailable, RateLimited):
            return [
                Reply(
                    ctx._(
                        "The Hub is not answering right now, so nothing was changed. Please try again shortly."
                    )
                )
            ]
        notes = [*notes, *(n for n in (missing_note(ctx, missing), split_note(ctx, split)) if n)]
        if not any(c.days for c in changes):
            return [Reply("\n".join(notes))]
        return await self._propose(ctx, changes, ctx._("I will set these times:"), notes, ask=ask)

    async def _repeat(
        self,
        ctx: ErrandContext,
        sources: Sequence[tuple[ChildKey, date]],
        only: Sequence[date],
        weeks_after: int,
        notes: Sequence[str] = (),
    ) -> Outcome:
        """Each child's week (from its Monday) on the same weekdays of the weeks after it."""
        if ctx.is_student:
            return [Reply(student_text(ctx))]
        if weeks_after < 1:
            return [Reply(ctx._("Tell me for how many weeks, for example “repeat for 3 weeks”."))]
        if weeks_after > MAX_REPEAT_WEEKS:
            return [Reply(too_many_weeks_text(ctx))]
        changes: list[ChildDays] = []
        intros: list[str] = []
        for child, monday in sources:
            source = await ctx.hub.time_registrations(child.switch_id, monday)
            days = repeated_days(source, only, weeks_after)
            if days:
                changes.append(ChildDays(child, days))
                intros.append(repeat_intro(ctx, child, monday, weeks_after))
        if not changes:
            child, monday = sources[0]
            return [
                Reply(
                    ctx._(
                        "Week {week} has no times for {name} to repeat.",
                        week=week_number(monday),
                        name=child.name,
                    )
                )
            ]
        return await self._propose(ctx, changes, "\n".join(intros), notes)

    def _ask_weeks(self, ctx: ErrandContext, child: ChildKey, monday: date) -> Outcome:
        options = [
            Option(
                ctx._("Through week {week}", week=week_number(monday + timedelta(weeks=n))),
                "repeat",
                {"child": child.to_json(), "monday": monday.isoformat(), "weeks_after": n},
            )
            for n in (1, 2, 3, 4)
        ]
        text = ctx._(
            "For how long should the times {name} has in week {week} apply? You can also write "
            "for example “repeat for 6 weeks”.",
            name=child.name,
            week=week_number(monday),
        )
        return [Prompt(self.name, text, options)]

    async def _copy(
        self, ctx: ErrandContext, source_name: str, target_name: str, dates: Sequence[date]
    ) -> Outcome:
        children = await ctx.children()
        source = next((c for c in children if c.first_name == source_name), None)
        target = next((c for c in children if c.first_name == target_name), None)
        if source is None or target is None:
            return [Reply(ctx._("I could not find both children."))]
        without = [c for c in (source, target) if not c.has(TIMEREG_APP)]
        if without:
            return [Reply(no_schedule_text(ctx, without))]
        source_key = ChildKey.of(source)
        if not dates:
            dates = tuple(week_days(await self._default_monday(ctx, source_key)))
        return await self._copy_keys(ctx, source_key, ChildKey.of(target), dates)

    async def _copy_keys(
        self, ctx: ErrandContext, source: ChildKey, target: ChildKey, dates: Sequence[date]
    ) -> Outcome:
        if ctx.is_student:
            return [Reply(student_text(ctx))]
        mondays = sorted({monday_of(d) for d in dates if d.weekday() < 5})[:MAX_SHOW_WEEKS]
        weeks = [await ctx.hub.time_registrations(source.switch_id, m) for m in mondays]
        days = copied_days(weeks, dates)
        if not days:
            return [
                Reply(
                    ctx._(
                        "{name} has no times on those days to copy.",
                        name=source.name,
                    )
                )
            ]
        intro = ctx._(
            "I will give {target} the same times as {source} ({days}):",
            target=target.name,
            source=source.name,
            days=format_day_list([d.day for d in days], ctx.lang),
        )
        return await self._propose(ctx, [ChildDays(target, days)], intro, ())

    # -- confirm and write ------------------------------------------------------------------------

    async def _propose(
        self,
        ctx: ErrandContext,
        changes: list[ChildDays],
        intro: str,
        notes: Sequence[str],
        *,
        ask: bool = True,
    ) -> Outcome:
        """Plan against the Hub, then confirm once (or write at once when confirmations are off)."""
        changes = merge(changes)
        try:
            weeks = await read_weeks(ctx.hub, changes, ctx.today)
        except (HubUnavailable, RateLimited):
            if not ctx.link.preferences.confirmations:
                return await self._queue(ctx, changes)
            data = {"changes": changes_to_json(changes)}
            return [
                Prompt(
                    self.name,
                    offer_queue_text(ctx, changes),
                    [Option(ctx._("Yes"), "queue", data), Option(ctx._("No"), "cancel", {})],
                )
            ]
        plan = plan_changes(changes, weeks, ctx.today)
        if not plan.writes:
            return [Reply(nothing_to_do_text(ctx, plan, notes))]
        # The whole request goes on: the write plans again, and names the days it leaves.
        if not ctx.link.preferences.confirmations:
            return await self._write(ctx, changes, notes=notes)
        parts = [*notes, intro + "\n" + writes_text(ctx, plan.writes)]
        skipped = skips_text(ctx, plan.skips)
        if skipped:
            parts.append(skipped)
        note = day_before_text(ctx, plan.day_before)
        if note:
            parts.append(note)
        today_kids = [w.child for w in plan.writes if w.wanted.day == ctx.today]
        if today_kids and not any(w.wanted.comment for w in plan.writes):
            parts.append(
                ctx._("The change is for today: afterwards you may add a comment to the staff.")
            )
        if ask:
            parts.append(ctx._("Shall I do that?"))
        data = {"changes": changes_to_json(changes)}
        return [
            Prompt(
                self.name,
                "\n\n".join(parts),
                [Option(ctx._("Yes"), "confirm", data), Option(ctx._("No"), "cancel", {})],
            )
        ]

    async def _queue(self, ctx: ErrandContext, changes: list[ChildDays]) -> Outcome:
        await queue_changes(ctx, changes)
        return [Reply(queued_text(ctx))]

    async def _write(
        self, ctx: ErrandContext, changes: list[ChildDays], notes: Sequence[str] = ()
    ) -> Outcome:
        if ctx.is_student:
            return [Reply(student_text(ctx))]
        try:
            result = await execute(ctx, changes)
        except (HubUnavailable, RateLimited) as exc:
            await queue_changes(ctx, changes, retry_after=getattr(exc, "retry_after", None))
            return [Reply(queued_text(ctx))]
        parts = [*notes, result_text(ctx, result)]
        if result.unsent:
            await queue_changes(ctx, result.unsent, retry_after=result.retry_after)
        if result.uncertain:
            await queue_changes(ctx, result.uncertain, uncertain=True)
        if result.later:
            parts.append(later_text(ctx, result))
        await remember(ctx, result)
        text = "\n\n".join(parts)
        in_view = self._one_week(result)
        if in_view is not None:
            await remember_week(ctx, *in_view)
        today_kids = result.today_written(ctx.today)
        if today_kids:
            await await_comment(ctx, today_kids, ctx.today)
            question, options = comment_question(ctx)
            return [Prompt(self.name, text + "\n\n" + question, options)]
        if in_view is not None and not ctx.is_student:
            try:
                family = await ctx.children()
            except HubError:
                family = []
            followups = self._followups(ctx, in_view[0], in_view[1], family)
            return [Prompt(self.name, text, followups, menu=True)]
        return [Reply(text)]

    @staticmethod
    def _one_week(result: WriteResult) -> tuple[ChildKey, date] | None:
        """The child and week written, when the write was one child's one week."""
        children = {w.child for w in result.written}
        mondays = {monday_of(w.wanted.day) for w in result.written}
        if len(children) != 1 or len(mondays) != 1:
            return None
        return next(iter(children)), next(iter(mondays))

    # -- undo -------------------------------------------------------------------------------------

    async def _undo(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        await take_comment_wait(ctx)
        if data.get("kind") == UNDO_COMMENT:
            return await undo_comment(ctx, data)
        if data.get("kind") != UNDO_TIMES:
            return [Reply(ctx._("That change can no longer be undone here."))]
        changes = changes_from_json(data.get("changes"))
        try:
            result = await execute(ctx, changes)
        except (HubUnavailable, RateLimited) as exc:
            # The undo record is used up: keep the way back in the queue instead of losing it.
            await queue_changes(ctx, changes, retry_after=getattr(exc, "retry_after", None))
            return [Reply(queued_text(ctx))]
        parts = [ctx._("Undone. The Hub now shows:") + "\n" + stands_text(ctx, result.stands)]
        skipped = skips_text(ctx, result.skips, done=True)
        if skipped:
            parts.append(skipped)
        if result.refused:
            parts.append(ctx._("Some days could not be put back; please check them in the Hub."))
        if result.unsent:
            await queue_changes(ctx, result.unsent, retry_after=result.retry_after)
        if result.uncertain:
            await queue_changes(ctx, result.uncertain, uncertain=True)
        if result.later:
            parts.append(later_text(ctx, result))
        return [Reply("\n\n".join(parts))]


def _day(value: Any) -> date:
    return date.fromisoformat(str(value))
