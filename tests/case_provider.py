"""A CASE 1.0 provider served by the tests themselves: real HTTP on a free local port, from
packages the test hands it (fixture files), plus answers that misbehave (slow, too big, a
redirect somewhere else). Nothing here leaves this machine."""

from __future__ import annotations

import json
import threading
import time

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

API = "/ims/case/v1p0"


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
