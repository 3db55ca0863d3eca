"""A fake Telegram Bot API server on loopback, for tests and benchmarks.

The real python-telegram-bot `Application` talks to it over HTTP through
`ApplicationBuilder().base_url(...)`, so the bot's own serialization, error
mapping (RetryAfter, Forbidden, BadRequest) and polling loop are exercised,
not a mock of them. It is strict where Telegram is strict and where bots break
in production: message length, callback data size, MarkdownV2/HTML escaping,
"message is not modified", double callback answers, flood limits, blocked users.

State lives in memory; a test pushes user actions (`push_text`, `press`),
awaits what the bot answers (`wait_for`) and reads the `transcript`.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import math
import re
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from aiohttp import web
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder

from bot.clock import Clock, SystemClock

JSON = dict[str, Any]
Button = tuple[str, str | None]
"""(label, callback_data) of an inline button; url buttons carry the url, reply keys None."""

DEFAULT_TOKEN = "424242:fake-telegram-token"
MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
DEFAULT_GROUP_USER_ID = 4242

_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Form values PTB sends as plain strings; everything else arrives JSON-encoded.
_RAW_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "language_code",
        "action",
        "callback_query_id",
        "inline_message_id",
        "ip_address",
        "description",
        "short_description",
        "name",
        "title",
        "data",
        "emoji",
        "business_connection_id",
    }
)
# Methods that put a message in a chat: blocked chats and flood limits apply to them.
_SENDING_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
_BLOCKABLE_METHODS = _SENDING_METHODS | {"sendChatAction"}

IMPLEMENTED_METHODS = (
    "getMe",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendChatAction",
    "getChat",
)
"""Bot API methods the fake answers; any other method gets Telegram's 404."""

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_BAD_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"


# --------------------------------------------------------------------------------------------
# What tests read
# --------------------------------------------------------------------------------------------


def _keyboard_buttons(reply_markup: JSON | None) -> list[list[Button]]:
    if not reply_markup:
        return []
    if "inline_keyboard" in reply_markup:
        return [
            [
                (str(b.get("text", "")), b.get("callback_data", b.get("url")))
                for b in row
                if isinstance(b, dict)
            ]
            for row in reply_markup["inline_keyboard"]
        ]
    if "keyboard" in reply_markup:
        return [
            [(b, None) if isinstance(b, str) else (str(b.get("text", "")), None) for b in row]
            for row in reply_markup["keyboard"]
        ]
    return []


@dataclass
class MessageVersion:
    """One earlier state of an edited message."""

    text: str
    raw_text: str
    parse_mode: str | None
    entities: list[JSON]
    reply_markup: JSON | None

    @property
    def buttons(self) -> list[list[Button]]:
        return _keyboard_buttons(self.reply_markup)


@dataclass
class SentMessage:
    """A message the bot sent, kept up to date by later edits.

    `text` is what the user sees (markup parsed away, as Telegram returns it);
    `raw_text` is what the bot posted. `edits` holds earlier versions, oldest first.
    """

    chat_id: int
    message_id: int
    text: str
    raw_text: str
    parse_mode: str | None
    entities: list[JSON]
    reply_markup: JSON | None
    date: int
    edit_date: int | None = None
    edits: list[MessageVersion] = field(default_factory=list)

    @property
    def edited(self) -> bool:
        return bool(self.edits)

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline buttons as (label, callback_data); reply-keyboard keys as (label, None)."""
        return _keyboard_buttons(self.reply_markup)

    @property
    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def as_dict(self) -> JSON:
        data = asdict(self)
        data["edited"] = self.edited
        data["buttons"] = [[list(b) for b in row] for row in self.buttons]
        return data


@dataclass
class CallbackAnswer:
    """What the bot answered to a button press."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int


@dataclass
class Call:
    """One request the fake received and the HTTP status it answered."""

    method: str
    params: JSON
    at: float
    status: int = 200
    description: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> int | None:
        return _as_chat_id(self.params.get("chat_id"))


# --------------------------------------------------------------------------------------------
# Telegram's answers
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """An error answer in Telegram's envelope; raised inside method handlers."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def envelope(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _default_description(status: int, retry_after: int) -> str:
    return {
        400: "Bad Request: injected failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: terminated by other getUpdates request",
        429: f"Too Many Requests: retry after {retry_after}",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(status, f"Error {status}")


def _as_chat_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# Entity parsing: MarkdownV2, HTML and legacy Markdown, after Telegram's own rules
# --------------------------------------------------------------------------------------------


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" reason."""


