"""What a server process loads: the web app answers lists and pages without the build's
language models, so each worker of `bilat serve --workers N` stays small."""

from __future__ import annotations

import subprocess
import sys


def test_the_web_app_does_not_load_the_language_models() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, bilat.web.app; print('spacy' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "False"
