"""Reply text and buttons in the shape Telegram accepts.

Text goes out in HTML parse mode, escaped, so a child's name or a teacher's
news can never break the markup or be read as formatting. Texts over Telegram's
4096-character limit are cut at paragraph, line or word boundaries *before*
escaping, so no escape sequence is ever split. Buttons become inline keyboards:
answers carry compact callback data, link choices open a URL.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from ipaddress import ip_address

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from yarl import URL

from bot.conversation.types import Choice

PARSE_MODE = ParseMode.HTML
# Telegram counts UTF-16 code units; a little room is left for safety.
MAX_TEXT = 4096
MAX_ROW_CHARS = 30
MAX_ROW_BUTTONS = 3


def escape(text: str) -> str:
    """Plain text made safe for HTML parse mode (Telegram decodes &lt; &gt; &amp;)."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut_point(text: str, limit: int) -> int:
    """Index in `text` to cut at: the last good boundary within `limit` UTF-16 units."""
    size = 0
    end = 0
    for i, ch in enumerate(text):
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > limit:
            break
        end = i + 1
    window = text[:end]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > end // 2:
            return at + len(separator)
    return end


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Parts of at most `limit` UTF-16 units each, none empty."""
    parts: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        cut = _cut_point(rest, limit)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip("\n")
        if head.strip():
            parts.append(head)
    if rest.strip() or not parts:
        parts.append(rest if rest.strip() else "…")
    return parts


def telegram_accepts_url(url: str, *, allow_local: bool) -> bool:
    """Telegram refuses buttons to loopback or bare hosts; a local fake API does not."""
    parsed = URL(url)
    if parsed.scheme not in ("http", "https", "tg") or not parsed.host:
        return False
    if allow_local or parsed.scheme == "tg":
        return True
    host = parsed.host
    if host == "localhost" or "." not in host:
        return False
    try:
        address = ip_address(host)
    except ValueError:
        return True
    return not (address.is_loopback or address.is_private or address.is_link_local)


def _rows(buttons: Sequence[tuple[str, InlineKeyboardButton]]) -> list[list[InlineKeyboardButton]]:
    """Short answers side by side (Ja | Nej), long ones one per row."""
    rows: list[list[InlineKeyboardButton]] = []
    row: list[InlineKeyboardButton] = []
    width = 0
    for label, button in buttons:
        if row and (len(row) >= MAX_ROW_BUTTONS or width + len(label) > MAX_ROW_CHARS):
            rows.append(row)
            row, width = [], 0
        row.append(button)
        width += len(label)
    if row:
        rows.append(row)
    return rows


def keyboard(
    choices: Sequence[Choice], callback_data: Sequence[str | None], *, allow_local_urls: bool
) -> tuple[InlineKeyboardMarkup | None, list[Choice]]:
    """The inline keyboard for `choices`, and the link choices that must go in the text.

    `callback_data[i]` is the encoded payload of `choices[i]` (None for link choices).
    """
    answer_buttons: list[tuple[str, InlineKeyboardButton]] = []
    link_rows: list[list[InlineKeyboardButton]] = []
    as_text: list[Choice] = []
    for choice, data in zip(choices, callback_data, strict=True):
        if choice.url:
            if telegram_accepts_url(choice.url, allow_local=allow_local_urls):
                link_rows.append([InlineKeyboardButton(choice.label, url=choice.url)])
            else:
                as_text.append(choice)
        elif data:
            answer_buttons.append(
                (choice.label, InlineKeyboardButton(choice.label, callback_data=data))
            )
    rows = _rows(answer_buttons) + link_rows
    return (InlineKeyboardMarkup(rows) if rows else None), as_text


def with_links(text: str, links: Sequence[Choice]) -> str:
    """Link choices Telegram would refuse as buttons, written out under the text."""
    if not links:
        return text
    lines = [text] if text else []
    lines += [f"{c.label}: {c.url}" for c in links]
    return "\n\n".join(lines)
