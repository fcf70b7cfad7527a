"""Request parameters, parsed into store values: the filters every list shares (as an
:class:`~bilat.store.base.EventFilter`), sorts, levels, formats, free text. Used by the
API and the pages alike, so a page and its data URL accept the same parameters. A
parameter that takes one value is refused when given twice (:func:`one_value_each`)."""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import StringConstraints

from bilat.errors import InvalidQuery
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import EventType, Status
from bilat.store.base import EventFilter, Store
from bilat.views import filters
from bilat.web.aggregates import Aggregates

PARAMS_FIX = "See /openapi.json for the accepted parameters and values."

Sort = Literal["date", "-date", "sources", "-sources"]
Format = Literal["json", "csv"]
Level = Literal["state", "actor"]
IsoPrefix = Annotated[
    str | None,
    Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
          description="ISO date prefix: 2024, 2024-06 or 2024-06-19"),
]
CountryParam = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}(,[A-Za-z]{3})?$")]
Text = Annotated[str | None, Query(max_length=200)]
FormatParam = Annotated[Format, Query(description="json (default) or csv; also /api/<list>.csv")]


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def aggregates_of(request: Request) -> Aggregates:
    """The store's aggregates, kept while the data does not change (:mod:`.aggregates`)."""
    aggregates: Aggregates = request.app.state.aggregates
    return aggregates


def knowledge_of(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase | None = request.app.state.kb
    return kb if kb is not None else load_kb()


def event_filter(
    actor: Annotated[Text, Query(description="Person, by any spelling of the name")] = None,
    country: Annotated[
        list[CountryParam] | None,
        Query(description="One or two ISO-3 codes: country=RUS&country=PRK or country=PRK,RUS"),
    ] = None,
    type: EventType | None = None,
    status: Status | None = None,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    q: Annotated[Text, Query(description="Full-text search over evidence and titles")] = None,
    location: Annotated[Text, Query(description="Where the event happened, as the events name "
                                    "it (the map's places): Pyongyang")] = None,
) -> EventFilter:
    """The filters every list shares, as the store's EventFilter, checked by the same
    function as the CLI's (:func:`bilat.views.filters.event_filter`); a value it refuses
    (a state no event can have) is answered 422 like any invalid parameter."""
    try:
        return filters.event_filter(
            actor=actor, countries=country or (), type=type.value if type else None,
            status=status.value if status else None, since=since, until=until, q=q,
            location=location)
    except InvalidQuery as exc:
        raise RequestValidationError([
            {"loc": ("query", _parameter_of(exc)), "type": "value_error", "msg": exc.message}
        ]) from None


Filters = Annotated[EventFilter, Depends(event_filter)]
clean_text = filters.clean_text  # free text of any other parameter (e.g. /api/actors?q=)
parse_countries = filters.parse_countries


def _parameter_of(exc: InvalidQuery) -> str:
    """The parameter a refusal names ("country 'XYZ' is ...": country)."""
    return exc.message.split("=")[0].split(" ")[0]


def response_format(request: Request, fmt: Format) -> Format:
    """?format=csv, or the datasette-style suffix /api/events.csv."""
    if request.url.path.endswith(".csv"):
        return "csv"
    if request.url.path.endswith(".json"):
        return "json"
    return fmt


def one_value_each(request: Request) -> None:
    """Refuse a parameter that takes one value given more than once (``type=A&type=B``):
    which one was meant cannot be told, and keeping the last would answer another
    question than the one asked. Parameters a route takes as lists (``country``) may
    repeat. Used as a dependency of every route."""
    given = Counter(key for key, _ in request.query_params.multi_items())
    repeated = sorted(key for key, n in given.items() if n > 1)
    route = request.scope.get("route")
    if not repeated or not isinstance(route, APIRoute):
        return
    single = _single_valued(route)
    refused = [key for key in repeated if key in single]
    if refused:
        raise RequestValidationError([
            {"loc": ("query", key), "type": "value_error",
             "msg": f"given {given[key]} times; it takes one value"}
            for key in refused
        ])  # fmt: skip


def _single_valued(route: APIRoute) -> frozenset[str]:
    """The query parameters of ``route`` (and of its dependencies) that take one value.
    (Walked per request that repeats a parameter, which is rare; routes are unhashable.)"""
    names: set[str] = set()
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        stack.extend(dependant.dependencies)
        names.update(f.alias for f in dependant.query_params
                     if not _takes_many(f.field_info.annotation))
    return frozenset(names)


def _takes_many(annotation: Any) -> bool:
    """Whether a parameter's type is a list (or tuple, set), also when optional or annotated."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _takes_many(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, frozenset, Sequence):
        return True
    return any(_takes_many(arg) for arg in typing.get_args(annotation)) if origin else False
