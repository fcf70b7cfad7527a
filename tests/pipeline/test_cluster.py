"""`bilat build --dask`: the cluster spec, and ``local:2`` (a Dask worker and the build's
process) exporting exactly what a serial build exports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import bilat.pipeline.cluster as cluster
from bilat.errors import ClusterError
from bilat.pipeline import build
from bilat.pipeline.cluster import ClusterSpec, dask_client, parse_spec
from bilat.store import open_store
from bilat.views.export import export_events_jsonl

# a few dev articles that retell the same events (so merging across workers matters),
# one with no event at all
DOCS = (
    "002_2ca02799245e042c.txt",
    "003_614e8b809048a462.txt",
    "dv_12_urdupoint-nk-large-scale-troop-deployment-2024.txt",
    "dv_19_joongang-putin-briefs-kim-phone-call-2025.txt",
    "dv_20_stripes-putin-kim-phone-call-alaska-2025.txt",
    "dv_31_tass-moex-yuan-ruble-trading-2024.txt",
)


def export(db: Path) -> list[dict]:
    store = open_store(str(db))
    try:
        return list(export_events_jsonl(store))
    finally:
        store.close()


@pytest.mark.parametrize(("spec", "parsed"), [
    ("local:2", ClusterSpec(2)),
    ("local", ClusterSpec(1)),
    (" local:3 ", ClusterSpec(3)),
    ("tcp://scheduler:8786", ClusterSpec(None, "tcp://scheduler:8786")),
    ("10.0.0.5:8786", ClusterSpec(None, "10.0.0.5:8786")),
])
def test_cluster_specs(spec: str, parsed: ClusterSpec) -> None:
    assert parse_spec(spec) == parsed


@pytest.mark.parametrize(("spec", "dask_workers", "shared"), [
    ("local:2", 1, True),  # the build's process is the second
    ("local:4", 3, True),
    ("local", 1, False),
    ("tcp://scheduler:8786", None, False),  # a remote cluster's workers are its own
])
def test_a_local_cluster_of_n_is_n_minus_1_workers_and_the_build_process(
        spec: str, dask_workers: int | None, shared: bool) -> None:
    parsed = parse_spec(spec)
    assert (parsed.dask_workers, parsed.shared) == (dask_workers, shared)


@pytest.mark.parametrize("spec", ["local:0", "nonsense", "local:two"])
def test_bad_cluster_specs_say_how_to_fix_them(spec: str) -> None:
    with pytest.raises(ClusterError) as err:
        parse_spec(spec)
    assert err.value.code == "E030" and "local:N" in str(err.value)


def test_an_unreachable_scheduler_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterError), dask_client("tcp://127.0.0.1:9"):
        pass


def test_two_local_clusters_at_once_do_not_compete_for_a_port() -> None:
    # a scheduler serves HTTP without its dashboard too, on port 8787 by default: the
    # second of two builds at once warned that the port was in use
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with dask_client("local:1") as first, dask_client("local:1") as second:
            assert first.submit(sum, [1, 2]).result() == second.submit(sum, [1, 2]).result()
    assert [str(w.message) for w in caught if "already in use" in str(w.message)] == []


def test_local_2_exports_what_a_serial_build_exports(
        dev_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in DOCS:
        shutil.copy(dev_dir / "docs" / name, folder / name)
    manifest = dev_dir / "manifest.jsonl"
    serial = build([folder], db=str(tmp_path / "serial.db"), manifest=manifest)
    spread = build([folder], db=str(tmp_path / "dask.db"), manifest=manifest, dask="local:2")
    assert (spread.taken, spread.mentions, spread.events) == (
        serial.taken,
        serial.mentions,
        serial.events,
    )
    assert serial.mentions > 0
    assert export(tmp_path / "dask.db") == export(tmp_path / "serial.db")



def test_a_local_clusters_workers_poll_seldom_and_do_not_profile() -> None:
    import dask.config

    with dask_client("local:1") as client:
        seen = {key: list(client.run(dask.config.get, key).values())
                for key in cluster.LOCAL_WORKER_CONFIG}
    assert seen == {
        "distributed.worker.profile.enabled": [False],
        "distributed.admin.tick.interval": ["1s"],
        "distributed.admin.system-monitor.interval": ["5s"],
        "distributed.worker.memory.monitor-interval": ["1s"],
    }


_IMPORTED = """
import sys
from bilat.pipeline.cluster import import_distributed
distributed = import_distributed()
from distributed.comm.registry import backends
left_out = ("jinja2", "click", "distributed.comm.ws")
print(*(name in sys.modules for name in left_out), "ws" in backends)
"""


def _imported(code: str, **env: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, **env})
    return done.stdout.split()


def test_distributed_is_imported_without_html_reprs_preload_options_and_websockets() -> None:
    assert _imported(_IMPORTED) == ["False", "False", "False", "False"]


def test_a_configured_preload_gets_the_real_click() -> None:
    # a preload's click options are checked with isinstance, which a stand-in would fail
    imported = _imported(_IMPORTED + "import click, distributed.preloading as p\n"
                                     "print(p.click is click, hasattr(click, '__file__'))",
                         DASK_DISTRIBUTED__WORKER__PRELOAD='["json"]')
    assert imported[1] == "True" and imported[4:] == ["True", "True"]


def test_a_websocket_address_is_reached_for_though_websockets_were_left_out() -> None:
    # an unknown scheme would be a ValueError, not a scheduler that cannot be reached
    code = _IMPORTED + """
import bilat.pipeline.cluster as cluster
from bilat.errors import ClusterError
cluster.CONNECT_TIMEOUT = "1s"
try:
    with cluster.dask_client("ws://127.0.0.1:9"):
        pass
except ClusterError:
    print("unreachable")
"""
    assert _imported(code)[3:] == ["False", "unreachable"]
