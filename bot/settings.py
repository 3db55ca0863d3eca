"""Settings come from the environment (`HUBBOT_*`) and an optional `.env`.

Every default points at the embedded sandbox Hub and at files under
`HUBBOT_DATA_DIR`, so a fresh checkout runs with no configuration at all.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUBBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    timezone: str = "Europe/Stockholm"

    # The Hub. None means: start the embedded sandbox Hub and talk to it.
    hub_url: str | None = None
    # OAuth client the bot is registered as on the Hub (sandbox accepts this one).
    hub_client_id: str = "notificationapp"

    # Telegram.
    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None

    # SMS through 46elks (or any gateway speaking its API). None: no SMS channel.
    # The bot appends /a1/sms to the base; webhooks come to /sms/incoming and /sms/delivery.
    sms_api_url: str | None = None
    sms_username: str | None = None
    sms_password: str | None = None
    # The bot's number (E.164) or sender name, as guardians see it.
    sms_from: str = "Hubbot"
    # Checked on every webhook call (query parameter `secret`); None: random per start.
    sms_webhook_secret: str | None = None
    # SMS requests per second the gateway account allows (shared by replies and pushes).
    sms_rate_per_second: float = 5.0

    # The bot's own web pages (account linking, staff console).
    web_host: str = "127.0.0.1"
    web_port: int = 0
    public_url: str | None = None

    # Redis holding what several workers share (the send budget). None: one worker's own.
    redis_url: str | None = None

    # Secrets: the key that encrypts refresh tokens at rest. None: a key file in data_dir.
    token_key: str | None = None

    watch_interval_s: float = 60.0
    retention_days: int = 30
    municipality: str = "vanersborg"
    default_language: str = "sv"
    sandbox_seed: bool = Field(default=True, description="seed demo families in a new sandbox")

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir

    @property
    def bot_db_path(self) -> Path:
        return self.data_dir / "hubbot.db"

    @property
    def sandbox_db_path(self) -> Path:
        return self.data_dir / "sandbox-hub.db"
