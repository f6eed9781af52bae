"""The one guarded fetcher every outgoing request of the app goes through (app.outbound)."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from app import outbound
from app.credentials.sources import Sources, Unavailable


@pytest.fixture
def dripping_server():
    """Answers 200 at once, then sends its body a byte every 0.2 s (each read is quick, the
    whole answer is not)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b'{"padding": "' + b"x" * 30 + b'"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for byte in body:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_credential_source_that_drips_its_answer_is_given_up(dripping_server):
    sources = Sources(remote=True, allow_local_addresses=True, timeout=2, total_seconds=1)
    with pytest.raises(Unavailable) as caught:
        sources.get_json(f"{dripping_server}/status/1")
    assert caught.value.code == "fetch_failed"
    assert "too slow" in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "https://user:secret@issuer.example/keys/1",
        "https://:secret@issuer.example/keys/1",
        "https://issuer.example:99999/keys/1",
        "http://issuer.example/keys/1",  # https only, in production
        "https:///keys/1",
    ],
)
def test_a_credential_source_address_we_never_fetch_is_refused_before_any_lookup(monkeypatch, url):
    def no_lookup(*args, **kwargs):
        raise AssertionError("looked up")

    monkeypatch.setattr(outbound.socket, "getaddrinfo", no_lookup)
    with pytest.raises(Unavailable) as caught:
        Sources(remote=True).get_json(url)
    assert caught.value.code == "fetch_refused"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "::ffff:127.0.0.1", "::ffff:7f00:1", "10.0.0.1", "169.254.169.254",
        "::1", "fe80::1%eth0", "fc00::1", "0.0.0.0",  # noqa: S104
        "100.64.0.1", "224.0.0.1", "64:ff9b::a00:1",
    ],
)  # fmt: skip
def test_private_and_special_addresses_are_not_public(address):
    assert not outbound.is_public_address(address)


@pytest.mark.parametrize("host", ["2130706433", "0177.0.0.1", "0x7f.1", "127.1"])
def test_decimal_octal_and_short_forms_of_loopback_are_refused(host):
    with pytest.raises(outbound.FetchError) as caught:
        outbound.check_address(f"https://{host}/x")
    assert caught.value.code == "refused"


def test_one_verification_fetches_a_handful_of_documents_at_the_most(monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.credentials.data_integrity import add_proof
    from app.credentials.verify import verify_credential
    from tests.test_credentials_verify import issued

    fetched = []

    def fetch(url, **kwargs):
        fetched.append(url)
        raise outbound.FetchError("unreachable", "nobody home")

    monkeypatch.setattr(outbound, "fetch", fetch)
    key = Ed25519PrivateKey.generate()
    credential = issued(key)
    credential.pop("proof")
    proofs = [
        add_proof(credential, key, f"https://issuer{i}.example/keys/1")["proof"] for i in range(40)
    ]
    credential["proof"] = proofs
    credential["credentialStatus"] = [
        {"type": "BitstringStatusListEntry", "statusListIndex": "1",
         "statusListCredential": f"https://lists{i}.example/1"}
        for i in range(40)
    ]  # fmt: skip
    verdict = verify_credential(credential, Sources(remote=True))
    assert verdict.valid is False
    assert len(fetched) == Sources().max_fetches
