"""A leader lock for tests of what a loop does when the lock's check itself breaks."""

from __future__ import annotations


class BrokenLock:
    """Answers `is_leader` from `answers` (what the checks before said), then raises (a bug, a
    driver error outside the lock's own handling)."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)

    def is_leader(self, name: str) -> bool:
        if self.answers:
            return self.answers.pop(0)
        raise RuntimeError("lock check broke")

    def unreadable(self, name: str) -> bool:
        return False  # it never got as far as the database

    def release(self, name: str | None = None) -> None:
        pass
