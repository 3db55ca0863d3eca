"""Reading a Hub answer: data, a named refusal, or a sign that the session is gone.

The Hub does not say "logged out" in words. A dead session answers a JSON call
with an empty 200, and a page with a redirect to the login form; a module the
child lacks answers with the app's HTML shell. These are told apart here, as
pure functions over an `Answer`, so the rules are tested without a network.
"""

from __future__ import annotations

import json
from typing import Any

from bot.hub.errors import (
    RULE_CODES,
    AccessDenied,
    BankIdRequired,
    HubError,
    RuleRefused,
)
from bot.hub.transport import Answer

LOGIN_PATH = "/authentication/authentication/login"


class SessionDead(Exception):
    """The Hub no longer knows this session; log in again and repeat (nothing was done)."""


class HtmlInsteadOfJson(Exception):
    """An HTML page where JSON was expected: the module's shell or a login page."""


def is_login_redirect(answer: Answer) -> bool:
    location = answer.location
    return answer.is_redirect and location is not None and location.path.lower() == LOGIN_PATH


def refusal(data: Any, status: int) -> HubError | None:
    """The named error in a `{success: false, errorCode, message}` body, if there is one."""
    if not isinstance(data, dict) or data.get("success") is not False:
        return None
    code = str(data.get("errorCode") or "")
    message = str(data.get("message") or "")
    if code == "ACCESS_DENIED":
        return AccessDenied(message)
    if code == "BANKID_REQUIRED":
        return BankIdRequired(str(data.get("loginUrl") or ""), message)
    if code in RULE_CODES or (code and status < 400):
        return RuleRefused(code, message)
    return HubError(message or code or "the Hub refused")


def read_json(answer: Answer) -> Any:
    """The JSON data of a call's answer, or the error it stands for."""
    if is_login_redirect(answer) or answer.status == 401:
        raise SessionDead()
    if answer.is_redirect:
        raise HubError(f"unexpected redirect {answer.status} from {answer.url.path}")
    if answer.status == 403:
        err = refusal(_loads(answer), answer.status)
        if err is not None:
            raise err
        raise AccessDenied(f"the Hub denied {answer.url.path}")
    if answer.status >= 400:
        data = _loads(answer)
        err = refusal(data, answer.status)
        raise err or HubError(f"the Hub answered {answer.status} for {answer.url.path}")
    if not answer.body.strip():
        raise SessionDead()
    if answer.is_html:
        raise HtmlInsteadOfJson()
    try:
        data = answer.json()
    except ValueError as exc:
        raise HubError(
            f"the Hub answered something that is not JSON for {answer.url.path}"
        ) from exc
    err = refusal(data, answer.status)
    if err is not None:
        raise err
    return data


def _loads(answer: Answer) -> Any:
    try:
        return json.loads(answer.body) if answer.body.strip() else None
    except ValueError:
        return None
