"""The signing core of verifiable credentials: offline contexts, Multikey/JWK, eddsa-rdfc-2022.

A credential signed here must verify with ``verify_proof`` and with an independent check: a
different JSON-LD processor and RDFC-1.0 implementation (Oxigraph) and a different Ed25519
implementation (libsodium through PyNaCl), with the hashes derived by hand from the spec.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from app.credentials import jsonld
from app.credentials.data_integrity import ProofInvalid, add_proof, proofs_of, verify_proof
from app.credentials.jwt import (
    JwtInvalid,
    credential_of,
    read_unverified,
    sign_vc_jwt,
    verify_vc_jwt,
)
from app.credentials.keys import (
    InvalidKey,
    did_key,
    did_key_verification_method,
    key_from_jwk,
    key_to_jwk,
    multibase_decode,
    multikey_to_public_key,
    public_key_from_did_key,
    public_key_to_multikey,
)

FIXTURES = Path(__file__).parent / "fixtures" / "openbadges"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def fragment_key(credential: dict):
    """The key of the 1EdTech fixtures: a Multikey in the verification method's fragment."""
    return multikey_to_public_key(proofs_of(credential)[0]["verificationMethod"].split("#")[1])


def badge(subject_id: str | None = None) -> dict:
    subject = {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://bagage.example/achievements/1",
            "type": ["Achievement"],
            "name": "Klasmanagement — niveau 3",
            "criteria": {"narrative": "Beoordeeld door de stagebegeleider."},
        },
    }
    if subject_id:
        subject["id"] = subject_id
    return {
        "@context": [jsonld.CREDENTIALS_V2, jsonld.OB_V3P0],
        "id": "urn:uuid:1b0f6a4e-3a1c-4c59-9b43-3d1d4cbd4f10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://bagage.example/issuer", "type": ["Profile"], "name": "Bagage"},
        "validFrom": "2025-06-30T12:00:00Z",
        "name": "Klasmanagement — niveau 3",
        "credentialSubject": subject,
    }


# --- contexts -----------------------------------------------------------------------------------


def test_the_document_loader_serves_local_contexts_and_refuses_every_other_url():
    loaded = jsonld.document_loader(jsonld.OB_V3P0)
    assert "OpenBadgeCredential" in loaded["document"]["@context"]
    loaded["document"]["@context"].clear()  # a caller changing its copy changes nothing
    assert "OpenBadgeCredential" in jsonld.document_loader(jsonld.OB_V3P0)["document"]["@context"]
    with pytest.raises(jsonld.ContextNotAvailable, match="not available offline"):
        jsonld.document_loader("https://www.w3.org/2018/credentials/v1")


def test_a_credential_with_an_unknown_context_cannot_be_signed_nor_verified():
    credential = badge()
    credential["@context"].append("https://example.org/unknown-context.json")
    key = Ed25519PrivateKey.generate()
    with pytest.raises(jsonld.ContextNotAvailable):
        add_proof(credential, key, "did:example:1#key")
    signed = add_proof(badge(), key, "did:example:1#key")
    signed["@context"].append("https://example.org/unknown-context.json")
    with pytest.raises(ProofInvalid) as caught:
        verify_proof(signed, key.public_key())
    assert caught.value.code == "context_unavailable"
    assert "unknown-context.json" in caught.value.message


# --- keys ---------------------------------------------------------------------------------------


def test_multikey_and_did_key_round_trip_an_ed25519_key():
    public = Ed25519PrivateKey.generate().public_key()
    multikey = public_key_to_multikey(public)
    assert multikey.startswith("z6Mk")
    assert multikey_to_public_key(multikey) == public
    assert did_key(public) == f"did:key:{multikey}"
    assert did_key_verification_method(public) == f"did:key:{multikey}#{multikey}"
    assert public_key_from_did_key(did_key_verification_method(public)) == public


def test_a_known_multikey_decodes_to_its_raw_key():
    # From the did:key method spec's Ed25519 example.
    multikey = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    raw = multikey_to_public_key(multikey).public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert multibase_decode(multikey)[:2] == b"\xed\x01"
    assert multibase_decode(multikey)[2:] == raw


@pytest.mark.parametrize(
    "bad",
    ["", "6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "z0OIl", "z" + "1" * 10, "zQ3s"],
)
def test_a_malformed_multikey_is_refused(bad):
    with pytest.raises(InvalidKey):
        multikey_to_public_key(bad)


def test_jwk_round_trips_ed25519_rsa_and_ec_keys_and_refuses_nonsense():
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    for private in (
        Ed25519PrivateKey.generate(),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        ec.generate_private_key(ec.SECP256R1()),
    ):
        public = private.public_key()
        jwk = key_to_jwk(public)
        assert "d" not in jwk
        again = key_from_jwk(jwk)
        assert again.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo) == (
            public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        )
    assert key_to_jwk(Ed25519PrivateKey.generate())["crv"] == "Ed25519"
    for bad in ({"kty": "oct", "k": "AAAA"}, {"kty": "OKP", "crv": "Ed25519"}, "[]", "{", 3):
        with pytest.raises(InvalidKey):
            key_from_jwk(bad)


