"""The benchmark scripts that time the pipeline from outside (bench/stage_cpu.py,
bench/timeline.py) wrap its functions by name. No test runs the benchmarks themselves, so
a function that moves would break them unseen (it happened: preparing moved from
pipeline.analyse to pipeline.reader). Rule checked: every name they wrap still exists.
Each runs in a process of its own, since wrapping patches the library's modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(("module", "hook"), [
    ("stage_cpu", "instrument"),
    ("stage_cpu", "instrument_parse"),
    ("timeline", "instrument"),
])
def test_bench_hooks_wrap_functions_that_exist(module: str, hook: str) -> None:
    code = (f"import sys; sys.path.insert(0, {str(BENCH)!r}); "
            f"import {module}; {module}.{hook}()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
