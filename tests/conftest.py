"""Shared fixtures: where the shared evaluation data lives, and small record builders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
DEV = SHARED / "eval" / "dev"


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "docs").is_dir():
        pytest.skip(f"the shared dev set is not at {DEV} (clone the repo with shared/ beside it)")
    return DEV
