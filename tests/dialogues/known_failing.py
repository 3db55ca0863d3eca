"""Dialogues that fail today, each with why and who fixes it.

They run as `xfail(strict=True)`: when a fix makes one pass, the test fails until
its line here is removed, so the list never hides a dialogue that works.
"""

from __future__ import annotations

KNOWN_FAILING: dict[str, str] = {
    "yes-sure-en": "reply language follows the person (conversation)",
    "yes-yes-please-en": "reply language follows the person (conversation)",
    "yes-yep-en": "reply language follows the person (conversation)",
    "yes-go-ahead-en": "reply language follows the person (conversation)",
    "no-no-thanks-en": "reply language follows the person (conversation)",
    "no-nope-en": "reply language follows the person (conversation)",
    "no-cancel-en": "reply language follows the person (conversation)",
    "english-message-english-answer": "reply language follows the person (conversation)",
    "english-sticks-for-short-answers": "reply language follows the person (conversation)",
    "english-then-back-to-swedish": "reply language follows the person (conversation)",
    "english-help": "reply language follows the person (conversation)",
    "english-not-understood": "reply language follows the person (conversation)",
    "english-buttons-on-which-child": "reply language follows the person (conversation)",
    "too-late-no-contradiction": "too-late answers offer what can still be done (conversation)",
    "too-late-offers-tomorrow": "too-late answers offer what can still be done (conversation)",
    "too-late-offers-message-to-school": "too-late answers offer what can still be done (conversation)",
    "too-late-english": "too-late answers offer what can still be done (conversation)",
    "question-survives-en-news": "an open question survives an unexpected message (conversation)",
    "support-acknowledged-once": "support take-over acknowledges each message once (conversation)",
    "support-no-errand-while-taken-over": "support take-over acknowledges each message once (conversation)",
    "support-reply-reaches-chat": "support take-over acknowledges each message once (conversation)",
    "support-ack-again-after-support-answers": "support take-over acknowledges each message once (conversation)",
    "support-ack-english": "support take-over acknowledges each message once (conversation)",
}
