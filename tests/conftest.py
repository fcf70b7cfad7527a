"""Shared fixtures: where the shared evaluation data lives, and small record builders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
DEV = SHARED / "eval" / "dev"
DEV_WIDE = SHARED / "eval" / "dev-wide"


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "docs").is_dir():
        pytest.skip(f"the shared dev set is not at {DEV} (clone the repo with shared/ beside it)")
    return DEV


@pytest.fixture(scope="session")
def dev_wide_dir() -> Path:
    if not (DEV_WIDE / "docs").is_dir():
        pytest.skip(f"the shared dev-wide set is not at {DEV_WIDE} "
                    "(clone the repo with shared/ beside it)")
    return DEV_WIDE
