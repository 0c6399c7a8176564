"""API fuzzing with schemathesis: every operation of the OpenAPI schema, anonymous and signed in, never a 5xx,
and every status it answers is one the schema documents."""

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from xxgk.api.api import api

# Ninja writes OpenAPI 3.1; schemathesis 3 reads it as 3.0 (the features used are the same).
schema = schemathesis.from_dict(api.get_openapi_schema(path_prefix="/api/v1"), base_url="http://testserver",
                                force_schema_version="30")
EXAMPLES = {"runs": 0}


def _call(client, case):
    kwargs = case.as_werkzeug_kwargs()
    path = kwargs["path"]
    if kwargs.get("query_string"):
        path += "?" + urlencode(kwargs["query_string"], doseq=True)
    body = kwargs.get("json")
    data = json.dumps(body) if body is not None else (kwargs.get("data") or "")
    headers = {k: v for k, v in (kwargs.get("headers") or {}).items()
               if k.lower() not in ("content-type", "content-length", "host")}
    return client.generic(kwargs["method"], path, data=data, content_type="application/json",
                          **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_server_errors_and_only_documented_statuses(case, client, world):
    documented = {str(code) for code in case.operation.definition.raw.get("responses", {})}
    for user in (None, "handler_x"):
        if user:
            client.force_login(world.users[user])
        else:
            client.logout()
        response = _call(client, case)
        EXAMPLES["runs"] += 1
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
        assert str(response.status_code) in documented, (
            f"{case.method} {case.formatted_path} answered {response.status_code}, documented {sorted(documented)}")


def test_zz_report_fuzz_examples(capsys):
    """Print how many requests the fuzzing sent (the suite's figure for the issue)."""
    with capsys.disabled():
        print(f"\nAPI fuzzing: {EXAMPLES['runs']} requests, no 5xx, every status documented")
