"""The console's own settings (`HUBBOT_CONSOLE_*`), next to the bot's `Settings`.

Staff sign in with their Hub accounts, so the console keeps no passwords except
an optional local administrator, given as an argon2id hash:

    python -c "from argon2 import PasswordHasher; print(PasswordHasher().hash('…'))"
    HUBBOT_CONSOLE_ADMIN_PASSWORD_HASH='$argon2id$v=19$m=65536,t=3,p=4$…'

Cookies are `Secure` when the console is reached over https (the request's
scheme, or a `HUBBOT_PUBLIC_URL` starting with https:// behind a proxy).
Browsers drop `Secure` cookies set by a plain-http page, so on
http://127.0.0.1 the cookie goes without it unless `secure_cookies="always"`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_STAFF = (
    ("support", "demo", "kommunens support: samtal, ta över, svara"),
    ("larare", "demo", "lärare: publicera nyheter till sina grupper"),
)


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HUBBOT_CONSOLE_", env_file=".env", extra="ignore"
    )

    # The local administrator (reads the audit log). No hash: no administrator.
    admin_login: str = "admin"
    admin_password_hash: str | None = None
    # The administrator is the bot's own; it belongs to the municipality the bot serves.
    admin_municipality: str = "vanersborg"
    # "auto": Secure when the request came over https (or public_url is https).
    secure_cookies: Literal["auto", "always", "never"] = "auto"
    session_idle_minutes: int = 20
    session_max_hours: int = 12
    # How often the conversation list asks for changes (seconds).
    poll_seconds: int = 5
    # The console's language for staff (msgids are English).
    language: str = "sv"

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def session_max_age(self) -> timedelta:
        return timedelta(hours=self.session_max_hours)
