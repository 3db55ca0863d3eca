"""Test hooks that make the sandbox misbehave the way the real Hub sometimes does."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Fault:
    fragment: str
    status: int
    retry_after: int | None
    times: int
    lose_answer: bool = False


@dataclass(slots=True)
class Faults:
    """Pending one-off failures (429, 503 …) and a switch for a full outage."""

    down: bool = False
    pending: list[Fault] = field(default_factory=list)

    def fail_next(
        self, fragment: str, status: int, retry_after: int | None = None, times: int = 1
    ) -> None:
        self.pending.append(Fault(fragment.lower(), status, retry_after, times))

    def lose_answer_next(self, fragment: str, times: int = 1) -> None:
        """The request is carried out, then the connection drops before the answer."""
        self.pending.append(Fault(fragment.lower(), 0, None, times, lose_answer=True))

    def take(self, path: str) -> Fault | None:
        """The fault this request hits, used up one time."""
        lowered = path.lower()
        for fault in self.pending:
            if fault.fragment in lowered:
                fault.times -= 1
                if fault.times <= 0:
                    self.pending.remove(fault)
                return fault
        return None