class _Plain:
    """Visible text plus entities measured in UTF-16 code units, as Telegram counts them."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.u16 = 0
        self.entities: list[JSON] = []

    def add(self, text: str) -> None:
        for ch in text:
            self.chars.append(ch)
            self.u16 += 2 if ord(ch) > 0xFFFF else 1

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.u16 > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.u16 - start, **extra}
            )

    def since(self, char_index: int) -> str:
        return "".join(self.chars[char_index:])

    def result(self) -> tuple[str, list[JSON]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.chars), entities


@dataclass
class _Open:
    kind: str
    start: int
    char_index: int
    at: int
    language: str | None = None
    extra: JSON = field(default_factory=dict)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "code": "Code",
    "pre": "Pre",
}


def _mdv2_closes(kind: str, text: str, i: int) -> bool:
    c, nxt = text[i], text[i + 1 : i + 2]
    return {
        "bold": c == "*",
        "italic": c == "_" and nxt != "_",
        "underline": c == "_" and nxt == "_",
        "strikethrough": c == "~",
        "spoiler": c == "|" and nxt == "|",
        "text_link": c == "]",
        "custom_emoji": c == "]",
    }.get(kind, False)


def _reserved(text: str, i: int) -> EntityParseError:
    return EntityParseError(
        f"Character '{text[i]}' is reserved and must be escaped with the preceding '\\'"
    )


def _pre_language(text: str, i: int) -> tuple[str | None, int]:
    """Reads an optional language after ``` and skips one line break, like Telegram."""
    n = len(text)
    end = i
    while end < n and not text[end].isspace() and text[end] != "`":
        end += 1
    language = None
    if end != i and end < n and text[end] != "`":
        language, i = text[i:end], end
    if i < n and text[i] in "\r\n":
        i += 2 if i + 1 < n and text[i + 1] in "\r\n" and text[i] != text[i + 1] else 1
    return language, i


def _link_target(text: str, i: int, out: _Plain, opened: _Open) -> tuple[str, int]:
    """Reads `(url)` after the closing `]` at i; without one the link text is the url."""
    n = len(text)
    j = i + 1
    if j >= n or text[j] != "(":
        return out.since(opened.char_index), j
    j += 1
    url_start = j
    url: list[str] = []
    while j < n and text[j] != ")":
        if text[j] == "\\" and j + 1 < n and text[j + 1] in ")\\":
            j += 1
        url.append(text[j])
        j += 1
    if j >= n:
        raise EntityParseError(
            f"Can't find end of a URL at byte offset {_byte_offset(text, url_start)}"
        )
    return "".join(url), j + 1


def parse_markdown_v2(text: str) -> tuple[str, list[JSON]]:
    """Visible text and entities of a MarkdownV2 text; raises EntityParseError like Telegram."""
    out = _Plain()
    stack: list[_Open] = []
    quote: _Open | None = None
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        top = stack[-1].kind if stack else None
        if c == "\\" and nxt and 0 < ord(nxt) <= 126:
            out.add(nxt)
            i += 2
            continue
        if top in ("code", "pre"):
            if c != "`":
                out.add(c)
                i += 1
                continue
            if top == "pre" and not text.startswith("```", i):
                raise _reserved(text, i)
            opened = stack.pop()
            extra = {"language": opened.language} if opened.language else {}
            out.entity(opened.kind, opened.start, **extra)
            i += 3 if top == "pre" else 1
            continue
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and not stack and (c == ">" or text.startswith("**>", i)):
            if quote is None:
                expandable = c == "*"
                quote = _Open(
                    "expandable_blockquote" if expandable else "blockquote", out.u16, 0, i
                )
            i += 1 if c == ">" else 3
            continue
        if quote is not None:
            ends_line = i + 2 >= n or text[i + 2] == "\n"
            if text.startswith("||", i) and ends_line and top != "spoiler":
                quote.kind = "expandable_blockquote"
                i += 2
                continue
            if c == "\n" and not text.startswith(">", i + 1) and not text.startswith("**>", i + 1):
                out.entity(quote.kind, quote.start)
                quote = None
        if c not in _MDV2_RESERVED:
            out.add(c)
            i += 1
            continue
        if top is not None and _mdv2_closes(top, text, i):
            opened = stack.pop()
            if top == "text_link":
                url, i = _link_target(text, i, out, opened)
                if url:
                    out.entity("text_link", opened.start, url=url)
            elif top == "custom_emoji":
                url, i = _link_target(text, i, out, opened)
                if not url.startswith("tg://emoji?id="):
                    raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
                out.entity("custom_emoji", opened.start, custom_emoji_id=url.split("=", 1)[1])
            else:
                out.entity(top, opened.start)
                i += 2 if top in ("underline", "spoiler") else 1
            continue
        begin = i
        language: str | None = None
        if c == "_":
            kind = "underline" if nxt == "_" else "italic"
            i += 2 if nxt == "_" else 1
        elif c in "*~[":
            kind = {"*": "bold", "~": "strikethrough", "[": "text_link"}[c]
            i += 1
        elif c == "|" and nxt == "|":
            kind, i = "spoiler", i + 2
        elif c == "!" and nxt == "[":
            kind, i = "custom_emoji", i + 2
        elif c == "`" and text.startswith("```", i):
            kind = "pre"
            language, i = _pre_language(text, i + 3)
        elif c == "`":
            kind, i = "code", i + 1
        else:
            raise _reserved(text, i)
        stack.append(_Open(kind, out.u16, len(out.chars), begin, language))
    if stack:
        last = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MDV2_NAMES[last.kind]} entity at byte offset "
            f"{_byte_offset(text, last.at)}"
        )
    if quote is not None:
        out.entity(quote.kind, quote.start)
    return out.result()


