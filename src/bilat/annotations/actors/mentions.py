"""The records of who and where: persons (named or by role), states and places in the text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonMention:
    """A person named (or, for kind="role", described) in the text."""

    start: int  # document offsets
    end: int
    text: str
    name: str  # canonical name ("" for an unnamed role)
    country: str | None
    kind: str  # "person" | "role"
    para: int  # paragraph index
    token_start: int  # token indexes in the paragraph doc
    token_end: int
    office: str | None = None
    gender: str | None = None
    # "the Russian lawmaker", "the North Korean leader": a definite description that refers
    # back to someone the story already named (or to the office holder)
    definite: bool = False
    # the international organisation the person acts for ("EU" for von der Leyen), with no
    # state: a party of the event that adds no state to it
    org: str | None = None


@dataclass(frozen=True)
class CountryMention:
    start: int
    end: int
    text: str
    iso3: str
    para: int
    token_start: int
    token_end: int
    via: str  # "name" | "demonym" | "seat" | "capital"


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    name: str
    country: str
    kind: str
    para: int
    token_start: int
    token_end: int


@dataclass
class DocumentEntities:
    persons: list[PersonMention]
    countries: list[CountryMention]
    places: list[PlaceMention]
