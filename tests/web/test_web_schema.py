"""Property-based API test: schemathesis generates requests from /openapi.json.

A handful of deterministic examples per endpoint, sent to the app over the test corpus;
no request, however odd its parameters, may make the server fail (status < 500).
"""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings

from bilat.store import open_store
from bilat.web import create_app

# The spec is collected at import time, before fixtures exist; it does not depend on data,
# so an empty in-memory store is enough to produce it.
_empty = open_store(":memory:")
schema = schemathesis.openapi.from_dict(create_app(_empty).openapi())
_empty.close()


@schema.parametrize()
@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails(case: schemathesis.Case, client: TestClient) -> None:
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    response = client.request(
        kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=kwargs.get("headers")
    )
    assert response.status_code < 500, (kwargs, response.text[:300])
