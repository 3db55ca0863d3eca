"""A taken-over chat's transcript keeps masked text only: the guardian's and support's lines.

While support holds a chat the bot does not answer, but it still writes the log;
support's replies go to the log too. Both pass the same masking as every other
line: the store's patterns and the parser's health guard.
"""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from bot.storage.models import ChatKey
from bot.testing.conversation import BotHarness, Chat

from .conftest import sign_in


def chat_of(bot: BotHarness, chat: Chat) -> ChatKey:
    return bot.app.member_of(chat.chat, chat.sender_id).chat


async def test_take_over_lines_are_masked_in_the_transcript(
    bot: BotHarness, console: TestClient
) -> None:
    anna = await bot.chat("anna")
    await anna.say("support")
    chat = chat_of(bot, anna)
    path = f"/console/chats/{chat.channel}/{chat.chat_id}"
    token = await sign_in(console, "support")
    claimed = await console.post(
        f"{path}/claim", data={"csrf_token": token}, allow_redirects=False
    )
    assert claimed.status == 303

    said = await anna.say("Elsa bröt armen igår och har hjarnskakning, ring 070.123.45.67")
    # Acknowledged once, never answered as an errand (and the ack quotes nothing).
    assert [r.text for r in said.replies] == [
        "Supporten har fått ditt meddelande. En person från supporten svarar dig här."
    ]
    replied = await console.post(
        f"{path}/reply",
        data={
            "csrf_token": token,
            "text": "Så tråkigt med armen. Elsa kraks också? Mejla oss"
            " på kim(at)skola.se eller ring (0521) 123 45",
        },
        allow_redirects=False,
    )
    assert replied.status == 303
    # The guardian gets support's words as written; only the transcript is masked.
    assert any("kim(at)skola.se" in t for t in await anna.notices())

    logged = [e.text for e in await bot.app.store.list_log(chat, limit=50)]
    joined = "\n".join(logged)
    for secret in ("bröt", "hjarnskakning", "070.123", "kraks", "kim(at)", "123 45"):
        assert secret not in joined, secret
    assert "[telefon]" in joined and "[e-post]" in joined and "[hälsa]" in joined
    page = await (await console.get(path)).text()
    for secret in ("bröt", "hjarnskakning", "kraks"):
        assert secret not in page
