"""The knowledge base: states, international organisations, places, institutions, offices and
officials with dated roles.

Knowledge is data, not code: it lives in versioned YAML files under ``knowledge/data/``
(each entry notes its source), and users add their own files through ``BILAT_KB_PATH``
(entries there extend or override bundled ones with the same name). This module only
loads and indexes them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from bilat.errors import KnowledgeError
from bilat.knowledge.names import name_key, name_tokens, place_key
from bilat.model import Role
from bilat.parsed import parsed_once

T = TypeVar("T")

DATA_DIR = Path(__file__).parent / "data"
KB_FILES = ("countries", "organisations", "places", "institutions", "offices", "officials")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    seats: tuple[str, ...] = ()  # metonyms for the state: "the Kremlin", "Pyongyang"
    # news shortens its people's names to the first one ("Kim" for Kim Jong Un, "Xi",
    # "Thongloun"), not the last as for "Putin"
    short_name_first: bool = False
    # territories with codes of their own in ISO 3166 and GeoNames that news and bilat
    # count as the state's ("Hong Kong" is China's; GeoNames files it under HKG)
    territories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organisation:
    """An international organisation ("UN", "EU", "NATO"): its officials act for no state."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    kind: str = "city"  # city | venue | island | region
    aliases: tuple[str, ...] = ()
    city: str | None = None  # for a venue: the city it is in ("Kremlin" -> "Moscow"), if any


@dataclass(frozen=True)
class Institution:
    name: str
    country: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Office:
    key: str  # e.g. "head_of_state", "foreign_minister"
    phrases: tuple[str, ...]  # "president", "foreign minister", "top diplomat"
    rank: int = 5  # 1 = head of state ... larger = more junior (for "the leader" style refs)
    countries: tuple[str, ...] = ()  # phrase meaning restricted to these states (PRK "leader")
    concurrent: bool = False  # several holders at once (ambassadors, deputy ministers)


@dataclass(frozen=True)
class Person:
    name: str
    country: str | None  # the person's state; None for one known only as an organisation's
    roles: tuple[Role, ...] = ()
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    org: str | None = None  # the organisation of a person who has no state of record

    def roles_on(self, date: str | None) -> tuple[Role, ...]:
        """Roles held on ``date`` (ISO prefix); all roles when the date is unknown."""
        if not date:
            return self.roles
        return tuple(r for r in self.roles if _within(date, r.start, r.end))

    def affiliation(self, date: str | None) -> tuple[str | None, str | None]:
        """(state, organisation) the person acts for on ``date`` (ISO prefix; None: today):
        an organisation when every post held then is one of its posts (Guterres, UN
        Secretary-General since 2017, prime minister of Portugal before), else the state."""
        held = self.roles_on(date) if date else tuple(r for r in self.roles if not r.end)
        if held and all(r.org for r in held):
            return None, held[0].org
        state = self.country or next((r.country for r in held if r.country), None)
        return (state, None) if state else (None, self.org)