# --- Data Integrity: the 1EdTech fixtures ---------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["simple", "complete", "endorsement-valid", "clr20-simple", "simple-err-expired"]
)
def test_the_signed_1edtech_fixtures_verify(name):
    credential = fixture(name)
    verify_proof(credential, fragment_key(credential))


def test_the_fixture_with_a_wrong_proof_value_does_not_verify():
    credential = fixture("simple-err-proof-value")
    with pytest.raises(ProofInvalid) as caught:
        verify_proof(credential, fragment_key(credential))
    assert caught.value.code == "signature"


def test_a_credential_without_proof_does_not_verify():
    with pytest.raises(ProofInvalid) as caught:
        verify_proof(fixture("simple-noproof"), Ed25519PrivateKey.generate().public_key())
    assert caught.value.code == "no_proof"


# --- Data Integrity: our own proofs ---------------------------------------------------------------


def test_add_proof_makes_an_eddsa_rdfc_2022_proof_that_verify_proof_accepts():
    key = Ed25519PrivateKey.generate()
    method = did_key_verification_method(key.public_key())
    credential = badge("did:example:pupil")
    signed = add_proof(credential, key, method, created=datetime(2025, 7, 1, 9, 30, 5, 123, UTC))
    assert "proof" not in credential  # a copy was signed
    proof = signed["proof"]
    assert proof == {
        "type": "DataIntegrityProof",
        "created": "2025-07-01T09:30:05Z",
        "verificationMethod": method,
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
        "proofValue": proof["proofValue"],
    }
    assert proof["proofValue"].startswith("z") and len(multibase_decode(proof["proofValue"])) == 64
    verify_proof(signed, key.public_key())
    verify_proof(json.loads(json.dumps(signed)), public_key_from_did_key(method))


def test_a_proof_does_not_verify_with_another_key():
    signed = add_proof(badge(), Ed25519PrivateKey.generate(), "did:example:1#k")
    with pytest.raises(ProofInvalid) as caught:
        verify_proof(signed, Ed25519PrivateKey.generate().public_key())
    assert caught.value.code == "signature"


def _tamperings():
    yield "name", lambda c: c.update(name="Klasmanagement — niveau 4")
    yield "validFrom", lambda c: c.update(validFrom="2025-06-30T12:00:01Z")
    yield "issuer name", lambda c: c["issuer"].update(name="Andere school")
    yield "subject id", lambda c: c["credentialSubject"].update(id="did:example:other")
    yield "achievement", lambda c: c["credentialSubject"]["achievement"].update(name="Niveau 4")
    yield "criteria", lambda c: c["credentialSubject"]["achievement"]["criteria"].clear()
    yield "type", lambda c: c["type"].pop()
    yield "added field", lambda c: c.update(validUntil="2099-01-01T00:00:00Z")
    yield "proof created", lambda c: c["proof"].update(created="2025-07-02T09:30:05Z")
    yield "proof method", lambda c: c["proof"].update(verificationMethod="did:example:2#k")


@pytest.mark.parametrize("what, change", list(_tamperings()), ids=[t[0] for t in _tamperings()])
def test_changing_any_signed_field_breaks_the_proof(what, change):
    key = Ed25519PrivateKey.generate()
    signed = add_proof(badge("did:example:pupil"), key, "did:example:1#k")
    tampered = copy.deepcopy(signed)
    change(tampered)
    with pytest.raises(ProofInvalid) as caught:
        verify_proof(tampered, key.public_key())
    assert caught.value.code == "signature"


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("cryptosuite", "ecdsa-rdfc-2019", "cryptosuite"),
        ("type", "Ed25519Signature2020", "proof_type"),
        ("proofPurpose", "authentication", "proof_purpose"),
        ("proofValue", "uNotBase58", "proof_value"),
        ("proofValue", "z3mR", "proof_value"),
        ("created", "yesterday", "proof_malformed"),
    ],
)
def test_a_proof_of_the_wrong_shape_is_refused_with_its_reason(field, value, code):
    key = Ed25519PrivateKey.generate()
    signed = add_proof(badge(), key, "did:example:1#k")
    signed["proof"][field] = value
    with pytest.raises(ProofInvalid) as caught:
        verify_proof(signed, key.public_key())
    assert caught.value.code == code


def test_a_second_proof_makes_a_proof_set_where_each_proof_verifies():
    first, second = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    signed = add_proof(add_proof(badge(), first, "did:example:1#a"), second, "did:example:1#b")
    assert len(signed["proof"]) == 2
    verify_proof(signed, first.public_key(), proof=signed["proof"][0])
    verify_proof(signed, second.public_key(), proof=signed["proof"][1])
    with pytest.raises(ProofInvalid):
        verify_proof(signed, first.public_key(), proof=signed["proof"][1])


