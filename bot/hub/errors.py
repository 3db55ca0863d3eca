"""Named Hub failures, so a handler can say what went wrong without reading HTTP.

The vocabulary follows strax-hacks (`LOGIN_REQUIRED`, `RATE_LIMITED`,
`ACCESS_DENIED` …): every error carries a stable `code` a handler can switch
on. `OutcomeUnknown` is the one that matters most: a write whose answer was lost
is never retried blindly, because a second absence report or message is worse
than asking the guardian to look.
"""

from __future__ import annotations


class HubError(Exception):
    """Anything the Hub client cannot turn into an answer."""

    code = "HUB_ERROR"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.code)
        self.message = message or self.code


class LoginRequired(HubError):
    """The Hub no longer knows us and logging in again did not help."""

    code = "LOGIN_REQUIRED"


class TokenRevoked(LoginRequired):
    """The refresh token was refused (`invalid_grant`): the account must be linked again."""

    code = "TOKEN_REVOKED"


class CodeRejected(LoginRequired):
    """An authorization code was wrong, expired or already used."""

    code = "CODE_REJECTED"


class WrongPassword(LoginRequired):
    """The password login form answered "Fel användarnamn eller lösenord"."""

    code = "WRONG_PASSWORD"


class RateLimited(HubError):
    """The Hub asked us to wait longer than we are willing to wait inside one call."""

    code = "RATE_LIMITED"

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"rate limited, retry after {retry_after:g} s")
        self.retry_after = retry_after


class AccessDenied(HubError):
    """Not allowed for this role or this child (e.g. a student reporting absence)."""

    code = "ACCESS_DENIED"


class NotAvailableForChild(HubError):
    """The selected child does not have this module (the Hub answered its HTML shell)."""

    code = "NOT_AVAILABLE_FOR_CHILD"

    def __init__(self, module: str, child_id: str | None = None) -> None:
        super().__init__(f"module {module!r} not available for child {child_id}")
        self.module = module
        self.child_id = child_id


class HubUnavailable(HubError):
    """The Hub could not be reached or answered with a server error; nothing was changed."""

    code = "HUB_UNAVAILABLE"

    def __init__(self, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RuleRefused(HubError):
    """The Hub refused by one of its rules (`success: false` with an `errorCode`).

    `rule` is one of LOCKED, OUT_OF_RANGE, SCHOOL_CLOSED, OUTSIDE_OPENING_HOURS,
    NOT_FOUND, ALREADY_BOOKED, INVALID; `message` is the Hub's Swedish text.
    """

    code = "RULE_REFUSED"

    def __init__(self, rule: str, message: str = "") -> None:
        super().__init__(message or rule)
        self.rule = rule


class BankIdRequired(HubError):
    """Secure content needs a fresh BankID login in the Hub itself."""

    code = "BANKID_REQUIRED"

    def __init__(self, login_url: str, message: str = "") -> None:
        super().__init__(message or "BankID login required")
        self.login_url = login_url


class OutcomeUnknown(HubError):
    """A write was sent but whether it took effect cannot be known. Never retry blindly."""

    code = "OUTCOME_UNKNOWN"

    def __init__(self, operation: str, reason: str) -> None:
        super().__init__(f"{operation}: {reason}")
        self.operation = operation
        self.reason = reason


RULE_CODES = frozenset(
    {
        "LOCKED",
        "OUT_OF_RANGE",
        "SCHOOL_CLOSED",
        "OUTSIDE_OPENING_HOURS",
        "NOT_FOUND",
        "ALREADY_BOOKED",
        "INVALID",
    }
)
