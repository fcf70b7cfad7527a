"""Libraries imported without submodules bilat never calls into (bilat.deferred)."""

from __future__ import annotations

import subprocess
import sys

_SPACY = """
import sys
import bilat.annotations
print("spacy" in sys.modules, "spacy.cli" in sys.modules, "spacy.cli.info" in sys.modules)
import spacy
import spacy.cli.info
real = sys.modules["spacy.cli.info"].__file__.endswith("info.py")
print(real, spacy.info(silent=True)["spacy_version"])
"""

_DATASKETCH = """
import sys
from bilat.events import copies
print(copies.band_keys({"a b c d e"}) != (), "scipy.integrate" in sys.modules)
from scipy.integrate import quad
print(quad(lambda x: x, 0.0, 1.0)[0], sys.modules["scipy.integrate"].__file__ is not None)
"""


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.splitlines()


def test_importing_the_annotations_imports_spacy_without_its_command_line() -> None:
    imported, cli_imported, stand_in_left = _run(_SPACY)[0].split()
    assert (imported, cli_imported, stand_in_left) == ("True", "False", "False")


def test_spacy_info_and_the_real_command_line_still_load_when_asked() -> None:
    import spacy

    real_file, version = _run(_SPACY)[1].split()
    assert real_file == "True"
    assert version == spacy.__version__


def test_a_library_already_imported_is_left_alone() -> None:
    out = _run("import sys, spacy\nimport bilat.annotations\nprint('spacy.cli' in sys.modules)")
    assert out == ["True"]


def test_band_keys_need_no_scipy_integrals_once_the_bands_are_kept() -> None:
    _run(_DATASKETCH)  # the first run may choose the bands (and import SciPy's integrals)
    keyed, integrals = _run(_DATASKETCH)[0].split()
    assert (keyed, integrals) == ("True", "False")


def test_a_stand_in_calls_the_real_function_and_leaves_the_real_module() -> None:
    area, real = _run(_DATASKETCH)[1].split()
    assert (float(area), real) == (0.5, "True")


def test_a_stand_in_imports_the_real_module_at_its_first_call() -> None:
    code = """
import sys
from bilat.deferred import import_deferring
import_deferring("datasketch", {"scipy.integrate": ("quad",)})
from datasketch import lsh
print("scipy.integrate" in sys.modules, lsh.MinHashLSH(threshold=0.5, num_perm=128).b,
      "scipy.integrate" in sys.modules)
"""
    assert _run(code) == ["False 25 True"]


_ASYNC_LSH = """
import sys
from bilat.events import copies
print(copies.band_keys({"a b c d e"}) != (), "asyncio" in sys.modules)
from datasketch.aio import AsyncMinHashLSH
print(isinstance(AsyncMinHashLSH, type), "asyncio" in sys.modules)
"""


def test_band_keys_need_no_asynchronous_lsh_which_still_imports_when_asked() -> None:
    first, later = _run(_ASYNC_LSH)
    assert first.split() == ["True", "False"]
    assert later.split() == ["True", "True"]
