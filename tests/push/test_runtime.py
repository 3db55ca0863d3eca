"""The push side running as it runs in the bot: the sandbox Hub, the fake Bot API server.

The runtime's loops wait on the harness's ManualClock; the test moves the clock
one watch interval and pokes them, then waits (bounded) for the fake server to
receive, so nothing depends on how long real time takes.
"""

from __future__ import annotations

from pathlib import Path

from bot.push.runtime import start_push
from bot.testing import FakeBotApi
from bot.testing.conversation import BotHarness

from .support import TELEGRAM, PtbSender, fake_bot

INTERVAL_S = 3


async def test_a_staff_action_reaches_the_guardians_chats_within_one_interval(
    tmp_path: Path,
) -> None:
    async with (
        BotHarness.started(
            tmp_path, now="2026-11-26T09:30:00+01:00", watch_interval_s=INTERVAL_S
        ) as bot,
        FakeBotApi(clock=bot.clock) as fake,
    ):
        sandbox = bot.app.sandbox
        assert sandbox is not None
        await bot.chat("anna", channel=TELEGRAM, chat_id="1001")
        await bot.chat("peter", channel=TELEGRAM, chat_id="1002")
        await bot.chat("nils", channel=TELEGRAM, chat_id="1003")
        async with fake_bot(fake.base_url, fake.token) as tg:
            runtime = await start_push(bot.app.deps, senders={TELEGRAM: PtbSender(tg)}, limits={})
            try:
                assert runtime.watcher is not None
                await runtime.watcher.run_due()  # the first look, done before anything happens
                sandbox.staff("larare").invalid_absence(
                    child="Nils", date="2026-11-26", lesson="Matematik", time="08:15"
                )
                sandbox.staff("larare").news(group="4B", title="Utflykt", text="Till skogen.")
                bot.clock.advance(seconds=INTERVAL_S)
                runtime.poke()
                for chat_id in (1001, 1002):
                    messages = await fake.wait_for(chat_id, 2)
                    texts = " ".join(m.text for m in messages)
                    assert "Ogiltig frånvaro" in texts and "Utflykt" in texts
                assert fake.transcript(1003) == []
            finally:
                await runtime.stop()
        assert all(task.done() for task in runtime.tasks) or not runtime.tasks