_HTML_TAGS = {
    "a": "text_link",
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _html_entity(text: str, i: int) -> tuple[str | None, int]:
    semi = text.find(";", i + 1, i + 12)
    if semi < 0:
        return None, 0
    body = text[i + 1 : semi]
    if body in _HTML_NAMED:
        return _HTML_NAMED[body], semi - i + 1
    try:
        if body[:2] in ("#x", "#X"):
            code = int(body[2:], 16)
        elif body.startswith("#"):
            code = int(body[1:], 10)
        else:
            return None, 0
    except ValueError:
        return None, 0
    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return chr(code), semi - i + 1
    return None, 0


def _html_tag(text: str, i: int) -> tuple[str, bool, JSON, int]:
    """Reads the tag starting at `<` (index i): name, is_end, attributes, index after `>`."""
    n = len(text)
    unclosed = EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, i)}")
    j = i + 1
    is_end = j < n and text[j] == "/"
    if is_end:
        j += 1
    start = j
    while j < n and not text[j].isspace() and text[j] != ">":
        j += 1
    name = text[start:j].lower()
    if not is_end and name not in _HTML_TAGS:
        raise EntityParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, i)}'
        )
    attrs: JSON = {}
    while True:
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            raise unclosed
        if text[j] == ">":
            return name, is_end, attrs, j + 1
        attr_start = j
        while j < n and not text[j].isspace() and text[j] not in "=>":
            j += 1
        attr = text[attr_start:j].lower()
        value = ""
        if j < n and text[j] == "=":
            j += 1
            if j < n and text[j] in "\"'":
                quote = text[j]
                end = text.find(quote, j + 1)
                if end < 0:
                    raise unclosed
                value, j = text[j + 1 : end], end + 1
            else:
                value_start = j
                while j < n and not text[j].isspace() and text[j] != ">":
                    j += 1
                value = text[value_start:j]
        attrs[attr] = value


