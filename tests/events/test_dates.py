"""events.arguments.dates: a sentence's time expressions, resolved once per reading."""

from __future__ import annotations

from bilat.annotations.time import find_time_expressions
from bilat.events.arguments.dates import expressions

TEXT = "State media reported on Wednesday that the talks ended the previous day."


def test_publication_as_the_reference_day_is_no_reference() -> None:
    """What counts from the reference day counts from publication without one, so the two
    readings are one (and resolved once)."""
    named = expressions(TEXT, "2024-06-20", reference="2024-06-20", offset=7)
    assert named is expressions(TEXT, "2024-06-20", offset=7)
    assert list(named) == find_time_expressions(
        TEXT, "2024-06-20", reference="2024-06-20", offset=7)


def test_another_reference_day_reads_its_own_dates() -> None:
    on_the_18th = expressions(TEXT, "2024-06-20", reference="2024-06-18")
    assert list(on_the_18th) == find_time_expressions(TEXT, "2024-06-20", reference="2024-06-18")
    assert on_the_18th != expressions(TEXT, "2024-06-20")
