"""How answers are written (bilat.web.streams): the JSON encoder of event pages."""

from __future__ import annotations

import json

import pytest
from fastapi.responses import JSONResponse

from bilat.web.streams import json_bytes, json_response

AWKWARD = "".join(chr(i) for i in range(0x80)) + "é – → «»\u2028\u2029\ufeff\U0001f600 中文"


@pytest.mark.parametrize("content", [
    {"events": [{"id": "evt_1", "actors": [AWKWARD], "sources": 3, "what": None,
                 "flag": True, "off": False, "empty": [], "nested": {"a": {}}}]},
    [AWKWARD, "", 0, -1, 2**62],
    {"total": 0, "limit": None, "next": None, "events": []},
])  # fmt: skip
def test_json_bytes_are_what_jsonresponse_writes(content: object) -> None:
    """The rule: the fast encoder writes the same bytes as Starlette's JSONResponse (and so
    json.dumps with ensure_ascii=False, compact separators) for every control character,
    non-ASCII text, integers, booleans, None, lists and dicts."""
    assert json_bytes(content) == JSONResponse(content).body
    assert json.loads(json_bytes(content)) == content


def test_a_json_response_carries_its_headers_and_type() -> None:
    response = json_response({"a": 1}, {"X-Total-Count": "1"})
    reference = JSONResponse({"a": 1}, headers={"X-Total-Count": "1"})
    assert response.body == reference.body
    assert response.headers.items() == reference.headers.items()
