"""The credential verifier: the 1EdTech fixtures get the official validator's verdicts, our
own credentials verify, and every failure says why. POST /api/v1/credentials/verify is open to
anyone (a recruiter has no account), throttled and size-limited."""

from __future__ import annotations

import base64
import copy
import gzip
import http.server
import io
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, PngImagePlugin

from app.credentials import jsonld
from app.credentials.data_integrity import add_proof
from app.credentials.jwt import sign_vc_jwt
from app.credentials.keys import (
    did_key,
    did_key_verification_method,
    multikey_document,
    public_key_to_multikey,
)
from app.credentials.sources import Sources, register_local_source, unregister_local_source
from app.credentials.verify import verify_credential

FIXTURES = Path(__file__).parent / "fixtures" / "openbadges"
URL = "/api/v1/credentials/verify"

# The 1EdTech validator's verdicts (tests/fixtures/openbadges/README.md); for a failure, the
# check that fails and its reason.
VERDICTS = {
    "simple.json": (True, None),
    "complete.json": (True, None),
    "endorsement-valid.json": (True, None),
    "clr20-simple.json": (True, None),
    "simple-json.png": (True, None),
    "simple-json.svg": (True, None),
    "simple-jwt.png": (True, None),
    "simple-jwt.svg": (True, None),
    "simple-err-expired.json": (False, ("expiry", "expired")),
    "simple-err-proof-value.json": (False, ("proof", "signature")),
    "simple-noproof.json": (False, ("proof", "no_proof")),
    "simple.jwt": (False, ("key", "jwt_no_key")),
}


def failures(verdict: dict) -> set[tuple[str, str]]:
    return {(c["name"], c["code"]) for c in verdict["checks"] if c["status"] == "failed"}


def post(client, credential) -> dict:
    response = client.post(URL, json={"credential": credential})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def as_sent(name: str):
    data = (FIXTURES / name).read_bytes()
    if name.endswith(".png"):
        return "data:image/png;base64," + base64.b64encode(data).decode()
    return data.decode()


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_each_1edtech_fixture_gets_the_official_validators_verdict(client, name):
    valid, reason = VERDICTS[name]
    verdict = post(client, as_sent(name))
    assert verdict["valid"] is valid, verdict["checks"]
    if reason:
        assert reason in failures(verdict)
    else:
        assert failures(verdict) == set()
        assert {c["name"] for c in verdict["checks"] if c["status"] == "ok"} >= {
            "format",
            "structure",
            "proof",
        }


def test_the_expired_fixture_has_a_good_signature_and_says_when_it_expired(client):
    verdict = post(client, as_sent("simple-err-expired.json"))
    assert failures(verdict) == {("expiry", "expired")}
    expired = next(c for c in verdict["checks"] if c["name"] == "expiry")
    assert "2010-01-01" in expired["message"]


def test_the_verdict_summarises_the_credential_for_people(client):
    verdict = post(client, json.loads(as_sent("simple.json")))
    assert verdict["format"] == "json"
    assert verdict["summary"] == {
        "name": "Teamwork Badge",
        "issuer_id": "https://example.com/issuers/876543",
        "issuer_name": "Example Corp",
        "achievement_name": "Teamwork",
        "achievement_description": "This badge recognizes the development of the capacity to "
        "collaborate within a group environment.",
        "subject": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "valid_from": "2010-01-01T00:00:00Z",
        "valid_until": None,
        "types": ["VerifiableCredential", "OpenBadgeCredential"],
    }
    # The key sits in the credential itself (as the validator accepts): said, not hidden.
    key = next(c for c in verdict["checks"] if c["name"] == "key")
    assert (key["status"], key["code"]) == ("warning", "key_in_credential")


def _tamperings():
    yield "name", lambda c: c.update(name="Leadership Badge")
    yield "issuer name", lambda c: c["issuer"].update(name="Other Corp")
    yield "validFrom", lambda c: c.update(validFrom="2010-01-02T00:00:00Z")
    yield "subject", lambda c: c["credentialSubject"].update(id="did:example:someone-else")
    yield "achievement", lambda c: c["credentialSubject"]["achievement"].update(name="Lead")
    yield (
        "criteria",
        lambda c: c["credentialSubject"]["achievement"]["criteria"].update(narrative="Anyone."),
    )
    yield "type", lambda c: c["type"].append("EndorsementCredential")
    yield "id", lambda c: c.update(id="http://example.com/credentials/3528")
    yield "proof created", lambda c: c["proof"][0].update(created="2010-01-01T19:23:25Z")


