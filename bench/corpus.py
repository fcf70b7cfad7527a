"""The benchmark corpus: dev articles replicated under new names, plus generated articles.

Three folders under ``<root>/docs``, and ``<root>/manifest.jsonl`` for all of them:

- ``dev/``: the shared dev articles, copy ``i`` named ``dev{i:03d}_<name>`` and published
  ``7*i`` days later than the original (so relative dates resolve differently and no cache
  inside bilat sees the same input twice; the text is untouched).
- ``events/``: generated wire stories about visits, talks, calls, agreements and aid
  between states, with the knowledge base's officials, capitals and demonyms.
- ``news/``: generated general news (markets, weather, sport, science, culture, local
  politics). Like real news it names states now and then and uses words such as
  "meeting", "statement", "deal" or "returned" in senses that are not state-to-state events.

Everything is seeded, so a corpus is the same on every run. Article text is never stored
in the repository: the dev copies are made from ../shared at run time.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bilat.knowledge.kb import KnowledgeBase, Person

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AGENCIES = ("state media", "the foreign ministry", "officials", "the presidential office",
            "a government spokesman", "the official news agency")
FIELDS = ("trade", "energy", "education", "health", "transport", "agriculture", "culture",
          "science", "tourism", "customs", "fisheries", "infrastructure")
GOODS = ("wheat", "fuel", "fertilizer", "rice", "flour")
COMPANIES = ("Northwind Holdings", "Bluefield Energy", "Castor Motors", "Meridian Foods",
             "Harbor Logistics", "Pinecrest Bank", "Solara Technologies", "Granite Mining")
TEAMS = ("City Rovers", "United Athletic", "the Harbourside Sharks", "Valley Wanderers",
         "the Red Falcons", "Riverside FC", "the Northern Stars", "Eastfield Town")
TOWNS = ("Millbrook", "Ashford", "Cedar Falls", "Lakeside", "Oakridge", "Brookhaven",
         "Fairview", "Westmoor", "Kingsbridge", "Elmstead")
SURNAMES = ("Alvarez", "Brennan", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
            "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Petrov")
GIVEN = ("Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas",
         "Karin", "Luis", "Maria", "Nikolai", "Olga", "Paul")


@dataclass(frozen=True)
class Side:
    country: str  # common name
    demonym: str
    capital: str
    person: str
    title: str
    pronoun: str


# ------------------------------------------------------------------------ dev copies


def replicate_dev(dev_dir: Path, out: Path, copies: int, *, start: int = 0,
                  limit: int | None = None) -> dict[str, str | None]:
    """Write copies ``start`` .. ``start + copies - 1`` of the first ``limit`` dev articles
    (all by default); return name -> published."""
    manifest = {json.loads(line)["doc"]: json.loads(line).get("published")
                for line in (dev_dir / "manifest.jsonl").read_text().splitlines() if line.strip()}
    out.mkdir(parents=True, exist_ok=True)
    published: dict[str, str | None] = {}
    for i in range(start, start + copies):
        for path in sorted((dev_dir / "docs").iterdir())[:limit]:
            name = f"dev{i:03d}_{path.name}"
            (out / name).write_bytes(path.read_bytes())
            published[name] = _shift(manifest.get(path.name), 7 * i)
    return published


def _shift(day: str | None, days: int) -> str | None:
    if not day:
        return day
    return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()


# ------------------------------------------------------------------------ generated stories


def _sides(kb: KnowledgeBase, rng: random.Random) -> tuple[Side, Side]:
    people: dict[str, list[Person]] = {}
    for p in kb.people.values():
        if p.roles and p.country in kb.countries and kb.countries[p.country].capital:
            people.setdefault(p.country, []).append(p)
    a, b = rng.sample(sorted(c for c, ps in people.items() if ps), 2)
    return _side(kb, a, rng.choice(people[a])), _side(kb, b, rng.choice(people[b]))


def _side(kb: KnowledgeBase, iso3: str, person: Person) -> Side:
    c = kb.countries[iso3]
    title = person.roles[-1].title if person.roles else "official"
    return Side(c.name, c.demonyms[0] if c.demonyms else c.name, c.capital or c.name,
                person.name, title, "she" if person.gender == "f" else "he")


def event_story(kb: KnowledgeBase, rng: random.Random, published: date) -> str:
    """A wire story: a visit with talks, and some of an agreement, a call, aid, background."""
    a, b = _sides(kb, rng)
    day = WEEKDAYS[(published.weekday() - rng.randint(0, 3)) % 7]
    field_ = rng.choice(FIELDS)
    src = rng.choice(AGENCIES)
    lines = [
        f"{a.demonym} {a.title} visits {b.capital} for talks on {field_}",
        f"{a.title} {a.person} arrived in {b.capital} on {day} for a {rng.randint(2, 4)}-day "
        f"official visit, {src} said.",
        f"{a.person} held talks with {b.title} {b.person} on {field_} and regional security, "
        f"according to a statement released after the meeting.",
    ]
    extras = [
        f"The two sides signed an agreement on {rng.choice(FIELDS)} cooperation, and "
        f"{a.pronoun} said it would bring benefits to both peoples.",
        f"Earlier this month, {a.person} and {b.person} spoke by telephone about the "
        f"preparations for the visit.",
        f"{a.country} will send {rng.randint(2, 90) * 1000:,} tonnes of {rng.choice(GOODS)} "
        f"to {b.country} before the end of the year, officials said.",
        f"Trade between {a.country} and {b.country} reached {rng.randint(2, 60)} billion "
        f"dollars last year, up {rng.randint(2, 30)} percent.",
        "Analysts said the visit signalled closer ties at a time of tension in the region.",
        f"{b.person} is expected to visit {a.capital} next year, {src} added.",
        f"The {b.demonym} side said the talks were frank and constructive.",
    ]
    lines += rng.sample(extras, rng.randint(2, len(extras)))
    return "\n\n".join(lines) + "\n"


NEWS: dict[str, tuple[str, ...]] = {
    "markets": (
        "Shares in {company} rose {pct} percent on {day} after the company issued a statement "
        "on its quarterly results.",
        "The central bank left interest rates unchanged at its meeting on {day}, citing "
        "stubborn inflation.",
        "Exports to {country} fell {pct} percent in the third quarter, customs data showed.",
        "{company} agreed a deal to buy a smaller rival for {num} million dollars.",
        "Oil prices returned to their highest level since spring as supplies tightened.",
        "Analysts at {company} expect growth to slow to {pct} percent next year.",
        "The index closed {pct} percent higher, led by technology and energy stocks.",
        "Investors will watch for retail sales figures due later this week.",
    ),
    "weather": (
        "Heavy rain is forecast for {town} and surrounding areas through the weekend.",
        "Temperatures will stay well below average until {day}, forecasters said.",
        "Several roads near {town} were closed after flooding overnight.",
        "Residents were advised to stay indoors as strong winds swept the coast.",
        "The storm is expected to head north and weaken by {day}.",
        "Farmers said the dry spell had already cut the harvest by a third.",
    ),
    "sport": (
        "{team} came from behind to beat {team2} {n}-{m} on {day}.",
        "The head coach said the team would return to training after a short break.",
        "{person} scored twice in the second half to lead {team} to victory.",
        "The club confirmed that its captain would miss the rest of the season.",
        "{team} will travel to {town} for the final on {day}.",
        "Tickets for the match sold out within an hour, the organisers said.",
        "The national side will play a friendly against {country} in the spring.",
    ),
    "science": (
        "Researchers at the University of {town} have found a new way to store solar energy.",
        "The study, published on {day}, followed {num} patients over five years.",
        "Scientists said the results should be treated with caution until they are repeated.",
        "The space agency plans to launch the probe next year.",
        "A team led by {person} described the discovery as a major step forward.",
        "The findings could help doctors diagnose the disease much earlier.",
    ),
    "culture": (
        "The festival in {town} drew more than {num} visitors over the weekend.",
        "{person}'s new novel tells the story of a family over three generations.",
        "The museum will reopen on {day} after a two-year renovation.",
        "Critics praised the production, which runs until the end of the month.",
        "The orchestra will go on tour in the autumn, with concerts in {country}.",
        "The award ceremony will be held at the city theatre in {town}.",
    ),
    "local": (
        "The council approved a plan to build {num} new homes on the edge of {town}.",
        "Residents raised concerns about traffic at a public meeting on {day}.",
        "The mayor of {town}, {person}, said work would start next spring.",
        "Police said a man was arrested after a break-in on the high street.",
        "The new bus line will connect {town} with the regional hospital.",
        "The school received a grant to give pupils free breakfasts.",
        "Volunteers will provide meals for elderly residents over the holidays.",
    ),
}


def news_story(kb: KnowledgeBase, rng: random.Random, published: date) -> str:
    topic = rng.choice(sorted(NEWS))
    countries = sorted(c.name for c in kb.countries.values())
    sentences = rng.sample(NEWS[topic], rng.randint(4, len(NEWS[topic])))
    i = rng.randrange(len(TEAMS))
    slots = {
        "company": rng.choice(COMPANIES), "team": TEAMS[i % 4], "team2": TEAMS[4 + i % 4],
        "town": rng.choice(TOWNS), "country": rng.choice(countries),
        "person": f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}",
        "day": WEEKDAYS[(published.weekday() - rng.randint(0, 3)) % 7],
        "pct": f"{rng.randint(1, 90) / 10:.1f}", "num": f"{rng.randint(2, 900):,}",
        "n": str(rng.randint(0, 4)), "m": str(rng.randint(0, 3)),
    }
    title = f"{topic.capitalize()} roundup: {sentences[0].format(**slots).split(',')[0][:60]}"
    body = []
    while sentences:
        k = rng.randint(1, min(2, len(sentences)))
        body.append(" ".join(s.format(**slots) for s in sentences[:k]))
        sentences = sentences[k:]
    return "\n\n".join([title, *body]) + "\n"


def generate(kb: KnowledgeBase, out: Path, n: int, kind: str, seed: int,
             prefix: str = "") -> dict[str, str | None]:
    """``n`` generated articles of ``kind`` ("events" or "news"); return name -> published."""
    rng = random.Random(f"{seed}:{kind}:{prefix}")
    out.mkdir(parents=True, exist_ok=True)
    writer = event_story if kind == "events" else news_story
    published: dict[str, str | None] = {}
    for i in range(n):
        day = date(2018, 1, 1) + timedelta(days=rng.randint(0, 7 * 365))
        name = f"{prefix}{kind}{i:05d}.txt"
        (out / name).write_text(writer(kb, rng, day), encoding="utf-8")
        published[name] = day.isoformat()
    return published


def write_manifest(path: Path, published: dict[str, str | None]) -> None:
    path.write_text("".join(json.dumps({"doc": name, "published": day}) + "\n"
                            for name, day in sorted(published.items())), encoding="utf-8")
