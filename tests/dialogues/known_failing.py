"""Dialogues that fail today, each with why and who fixes it.

They run as `xfail(strict=True)`: when a fix makes one pass, the test fails until
its line here is removed, so the list never hides a dialogue that works.
"""

from __future__ import annotations

KNOWN_FAILING: dict[str, str] = {
    "too-late-no-contradiction": "too-late answers offer what can still be done (conversation)",
    "too-late-offers-tomorrow": "too-late answers offer what can still be done (conversation)",
    "too-late-offers-message-to-school": "too-late answers offer what can still be done (conversation)",
    "too-late-english": "too-late answers offer what can still be done (conversation)",
}