def _unescape_html(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "&":
            decoded, width = _html_entity(value, i)
            if decoded is not None:
                out.append(decoded)
                i += width
                continue
        out.append(value[i])
        i += 1
    return "".join(out)


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Visible text and entities of a Telegram-HTML text; raises EntityParseError like Telegram."""
    out = _Plain()
    stack: list[_Open] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "&":
            decoded, width = _html_entity(text, i)
            out.add(decoded if decoded is not None else "&")
            i += width if decoded is not None else 1
            continue
        if c != "<":
            out.add(c)
            i += 1
            continue
        offset = _byte_offset(text, i)
        name, is_end, attrs, after = _html_tag(text, i)
        if is_end:
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {offset}")
            if stack[-1].extra["tag"] != name:
                expected = stack[-1].extra["tag"]
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{expected}>", '
                    f'found "</{name}>"'
                )
            _close_html(stack.pop(), stack, out)
        else:
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityParseError('Tag "span" must have class "tg-spoiler"')
            if name == "tg-emoji" and not attrs.get("emoji-id"):
                raise EntityParseError('Tag "tg-emoji" must have attribute "emoji-id"')
            kind = _HTML_TAGS[name]
            if kind == "blockquote" and "expandable" in attrs:
                kind = "expandable_blockquote"
            extra: JSON = {"tag": name, "attrs": attrs}
            stack.append(_Open(kind, out.u16, len(out.chars), i, None, extra))
        i = after
    if stack:
        tag = stack[-1].extra["tag"]
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
    return out.result()


def _close_html(opened: _Open, stack: list[_Open], out: _Plain) -> None:
    attrs: JSON = opened.extra["attrs"]
    if opened.kind == "text_link":
        url = _unescape_html(str(attrs.get("href", "")))
        if url:
            out.entity("text_link", opened.start, url=url)
    elif opened.kind == "custom_emoji":
        out.entity("custom_emoji", opened.start, custom_emoji_id=attrs["emoji-id"])
    elif opened.kind == "code":
        language = str(attrs.get("class", ""))
        parent = stack[-1] if stack else None
        if language.startswith("language-") and parent is not None and parent.kind == "pre":
            parent.language = language.removeprefix("language-")
        else:
            out.entity("code", opened.start)
    elif opened.kind == "pre" and opened.language:
        out.entity("pre", opened.start, language=opened.language)
    else:
        out.entity(opened.kind, opened.start)


def parse_markdown(text: str) -> tuple[str, list[JSON]]:
    """Visible text and entities of legacy Markdown (no nesting, few escapes)."""
    out = _Plain()
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.add(text[i + 1])
            i += 2
            continue
        if c not in "_*`[":
            out.add(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        i += 1
        is_pre = False
        language: str | None = None
        if c == "`" and text.startswith("``", i):
            is_pre = True
            language, i = _pre_language(text, i + 2)
        start = out.u16
        char_index = len(out.chars)
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("```", i))):
            out.add(text[i])
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        if c == "[":
            url = out.since(char_index)
            if i + 1 < n and text[i + 1] == "(":
                url_start = i + 2
                close = text.find(")", url_start)
                if close < 0:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, url_start)}"
                    )
                url, i = text[url_start:close], close
            out.entity("text_link", start, url=url)
        elif is_pre:
            out.entity("pre", start, **({"language": language} if language else {}))
            i += 2
        else:
            out.entity({"_": "italic", "*": "bold", "`": "code"}[c], start)
        i += 1
    return out.result()


def parse_entities(text: str, parse_mode: str | None) -> tuple[str, list[JSON]]:
    """Visible text and entities for a parse_mode; ApiError 400 on what Telegram rejects."""
    mode = (parse_mode or "").strip().lower()
    if not mode:
        return text, []
    parser = {"markdownv2": parse_markdown_v2, "html": parse_html, "markdown": parse_markdown}
    if mode not in parser:
        raise ApiError(400, "Bad Request: unsupported parse_mode")
    try:
        return parser[mode](text)
    except EntityParseError as exc:
        raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc


# --------------------------------------------------------------------------------------------
# Flood limits
# --------------------------------------------------------------------------------------------


class _Window:
    """Sliding window: at most `capacity` accepted sends within `span` seconds."""

    def __init__(self, allowed: float, period: float) -> None:
        if allowed <= 0:
            raise ValueError("a rate limit must be positive")
        # Fractional rates (0.5 per second) become one send per longer span (2 seconds).
        self.capacity = max(1, round(allowed))
        self.span = period * self.capacity / allowed
        self._stamps: deque[float] = deque()

    def wait(self, now: float) -> float:
        while self._stamps and self._stamps[0] <= now - self.span:
            self._stamps.popleft()
        if len(self._stamps) < self.capacity:
            return 0.0
        return self._stamps[0] + self.span - now

    def record(self, now: float) -> None:
        self._stamps.append(now)


class _SendLimits:
    def __init__(
        self,
        per_second_overall: float | None = None,
        per_chat_per_second: float | None = None,
        per_group_per_minute: float | None = None,
    ) -> None:
        self._overall = _Window(per_second_overall, 1.0) if per_second_overall else None
        self._per_chat = per_chat_per_second
        self._per_group = per_group_per_minute
        self._chats: dict[int, _Window] = {}
        self._groups: dict[int, _Window] = {}

    def _windows(self, chat_id: int) -> list[_Window]:
        windows = [self._overall] if self._overall else []
        if self._per_chat:
            windows.append(self._chats.setdefault(chat_id, _Window(self._per_chat, 1.0)))
        if self._per_group and chat_id < 0:
            windows.append(self._groups.setdefault(chat_id, _Window(self._per_group, 60.0)))
        return windows

    def retry_after(self, chat_id: int, now: float) -> int:
        """Whole seconds to wait (Telegram's unit), 0 when the send may pass."""
        wait = max((w.wait(now) for w in self._windows(chat_id)), default=0.0)
        return max(1, math.ceil(wait)) if wait > 0 else 0

    def record(self, chat_id: int, now: float) -> None:
        for window in self._windows(chat_id):
            window.record(now)


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int
    times: int
    chat_id: int | None
    description: str | None

    def matches(self, method: str, chat_id: int | None) -> bool:
        same_method = self.method == "*" or self.method.lower() == method.lower()
        return same_method and (self.chat_id is None or self.chat_id == chat_id)


class _Signal:
    """Wakes every waiter; futures are made on demand so no loop is bound at construction."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def fire(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, within: float) -> bool:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, max(within, 0.0))
        except TimeoutError:
            return False
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
        return True


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeBotApi:
    """A fake Telegram Bot API on 127.0.0.1, driven by the real python-telegram-bot.

    Usage::

        async with FakeBotApi() as fake:
            app = fake.application_builder().build()   # or .token(fake.token).base_url(...)
            app.add_handler(...)
            async with fake.polling(app):
                fake.push_text(1001, "/start")
                await fake.wait_for(1001, 1)
                assert "Hej" in fake.last(1001).text
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_first_name: str = "Hubbot",
        bot_username: str = "hubbot_test_bot",
        clock: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not _TOKEN_RE.fullmatch(token):
            raise ValueError("token must look like '123456:secret'")
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self._clock: Clock = clock or SystemClock()
        self._monotonic = monotonic
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._new_updates = _Signal()
        self._activity = _Signal()
        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._chats: dict[int, JSON] = {}
        self._last_message_id: dict[int, int] = {}
        self._transcripts: dict[int, list[SentMessage]] = {}
        self._sent: dict[tuple[int, int], SentMessage] = {}
        self._incoming: set[tuple[int, int]] = set()
        self._callbacks: dict[str, CallbackAnswer | None] = {}
        self._callback_seq = 0
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook_url = ""
        self._webhook_secret: str | None = None
        self._failures: list[_Failure] = []
        self._blocked: set[int] = set()
        self._limits = _SendLimits()
        self._methods: dict[str, tuple[str, Callable[[JSON], Any]]] = {
            name.lower(): (name, getattr(self, "_" + _snake_case(name)))
            for name in IMPLEMENTED_METHODS
        }

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("*", "/_fake/{hook}", self._handle_hook)
        # Cancelling handlers whose client left keeps abandoned long polls from lingering.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._closing = False

    async def stop(self) -> None:
        self._closing = True
        self._new_updates.fire()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started; await fake.start() first")
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For `ApplicationBuilder().base_url(...)`; PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def application_builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """An ApplicationBuilder already pointed at this fake."""
        builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = ApplicationBuilder()
        return builder.token(self.token).base_url(self.base_url).base_file_url(self.base_file_url)

    def bot(self) -> Bot:
        """A plain Bot pointed at this fake (use `async with bot:`)."""
        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url)

    @asynccontextmanager
    async def polling(
        self, application: Application[Any, Any, Any, Any, Any, Any], *, poll_timeout: float = 1.0
    ) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
        """Runs the application with long polling (manual lifecycle) for the block's duration."""
        updater = application.updater
        if updater is None:
            raise ValueError("the application has no Updater; build it without .updater(None)")
        await application.initialize()
        try:
            await updater.start_polling(poll_interval=0.0, timeout=timedelta(seconds=poll_timeout))
            await application.start()
            yield application
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()

    # -- user actions --------------------------------------------------------------------------

    def push_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Anna",
        language_code: str = "sv",
        group_title: str | None = None,
    ) -> JSON:
        """Queues a user's text message; commands get the bot_command entity PTB matches on."""
        chat = self._remember_chat(chat_id, chat_type, first_name, group_title)
        message_id = self._next_message_id(chat_id)
        message: JSON = {
            "message_id": message_id,
            "date": self._now(),
            "chat": dict(chat),
            "from": self._user(chat_id, chat_type, user_id, first_name, language_code),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        self._incoming.add((chat_id, message_id))
        return self._queue_update("message", message)

    def push_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = "Anna",
        language_code: str = "sv",
    ) -> str:
        """Queues a button press on one of the bot's messages; returns the callback query id."""
        sent = self._sent.get((chat_id, message_id))
        if sent is None:
            raise ValueError(f"the bot sent no message {message_id} to chat {chat_id}")
        chat_type = str(self._chats.get(chat_id, {}).get("type", "private"))
        self._callback_seq += 1
        query_id = str(9_000_000_000 + self._callback_seq)
        self._callbacks[query_id] = None
        self._queue_update(
            "callback_query",
            {
                "id": query_id,
                "from": self._user(chat_id, chat_type, user_id, first_name, language_code),
                "chat_instance": f"instance{chat_id}",
                "data": data,
                "message": self._message_json(sent),
            },
        )
        return query_id

    def press(self, chat_id: int, label: str, *, user_id: int | None = None) -> str:
        """Presses the inline button labelled `label` on the newest bot message that has it."""
        for sent in reversed(self._transcripts.get(chat_id, [])):
            rows = (_inline_only(sent.reply_markup) or {}).get("inline_keyboard", [])
            for row in rows:
                for button in row:
                    if button.get("text") == label and "callback_data" in button:
                        data = str(button["callback_data"])
                        return self.push_callback(chat_id, sent.message_id, data, user_id=user_id)
        raise AssertionError(f"no button {label!r} in chat {chat_id}.\n{self.describe(chat_id)}")

    # -- what tests read -----------------------------------------------------------------------

    def transcript(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages to a chat in send order (edits update them in place)."""
        return list(self._transcripts.get(chat_id, []))

    def last(self, chat_id: int) -> SentMessage:
        messages = self._transcripts.get(chat_id)
        if not messages:
            raise AssertionError(
                f"the bot sent nothing to chat {chat_id}.\n{self.describe(chat_id)}"
            )
        return messages[-1]

    def buttons(self, chat_id: int) -> list[list[Button]]:
        """Buttons of the bot's last message to the chat."""
        return self.last(chat_id).buttons

    def callback_answer(self, query_id: str) -> CallbackAnswer | None:
        """The bot's answer to a button press, None while unanswered."""
        if query_id not in self._callbacks:
            raise KeyError(f"unknown callback query {query_id}")
        return self._callbacks[query_id]

    def commands(self, *, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        return list(self._commands.get(_commands_key(scope, language_code), []))

    @property
    def webhook_url(self) -> str:
        return self._webhook_url

    @property
    def webhook_secret(self) -> str | None:
        return self._webhook_secret

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet acknowledged by a later getUpdates offset."""
        return len(self._updates)

    def count(self, method: str, chat_id: int | None = None, *, status: int | None = None) -> int:
        """How many calls of `method` (any case) arrived, optionally per chat and answer status."""
        return len(self.calls_of(method, chat_id, status=status))

    def calls_of(
        self, method: str, chat_id: int | None = None, *, status: int | None = None
    ) -> list[Call]:
        wanted = method.lower()
        return [
            c
            for c in self.calls
            if c.method.lower() == wanted
            and (chat_id is None or c.chat_id == chat_id)
            and (status is None or c.status == status)
        ]

    def received_per_chat(self) -> dict[int, int]:
        """Messages each chat actually received (accepted sendMessage calls)."""
        counts: Counter[int] = Counter(
            c.chat_id
            for c in self.calls
            if c.method == "sendMessage" and c.ok and c.chat_id is not None
        )
        return dict(counts)

    @property
    def throttled(self) -> int:
        """429 answers given, injected or from the flood limits."""
        return sum(1 for c in self.calls if c.status == 429)

    def throttled_per_chat(self) -> dict[int, int]:
        counts: Counter[int] = Counter(
            c.chat_id for c in self.calls if c.status == 429 and c.chat_id is not None
        )
        return dict(counts)

    def reset_calls(self) -> None:
        self.calls.clear()

    async def wait_for(
        self,
        chat_id: int,
        condition: int | Callable[[list[SentMessage]], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - only bounds a failing test
    ) -> list[SentMessage]:
        """Awaits until the chat's transcript has `condition` messages or satisfies it.

        Wakes on every request the fake answers; the timeout only bounds a failing test.
        """
        check = _count_at_least(condition) if isinstance(condition, int) else condition
        if isinstance(condition, int):
            what = f"{condition} message(s)"
        else:
            what = getattr(condition, "__name__", "the condition")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            messages = self.transcript(chat_id)
            if check(messages):
                return messages
            remaining = deadline - loop.time()
            if remaining <= 0 or not await self._activity.wait(remaining):
                messages = self.transcript(chat_id)
                if check(messages):
                    return messages
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what} in chat {chat_id}.\n"
                    f"{self.describe(chat_id)}"
                )

    async def wait_for_call(
        self,
        method: str,
        count: int = 1,
        *,
        chat_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - only bounds a failing test
    ) -> list[Call]:
        """Awaits until `count` calls of `method` have arrived (answered or, for getUpdates,
        being held)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            calls = self.calls_of(method, chat_id)
            if len(calls) >= count:
                return calls
            remaining = deadline - loop.time()
            if remaining <= 0 or not await self._activity.wait(remaining):
                calls = self.calls_of(method, chat_id)
                if len(calls) >= count:
                    return calls
                seen = Counter(c.method for c in self.calls)
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} {method} call(s); "
                    f"got {len(calls)}. Calls so far: {dict(seen)}"
                )

    def describe(self, chat_id: int) -> str:
        """A readable dump of a chat, for assertion messages."""
        messages = self._transcripts.get(chat_id, [])
        lines = [f"Transcript of chat {chat_id} ({len(messages)} bot message(s)):"]
        for m in messages:
            line = f"  #{m.message_id}: {_shorten(m.text)!r}"
            if m.button_labels:
                line += f" buttons={m.button_labels}"
            if m.edited:
                line += f" (edited {len(m.edits)}x)"
            lines.append(line)
        rejected = [c for c in self.calls if c.chat_id == chat_id and not c.ok][-5:]
        if rejected:
            lines.append("Rejected calls for this chat:")
            lines += [f"  {c.method} -> {c.status} {c.description}" for c in rejected]
        if self._updates:
            polls = self.count("getUpdates")
            lines.append(
                f"{len(self._updates)} update(s) not acknowledged yet; getUpdates calls: {polls}"
            )
        if self._webhook_url:
            lines.append(f"A webhook is set ({self._webhook_url}); getUpdates answers 409.")
        return "\n".join(lines)

    # -- failure injection ---------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        chat_id: int | None = None,
        *,
        description: str | None = None,
    ) -> None:
        """The next `times` matching calls (method "*" = any) answer `status` instead."""
        if times < 1:
            raise ValueError("times must be at least 1")
        self._failures.append(_Failure(method, status, retry_after, times, chat_id, description))

    def block_chat(self, chat_id: int) -> None:
        """Sends to the chat answer 403 from now on, as when a user blocks the bot."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def rate_limit(
        self,
        per_second_overall: float | None = None,
        per_chat_per_second: float | None = None,
        per_group_per_minute: float | None = None,
    ) -> None:
        """Answers 429 with retry_after to sends beyond these rates (None = unlimited).

        Windows slide on the injected monotonic clock; only accepted sends use up quota.
        """
        self._limits = _SendLimits(per_second_overall, per_chat_per_second, per_group_per_minute)

    # -- HTTP ----------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if token != self.token:
            if _TOKEN_RE.fullmatch(token):
                return _error_response(ApiError(401, "Unauthorized"))
            return _error_response(ApiError(404, "Not Found"))
        method_name = request.match_info["method"]
        known = self._methods.get(method_name.lower())
        try:
            params = await _read_params(request)
        except ApiError as exc:
            return _error_response(exc)
        call = Call(known[0] if known else method_name, params, self._monotonic())
        self.calls.append(call)
        self._activity.fire()
        try:
            if known is None:
                raise ApiError(404, "Not Found: method not found")
            name, handler = known
            self._inject_failure(name, call.chat_id)
            self._check_blocked(name, call.chat_id)
            self._check_rate(name, call.chat_id)
            result = handler(params)
            if inspect.isawaitable(result):
                result = await result
            if name in _SENDING_METHODS and call.chat_id is not None:
                self._limits.record(call.chat_id, self._monotonic())
        except ApiError as exc:
            call.status, call.description = exc.status, exc.description
            self._activity.fire()
            return _error_response(exc)
        self._activity.fire()
        return web.json_response({"ok": True, "result": result})

    async def _handle_hook(self, request: web.Request) -> web.Response:
        """The test hooks over HTTP, for benchmarks or tools outside this process."""
        hook = request.match_info["hook"]
        body: JSON = {k: _query_value(v) for k, v in request.query.items()}
        if request.can_read_body:
            try:
                loaded = await request.json()
            except json.JSONDecodeError:
                return _hook_error("body must be a JSON object")
            if not isinstance(loaded, dict):
                return _hook_error("body must be a JSON object")
            body.update(loaded)
        hooks: dict[str, Callable[..., Any]] = {
            "push_text": self.push_text,
            "push_callback": self.push_callback,
            "press": self.press,
            "fail_next": self.fail_next,
            "block_chat": self.block_chat,
            "unblock_chat": self.unblock_chat,
            "rate_limit": self.rate_limit,
            "transcript": lambda chat_id: [m.as_dict() for m in self.transcript(chat_id)],
            "stats": self._stats,
        }
        hook_fn = hooks.get(hook)
        if hook_fn is None:
            return _hook_error(f"unknown hook {hook!r}; known: {sorted(hooks)}", status=404)
        try:
            result = hook_fn(**body)
        except (TypeError, ValueError, KeyError, AssertionError) as exc:
            return _hook_error(str(exc))
        self._activity.fire()
        return web.json_response({"ok": True, "result": result})

    def _stats(self) -> JSON:
        return {
            "calls": dict(Counter(c.method for c in self.calls)),
            "throttled": self.throttled,
            "received_per_chat": {str(k): v for k, v in self.received_per_chat().items()},
            "pending_updates": self.pending_updates,
        }

    def _inject_failure(self, method: str, chat_id: int | None) -> None:
        for failure in self._failures:
            if failure.matches(method, chat_id):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                description = failure.description or _default_description(
                    failure.status, failure.retry_after
                )
                parameters = (
                    {"retry_after": failure.retry_after} if failure.status == 429 else None
                )
                raise ApiError(failure.status, description, parameters)

    def _check_blocked(self, method: str, chat_id: int | None) -> None:
        if method in _BLOCKABLE_METHODS and chat_id in self._blocked:
            if chat_id is not None and chat_id < 0:
                raise ApiError(403, "Forbidden: bot was kicked from the group chat")
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    def _check_rate(self, method: str, chat_id: int | None) -> None:
        if method not in _SENDING_METHODS or chat_id is None:
            return
        retry_after = self._limits.retry_after(chat_id, self._monotonic())
        if retry_after:
            raise ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )

    # -- Bot API methods -----------------------------------------------------------------------

    def _get_me(self, params: JSON) -> JSON:
        return dict(self.bot_user)

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self._webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _int_param(params, "offset", 0)
        limit = min(max(_int_param(params, "limit", 100), 1), 100)
        timeout = min(max(_float_param(params, "timeout", 0.0), 0.0), 50.0)
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = [str(u) for u in params["allowed_updates"]]
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        # Telegram lets only the newest poll live; an older one ends with 409.
        self._poll_generation += 1
        generation = self._poll_generation
        self._new_updates.fire()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            if self._updates or self._closing:
                return [dict(u) for u in self._updates[:limit]]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            await self._new_updates.wait(remaining)

    def _send_message(self, params: JSON) -> JSON:
        chat_id = _require_chat_id(params)
        raw_text, parse_mode, text, entities = _message_text(params)
        markup = _check_markup(params.get("reply_markup"))
        self._chat_for_send(chat_id)
        sent = SentMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat_id),
            text=text,
            raw_text=raw_text,
            parse_mode=parse_mode,
            entities=entities,
            reply_markup=markup,
            date=self._now(),
        )
        self._sent[(chat_id, sent.message_id)] = sent
        self._transcripts.setdefault(chat_id, []).append(sent)
        return self._message_json(sent)

    def _edit_message_text(self, params: JSON) -> JSON:
        sent = self._editable(params)
        raw_text, parse_mode, text, entities = _message_text(params)
        markup = _check_markup(params.get("reply_markup"), inline_only=True)
        if (text, entities, markup) == (sent.text, sent.entities, _inline_only(sent.reply_markup)):
            raise ApiError(400, _NOT_MODIFIED)
        self._remember_version(sent)
        sent.text, sent.raw_text, sent.parse_mode, sent.entities = (
            text,
            raw_text,
            parse_mode,
            entities,
        )
        sent.reply_markup = markup
        return self._message_json(sent)

    def _edit_message_reply_markup(self, params: JSON) -> JSON:
        sent = self._editable(params)
        markup = _check_markup(params.get("reply_markup"), inline_only=True)
        if markup == _inline_only(sent.reply_markup):
            raise ApiError(400, _NOT_MODIFIED)
        self._remember_version(sent)
        sent.reply_markup = markup
        return self._message_json(sent)

    def _answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callbacks or self._callbacks[query_id] is not None:
            raise ApiError(400, _BAD_QUERY)
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callbacks[query_id] = CallbackAnswer(
            query_id=query_id,
            text=None if text is None else str(text),
            show_alert=params.get("show_alert") is True,
            url=params.get("url"),
            cache_time=_int_param(params, "cache_time", 0),
        )
        return True

    def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100 commands")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(
                str(command.get("command", ""))
            ):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description must be 1-256 characters")
        key = _commands_key(params.get("scope"), str(params.get("language_code") or ""))
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, params: JSON) -> list[JSON]:
        key = _commands_key(params.get("scope"), str(params.get("language_code") or ""))
        return list(self._commands.get(key, []))

    def _delete_my_commands(self, params: JSON) -> bool:
        key = _commands_key(params.get("scope"), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

    def _set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if url and not url.startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self._webhook_url = url
        self._webhook_secret = str(secret) if (url and secret is not None) else None
        self._new_updates.fire()
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self._webhook_url = ""
        self._webhook_secret = None
        return True

    def _get_webhook_info(self, params: JSON) -> JSON:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _send_chat_action(self, params: JSON) -> bool:
        _require_chat_id(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _get_chat(self, params: JSON) -> JSON:
        chat = self._chats.get(_require_chat_id(params))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    # -- state ---------------------------------------------------------------------------------

    def _now(self) -> int:
        return int(self._clock.now().timestamp())

    def _next_message_id(self, chat_id: int) -> int:
        # Telegram numbers messages per chat, shared by both sides of a private chat.
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _queue_update(self, kind: str, payload: JSON) -> JSON:
        update: JSON = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        if not self._allowed_updates or kind in self._allowed_updates:
            self._updates.append(update)
            self._new_updates.fire()
        self._activity.fire()
        return update

    def _remember_chat(
        self, chat_id: int, chat_type: str, first_name: str, group_title: str | None
    ) -> JSON:
        if chat_type == "private":
            if chat_id <= 0:
                raise ValueError("a private chat's id is the user's id and must be positive")
            chat: JSON = {"id": chat_id, "type": "private", "first_name": first_name}
        elif chat_type in ("group", "supergroup"):
            if chat_id >= 0:
                raise ValueError("group chat ids are negative (supergroups start with -100)")
            chat = {"id": chat_id, "type": chat_type, "title": group_title or "Testgrupp"}
        else:
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        self._chats[chat_id] = chat
        return chat

    def _chat_for_send(self, chat_id: int) -> JSON:
        """Chats the bot writes to first are created on the fly (lenient, for fan-out runs)."""
        if chat_id not in self._chats:
            if chat_id > 0:
                self._chats[chat_id] = {"id": chat_id, "type": "private", "first_name": "Anna"}
            else:
                kind = "supergroup" if str(chat_id).startswith("-100") else "group"
                self._chats[chat_id] = {"id": chat_id, "type": kind, "title": "Testgrupp"}
        return self._chats[chat_id]

    def _user(
        self,
        chat_id: int,
        chat_type: str,
        user_id: int | None,
        first_name: str,
        language_code: str,
    ) -> JSON:
        if user_id is None:
            user_id = chat_id if chat_type == "private" else DEFAULT_GROUP_USER_ID
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }

    def _editable(self, params: JSON) -> SentMessage:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: message to edit not found")
        chat_id = _require_chat_id(params)
        message_id = _int_param(params, "message_id", 0)
        if not message_id:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        if (chat_id, message_id) in self._incoming:
            raise ApiError(400, "Bad Request: message can't be edited")
        sent = self._sent.get((chat_id, message_id))
        if sent is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return sent

    def _remember_version(self, sent: SentMessage) -> None:
        sent.edits.append(
            MessageVersion(
                sent.text, sent.raw_text, sent.parse_mode, list(sent.entities), sent.reply_markup
            )
        )
        sent.edit_date = self._now()

    def _message_json(self, sent: SentMessage) -> JSON:
        message: JSON = {
            "message_id": sent.message_id,
            "date": sent.date,
            "chat": dict(self._chat_for_send(sent.chat_id)),
            "from": dict(self.bot_user),
            "text": sent.text,
        }
        if sent.entities:
            message["entities"] = sent.entities
        inline = _inline_only(sent.reply_markup)
        if inline:
            message["reply_markup"] = inline
        if sent.edit_date is not None:
            message["edit_date"] = sent.edit_date
        return message


# --------------------------------------------------------------------------------------------
# Request decoding and validation
# --------------------------------------------------------------------------------------------


async def _read_params(request: web.Request) -> JSON:
    """Telegram accepts query strings, url-encoded and multipart forms, and JSON bodies."""
    raw: dict[str, str] = dict(request.query)
    typed: JSON = {}
    if request.content_type == "application/json" and request.can_read_body:
        try:
            body = await request.json()
        except json.JSONDecodeError as exc:
            raise ApiError(400, "Bad Request: can't parse JSON request body") from exc
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON request body must be an object")
        typed.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                typed[key] = {"file_name": value.filename}
            else:
                raw[key] = str(value)
    params = {key: _decode_form_value(key, value) for key, value in raw.items()}
    params.update(typed)
    return params


def _decode_form_value(key: str, value: str) -> Any:
    if key in _RAW_STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _query_value(value: str) -> Any:
    return int(value) if value.lstrip("-").isdigit() else value


def _require_chat_id(params: JSON) -> int:
    value = params.get("chat_id")
    if value in (None, ""):
        raise ApiError(400, "Bad Request: chat_id is empty")
    chat_id = _as_chat_id(value)
    if chat_id is None:
        raise ApiError(400, "Bad Request: chat not found")
    return chat_id


def _int_param(params: JSON, name: str, default: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, f'Bad Request: field "{name}" must be an integer') from exc


def _float_param(params: JSON, name: str, default: float) -> float:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, f'Bad Request: field "{name}" must be a number') from exc


def _message_text(params: JSON) -> tuple[str, str | None, str, list[JSON]]:
    """(raw text, parse_mode, visible text, entities), rejecting what Telegram rejects."""
    raw = params.get("text")
    if raw is None or raw == "":
        raise ApiError(400, "Bad Request: message text is empty")
    raw_text = str(raw)
    parse_mode = params.get("parse_mode") or None
    given = params.get("entities")
    if parse_mode is None and isinstance(given, list):
        text, entities = raw_text, [dict(e) for e in given if isinstance(e, dict)]
    else:
        text, entities = parse_entities(raw_text, parse_mode)
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise ApiError(400, "Bad Request: message is too long")
    return raw_text, parse_mode, text, entities


def _check_markup(value: Any, *, inline_only: bool = False) -> JSON | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in value:
        if inline_only:
            raise ApiError(400, "Bad Request: inline keyboard expected")
        return value
    rows = value["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Array')
    for row in rows:
        for button in row:
            _check_inline_button(button)
    return {"inline_keyboard": rows}


_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "web_app",
    "callback_game",
    "pay",
)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not str(button.get("text") or ""):
        raise ApiError(400, "Bad Request: can't parse inline keyboard button: text is empty")
    actions = [a for a in _BUTTON_ACTIONS if a in button]
    if len(actions) != 1:
        raise ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        )
    if "callback_data" in button:
        data = str(button["callback_data"])
        if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _inline_only(markup: JSON | None) -> JSON | None:
    return markup if markup and "inline_keyboard" in markup else None


def _commands_key(scope: Any, language_code: str) -> tuple[str, str]:
    scope = scope if isinstance(scope, dict) else {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(error.envelope(), status=error.status)


def _hook_error(description: str, status: int = 400) -> web.Response:
    return web.json_response({"ok": False, "description": description}, status=status)


def _count_at_least(wanted: int) -> Callable[[list[SentMessage]], bool]:
    return lambda messages: len(messages) >= wanted


def _snake_case(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