def _within(date: str, start: str | None, end: str | None) -> bool:
    # Compare on the common prefix so a month ("2024-05") is within a role that starts or
    # ends inside that month, and a day is within a role whose end is known to the month.
    if start:
        n = min(len(date), len(start))
        if date[:n] < start[:n]:
            return False
    if end:
        n = min(len(date), len(end))
        if date[:n] > end[:n]:
            return False
    return True


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    institutions: list[Institution] = field(default_factory=list)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    offices: dict[str, Office] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # name_key(canonical) -> Person
    # indexes
    _country_names: dict[str, str] = field(default_factory=dict)  # lower text -> iso3
    _place_names: dict[str, Place] = field(default_factory=dict)
    _person_keys: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    _surnames: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    _institution_names: dict[str, Institution] = field(default_factory=dict)
    _organisation_names: dict[str, Organisation] = field(default_factory=dict)
    _organisation_acronyms: set[str] = field(default_factory=set)
    # names that are acronyms or ISO codes ("US", "AND", "CAN"): matched only when the
    # text is upper-case, so the words "us", "and", "can" are not countries
    _acronym_keys: set[str] = field(default_factory=set)
    _plain_keys: set[str] = field(default_factory=set)
    # made at the first lookup after a change: who ever held each (office, state) post, and
    # which offices each phrase names (a lookup scanned every person's roles, 1.6 ms)
    _posts: dict[tuple[str | None, str | None],
                 list[tuple[Person, tuple[Role, ...]]]] | None = field(
        default=None, repr=False, compare=False)
    _phrase_offices: dict[str, list[Office]] | None = field(
        default=None, repr=False, compare=False)

    # ------------------------------------------------------------------ lookups
    def country(self, text: str) -> str | None:
        """ISO-3 code for a country name, alias, demonym or seat ("Kremlin" -> RUS).

        Acronyms and ISO codes ("US", "DPRK", "AND") match only when written in capitals."""
        key = _norm(text)
        if key in self._acronym_keys and key not in self._plain_keys and not _is_acronym(text):
            return None
        return self._country_names.get(key)

    def country_acronyms(self) -> set[str]:
        """Normalised keys of :meth:`country_names` that only match upper-case text."""
        return self._acronym_keys - self._plain_keys

    def country_names(self) -> dict[str, str]:
        return dict(self._country_names)

    def place(self, text: str) -> Place | None:
        return self._place_names.get(place_key(text))

    def place_names(self) -> Iterable[str]:
        for p in self.places.values():
            yield p.name
            yield from p.aliases

    def institution(self, text: str) -> Institution | None:
        return self._institution_names.get(_norm(text))

    def institution_names(self) -> Iterable[str]:
        for inst in self.institutions:
            yield inst.name
            yield from inst.aliases

    def organisation(self, text: str) -> Organisation | None:
        """The international organisation a name or acronym names ("United Nations", "NATO");
        an acronym only in capitals ("WHO", not "who")."""
        key = _norm(text)
        if key in self._organisation_acronyms and not _is_acronym(text):
            return None
        return self._organisation_names.get(key)

    def organisation_names(self) -> Iterable[str]:
        for org in self.organisations.values():
            yield org.name
            yield from org.aliases

    def person(self, name: str) -> Person | None:
        """The known person this spelling names (full name or alias), if unambiguous."""
        hits = self._person_keys.get(name_key(name), [])
        return hits[0] if len(hits) == 1 else None

    def people_by_surname(self, surname: str) -> list[Person]:
        """The people a bare name may refer to: by surname (by the first name for states
        whose news shortens names to it: "Xi", "Kim") or by a one-word alias ("Prabowo",
        "Jokowi", "MBS")."""
        toks = name_tokens(surname)
        return list(self._surnames.get(toks[-1], [])) if toks else []

    def person_names(self) -> Iterable[str]:
        for p in self.people.values():
            yield p.name
            yield from p.aliases

    def holder(self, office: str, country: str, date: str | None) -> Person | None:
        """Who held ``office`` in ``country`` on ``date`` (None if unknown or ambiguous)."""
        found = self.holders(office, country, date)
        return found[0] if len(found) == 1 else None

    def holders(self, office: str, country: str, date: str | None) -> list[Person]:
        """Everyone who held ``office`` in ``country`` on ``date`` (several when the date
        is coarse and spans a handover, e.g. a month in which a minister was replaced)."""
        if self._posts is None:
            self._posts = _index_posts(self.people.values())
        # each person once, in the order of ``people``, if a role of the post is held then
        # (every role when the date is unknown, as ``Person.roles_on``)
        return [person for person, roles in self._posts.get((office, country), ())
                if not date or any(_within(date, r.start, r.end) for r in roles)]

    def office_for_phrase(self, phrase: str, country: str | None = None) -> Office | None:
        p = _norm(phrase)
        if self._phrase_offices is None:
            self._phrase_offices = _index_phrases(self.offices.values())
        best = None
        # the offices that have the phrase, in the order of ``offices``: no other can be best
        for office in self._phrase_offices.get(p, ()):
            if office.countries and country not in office.countries:
                continue
            narrower = best is None or len(office.countries) > len(best.countries)
            if narrower:
                best = office
        return best

    def concurrent(self, office: str) -> bool:
        """Whether a state has several holders of ``office`` at once (so no date names one)."""
        return any(o.concurrent for o in self.offices.values() if o.key == office)

    def office_phrases(self) -> set[str]:
        return {ph for o in self.offices.values() for ph in o.phrases}

    # ------------------------------------------------------------------ building
    def add_country(self, c: Country) -> None:
        self.countries[c.iso3] = c
        for text in (c.name, *c.aliases, *c.demonyms, *c.seats, c.iso3):
            self._country_names.setdefault(_norm(text), c.iso3)
            (self._acronym_keys if _is_acronym(text) else self._plain_keys).add(_norm(text))
        self._country_names[_norm(c.name)] = c.iso3

    def add_place(self, p: Place) -> None:
        self.places[place_key(p.name)] = p
        for text in (p.name, *p.aliases):
            self._place_names[place_key(text)] = p

    def add_institution(self, inst: Institution) -> None:
        self.institutions.append(inst)
        for text in (inst.name, *inst.aliases):
            self._institution_names[_norm(text)] = inst

    def add_organisation(self, org: Organisation) -> None:
        self.organisations[org.key] = org
        for text in (org.key, org.name, *org.aliases):
            self._organisation_names[_norm(text)] = org
            if _is_acronym(text):
                self._organisation_acronyms.add(_norm(text))

    def add_office(self, office: Office) -> None:
        self.offices[office.key + ":" + ",".join(office.countries)] = office
        self._phrase_offices = None

    def add_person(self, person: Person) -> None:
        key = name_key(person.name)
        old = self.people.get(key)
        if old is not None:  # a later file overrides an earlier entry of the same person
            for k, lst in list(self._person_keys.items()):
                self._person_keys[k] = [p for p in lst if p is not old]
            for k, lst in list(self._surnames.items()):
                self._surnames[k] = [p for p in lst if p is not old]
        self.people[key] = person
        self._posts = None
        for text in {person.name, *person.aliases}:
            bucket = self._person_keys[name_key(text)]
            if person not in bucket:
                bucket.append(person)
            toks = name_tokens(text)
            if not toks:
                continue
            # a one-word alias is a short name of its own ("Prabowo", "Jokowi", "AMLO")
            country = self.countries.get(person.country or "")
            short = toks[0] if country is not None and country.short_name_first else toks[-1]
            if person not in self._surnames[short]:
                self._surnames[short].append(person)


