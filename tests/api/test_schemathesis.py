"""schemathesis against ``/openapi.json`` (issue 14 item 8): every operation, generated
requests, every check of ``call_and_validate`` (no server error, status codes, content types,
headers and bodies as documented). Bounded: :data:`MAX_EXAMPLES` per operation and no
shrinking, so the run stays within a few minutes on a busy machine. Writes are sent with the
API key, against an in-memory store with the demo programme. Every failing operation is
reported, not only the first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from competency_graph.config import Settings
from competency_graph.services import curriculum, open_store
from tests.api.conftest import KEY, make_client

#: generated requests per operation (53 operations)
MAX_EXAMPLES = 20
#: Operations whose body is a document (a workbook, a CASE package, a SKOS scheme, a SPARQL
#: query): JSON Schema cannot say which bodies are valid, so "schema-valid data is accepted"
#: does not apply; every other check does.
DOCUMENT_BODIES = {"POST /programmes", "PUT /programmes/{programme_id}", "POST /frameworks",
                   "POST /frameworks/ctdl-asn", "POST /frameworks/skos", "POST /institutions",
                   "POST /institutions/{institution_id}/indicators",
                   "POST /institutions/{institution_id}/staff", "GET /sparql", "POST /sparql",
                   "POST /resources",
                   # references that must exist: known indicator codes (weights, targets) and
                   # a stored institution (a study)
                   "GET /institutions/{institution_id}/benchmark", "POST /studies",
                   "PUT /studies/{study_id}",
                   # accepted suggestions must name outcomes and targets of the programme, and
                   # a recognition needs a stored partner programme
                   "POST /programmes/{programme_id}/suggestions",
                   "GET /programmes/{programme_id}/recognition",
                   "POST /programmes/{programme_id}/recognition",
                   # a learning path runs upwards between levels the framework has (B1-C1)
                   "GET /resources/path",
                   # framework ids that must be stored frameworks
                   "GET /resources/coverage", "GET /resources/recommendations/{programme_id}",
                   "GET /programmes/{programme_id}/suggestions",
                   "GET /programmes/{programme_id}/occupation-gap"}


@pytest.fixture(scope="module")
def api_app() -> Iterator[Any]:
    store = open_store(Settings(store=":memory:"))
    curriculum.load_demo_programme(store)
    with make_client(store) as client:
        yield client.app
    store.close()


def _exercise(operation: Any) -> None:
    """Run the generated requests of one operation; raises on the first failure."""
    excluded = [positive_data_acceptance] if operation.label in DOCUMENT_BODIES else []

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(headers={"X-API-Key": KEY}, excluded_checks=excluded)

    run()


def test_api_conforms_to_its_openapi(api_app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_app)
    failures: dict[str, str] = {}
    count = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        count += 1
        try:
            _exercise(operation)
        except Exception as exc:  # every operation is tried; the failures are listed below
            failures[operation.label] = str(exc)[:1500]
    assert count >= 53
    assert failures == {}, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
