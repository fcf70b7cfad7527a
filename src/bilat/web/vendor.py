"""The front-end libraries the pages use (vis-timeline, Cytoscape.js, Chart.js; d3-geo with
d3-array, topojson-client and world-atlas's shapes for the map) and where
the npm install put them. Read by the web app, which serves them under
``/vendor/<package>/``, and by ``bilat doctor``, which checks they are there."""

from __future__ import annotations

import os
from pathlib import Path

VENDOR_PACKAGES = ("vis-timeline", "cytoscape", "chart.js", "d3-array", "d3-geo",
                   "topojson-client", "world-atlas")


def find_node_modules() -> Path | None:
    """The npm install's node_modules/: $BILAT_NODE_MODULES, else the first one found
    walking up from this package (editable install) or from the working directory."""
    env = os.environ.get("BILAT_NODE_MODULES")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            candidate = folder / "node_modules"
            if candidate.is_dir():
                return candidate
    return None
