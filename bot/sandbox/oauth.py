"""OAuth2 pairing, authorization codes, rotating refresh tokens, and the one-time SSO URL.

This is the one way a bot stays logged in without a person present, so the
sandbox is strict where the real Hub is believed to be: codes are single-use
and short-lived, every refresh rotates the refresh token, and presenting a
rotated token again revokes everything issued from that code (the "family").

As on the real Hub (heinrisch/infomentor-rev auth.py, daxro/deformentor-cli,
MacL3an/infomentor-mcp), there is one OAuth client, the mobile app's
(`notificationapp`, `client_secret=NONE`, redirect
`InfomentorNotification://oauth2Callback`), and a code is had only through
pairing: `GetAuthenticationData` in a logged-in web session gives an
`authenticationUrl` whose `authGuid` stands for that login. Designed here: the
`authGuid` is single-use and lives five minutes; PKCE (S256) is checked when
the authorize request carried a `code_challenge`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.sandbox import directory
from bot.sandbox.dates import now_stamp, stamp, unstamp
from bot.sandbox.directory import Account

CODE_LIFETIME = timedelta(minutes=5)
ACCESS_LIFETIME = timedelta(seconds=600)
REFRESH_LIFETIME = timedelta(days=90)
SSO_LIFETIME = timedelta(minutes=5)
PAIRING_LIFETIME = timedelta(minutes=5)

NOTIFICATION_APP = "notificationapp"
NOTIFICATION_APP_SECRET = "NONE"
NOTIFICATION_APP_REDIRECT = "InfomentorNotification://oauth2Callback"
SCOPE = "IM2-API-NOTIFICATION"


class OAuthError(Exception):
    """An RFC 6749 error answer: 400 with `{"error": code}`."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def redirect_allowed(client_id: str, redirect_uri: str) -> bool:
    """Only the mobile app's client, only to its custom-scheme redirect."""
    return (
        client_id == NOTIFICATION_APP and redirect_uri.lower() == NOTIFICATION_APP_REDIRECT.lower()
    )


def start_pairing(conn: sqlite3.Connection, clock: Clock, account: Account) -> str:
    """An `authGuid` for this logged-in account: what the app's authorize request presents."""
    guid = secrets.token_hex(16)
    conn.execute(
        "INSERT INTO pairings(auth_guid, account_id, created_at) VALUES (?, ?, ?)",
        (guid, account.id, now_stamp(clock)),
    )
    return guid


def pairing_expiry(clock: Clock) -> str:
    return stamp(clock.now() + PAIRING_LIFETIME)


def take_pairing(conn: sqlite3.Connection, clock: Clock, guid: str) -> Account | None:
    """The account an `authGuid` pairs; used once, within its lifetime."""
    row = conn.execute("SELECT * FROM pairings WHERE auth_guid = ?", (guid,)).fetchone()
    if row is None or row["used"]:
        return None
    conn.execute("UPDATE pairings SET used = 1 WHERE auth_guid = ?", (guid,))
    if clock.now() - unstamp(row["created_at"]) > PAIRING_LIFETIME:
        return None
    return directory.account_by_id(conn, row["account_id"])


def issue_code(
    conn: sqlite3.Connection,
    clock: Clock,
    account: Account,
    client_id: str,
    redirect_uri: str,
    *,
    code_challenge: str | None = None,
    device_identifier: str | None = None,
) -> str:
    code = secrets.token_urlsafe(24)
    conn.execute(
        "INSERT INTO oauth_codes(code, client_id, redirect_uri, account_id, created_at,"
        " code_challenge, device_identifier) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            code,
            client_id,
            redirect_uri,
            account.id,
            now_stamp(clock),
            code_challenge or None,
            device_identifier or None,
        ),
    )
    return code


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def exchange_code(
    conn: sqlite3.Connection,
    clock: Clock,
    code: str,
    client_id: str,
    redirect_uri: str,
    code_verifier: str | None = None,
) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM oauth_codes WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise OAuthError("invalid_grant")
    if row["used"]:
        # A replayed code: whatever it bought is no longer to be trusted (RFC 6749 §4.1.2).
        if row["family_id"] is not None:
            revoke_family(conn, row["family_id"])
        raise OAuthError("invalid_grant")
    conn.execute("UPDATE oauth_codes SET used = 1 WHERE code = ?", (code,))
    expired = clock.now() - unstamp(row["created_at"]) > CODE_LIFETIME
    if expired or row["client_id"] != client_id or row["redirect_uri"] != redirect_uri:
        raise OAuthError("invalid_grant")
    challenge = row["code_challenge"]
    if challenge is not None and not hmac.compare_digest(s256(code_verifier or ""), challenge):
        raise OAuthError("invalid_grant")
    family_id = conn.execute(
        "INSERT INTO oauth_families(account_id, client_id, created_at) VALUES (?, ?, ?)",
        (row["account_id"], client_id, now_stamp(clock)),
    ).lastrowid
    conn.execute("UPDATE oauth_codes SET family_id = ? WHERE code = ?", (family_id, code))
    assert family_id is not None
    return _issue_pair(conn, clock, family_id)


