"""Tests that read ../shared skip locally without it, and fail under CI=true (as a missing
PostgreSQL does): CI must not pass by skipping the corpus and gold checks."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED, shared_or_skip


def test_missing_shared_data_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    missing = SHARED / "no-such-part"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-part is not present"):
        shared_or_skip(missing)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        shared_or_skip(missing)
