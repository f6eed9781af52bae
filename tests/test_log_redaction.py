"""Request logs never hold the secret part of a share link (GDPR-07, ACL-05)."""

from __future__ import annotations

import logging
import secrets

import requests

from tests.live import LiveServer
from tests.waiting import wait_until


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_request_logs_mask_share_tokens(tmp_path):
    server = LiveServer(tmp_path).start()
    # Migrations reconfigure logging (alembic's fileConfig), so listen on the logger itself.
    collected = _Collect()
    logging.getLogger("werkzeug").addHandler(collected)
    token = secrets.token_urlsafe(32)
    try:
        requests.get(f"{server.url}/cv/{token}", timeout=10)
        media = "0b7c1c5e-7f6e-4a55-9d43-6a0c1d2e3f40"
        requests.get(f"{server.url}/cv/{token}/media/{media}", timeout=10)
        # The server logs a request line just after it has answered.
        wait_until(lambda: len(_request_lines(collected)) >= 2, what="two request lines")
    finally:
        logging.getLogger("werkzeug").removeHandler(collected)
        server.stop()
    lines = _request_lines(collected)
    assert any("/cv/" in line for line in lines), lines
    assert not any(token in line for line in lines), lines
    assert any("/cv/…" in line or "/cv/[token]" in line for line in lines), lines


def _request_lines(collected) -> list[str]:
    lines = [r.getMessage() for r in collected.records if r.name == "werkzeug"]
    return [line for line in lines if "/cv/" in line]


def test_ids_and_ordinary_paths_stay_readable():
    from app.log_redaction import redact

    assert redact('"GET /api/v1/media/0b7c1c5e-7f6e-4a55-9d43-6a0c1d2e3f40 HTTP/1.1" 200') == (
        '"GET /api/v1/media/0b7c1c5e-7f6e-4a55-9d43-6a0c1d2e3f40 HTTP/1.1" 200'
    )
    secret = secrets.token_urlsafe(32)
    assert secret not in redact(f'"GET /cv/{secret}/media/x HTTP/1.1" 404')
