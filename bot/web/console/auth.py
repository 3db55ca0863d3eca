"""Signing staff in: the Hub decides, except for the console's own administrator.

The administrator's password exists only as an argon2id hash in the settings
(memory-hard, so a leaked hash is slow to attack); the comparison runs in a
thread because it is meant to be expensive.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.hub.errors import HubError, HubUnavailable, LoginRequired, RateLimited
from bot.storage.models import StaffRole
from bot.web.console.config import ConsoleSettings
from bot.web.console.hub_staff import NotStaff, StaffHub, StaffIdentity

log = logging.getLogger(__name__)

_HASHER = PasswordHasher()
MAX_FIELD = 200


class Refusal(StrEnum):
    # A wrong password, an unknown name, and a right password of a guardian's or a
    # student's account all get this one answer: the console never tells which.
    WRONG_PASSWORD = "wrong_password"
    HUB_DOWN = "hub_down"


class SignInRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


def _admin_matches(password_hash: str, password: str) -> bool:
    if not password_hash.startswith("$argon2id$"):
        log.error("HUBBOT_CONSOLE_ADMIN_PASSWORD_HASH is not an argon2id hash; admin disabled")
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def sign_in(
    hub: StaffHub, settings: ConsoleSettings, login: str, password: str
) -> StaffIdentity:
    login, password = login.strip()[:MAX_FIELD], password[:MAX_FIELD]
    if not login or not password:
        raise SignInRefused(Refusal.WRONG_PASSWORD)
    admin_hash = settings.admin_password_hash
    if admin_hash and hmac.compare_digest(login.encode(), settings.admin_login.encode()):
        if await asyncio.to_thread(_admin_matches, admin_hash, password):
            return StaffIdentity(login, login, StaffRole.ADMIN, None, settings.admin_municipality)
        raise SignInRefused(Refusal.WRONG_PASSWORD)
    try:
        return await hub.sign_in(login, password)
    except NotStaff:
        raise SignInRefused(Refusal.WRONG_PASSWORD) from None
    except (HubUnavailable, RateLimited):
        raise SignInRefused(Refusal.HUB_DOWN) from None
    except LoginRequired:
        raise SignInRefused(Refusal.WRONG_PASSWORD) from None
    except HubError as exc:
        log.warning("staff sign-in failed: %s", exc.code)
        raise SignInRefused(Refusal.HUB_DOWN) from None