@pytest.mark.parametrize("what, change", list(_tamperings()), ids=[t[0] for t in _tamperings()])
def test_changing_any_field_of_a_valid_fixture_makes_it_invalid(client, what, change):
    credential = json.loads(as_sent("simple.json"))
    change(credential)
    verdict = post(client, credential)
    assert verdict["valid"] is False
    assert ("proof", "signature") in failures(verdict)


def test_another_key_under_the_issuers_address_is_refused_when_its_controller_differs(client):
    credential = json.loads(as_sent("simple.json"))
    key = Ed25519PrivateKey.generate()
    del credential["proof"]
    method = f"https://example.com/issuers/other#{public_key_to_multikey(key.public_key())}"
    forged = add_proof(credential, key, method)
    verdict = post(client, forged)
    assert ("key", "key_controller") in failures(verdict)


# --- our own credentials --------------------------------------------------------------------


def issued(key: Ed25519PrivateKey, **extra) -> dict:
    issuer = did_key(key.public_key())
    credential = {
        "@context": [jsonld.CREDENTIALS_V2, jsonld.OB_V3P0],
        "id": "urn:uuid:6f1d5a55-8d1c-4a4b-9d55-0f3a3c5d2e11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Bagage"},
        "validFrom": "2025-06-30T12:00:00Z",
        "name": "Stageverslag bevestigd",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:0c2b7e0e-4b8e-4d0c-8a53-8d9a3b2f4c11",
                "type": ["Achievement"],
                "name": "Stage 2 — bevestigd",
                "criteria": {"narrative": "De stagementor bevestigde het verslag."},
            },
        },
        **extra,
    }
    return add_proof(credential, key, did_key_verification_method(key.public_key()))


def test_a_credential_signed_by_add_proof_with_a_did_key_is_valid_without_warnings(client):
    verdict = post(client, issued(Ed25519PrivateKey.generate()))
    assert verdict["valid"] is True
    assert {(c["name"], c["status"]) for c in verdict["checks"]} == {
        ("format", "ok"),
        ("structure", "ok"),
        ("key", "ok"),
        ("proof", "ok"),
    }
    assert verdict["summary"]["achievement_name"] == "Stage 2 — bevestigd"


def test_our_vc_jwt_with_a_did_key_kid_is_valid_and_a_forged_one_is_not(client):
    key = Ed25519PrivateKey.generate()
    credential = {k: v for k, v in issued(key).items() if k != "proof"}
    token = sign_vc_jwt(credential, key, did_key_verification_method(key.public_key()))
    verdict = post(client, token)
    assert verdict["valid"] is True and verdict["format"] == "jwt"
    header, payload, signature = token.split(".")
    other = sign_vc_jwt(credential | {"name": "Iets anders"}, key, "did:key:x").split(".")[1]
    assert post(client, f"{header}.{other}.{signature}")["valid"] is False


def test_a_credential_baked_into_a_png_or_svg_verifies(client):
    credential = issued(Ed25519PrivateKey.generate())
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadgecredential", json.dumps(credential), zip=True)
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(png, "PNG", pnginfo=info)
    verdict = post(client, "data:image/png;base64," + base64.b64encode(png.getvalue()).decode())
    assert (verdict["valid"], verdict["format"]) == (True, "png")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        f"<openbadges:credential><![CDATA[{json.dumps(credential)}]]></openbadges:credential></svg>"
    )
    assert post(client, svg)["valid"] is True
    plain = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(plain, "PNG")
    verdict = post(client, "data:image/png;base64," + base64.b64encode(plain.getvalue()).decode())
    assert failures(verdict) == {("format", "no_baked_credential")}


