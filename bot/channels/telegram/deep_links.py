"""Links that open a chat with the bot and say `/start CODE` there.

They carry the linking flow's single-use codes across the border between the
bot's web pages and Telegram: the one-time link code the page hands out after a
Hub login (the chat that opens the link and sends it is the one linked), and a
group member's way into a private chat where they can link without the group
watching.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.linking import PURPOSE_GROUP, CodeForm, IssuedCode, LinkService
from bot.storage.models import MemberKey

# Telegram allows 64 characters of [A-Za-z0-9_-] after ?start=.
MAX_START_PARAMETER = 64


def deep_link(bot_username: str, code: str | None = None) -> str:
    if code is None:
        return f"https://t.me/{bot_username}"
    if len(code) > MAX_START_PARAMETER:
        raise ValueError("a start parameter is at most 64 characters")
    return f"https://t.me/{bot_username}?start={code}"


class TelegramLinks:
    """The `ChannelLinks` the link service asks for Telegram's two extra links."""

    def __init__(self, linking: LinkService, bot_username: Callable[[], str | None]) -> None:
        self.linking = linking
        self._bot_username = bot_username

    def code_form(self) -> CodeForm:
        return CodeForm.LONG  # carried by the deep link, or pasted after /start

    def redeem_url(self, code: IssuedCode) -> str | None:
        username = self._bot_username()
        return deep_link(username, code.code) if username else None

    def redeem_text(self, code: IssuedCode) -> str:
        return f"/start {code.code}"

    def private_chat_url(self) -> str | None:
        username = self._bot_username()
        return deep_link(username) if username else None

    async def private_invite_url(self, member: MemberKey, language: str) -> str | None:
        username = self._bot_username()
        if not username:
            return None
        code = await self.linking.create_code(member, PURPOSE_GROUP, language)
        return deep_link(username, code)
