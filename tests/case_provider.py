"""A CASE 1.0 provider served by the tests themselves: real HTTP on a free local port, from
packages the test hands it (fixture files), plus answers that misbehave (slow, too big, a
redirect somewhere else). Nothing here leaves this machine."""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

API = "/ims/case/v1p0"
# Real CASE packages from OpenSALT (MIT, see fixtures/case/LICENSE.opensalt).
CASE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "case"
OPENSALT = sorted(CASE_FIXTURES.glob("opensalt-*.json"))


def load_fixture(name: str) -> dict:
    return json.loads((CASE_FIXTURES / name).read_text(encoding="utf-8"))


def opensalt_as_served(identifier: str | None = None) -> dict:
    """OpenSALT's sequence-number framework the way CASE servers really write it: numbers as
    text, nulls for empty fields, dates without a time zone, the item type only as a link,
    definitions keyed by identifier, fields CASE 1.0 does not have."""
    package = load_fixture("opensalt-SequenceNumberFramework.json")
    if identifier:
        package = json.loads(json.dumps(package).replace(package["CFDocument"]["identifier"],
                                                         identifier))  # fmt: skip
    document = package["CFDocument"]
    document["description"] = None
    document["lastChangeDateTime"] = "2017-11-03 23:00:33"
    package["CFPackageURI"] = {"title": "x", "identifier": document["identifier"],
                               "uri": document["uri"]}  # fmt: skip
    first, second = package["CFItems"]
    first["notes"] = None
    first["lastChangeDateTime"] = "2017-11-03T23:02:07"
    first["conceptKeywords"] = "eerste"
    second["CFItemTypeURI"] = {"title": "Standard", "identifier": str(uuid.uuid4()),
                               "uri": "https://server/ims/case/v1p0/CFItemTypes/x"}  # fmt: skip
    for association in package["CFAssociations"]:
        association["sequenceNumber"] = str(association["sequenceNumber"])
        association["CFAssociationGroupingURI"] = None
    item_type = {"identifier": "b0000000-0000-0000-0000-000000000000", "uri": "https://s/t",
                 "title": "Standard", "description": None, "hierarchyCode": 1,
                 "typeCode": None, "lastChangeDateTime": "2018-01-31T19:51:09",
                 "extensions": {"x": 1}}  # fmt: skip
    package["CFDefinitions"] = {
        "CFConcepts": None,
        "CFItemTypes": {item_type["identifier"]: item_type},
        "CFSubjects": [],
    }
    return package


class CaseProvider:
    def __init__(self, packages: list[dict]) -> None:
        self.packages = {p["CFDocument"]["identifier"]: p for p in packages}
        #: Where /redirect sends a client.
        self.redirect_to = ""
        #: How long /slow waits before it answers.
        self.delay = 2.0
        self.requests: list[str] = []
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> CaseProvider:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        self.requests.append(request.path)
        return self._answer(request.path)(environ, start_response)

    def _answer(self, path: str) -> Response:
        if path == f"{API}/CFDocuments":
            documents = [p["CFDocument"] for p in self.packages.values()]
            return _json({"CFDocuments": documents})
        if path.startswith(f"{API}/CFPackages/"):
            package = self.packages.get(path.rsplit("/", 1)[-1])
            return _json(package) if package else _json({"imsx_codeMajor": "failure"}, 404)
        if path == "/redirect" + f"{API}/CFDocuments":
            return Response(status=302, headers={"Location": self.redirect_to})
        if path.startswith("/slow"):
            time.sleep(self.delay)
            return _json({"CFDocuments": []})
        if path.startswith("/big-declared"):
            return Response(b"[" + b" " * 5000 + b"]", content_type="application/json")
        if path.startswith("/big"):
            # Streamed without a length: the client has to count.
            return Response((b" " * 1000 for _ in range(50)), content_type="application/json")
        if path == f"/not-case{API}/CFDocuments":
            return _json({"hello": "world"})
        return _json({"imsx_codeMajor": "failure"}, 404)


def _json(payload, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json")
