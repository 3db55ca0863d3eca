"""The refusals the sandbox gives, as one exception the routes turn into JSON.

Logic functions raise `HubRefusal`; the aiohttp layer and the CLI decide how to
show it (a JSON answer with the Hub's status code, or a message and exit 1).
"""

from __future__ import annotations

from typing import Any

# A rule broken: 200 JSON with success false (docs/hub-api.md, "designed").
LOCKED = "LOCKED"
OUT_OF_RANGE = "OUT_OF_RANGE"
SCHOOL_CLOSED = "SCHOOL_CLOSED"
OUTSIDE_OPENING_HOURS = "OUTSIDE_OPENING_HOURS"
NOT_FOUND = "NOT_FOUND"
ALREADY_BOOKED = "ALREADY_BOOKED"
INVALID = "INVALID"
# Denied: 403.
ACCESS_DENIED = "ACCESS_DENIED"
BANKID_REQUIRED = "BANKID_REQUIRED"

_STATUS = {ACCESS_DENIED: 403, BANKID_REQUIRED: 403}


class HubRefusal(Exception):
    """A request the Hub answers with `{"success": false, "errorCode", "message"}`."""

    def __init__(self, code: str, message: str, *, status: int | None = None, **extra: Any):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status if status is not None else _STATUS.get(code, 200)
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"success": False, "errorCode": self.code, "message": self.message, **self.extra}


class MissingDates(Exception):
    """The calendar answers a 500 without its dates, as the real one does."""
