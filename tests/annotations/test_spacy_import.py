"""spaCy imported without its command line, which stays importable."""

from __future__ import annotations

import subprocess
import sys

_CHECK = """
import sys
import bilat.annotations
print("spacy" in sys.modules, "spacy.cli" in sys.modules, "spacy.cli.info" in sys.modules)
import spacy
import spacy.cli.info
real = sys.modules["spacy.cli.info"].__file__.endswith("info.py")
print(real, spacy.info(silent=True)["spacy_version"])
"""


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.splitlines()


def test_importing_the_annotations_imports_spacy_without_its_command_line() -> None:
    imported, cli_imported, stand_in_left = _run(_CHECK)[0].split()
    assert (imported, cli_imported, stand_in_left) == ("True", "False", "False")


def test_spacy_info_and_the_real_command_line_still_load_when_asked() -> None:
    import spacy

    real_file, version = _run(_CHECK)[1].split()
    assert real_file == "True"
    assert version == spacy.__version__


def test_a_spacy_already_imported_is_left_alone() -> None:
    out = _run("import sys, spacy\nimport bilat.annotations\nprint('spacy.cli' in sys.modules)")
    assert out == ["True"]
