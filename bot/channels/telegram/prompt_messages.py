"""Which Telegram message shows which open question, so its answer can edit it.

Kept in memory and bounded: after a restart a pressed button still names its
own message, and a typed answer to a forgotten question simply arrives as a new
message instead of an edit.
"""

from __future__ import annotations

from collections import OrderedDict

MAX_REMEMBERED = 5_000


class PromptMessages:
    def __init__(self, capacity: int = MAX_REMEMBERED) -> None:
        self.capacity = capacity
        self._ids: OrderedDict[tuple[int, str], int] = OrderedDict()

    def remember(self, chat_id: int, prompt_key: str, message_id: int) -> None:
        self._ids[(chat_id, prompt_key)] = message_id
        self._ids.move_to_end((chat_id, prompt_key))
        while len(self._ids) > self.capacity:
            self._ids.popitem(last=False)

    def take(self, chat_id: int, prompt_key: str) -> int | None:
        return self._ids.pop((chat_id, prompt_key), None)

    def __len__(self) -> int:
        return len(self._ids)
