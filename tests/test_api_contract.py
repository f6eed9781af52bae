"""The API keeps the contract its OpenAPI document states: schemathesis calls every operation
of a live server with generated input, anonymously and with a personal access token, and
fails on any 5xx and on any response the document does not describe.

Bounded and deterministic: few examples per operation, a fixed seed (derandomize)."""

from __future__ import annotations

import uuid

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import PASSWORD
from tests.live import LiveServer, mailed_code

#: Streams never end, so a generated call would hang: they have tests of their own.
STREAMS = {"/api/v1/me/events", "/api/v1/dossiers/{dossier_id}/events"}
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("contract")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def token(live) -> str:
    http = requests.Session()
    email = f"contract-{uuid.uuid4().hex[:8]}@example.nl"
    r = http.post(
        f"{live.url}/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "Contract"},
        timeout=30,
    )
    assert r.status_code == 202, r.text
    r = http.post(
        f"{live.url}/api/v1/auth/verify",
        json={"email": email, "code": mailed_code(email)},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    r = http.post(
        f"{live.url}/api/v1/auth/tokens",
        json={"name": "contract"},
        headers={"X-CSRF-Token": r.json()["csrf_token"]},
        timeout=30,
    )
    assert r.status_code == 201, r.text
    return r.json()["token"]


def _operations(live):
    spec = requests.get(f"{live.url}/api/v1/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(spec)
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path not in STREAMS:
            yield operation


def test_the_api_keeps_its_contract(live, token):
    checked = 0
    for operation in _operations(live):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=4,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            for headers in ({}, {"Authorization": f"Bearer {token}"}):
                case.call_and_validate(
                    base_url=live.url, headers=headers, checks=CHECKS, timeout=30
                )

        call()
        checked += 1
    assert checked > 80
