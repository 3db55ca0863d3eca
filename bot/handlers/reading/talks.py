"""Development talks: free times as buttons, book after a yes, show and cancel.

A child has at most one talk per round on the Hub, so a child with a booking
is shown the booking (with "Avboka") instead of free times. Students read
but do not book: they get a plain answer before any Hub call. "Avboka
samtalet" and "mitt samtal" are not parser intents; `takes_text` catches them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.reading import choose as reading
from bot.handlers.undo import UNDO_ACTION, remember_write
from bot.hub.errors import NotAvailableForChild, OutcomeUnknown, RuleRefused
from bot.hub.models import Child, MeetingBooking, MeetingSlot
from bot.i18n import N_, format_day, format_day_short, format_time
from bot.nlu import ParseResult
from bot.nlu.topics import MeetingAsk, meeting_request


def _when(ctx: ErrandContext, day: date | None, time_range: str | None, start: Any) -> str:
    parts = [format_day(day, ctx.lang) if day else ""]
    if time_range:
        parts.append(time_range.replace("-", "–"))
    elif start is not None:
        parts.append(format_time(start, ctx.lang))
    return " ".join(p for p in parts if p)


def _slot_data(child: Child, slot: MeetingSlot) -> dict[str, Any]:
    return {
        "child": child.switch_id,
        "availability": str(slot.availability_id),
        "day": slot.date.isoformat() if slot.date else None,
        "range": slot.time_range,
        "location": slot.location,
    }


def _booking_data(child: Child, booking: MeetingBooking) -> dict[str, Any]:
    return {
        "child": child.switch_id,
        "booking": str(booking.booking_id),
        "availability": str(booking.availability_id) if booking.availability_id else None,
        "day": booking.date.isoformat() if booking.date else None,
        "range": booking.time_range,
        "location": booking.location,
    }


def _data_when(ctx: ErrandContext, data: dict[str, Any]) -> str:
    day = date.fromisoformat(data["day"]) if data.get("day") else None
    return _when(ctx, day, data.get("range"), None)


class MeetingsErrand:
    name = "meetings"
    intents = frozenset({"book_meeting"})
    private_only = False
    help: tuple[HelpLine, ...] = (
        HelpLine(7, "book_meeting", N_("• “book a development talk”"), for_students=False),
    )

    def _students_cannot(self, ctx: ErrandContext) -> Outcome:
        return [
            Reply(
                ctx._(
                    "Development talks are booked by a guardian, so I cannot book one from a "
                    "student account. You can still read the calendar, news and messages here."
                )
            )
        ]

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        if ctx.is_student:
            return self._students_cannot(ctx)
        children = reading.with_app(
            await reading.chosen_children(ctx, command.children), "meeting"
        )
        if not children:
            return [Reply(ctx._("None of your children has development talks on the Hub."))]
        if len(children) > 1:
            options = [Option(c.first_name, "child", {"child": c.switch_id}) for c in children]
            return [Prompt(self.name, ctx._("Which child is the talk about?"), options)]
        return await self._for_child(ctx, children[0])

    async def takes_text(self, ctx: ErrandContext, text: str) -> Outcome | None:
        wanted = meeting_request(text)
        if wanted is None:
            return None
        if ctx.is_student:
            return self._students_cannot(ctx)
        named = await ctx.children_named((await ctx.parse(text)).children)
        children = reading.with_app(named or await ctx.children(), "meeting")
        booked = [(c, b) for c in children for b in await self._upcoming(ctx, c)]
        if wanted is MeetingAsk.SHOW:
            if booked:
                return self._show(ctx, booked)
            if len(children) == 1:
                return await self._for_child(ctx, children[0])
            return [
                Reply(ctx._("You have no development talk booked.")),
                *await self.handle(ctx, ParseResult(intent="book_meeting")),
            ]
        if not booked:
            return [Reply(ctx._("You have no development talk booked."))]
        if len(booked) == 1:
            return await self._cancel_ask(ctx, _booking_data(*booked[0]))
        return self._show(ctx, booked)

    async def _upcoming(self, ctx: ErrandContext, child: Child) -> list[MeetingBooking]:
        try:
            bookings = await ctx.hub.meeting_bookings(child)
        except NotAvailableForChild:
            return []
        return [b for b in bookings if b.date is None or b.date >= ctx.today]

    async def _for_child(self, ctx: ErrandContext, child: Child, offset: int = 0) -> Outcome:
        booked = await self._upcoming(ctx, child)
        if booked:
            return self._show(ctx, [(child, b) for b in booked])
        try:
            slots = await ctx.hub.meeting_slots(child)
        except NotAvailableForChild:
            slots = []
        if not slots:
            return [
                Reply(
                    ctx._(
                        "There are no free times for a development talk about {name} right now.",
                        name=child.first_name,
                    )
                )
            ]
        items = [
            reading.Item(
                _when(ctx, s.date, s.time_range, s.time_from)
                + (f", {s.location}" if s.location else ""),
                " ".join(
                    p
                    for p in (
                        format_day_short(s.date, ctx.lang) if s.date else "",
                        format_time(s.time_from, ctx.lang) if s.time_from else "",
                    )
                    if p
                ),
                _slot_data(child, s),
            )
            for s in slots
        ]
        heading = ctx._(
            "Free times for a development talk about {name}. Choose one:", name=child.first_name
        )
        return [
            reading.page(
                ctx, self.name, heading, items, offset=offset, more={"child": child.switch_id}
            )
        ]

    def _show(self, ctx: ErrandContext, booked: list[tuple[Child, MeetingBooking]]) -> Outcome:
        lines, options = [], []
        for child, booking in booked:
            where = f", {booking.location}" if booking.location else ""
            lines.append(
                ctx._(
                    "{name} has a development talk booked: {when}{where}.",
                    name=child.first_name,
                    when=_when(ctx, booking.date, booking.time_range, booking.time_from),
                    where=where,
                )
            )
            label = (
                ctx._("Cancel the talk")
                if len(booked) == 1
                else ctx._("Cancel the talk about {name}", name=child.first_name)
            )
            options.append(Option(label, "cancel_ask", _booking_data(child, booking)))
        return [Prompt(self.name, "\n".join(lines), options, menu=True)]

    async def _pick(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        if child is None:
            return [Reply(ctx._("That child is not handled in this chat any more."))]
        if not ctx.link.preferences.confirmations:
            return await self._book(ctx, data)
        where = f", {data['location']}" if data.get("location") else ""
        question = ctx._(
            "Book a development talk about {name} on {when}{where}?",
            name=child.first_name,
            when=_data_when(ctx, data),
            where=where,
        )
        return [
            Prompt(
                self.name,
                question,
                [Option(ctx._("Yes"), "book", data), Option(ctx._("No"), "not_now")],
            )
        ]

    async def _book(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        if child is None:
            return [Reply(ctx._("That child is not handled in this chat any more."))]
        try:
            booking = await ctx.hub.book_meeting(child, str(data["availability"]))
        except RuleRefused as exc:
            if exc.rule not in ("ALREADY_BOOKED", "NOT_FOUND", "OUT_OF_RANGE"):
                raise
            taken = Reply(ctx._("That time could not be booked: {reason}", reason=exc.message))
            return [taken, *await self._for_child(ctx, child)]
        except OutcomeUnknown:
            return [
                Reply(
                    ctx._(
                        "I could not tell whether the booking went through. Write “mitt "
                        "samtal” in a moment to check."
                    )
                )
            ]
        done = _booking_data(child, booking)
        when = _data_when(ctx, done)
        await remember_write(
            ctx,
            self.name,
            {"op": "book", **done},
            ctx._("the booked talk on {when}", when=when),
        )
        text = ctx._(
            "Booked: a development talk about {name} on {when}. Write “ångra” within 10 "
            "minutes to undo it.",
            name=child.first_name,
            when=when,
        )
        cancel = Option(ctx._("Cancel the talk"), "cancel_ask", done)
        return [Prompt(self.name, text, [cancel], menu=True)]

    async def _cancel_ask(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        if child is None:
            return [Reply(ctx._("That child is not handled in this chat any more."))]
        if not ctx.link.preferences.confirmations:
            return await self._cancel(ctx, data)
        question = ctx._(
            "Cancel the development talk about {name} on {when}?",
            name=child.first_name,
            when=_data_when(ctx, data),
        )
        return [
            Prompt(
                self.name,
                question,
                [Option(ctx._("Yes"), "cancel", data), Option(ctx._("No"), "keep")],
            )
        ]

    async def _cancel(
        self, ctx: ErrandContext, data: dict[str, Any], undoing: bool = False
    ) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        if child is None:
            return [Reply(ctx._("That child is not handled in this chat any more."))]
        try:
            await ctx.hub.cancel_meeting(child, str(data["booking"]))
        except RuleRefused as exc:
            if exc.rule == "NOT_FOUND":
                return [Reply(ctx._("That booking is no longer on the Hub."))]
            if exc.rule == "LOCKED":
                return [
                    Reply(
                        ctx._("That talk can no longer be cancelled: {reason}", reason=exc.message)
                    )
                ]
            raise
        when = _data_when(ctx, data)
        if undoing:
            return [Reply(ctx._("Undone: the talk on {when} is no longer booked.", when=when))]
        if data.get("availability"):
            await remember_write(
                ctx,
                self.name,
                {"op": "cancel", **data},
                ctx._("the cancelled talk on {when}", when=when),
            )
        return [
            Reply(
                ctx._(
                    "The development talk about {name} on {when} is cancelled.",
                    name=child.first_name,
                    when=when,
                )
            )
        ]

    async def _rebook(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        if child is None or not data.get("availability"):
            return [Reply(ctx._("That change can no longer be undone here."))]
        try:
            await ctx.hub.book_meeting(child, str(data["availability"]))
        except RuleRefused as exc:
            return [Reply(ctx._("I could not book that time again: {reason}", reason=exc.message))]
        return [
            Reply(ctx._("Undone: the talk on {when} is booked again.", when=_data_when(ctx, data)))
        ]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if ctx.is_student:
            return self._students_cannot(ctx)
        if action == "child":
            child = await reading.child_by_id(ctx, data.get("child"))
            if child is None:
                return [Reply(ctx._("That child is not handled in this chat any more."))]
            return await self._for_child(ctx, child)
        if action == reading.MORE:
            child = await reading.child_by_id(ctx, data.get("child"))
            if child is None:
                return [Reply(ctx._("That child is not handled in this chat any more."))]
            return await self._for_child(ctx, child, reading.offset_of(data))
        if action == reading.OPEN:
            return await self._pick(ctx, data)
        if action == "book":
            return await self._book(ctx, data)
        if action == "cancel_ask":
            return await self._cancel_ask(ctx, data)
        if action == "cancel":
            return await self._cancel(ctx, data)
        if action == UNDO_ACTION:
            if data.get("op") == "book":
                return await self._cancel(ctx, data, undoing=True)
            return await self._rebook(ctx, data)
        if action == "keep":
            return [Reply(ctx._("OK, the talk stays booked."))]
        return [Reply(ctx._("OK, nothing was booked."))]