_PER_KB: dict[tuple[str, int], tuple[KnowledgeBase, object]] = {}


def per_kb(name: str, kb: KnowledgeBase, build: Callable[[KnowledgeBase], T]) -> T:
    """``build(kb)`` made once per knowledge base and process, cached under ``name``
    (matchers and screens are costly to build; the KB object is kept alive with them)."""
    hit = _PER_KB.get((name, id(kb)))
    if hit is None or hit[0] is not kb:
        hit = (kb, build(kb))
        _PER_KB[(name, id(kb))] = hit
    return hit[1]  # type: ignore[return-value]


def _index_posts(people: Iterable[Person]) -> dict[tuple[str | None, str | None],
                                                    list[tuple[Person, tuple[Role, ...]]]]:
    """(office, state) -> each person who ever held that post, in order, with the roles of
    it (:meth:`KnowledgeBase.holders`)."""
    posts: dict[tuple[str | None, str | None], list[tuple[Person, tuple[Role, ...]]]] = {}
    for person in people:
        held: dict[tuple[str | None, str | None], list[Role]] = {}
        for role in person.roles:
            held.setdefault((role.office, _role_state(role, person)), []).append(role)
        for post, roles in held.items():
            posts.setdefault(post, []).append((person, tuple(roles)))
    return posts


def _index_phrases(offices: Iterable[Office]) -> dict[str, list[Office]]:
    """phrase -> the offices that have it, in order (:meth:`KnowledgeBase.office_for_phrase`)."""
    named: dict[str, list[Office]] = {}
    for office in offices:
        for phrase in dict.fromkeys(office.phrases):
            named.setdefault(phrase, []).append(office)
    return named


def _role_state(role: Role, person: Person) -> str | None:
    """The state whose post a role is: none for an organisation's post."""
    return None if role.org else role.country or person.country


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace(".", "").split())


def _is_acronym(text: str) -> bool:
    """"US", "U.S.", "DPRK", "ROK": capitals only (dots allowed), at most five letters."""
    letters = text.replace(".", "").strip()
    return 0 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


# libyaml's parser when PyYAML has it: the same safe loading, five times faster (the bundled
# files took 0.4 s to read in every worker process)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_of(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def _load_file(kb: KnowledgeBase, kind: str, path: Path) -> None:
    try:
        # kept once parsed (bilat.parsed): the YAML constructor, Python even with libyaml,
        # cost 0.22 CPU s of every process's start-up for the bundled files; checked by
        # content too, as a release may install an edited file with the same size and time
        entries = parsed_once(path, _yaml_of, "kb-yaml-1", by_content=True) or []
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"Cannot read knowledge file {path}: {exc}") from exc
    if isinstance(entries, dict):
        entries = entries.get("entries", [])
    for i, e in enumerate(entries):
        unknown = sorted(set(e) - _FIELDS[kind]) if isinstance(e, dict) else []
        if unknown:
            # a comma inside an unquoted flow-mapping value ("{name: Foreign, Commonwealth
            # and Development Office}") silently makes a key of the rest of the value
            raise KnowledgeError(f"{path}: entry {i + 1} has unknown fields {unknown}.",
                                 fix="Quote values that hold a comma; see the file's header "
                                     "for the fields of its entries.")
        try:
            _add_entry(kb, kind, e)
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeError(f"{path}: entry {i + 1} is malformed ({exc!r}).") from exc


