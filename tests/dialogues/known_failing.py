"""Dialogues that fail today, each with why and who fixes it.

They run as `xfail(strict=True)`: when a fix makes one pass, the test fails until
its line here is removed, so the list never hides a dialogue that works.
"""

from __future__ import annotations

KNOWN_FAILING: dict[str, str] = {
    "nlu-week-after-next": "relative weeks: 'veckan efter nästa' (helper nlu)",
    "nlu-in-two-weeks": "relative weeks: 'fredag om två veckor' (helper nlu)",
    "nlu-invalid-date-31-11": "a date that does not exist is never today: '31/11' (helper nlu)",
    "nlu-invalid-date-30-2": "a date that does not exist is never today: '30/2' (helper nlu)",
    "nlu-week-54": "a week that does not exist: 'vecka 54' (helper nlu)",
    "nlu-settings-summary-time": "settings in natural words: summary time (helper nlu)",
    "nlu-settings-summary-off": "settings in natural words: summary off (helper nlu)",
    "nlu-secure-fatt-f": "secure phrasing: 'fått F' (helper nlu)",
    "nlu-late-pickup-preschool": "early pickup of a child with a time schedule changes that day's times (helper nlu)",
    "nlu-mixed-rules": "mixed rules in one message (helper nlu)",
    "nlu-preschool-morning-off": "a morning off for a child with a time schedule is not a whole day Ledig (helper nlu)",
    "nlu-nastnasta-fredag": "relative days: 'nästnästa fredag' (helper nlu)",
}
