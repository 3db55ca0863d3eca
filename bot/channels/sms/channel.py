"""SMS as a channel: the gateway's webhooks in, `Incoming` to the conversation, outbox rows out.

A thin adapter, like the Telegram channel. It knows 46elks' webhooks (an
incoming SMS, a delivery report), the secret they carry, and the few rules
that are about SMS rather than an errand:
- the number is the chat: its keyed hash is the chat id, the number itself is
  kept encrypted and never leaves the store but to be sent to;
- the gateway retries a webhook until it gets a 2xx, so an incoming id is
  handled once (and its replies are keyed by it, so a retry never answers twice);
- STOP / "stopp" ends every push to the number at once, and is confirmed;
  START takes them back;
- a number the operator fails to reach again and again is marked inactive, as
  a Telegram chat that blocked the bot; it is active again when it writes;
- an unlinked number gets a short welcome with the link page; after the Hub
  login the page shows a one-time code, and the number that texts it back is
  linked (no name and no personnummer is ever asked by SMS).
Replies are not sent from here: they go to the outbox every channel shares,
and the outbox worker sends them through `SmsSender` at the gateway's pace.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from aiohttp import web

from bot.channels.sms.links import SmsLinks, code_in_sms
from bot.channels.sms.sender import CHANNEL, REPLY_KIND, choices_to_payload
from bot.channels.sms.wire import DeliveryReport, DeliveryStatus, IncomingSms, parse_form
from bot.clock import Clock
from bot.conversation.types import ChatRef, Choice, Incoming, Reply
from bot.i18n import Translator, translator
from bot.linking import PAUSED, LinkService
from bot.storage.base import Store
from bot.storage.models import ChatKey, MemberKey, SmsNumber
from bot.web.server import RouteInstaller

log = logging.getLogger(__name__)

Handle = Callable[[Incoming], Awaitable[list[Reply]]]

INCOMING_PATH = "/sms/incoming"
DELIVERY_PATH = "/sms/delivery"
STOP_WORDS = frozenset({"stop", "stopp", "stoppa", "avsluta"})
START_WORDS = frozenset({"start", "starta"})
# A handling that has not finished in this long died with its process: a retry takes it.
STALE_HANDLING = timedelta(minutes=2)
# Failed delivery reports in a row before the number counts as unreachable.
MAX_FAILURES = 3


def _word(text: str) -> str:
    return text.strip().strip(".!").casefold()


class SmsChannel:
    def __init__(
        self,
        *,
        handle: Handle,
        store: Store,
        clock: Clock,
        linking: LinkService,
        secret: str,
        queued: Callable[[], None] = lambda: None,
    ) -> None:
        if not secret:
            raise ValueError("the SMS webhooks need a secret")
        self.handle = handle
        self.store = store
        self.clock = clock
        self.linking = linking
        self.secret = secret
        self._queued = queued
        linking.register_channel(CHANNEL, SmsLinks())

    # -- the web server's routes -------------------------------------------------------------

    def routes(self) -> RouteInstaller:
        def install(app: web.Application) -> None:
            app.router.add_post(INCOMING_PATH, self.on_incoming)
            app.router.add_post(DELIVERY_PATH, self.on_delivery)

        return install

    def delivery_url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}{DELIVERY_PATH}?secret={self.secret}"

    def _allowed(self, request: web.Request) -> bool:
        given = request.query.get("secret", "")
        return hmac.compare_digest(given.encode(), self.secret.encode())

    async def on_incoming(self, request: web.Request) -> web.Response:
        if not self._allowed(request):
            return web.Response(status=403)
        form = await request.post()
        sms = parse_form(IncomingSms, {k: str(v) for k, v in form.items()})
        if sms is None:
            return web.Response(status=400)
        if sms.direction.value != "incoming":
            return web.Response(status=204)
        if not await self.store.claim_sms_incoming(sms.id, stale_after=STALE_HANDLING):
            return web.Response(status=200)  # a retry of one already handled
        await self.take(sms)
        await self.store.finish_sms_incoming(sms.id)
        return web.Response(status=200)

    async def on_delivery(self, request: web.Request) -> web.Response:
        if not self._allowed(request):
            return web.Response(status=403)
        form = await request.post()
        report = parse_form(DeliveryReport, {k: str(v) for k, v in form.items()})
        if report is None:
            return web.Response(status=400)
        await self.delivered(report)
        return web.Response(status=200)

    # -- what comes in -----------------------------------------------------------------------

    async def take(self, sms: IncomingSms) -> None:
        """One incoming SMS: answered, and the answers queued for sending."""
        number = await self.store.remember_sms_number(sms.sender)
        chat = number.chat
        member = chat.member(None)
        # A number that writes is reachable again, whatever the operator said before.
        await self.store.set_chat_active(chat, True)
        try:
            replies = await self._answer(sms, number, member)
        except Exception as exc:  # the gateway must get its 2xx; the person a sentence
            log.error("sms message failed: %s", type(exc).__name__)
            t = await self._translator(member)
            replies = [Reply(t.gettext("Something went wrong on my side. Please try again."))]
        await self._queue(sms.id, member, replies)

    async def _answer(self, sms: IncomingSms, number: SmsNumber, member: MemberKey) -> list[Reply]:
        word = _word(sms.message)
        t = await self._translator(member)
        if word in STOP_WORDS:
            dropped = await self.store.stop_sms_pushes(number.chat_id)
            log.info("sms: pushes stopped for a number; %d waiting message(s) dropped", dropped)
            return [
                Reply(
                    t.gettext(
                        "Done: I will send you nothing more unasked (no alerts, no summaries). "
                        "Write START to get them again."
                    )
                )
            ]
        if word in START_WORDS and number.stopped:
            await self.store.resume_sms_pushes(number.chat_id)
            return [Reply(t.gettext("Welcome back: alerts and news come by SMS again."))]
        link = await self.store.get_link(member)
        linked = link is not None and link.active
        code = code_in_sms(sms.message, linked=linked)
        if code is not None:
            # The code a Hub login handed out: this number, the one that sends it, is linked.
            return await self.linking.answer_code(code, member, t.lang)
        if not linked and await self.store.get_claim(member.chat) is None:
            return await self._welcome(member, t)
        incoming = Incoming(
            chat=ChatRef(CHANNEL, member.chat_id),
            sender_id=member.member_id,
            at=self.clock.now(),
            text=sms.message,
        )
        return await self.handle(incoming)

    async def _welcome(self, member: MemberKey, t: Translator) -> list[Reply]:
        """Short, for SMS: what the bot is, and the link page to log in on the Hub."""
        if await self.linking.paused(member):
            return [Reply(await self.linking.reject_reason_text(PAUSED, t.lang))]
        url = await self.linking.start(member, t.lang)
        return [
            Reply(
                t.gettext(
                    "Hi! I am Hubbot, for InfoMentor Hub errands. Log in on the Hub to link "
                    "this number; never write your personal identity number here."
                ),
                choices=[Choice(t.gettext("Log in"), url=url)],
            )
        ]

    async def _translator(self, member: MemberKey) -> Translator:
        link = await self.store.get_link(member)
        return translator(link.language if link is not None else "sv")

    async def _queue(self, message_id: str, member: MemberKey, replies: Sequence[Reply]) -> None:
        queued = False
        for index, reply in enumerate(replies):
            payload = {
                "kind": REPLY_KIND,
                "member_id": member.member_id,
                "text": reply.text,
                "choices": choices_to_payload(tuple(reply.choices)),
            }
            key = f"{REPLY_KIND}:{CHANNEL}:{member.chat_id}:{message_id}:{index}"
            result = await self.store.enqueue(key, member.chat, payload)
            queued = queued or result.created
        if queued:
            self._queued()

    # -- delivery reports --------------------------------------------------------------------

    async def delivered(self, report: DeliveryReport) -> None:
        delivered = report.status == DeliveryStatus.DELIVERED
        applied = await self.store.apply_sms_report(report.id, delivered=delivered)
        if applied is None or not applied.changed or delivered:
            return
        if applied.failures >= MAX_FAILURES:
            changed = await self.store.set_chat_active(ChatKey(CHANNEL, applied.chat_id), False)
            log.info(
                "sms: a number failed %d times in a row; %d link(s) inactive",
                applied.failures,
                changed,
            )
