"""The build and the cycle collector: paused while loading, what is loaded then frozen
for the block and given back at its end, nothing loaded when nothing is asked."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bilat.pipeline import analyser_for
from bilat.pipeline.collector import frozen_once_loaded


@pytest.fixture(autouse=True)
def nothing_frozen() -> Iterator[None]:
    """Each test starts and ends with no frozen object and the collector on."""
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def test_the_load_runs_once_at_the_first_call_with_the_collector_paused() -> None:
    seen: list[bool] = []
    with frozen_once_loaded(lambda: seen.append(gc.isenabled())) as loaded:
        assert seen == []  # nothing loaded until asked
        loaded()
        loaded()
        assert gc.isenabled()
    assert seen == [False]


def test_what_is_loaded_is_frozen_before_the_collector_resumes() -> None:
    """Allocated while the collector was paused, the loaded objects still count towards
    its next collection; frozen first, no collection walks them."""
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    kept: list[list[object]] = []
    gc.collect()
    with frozen_once_loaded(lambda: kept.append([[] for _ in range(100_000)])) as loaded:
        gc.callbacks.append(count)
        try:
            loaded()
        finally:
            gc.callbacks.remove(count)
    assert collections == []


def frozen(objects: list[object]) -> bool:
    """Whether every one of ``objects`` is in the collector's permanent generation: tracked,
    yet in none of the three generations ``gc.get_objects`` lists. (Not a change in
    ``gc.get_freeze_count``: frozen objects that die meanwhile, the test runner's among
    them, lower it.)"""
    ids = {id(o) for o in objects}
    return all(map(gc.is_tracked, objects)) and not any(id(o) in ids for o in gc.get_objects())


def test_what_is_alive_once_loaded_is_frozen_until_the_end_of_the_block() -> None:
    kept: list[list[object]] = []
    with frozen_once_loaded(lambda: kept.append([[] for _ in range(1000)])) as loaded:
        loaded()
        assert frozen(kept[0])
    assert not frozen(kept[0]) and gc.get_freeze_count() == 0


def test_what_is_alive_at_the_start_of_the_block_is_frozen_without_a_load() -> None:
    alive = [[] for _ in range(1000)]
    with frozen_once_loaded(lambda: None):
        assert gc.get_freeze_count() >= len(alive)
    assert gc.get_freeze_count() == 0


def test_objects_frozen_before_the_block_stay_frozen_after_it() -> None:
    gc.freeze()  # a process that froze its own objects (a server after its start)
    before = gc.get_freeze_count()
    with frozen_once_loaded(lambda: None) as loaded:
        loaded()
    assert gc.get_freeze_count() >= before


def test_a_serial_analyser_with_nothing_to_analyse_loads_nothing() -> None:
    calls: list[str] = []
    with analyser_for(1, None, (), warmed=lambda: calls.append("load")) as run:
        assert list(run([])) == []
    assert calls == []
