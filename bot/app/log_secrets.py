"""No secret in any log line, at any level.

Libraries log what they see: httpx logs every request URL at INFO, and
Telegram's Bot API puts the bot's token in the URL; aiohttp and the Hub client
see cookies, bearer tokens and OAuth codes. A filter on every handler of the
root logger masks the configured secrets by value and the known shapes of
others (tokens in URLs, `Bearer …`, cookies, OAuth parameters, link codes), in
the message and its arguments, before anything is written. httpx's per-request
lines go to DEBUG-only as well: a URL list is no use in an operator's log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from bot.settings import Settings

MASK = "[hidden]"
_SHAPES = (
    # A Telegram bot token, alone or after /bot in an API URL.
    re.compile(r"(?<![0-9])\d{5,12}:[A-Za-z0-9_-]{30,}"),
    re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(
        r"(?i)\b(ASP\.NET_SessionId|IMHome|BIGipServer[^=;\s]*|hubbot_console\w*|__Host-\w+)"
        r"=[^;\s,]+"
    ),
    re.compile(
        r"(?i)\b(code|state|refresh_token|access_token|id_token|password|secret|token"
        r"|client_secret|code_verifier|authGuid|ssoToken|oauth_token|login_ascx\$txtLykilord)"
        r"=[^&\s\"']+"
    ),
    # Link codes and link-page states: /start CODE, ?start=CODE, /link/STATE.
    re.compile(r"(?i)(/start\s+|[?&]start=|/link/(?:manage/)?)[A-Za-z0-9_-]{8,}"),
)


def _keep_name(match: re.Match[str]) -> str:
    if match.re is _SHAPES[0]:
        return MASK
    head = match.group(1)
    separator = " " if match.re is _SHAPES[1] else ("" if match.re is _SHAPES[4] else "=")
    return f"{head}{separator}{MASK}"


def mask(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    for shape in _SHAPES:
        text = shape.sub(_keep_name, text)
    return text


class SecretFilter(logging.Filter):
    """Masks secrets in a record's message (arguments applied first) and its exception."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s and len(s) >= 6)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message, self.secrets)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = mask(text, self.secrets)
        return True


def settings_secrets(settings: Settings) -> list[str]:
    values = [
        settings.telegram_token,
        settings.telegram_webhook_secret,
        settings.token_key,
        *[getattr(settings, name, None) for name in ("sms_password", "sms_webhook_secret")],
    ]
    return [str(v) for v in values if v]


def install(settings: Settings, *, level: str = "WARNING") -> SecretFilter:
    """Configure logging to stderr with every secret masked."""
    logging.basicConfig(level=level.upper())
    secret_filter = SecretFilter(settings_secrets(settings))
    for handler in logging.getLogger().handlers:
        handler.addFilter(secret_filter)
    # One line per request, with the URL: not for an operator's log.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger().level))
    return secret_filter
