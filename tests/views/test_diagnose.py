"""Error classes of `bilat eval`: each unmatched prediction and missed gold event has one class."""

from __future__ import annotations

from bilat.views.diagnose import error_classes


def _e(type_: str, actors: list[str], countries: list[str], **fields) -> dict:
    return {"type": type_, "actors": actors, "countries": countries, "location": None,
            "date": None, "status": "occurred", **fields}


def _one_doc(gold: list[dict], pred: list[dict]) -> dict:
    return error_classes({"d": {"doc": "d", "events": gold}}, {"d": {"doc": "d", "events": pred}})


def test_a_second_prediction_of_a_matched_event_is_a_duplicate() -> None:
    visit = _e("VISIT", ["Kim Jong Un"], ["PRK", "RUS"], date="2023-09-12", key="k")
    res = _one_doc([visit], [_e("VISIT", ["Kim Jong Un"], ["PRK", "RUS"], date="2023-09-12"),
                             _e("VISIT", ["Kim"], ["PRK", "RUS"])])
    assert res["counts"] == {"duplicate": 1, "argument": 0, "false_event": 0, "missed": 0}


def test_a_miss_with_an_unmatched_prediction_of_its_type_is_an_argument_error() -> None:
    """Kim welcoming Moon becomes Kim visiting: the visit is seen, the traveller is wrong."""
    gold = [_e("VISIT", ["Moon Jae-in"], ["KOR", "PRK"], key="k")]
    pred = [_e("VISIT", ["Kim Jong Un"], ["PRK", "KOR"])]
    counts = _one_doc(gold, pred)["counts"]
    assert counts == {"duplicate": 0, "argument": 1, "false_event": 0, "missed": 0}


def test_other_unmatched_predictions_and_misses_are_false_events_and_misses() -> None:
    gold = [_e("AGREE", [], ["RUS", "PRK"], key="k")]
    pred = [_e("CALL", ["Vladimir Putin"], ["RUS", "USA"])]
    counts = _one_doc(gold, pred)["counts"]
    assert counts == {"duplicate": 0, "argument": 0, "false_event": 1, "missed": 1}


def test_field_errors_say_how_the_field_is_wrong() -> None:
    gold = [_e("MEET", ["Xi Jinping"], ["CHN", "USA"], date="2023-11-15", location="Woodside",
               key="a"),
            _e("CALL", ["Xi Jinping"], ["CHN", "USA"], date="2024-04", key="b"),
            _e("VISIT", ["Blinken"], ["USA", "CHN"], status="planned", key="c")]
    pred = [_e("MEET", ["Xi Jinping"], ["CHN", "USA"], date="2023-11-16"),
            _e("CALL", ["Xi"], ["CHN", "USA"], date="2024"),
            _e("VISIT", ["Antony Blinken"], ["USA", "CHN"], date="2024-04-24", location="Beijing")]
    fields = _one_doc(gold, pred)["fields"]
    assert fields["date"] == {"coarser": 1, "invented": 1, "wrong": 1}
    assert fields["location"] == {"missing": 1}
    assert fields["status"] == {"wrong": 1}
    assert "countries" not in fields
