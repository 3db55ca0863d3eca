"""The push settings a chat can type, applied to its preferences.

Reading them ("sammanfattning kl 19", "kan kvällssammanfattningen komma kl 20 i
stället?", "tyst 22-06") is the parser side's job: `bot.nlu.settings`.
"""

from __future__ import annotations

from dataclasses import replace

from bot.nlu.settings import DEFAULT_QUIET, SettingChange, SettingKind, read_setting
from bot.storage.models import Preferences

__all__ = ["DEFAULT_QUIET", "SettingChange", "SettingKind", "apply_setting", "read_setting"]


def apply_setting(preferences: Preferences, change: SettingChange) -> Preferences:
    if change.kind == "summary_time" and change.at is not None:
        return replace(preferences, summary_time=change.at, summary_enabled=True)
    if change.kind == "summary_on" and change.on is not None:
        return replace(preferences, summary_enabled=change.on)
    if change.kind == "quiet_hours":
        return replace(preferences, quiet_hours=change.quiet)
    if change.kind == "alerts_any_hour" and change.on is not None:
        return replace(preferences, alerts_any_hour=change.on)
    return preferences
