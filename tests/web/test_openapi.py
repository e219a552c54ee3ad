"""The OpenAPI document tells the truth: Schemathesis, with all its checks, against a real
``casus serve`` on loopback finds nothing; vocabularies are enums; every error has one shape."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from casus.models import OPERATION_TYPES, RESPONSE_TYPES, SECTORS

BIN = Path(sys.executable).parent
MAX_EXAMPLES = 40  # per operation and phase: about 20 s for the whole run on two cores


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, extractor, seed_examples):
    """``casus serve`` over the example store, read-only, on a free loopback port."""
    db = tmp_path_factory.mktemp("serve") / "casus.db"
    seed_examples(str(db), extractor)
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "casus"), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(url + "/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("casus serve did not start")
        yield url
    finally:
        proc.terminate()
        _, errors = proc.communicate(timeout=20)
        assert "Traceback" not in errors, errors  # no request may end in a server error


def test_openapi_schemathesis_finds_no_failure(server):
    env = {**os.environ, "SCHEMATHESIS_HOOKS": ""}
    run = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            f"{server}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "9",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert run.returncode == 0, run.stdout[-6000:]
    assert " passed" in run.stdout and "failure" not in run.stdout.split("SUMMARY")[-1]


def test_openapi_vocabularies_are_enums(server):
    spec = httpx.get(server + "/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["ResponseType"]["enum"] == ["", *RESPONSE_TYPES]
    assert schemas["OperationType"]["enum"] == ["", *OPERATION_TYPES]
    assert schemas["Sector"]["enum"] == ["", *SECTORS]


def test_openapi_documents_every_error_with_one_shape(server):
    spec = httpx.get(server + "/openapi.json").json()
    paths = spec["paths"]
    error = {"$ref": "#/components/schemas/Error"}

    def schema(path, method, code):
        return paths[path][method]["responses"][str(code)]["content"]["application/json"]["schema"]

    assert schema("/api/documents", "post", 401) == error
    assert schema("/api/documents", "post", 413) == error
    for path in ("/api/incidents/{incident_id}", "/api/documents/{doc_id}", "/api/actors/{actor_id}"):
        assert schema(path, "get", 404) == error and schema(path, "get", 422) == error
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    bodies = [
        httpx.get(server + "/api/incidents", params={"per_page": 0}),
        httpx.get(server + "/api/incidents/000000000000"),
        httpx.post(server + "/api/documents", json={"text": "x"}),
        httpx.post(server + "/api/documents", content=b"x" * (7 * 1024 * 1024)),
    ]
    assert [b.status_code for b in bodies] == [422, 404, 401, 413]
    for b in bodies:
        body = b.json()
        assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str)
    assert bodies[0].json()["errors"][0]["loc"] == ["query", "per_page"]
