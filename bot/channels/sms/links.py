"""What SMS adds to linking: the short code a person types back, and nothing else.

A phone has no deep link into the SMS thread and no group chats, so the link
page shows the short form of the one-time code (ABCD-EFGH) to text back; the
number that sends it is the one linked (`LinkService.redeem`).
"""

from __future__ import annotations

from bot.linking import CodeForm, IssuedCode
from bot.linking.codes import SHORT_ALPHABET, SHORT_LENGTH, code_in_text, normalize
from bot.storage.models import MemberKey


class SmsLinks:
    """The `ChannelLinks` of the SMS channel."""

    def code_form(self) -> CodeForm:
        return CodeForm.SHORT

    def redeem_url(self, code: IssuedCode) -> str | None:
        return None

    def redeem_text(self, code: IssuedCode) -> str:
        return code.shown_short or code.code

    async def private_invite_url(self, member: MemberKey, language: str) -> str | None:
        return None

    def private_chat_url(self) -> str | None:
        return None


def code_in_sms(text: str, *, linked: bool) -> str | None:
    """A link code in an SMS: the long one pasted, or the short one typed.

    From a linked number a bare eight-letter word is a word, not a code: only a
    typed code with a digit or its dash counts, so a failed guess is not charged
    for an errand.
    """
    found = code_in_text(text)
    if found is not None:
        return found
    typed = normalize(text)
    if len(typed) != SHORT_LENGTH or any(ch not in SHORT_ALPHABET for ch in typed):
        return None
    if linked and not any(ch.isdigit() or ch == "-" for ch in text):
        return None
    return typed