def refresh(
    conn: sqlite3.Connection, clock: Clock, refresh_token: str, client_id: str | None
) -> dict[str, Any]:
    row = conn.execute(
        "SELECT t.*, f.revoked, f.client_id FROM oauth_tokens t"
        " JOIN oauth_families f ON f.id = t.family_id WHERE t.token = ? AND t.kind = 'refresh'",
        (refresh_token,),
    ).fetchone()
    if row is None or row["revoked"]:
        raise OAuthError("invalid_grant")
    if row["rotated"]:
        revoke_family(conn, row["family_id"])
        raise OAuthError("invalid_grant")
    if client_id and client_id != row["client_id"]:
        raise OAuthError("invalid_grant")
    if clock.now() >= unstamp(row["expires_at"]):
        raise OAuthError("invalid_grant")
    conn.execute("UPDATE oauth_tokens SET rotated = 1 WHERE token = ?", (refresh_token,))
    return _issue_pair(conn, clock, row["family_id"])


def revoke(conn: sqlite3.Connection, token: str) -> None:
    """RFC 7009: revoking either token ends the whole family; unknown tokens are fine."""
    row = conn.execute("SELECT family_id FROM oauth_tokens WHERE token = ?", (token,)).fetchone()
    if row is not None:
        revoke_family(conn, row["family_id"])


def revoke_family(conn: sqlite3.Connection, family_id: int) -> None:
    conn.execute("UPDATE oauth_families SET revoked = 1 WHERE id = ?", (family_id,))


def account_for_access(conn: sqlite3.Connection, clock: Clock, token: str) -> Account | None:
    row = conn.execute(
        "SELECT t.expires_at, f.account_id, f.revoked FROM oauth_tokens t"
        " JOIN oauth_families f ON f.id = t.family_id WHERE t.token = ? AND t.kind = 'access'",
        (token,),
    ).fetchone()
    if row is None or row["revoked"] or clock.now() >= unstamp(row["expires_at"]):
        return None
    return directory.account_by_id(conn, row["account_id"])


def issue_sso_token(conn: sqlite3.Connection, clock: Clock, account: Account) -> str:
    token = secrets.token_urlsafe(24)
    conn.execute(
        "INSERT INTO sso_tokens(token, account_id, created_at) VALUES (?, ?, ?)",
        (token, account.id, now_stamp(clock)),
    )
    return token


def redeem_sso_token(conn: sqlite3.Connection, clock: Clock, token: str) -> Account | None:
    """The account a one-time SSO URL logs in; a second use or a stale one gets None."""
    row = conn.execute("SELECT * FROM sso_tokens WHERE token = ?", (token,)).fetchone()
    if row is None or row["used"]:
        return None
    conn.execute("UPDATE sso_tokens SET used = 1 WHERE token = ?", (token,))
    if clock.now() - unstamp(row["created_at"]) > SSO_LIFETIME:
        return None
    return directory.account_by_id(conn, row["account_id"])


def _issue_pair(conn: sqlite3.Connection, clock: Clock, family_id: int) -> dict[str, Any]:
    now = clock.now()
    access, refresh_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.executemany(
        "INSERT INTO oauth_tokens(token, family_id, kind, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (access, family_id, "access", stamp(now), stamp(now + ACCESS_LIFETIME)),
            (refresh_token, family_id, "refresh", stamp(now), stamp(now + REFRESH_LIFETIME)),
        ],
    )
    return {
        "access_token": access,
        "refresh_token": refresh_token,
        "expires_in": int(ACCESS_LIFETIME.total_seconds()),
        "token_type": "Bearer",
    }