def test_dates_decide_expired_and_not_yet_valid():
    key = Ed25519PrivateKey.generate()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = issued(key, validUntil="2027-01-01T00:00:00Z")
    assert verify_credential(later, Sources(), now=now).valid is True
    assert verify_credential(later, Sources(), now=datetime(2027, 6, 1, tzinfo=UTC)).valid is False
    early = issued(key, validFrom="2026-06-01T00:00:00Z")
    verdict = verify_credential(early, Sources(), now=now).as_dict()
    assert failures(verdict) == {("valid_from", "not_yet_valid")}


# --- revocation ------------------------------------------------------------------------------


def status_list(
    key: Ed25519PrivateKey, url: str, revoked: set[int], issuer: str | None = None, method=None
) -> dict:
    bits = bytearray(16 * 1024)  # 131072 entries, the minimum the spec asks
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    credential = {
        "@context": [jsonld.CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer or did_key(key.public_key()),
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }
    return add_proof(credential, key, method or did_key_verification_method(key.public_key()))


def with_status(key, url: str, index: int) -> dict:
    return issued(
        key,
        credentialStatus={
            "id": f"{url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": url,
        },
    )


@pytest.fixture
def local_list():
    """This instance's own status list, served without the network."""
    key = Ed25519PrivateKey.generate()
    url = "https://bagage.example/credentials/status/1"
    served = {url: status_list(key, url, revoked={7})}
    source = served.get
    register_local_source(source)
    yield key, url, served
    unregister_local_source(source)


def test_a_revoked_credential_is_invalid_and_another_on_the_same_list_is_not(client, local_list):
    key, url, _ = local_list
    verdict = post(client, with_status(key, url, 7))
    assert failures(verdict) == {("status", "revoked")}
    verdict = post(client, with_status(key, url, 8))
    assert verdict["valid"] is True
    assert ("status", "ok", "not_revoked") in {
        (c["name"], c["status"], c["code"]) for c in verdict["checks"]
    }


def test_a_status_list_from_someone_else_is_not_trusted(client, local_list):
    key, url, served = local_list
    served[url] = status_list(Ed25519PrivateKey.generate(), url, revoked=set())
    assert failures(post(client, with_status(key, url, 7))) == {("status", "status_untrusted")}


def test_with_fetching_off_an_unknown_status_list_is_a_warning_not_a_verdict(client):
    key = Ed25519PrivateKey.generate()
    verdict = post(client, with_status(key, "https://elsewhere.example/status/1", 3))
    assert verdict["valid"] is True
    status = next(c for c in verdict["checks"] if c["name"] == "status")
    assert (status["status"], status["code"]) == ("warning", "status_unavailable")


@pytest.fixture
def web_server():
    """A server on this machine that answers GET with the JSON documents it is given."""
    documents: dict[str, dict] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            document = documents.get(self.path)
            body = json.dumps(document).encode() if document else b"{}"
            self.send_response(200 if document else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", documents
    server.shutdown()
    server.server_close()


def test_remote_keys_and_status_lists_are_fetched_only_when_allowed(
    app, client, monkeypatch, web_server
):
    base, documents = web_server
    key = Ed25519PrivateKey.generate()
    issuer = f"{base}/issuer"
    documents["/keys/1"] = multikey_document(issuer, key.public_key(), id=f"{base}/keys/1")
    documents["/status/1"] = status_list(
        key, f"{base}/status/1", revoked={5}, issuer=issuer, method=f"{base}/keys/1"
    )
    credential = with_status(key, f"{base}/status/1", 5)
    credential = {k: v for k, v in credential.items() if k != "proof"}
    credential["issuer"] = {"id": issuer, "type": ["Profile"], "name": "Elders"}
    credential = add_proof(credential, key, f"{base}/keys/1")

    # Off (the tests' default): nothing fetched, the verdict says what it could not check.
    verdict = post(client, credential)
    assert {(c["name"], c["status"]) for c in verdict["checks"]} >= {
        ("key", "warning"),
        ("status", "warning"),
    }
    assert verdict["valid"] is True
    # On, but local addresses refused (as in production): refused, and so not valid.
    monkeypatch.setitem(app.config, "CREDENTIALS_FETCH_REMOTE", True)
    verdict = post(client, credential)
    assert ("key", "key_unavailable") in failures(verdict)
    # On for this local server: the key verifies the proof and the list says revoked.
    monkeypatch.setitem(app.config, "CREDENTIALS_FETCH_ALLOW_LOCAL", True)
    verdict = post(client, credential)
    assert failures(verdict) == {("status", "revoked")}
    assert ("proof", "ok") in {(c["name"], c["status"]) for c in verdict["checks"]}


def test_a_remote_document_larger_than_the_limit_is_refused(web_server):
    base, documents = web_server
    documents["/big"] = {"padding": "x" * 5000}
    sources = Sources(remote=True, allow_local_addresses=True, max_bytes=1000)
    from app.credentials.sources import Unavailable

    with pytest.raises(Unavailable) as caught:
        sources.get_json(f"{base}/big")
    assert caught.value.code == "fetch_too_large"


# --- the endpoint ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [{}, {"credential": 3}, {"credential": ""}, {"credential": ["a"]}, {"credential": None}],
)
def test_a_body_without_a_credential_is_refused_in_the_error_format(client, body):
    response = client.post(URL, json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize(
    "text, code",
    [
        ("hello", "unreadable"),
        ("[1, 2]", "unreadable"),
        ("<svg xmlns='http://www.w3.org/2000/svg'/>", "no_baked_credential"),
        ("<svg><!ENTITY", "unreadable"),
        ("data:image/png;base64,aGVsbG8=", "unreadable"),
    ],
)
def test_text_that_is_no_credential_gets_an_invalid_verdict_with_the_reason(client, text, code):
    verdict = post(client, text)
    assert verdict["valid"] is False
    assert failures(verdict) == {("format", code)}


def test_a_png_data_url_that_is_not_base64_is_refused(client):
    response = client.post(URL, json={"credential": "data:image/png;base64,@@@"})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"credential": ["Not valid base64."]}


def test_an_oversized_body_is_refused(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CREDENTIAL_BYTES", 2000)
    response = client.post(URL, json={"credential": "x" * 3000})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"]


def test_verifying_is_throttled_per_client_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "CREDENTIAL_CHECK_LIMIT", "3 per minute")
    statuses = [client.post(URL, json={"credential": "x"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_credential_is_not_changed_by_verifying_it():
    credential = issued(Ed25519PrivateKey.generate())
    before = copy.deepcopy(credential)
    verify_credential(credential, Sources())
    assert credential == before


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _png_with(chunk_type: bytes, body: bytes) -> str:
    chunk = len(body).to_bytes(4, "big") + chunk_type + body + b"\0\0\0\0"
    png = b"\x89PNG\r\n\x1a\n" + chunk
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.mark.parametrize(
    "credential",
    [
        # A JWT whose payload nests deeper than Python's parser can follow.
        _b64url(b'{"alg":"EdDSA"}') + "." + _b64url(b"[" * 50_000 + b"]" * 50_000) + ".AAAA",
        # A baked PNG whose compressed credential is not zlib at all.
        _png_with(b"iTXt", b"openbadgecredential\0\x01\0\0\0not zlib"),
        # A baked PNG whose credential nests too deep.
        _png_with(b"tEXt", b"openbadgecredential\0" + b"[" * 50_000 + b"]" * 50_000),
    ],
    ids=["deep-jwt", "png-bad-zlib", "png-deep-json"],
)
def test_a_hostile_credential_gets_an_unreadable_verdict_not_an_error(client, credential):
    verdict = post(client, credential)
    assert verdict["valid"] is False
    assert failures(verdict) == {("format", "unreadable")}


def test_a_key_named_in_the_fragment_under_our_did_web_is_checked_against_our_document(app):
    """Someone signs with a key of their own and names it under this instance's did:web: the
    instance's DID document (a local source, no network) does not publish it: forged."""
    from app.issuing import issuer

    with app.test_request_context():
        ours = issuer.issuer_profile()
        key = Ed25519PrivateKey.generate()
        credential = {k: v for k, v in issued(key).items() if k != "proof"}
        credential["issuer"] = ours
        did = ours["id"]
        forged = add_proof(credential, key, f"{did}#{public_key_to_multikey(key.public_key())}")
        verdict = verify_credential(forged, Sources(remote=False))
    assert verdict.valid is False
    assert ("key", "failed", "key_not_found") in {
        (c.name, c.status, c.code) for c in verdict.checks
    }