# the fields an entry of each kind may have (``source`` and ``note`` are for people)
_COMMON_FIELDS = frozenset({"source", "note"})
_FIELDS = {
    "countries": _COMMON_FIELDS | {"iso3", "name", "aliases", "demonyms", "capital", "seats",
                                   "short_name", "territories"},
    "organisations": _COMMON_FIELDS | {"org", "name", "aliases"},
    "places": _COMMON_FIELDS | {"name", "country", "kind", "aliases", "city"},
    "institutions": _COMMON_FIELDS | {"name", "country", "kind", "aliases"},
    "offices": _COMMON_FIELDS | {"office", "phrases", "rank", "countries", "concurrent"},
    "officials": _COMMON_FIELDS | {"name", "aliases", "country", "org", "gender", "roles"},
}


def _add_entry(kb: KnowledgeBase, kind: str, e: dict[str, Any]) -> None:
    if kind == "countries":
        kb.add_country(Country(
            iso3=e["iso3"], name=e["name"], aliases=_tuple(e.get("aliases")),
            demonyms=_tuple(e.get("demonyms")), capital=e.get("capital"),
            seats=_tuple(e.get("seats")), short_name_first=e.get("short_name") == "first",
            territories=_tuple(e.get("territories")),
        ))
    elif kind == "organisations":
        kb.add_organisation(Organisation(key=e["org"], name=e["name"],
                                         aliases=_tuple(e.get("aliases"))))
    elif kind == "places":
        kb.add_place(Place(name=e["name"], country=e["country"], kind=e.get("kind", "city"),
                           aliases=_tuple(e.get("aliases")), city=e.get("city")))
    elif kind == "institutions":
        kb.add_institution(Institution(name=e["name"], country=e["country"],
                                       kind=e.get("kind", "institution"),
                                       aliases=_tuple(e.get("aliases"))))
    elif kind == "offices":
        kb.add_office(Office(key=e["office"], phrases=tuple(_norm(p) for p in e["phrases"]),
                             rank=int(e.get("rank", 5)), countries=_tuple(e.get("countries")),
                             concurrent=bool(e.get("concurrent", False))))
    elif kind == "officials":
        kb.add_person(_person(kb, e))


def _person(kb: KnowledgeBase, e: dict[str, Any]) -> Person:
    """An official: of a state (``country``), or of an organisation only (``org``); a role
    is the state's post unless it names another state or an organisation."""
    country, org = e.get("country"), e.get("org")
    if country is None and org is None:
        raise ValueError(f"{e['name']}: an official needs a country or an org")
    roles = []
    for r in e.get("roles") or []:
        role_org = r.get("org", None if "country" in r or country else org)
        if role_org is not None and role_org not in kb.organisations:
            raise ValueError(f"{e['name']}: unknown organisation {role_org!r}")
        roles.append(Role(title=r["title"], country=None if role_org else r.get("country", country),
                          start=_date(r.get("start")), end=_date(r.get("end")),
                          office=r.get("office"), org=role_org))
    return Person(name=e["name"], country=country, roles=tuple(roles),
                  aliases=_tuple(e.get("aliases")), gender=e.get("gender"), org=org)


def _kind_of(path: Path) -> str:
    for kind in KB_FILES:
        if path.stem == kind or path.stem.startswith((kind + "_", kind + "-")):
            return kind
    raise KnowledgeError(
        f"Knowledge file {path} has an unknown kind.",
        fix=f"Name it after one of {', '.join(KB_FILES)} (e.g. officials_mine.yaml).",
    )


def _files(extra: tuple[Path, ...]) -> list[Path]:
    bundled = sorted(DATA_DIR.glob("*.yaml"), key=lambda p: (KB_FILES.index(_kind_of(p)), p.name))
    user: list[Path] = []
    for p in extra:
        user.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    return bundled + sorted(user, key=lambda p: KB_FILES.index(_kind_of(p)))


@lru_cache(maxsize=4)
def load_kb(extra: tuple[Path, ...] | None = None) -> KnowledgeBase:
    """Load the bundled knowledge plus user files (``BILAT_KB_PATH``, os.pathsep-separated
    files or folders). Cached: the knowledge base is read once per process."""
    if extra is None:
        env = os.environ.get("BILAT_KB_PATH", "")
        extra = tuple(Path(p) for p in env.split(os.pathsep) if p)
    kb = KnowledgeBase()
    for path in _files(extra):
        _load_file(kb, _kind_of(path), path)
    return kb
