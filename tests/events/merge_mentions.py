"""A hand-built meeting mention for the merge's tests: one place to say what a mention the
tests vary by date, people, article, place and states looks like."""

from __future__ import annotations

from bilat.model import EventMention, EventType, Status


def meet(mid: str, day: str | None, *, actors: tuple[str, ...] = (), doc: str = "",
         location: str | None = None, countries: tuple[str, ...] = ("RUS", "PRK"),
         published: str = "2024-06-30") -> EventMention:
    """A meeting that occurred, told in article ``doc`` (its own article by default)."""
    return EventMention(id=mid, doc_id=doc or f"d{mid}", doc_name="d", type=EventType.MEET,
                        actors=actors, countries=countries, location=location, date=day,
                        status=Status.OCCURRED, evidence="", start=0, end=0,
                        published=published)  # fmt: skip
