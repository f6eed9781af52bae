"""The instance as an issuer: its keys, its DID (did:web), its Open Badges profile, the JSON
Web Key Set for VC-JWT, and the one status list that says which credentials it revoked.

The keys come from CREDENTIAL_SIGNING_KEYS (config.py): the first signs, every one stays
published, so credentials signed with a key that was rotated out keep verifying.
"""

from __future__ import annotations

import base64
import gzip
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from flask import current_app

from app.credentials.data_integrity import add_proof, format_datetime
from app.credentials.jsonld import CREDENTIALS_V2, OB_V3P0
from app.credentials.keys import key_to_jwk, multikey_document, public_key_to_multikey
from config import parse_signing_key

#: Bits in the status list: the Bitstring Status List's minimum, so that one credential's
#: bit hides among many (herd privacy); indexes are given at random.
STATUS_LIST_SIZE = 131072
#: The one list of this instance; a second would get the next number.
STATUS_LIST_ID = "1"
STATUS_PURPOSE = "revocation"


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    #: The verification method: did:web:<host>#<multikey>; also the JWT's `kid`.
    id: str

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


def public_url() -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/")


def issuer_did() -> str:
    """did:web of PUBLIC_URL: the host (a port written %3A), then any path as :-segments."""
    parts = urlsplit(public_url())
    path = [quote(p, safe="") for p in parts.path.split("/") if p]
    return ":".join(["did:web", quote(parts.netloc, safe=""), *path])


def signing_keys() -> list[SigningKey]:
    """Every configured key, the signing one first."""
    did = issuer_did()
    keys = []
    for text in current_app.config["CREDENTIAL_SIGNING_KEYS"]:
        private = parse_signing_key(text)
        keys.append(SigningKey(private, f"{did}#{public_key_to_multikey(private.public_key())}"))
    return keys


def signing_key() -> SigningKey:
    return signing_keys()[0]


def did_document() -> dict:
    """GET /.well-known/did.json: every key as a Multikey, each one an assertion method."""
    did = issuer_did()
    methods = [multikey_document(did, key.public, key.id) for key in signing_keys()]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
        "authentication": [m["id"] for m in methods],
        "alsoKnownAs": [public_url()],
    }


def jwks() -> dict:
    """The same keys as a JSON Web Key Set, for VC-JWT."""
    return {
        "keys": [
            {**key_to_jwk(key.public), "kid": key.id, "alg": "EdDSA", "use": "sig"}
            for key in signing_keys()
        ]
    }


def issuer_profile() -> dict:
    """The Open Badges issuer Profile, embedded in every credential and served on its own."""
    return {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": current_app.config["CREDENTIAL_ISSUER_NAME"],
        "url": public_url(),
    }


def issuer_profile_document() -> dict:
    return {"@context": [CREDENTIALS_V2, OB_V3P0], **issuer_profile()}


# --- the status list ---------------------------------------------------------------------


def status_list_url() -> str:
    return f"{public_url()}/credentials/status/{STATUS_LIST_ID}"


def status_entry(index: int) -> dict:
    """A credential's `credentialStatus`: its bit in the instance's revocation list."""
    url = status_list_url()
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encoded_list(indexes) -> str:
    """The bitstring with these bits set (bit 0 the left-most of the first byte), GZIP'd and
    multibase base64url-encoded (no padding), as the Bitstring Status List says."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


_signed_lists: dict[tuple, dict] = {}
_signed_lists_lock = threading.Lock()


def status_list_credential(revoked_indexes) -> dict:
    """The signed BitstringStatusListCredential for this set of revoked bits. Made afresh
    whenever the set changes (a revocation), and kept while it does not."""
    key = signing_key()
    cache_key = (key.id, public_url(), frozenset(revoked_indexes))
    with _signed_lists_lock:
        if cache_key in _signed_lists:
            return _signed_lists[cache_key]
    url = status_list_url()
    now = datetime.now(UTC).replace(microsecond=0)
    unsigned = {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": format_datetime(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encoded_list(revoked_indexes),
        },
    }
    signed = add_proof(unsigned, key.private, key.id, created=now)
    with _signed_lists_lock:
        if len(_signed_lists) > 16:  # only the newest matter
            _signed_lists.clear()
        _signed_lists[cache_key] = signed
    return signed
