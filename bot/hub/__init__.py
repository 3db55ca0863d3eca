"""The Hub client: the one way the bot talks to InfoMentor Hub.

Import from here: `HubClient` (the interface), `AiohttpHub` (shared pool, OAuth,
password linking; hands out one `AiohttpHubClient` per linked account),
`HubEndpoints`, the models and the named errors.
"""

from bot.hub.client import AiohttpHub, AiohttpHubClient
from bot.hub.endpoints import HubEndpoints
from bot.hub.errors import (
    AccessDenied,
    BankIdRequired,
    CodeRejected,
    HubError,
    HubUnavailable,
    LoginRequired,
    NotAvailableForChild,
    OutcomeUnknown,
    RateLimited,
    RuleRefused,
    TokenRevoked,
    WrongPassword,
)
from bot.hub.interface import ChildRef, HubClient
from bot.hub.models import AbsenceSpan, Child, DayTimes, TokenSet
from bot.hub.oauth import OAuthClient
from bot.hub.session import HubAccountSession
from bot.hub.transport import HubTimeouts

__all__ = [
    "AbsenceSpan",
    "AccessDenied",
    "AiohttpHub",
    "AiohttpHubClient",
    "BankIdRequired",
    "Child",
    "ChildRef",
    "CodeRejected",
    "DayTimes",
    "HubAccountSession",
    "HubClient",
    "HubEndpoints",
    "HubError",
    "HubTimeouts",
    "HubUnavailable",
    "LoginRequired",
    "NotAvailableForChild",
    "OAuthClient",
    "OutcomeUnknown",
    "RateLimited",
    "RuleRefused",
    "TokenRevoked",
    "TokenSet",
    "WrongPassword",
]
