"""Shared fixtures: where the shared evaluation data lives, and small record builders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
DEV = SHARED / "eval" / "dev"
DEV_WIDE = SHARED / "eval" / "dev-wide"


@pytest.fixture(scope="session", autouse=True)
def kept_forms_apart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Data files' parsed forms (bilat.parsed) kept in the session's temporary directory,
    not in the user's cache: the tests' own knowledge files would otherwise stay there."""
    before = os.environ.get("BILAT_CACHE")
    os.environ["BILAT_CACHE"] = str(tmp_path_factory.mktemp("kept"))
    yield
    if before is None:
        del os.environ["BILAT_CACHE"]
    else:
        os.environ["BILAT_CACHE"] = before


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
