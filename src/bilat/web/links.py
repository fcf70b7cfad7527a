"""The pages' URLs: where an event, a document or an actor is shown. The API gives them
with its records (``page``) and the templates link with them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlencode

from bilat.knowledge.names import name_key


def actor_slug(name: str) -> str:
    """A url-safe id for a person: "Kim Jong Un" -> "kim-jong-un"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or name_key(name) or "actor"


# What quote(..., safe="") leaves as it is: an id made only of these needs no quoting
# (bilat's ids are "evt_" and hex digits; a page links 500 of them).
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def event_page(event_id: str) -> str:
    if _UNRESERVED.fullmatch(event_id):
        return f"/events/{event_id}"
    return f"/events/{quote(event_id, safe='')}"


def document_page(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}"


# The links of names and states are kept: a list page makes hundreds, of a few names.
LINKS_KEPT = 4096


@lru_cache(maxsize=LINKS_KEPT)
def actor_page(name: str) -> str:
    return f"/actors/{quote(actor_slug(name), safe='')}"


@lru_cache(maxsize=LINKS_KEPT)
def state_page(code: str) -> str:
    """The timeline of a state's events."""
    return "/?" + urlencode({"country": code})


def node_page(node: str, level: str) -> str:
    """A network node's page: the actor's, or the timeline of a state's events."""
    return actor_page(node) if level == "actor" else state_page(node)