# --- an independent check -------------------------------------------------------------------------


def _oxigraph_canonical(document: dict) -> str:
    """RDFC-1.0 N-Quads by Oxigraph's own JSON-LD parser and canonicaliser (contexts inlined)."""
    inlined = dict(document)
    inlined["@context"] = [
        jsonld.document_loader(url)["document"]["@context"] for url in document["@context"]
    ]
    dataset = pyoxigraph.Dataset(
        pyoxigraph.parse(json.dumps(inlined).encode(), format=pyoxigraph.RdfFormat.JSON_LD)
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return "".join(sorted(f"{quad} .\n" for quad in dataset))


def _independent_verify(signed: dict, raw_public_key: bytes) -> None:
    """eddsa-rdfc-2022 by hand: Oxigraph canonicalises, hashlib hashes, libsodium verifies."""
    proof = signed["proof"]
    document = {k: v for k, v in signed.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = document["@context"]
    signed_bytes = (
        hashlib.sha256(_oxigraph_canonical(config).encode()).digest()
        + hashlib.sha256(_oxigraph_canonical(document).encode()).digest()
    )
    signature = multibase_decode(proof["proofValue"])
    VerifyKey(raw_public_key).verify(signed_bytes, signature)


@pytest.mark.parametrize("subject_id", ["did:example:pupil", None], ids=["subject id", "bnode"])
def test_our_proof_verifies_with_an_independent_canonicaliser_and_ed25519(subject_id):
    key = Ed25519PrivateKey.generate()
    signed = add_proof(badge(subject_id), key, did_key_verification_method(key.public_key()))
    document = {k: v for k, v in signed.items() if k != "proof"}
    assert _oxigraph_canonical(document) == jsonld.canonize(document)
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    _independent_verify(signed, raw)
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Iets anders"
    with pytest.raises(BadSignatureError):
        _independent_verify(tampered, raw)


def test_the_independent_check_agrees_on_a_1edtech_fixture():
    credential = fixture("simple")
    credential["proof"] = credential["proof"][0]
    raw = fragment_key(credential).public_bytes(Encoding.Raw, PublicFormat.Raw)
    _independent_verify(credential, raw)


# --- VC-JWT -------------------------------------------------------------------------------------


def test_a_vc_jwt_we_sign_carries_the_credential_and_verifies_with_the_issuer_key():
    key = Ed25519PrivateKey.generate()
    credential = badge("did:example:pupil") | {"validUntil": "2030-01-01T00:00:00Z"}
    token = sign_vc_jwt(credential, key, "did:example:1#k")
    header, payload = read_unverified(token)
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "kid": "did:example:1#k"}
    assert credential_of(payload) == credential
    assert payload["iss"] == "https://bagage.example/issuer"
    assert payload["sub"] == "did:example:pupil"
    assert payload["nbf"] == 1751284800 and payload["exp"] == 1893456000
    assert verify_vc_jwt(token, key.public_key())["name"] == credential["name"]
    # PyNaCl agrees: the signature is Ed25519 over "header.payload".
    signing_input, _, signature = token.rpartition(".")
    VerifyKey(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).verify(
        signing_input.encode(), base64.urlsafe_b64decode(signature + "==")
    )


def test_a_vc_jwt_does_not_verify_with_another_key_or_when_changed():
    key = Ed25519PrivateKey.generate()
    token = sign_vc_jwt(badge(), key, "did:example:1#k", include_jwk=True)
    assert key_from_jwk(read_unverified(token)[0]["jwk"]) == key.public_key()
    with pytest.raises(JwtInvalid) as caught:
        verify_vc_jwt(token, Ed25519PrivateKey.generate().public_key())
    assert caught.value.code == "signature"
    header, payload, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(payload + "=="))
    payload["name"] = "Iets anders"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    with pytest.raises(JwtInvalid) as caught:
        verify_vc_jwt(f"{header}.{forged}.{signature}", key.public_key())
    assert caught.value.code == "signature"


def test_rs256_and_es256_vc_jwts_verify_and_the_algorithm_must_fit_the_key():
    import jwt as pyjwt
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    for key, alg in ((rsa_key, "RS256"), (ec_key, "ES256")):
        token = pyjwt.encode({"vc": badge()}, key, algorithm=alg)
        assert credential_of(verify_vc_jwt(token, key.public_key())) == badge()
    hmac = pyjwt.encode({"vc": badge()}, "s" * 32, algorithm="HS256")
    for token, key in ((hmac, rsa_key), (pyjwt.encode({}, rsa_key, algorithm="RS256"), ec_key)):
        with pytest.raises(JwtInvalid) as caught:
            verify_vc_jwt(token, key.public_key())
        assert caught.value.code == "jwt_algorithm"


@pytest.mark.parametrize("token", ["", "a.b", "not.a.jwt", "e30.W10.sig"])
def test_a_malformed_jwt_is_refused(token):
    with pytest.raises(JwtInvalid):
        read_unverified(token)
