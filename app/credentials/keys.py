"""Keys for credentials: Ed25519 public keys as Multikey (``z6Mk...``) and ``did:key``, and JWK.

A Multikey is the multicodec prefix of the key type followed by the raw key, written in multibase
base58btc (a leading ``z``). For Ed25519 (multicodec ``0xed``) every such key starts ``z6Mk``.
"""

from __future__ import annotations

import json
from typing import Any

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

ED25519_PUB = b"\xed\x01"  # multicodec ed25519-pub, as an unsigned varint


class InvalidKey(ValueError):
    """A key that cannot be read: wrong encoding, wrong type or wrong length."""


def multibase_encode(data: bytes) -> str:
    """Multibase base58btc: ``z`` followed by base58 (Bitcoin alphabet)."""
    return "z" + base58.b58encode(data).decode("ascii")


def multibase_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise InvalidKey("not multibase base58btc (it must start with 'z')")
    try:
        return base58.b58decode(text[1:])
    except ValueError as exc:
        raise InvalidKey("not valid base58") from exc


def public_key_to_multikey(key: Ed25519PublicKey) -> str:
    """The Multikey form of an Ed25519 public key: ``z6Mk...``."""
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return multibase_encode(ED25519_PUB + raw)


def multikey_to_public_key(multikey: str) -> Ed25519PublicKey:
    """An Ed25519 public key from its Multikey form; InvalidKey for anything else."""
    data = multibase_decode(multikey)
    if not data.startswith(ED25519_PUB):
        raise InvalidKey("not an Ed25519 Multikey (multicodec 0xed)")
    raw = data[len(ED25519_PUB) :]
    if len(raw) != 32:
        raise InvalidKey("an Ed25519 public key has 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def did_key(key: Ed25519PublicKey) -> str:
    """The ``did:key`` of an Ed25519 public key."""
    return "did:key:" + public_key_to_multikey(key)


def did_key_verification_method(key: Ed25519PublicKey) -> str:
    """The verification method of a ``did:key``: the DID with the Multikey as fragment."""
    multikey = public_key_to_multikey(key)
    return f"did:key:{multikey}#{multikey}"


def public_key_from_did_key(did: str) -> Ed25519PublicKey:
    """The public key a ``did:key`` (or one of its verification methods) names."""
    if not did.startswith("did:key:"):
        raise InvalidKey("not a did:key")
    return multikey_to_public_key(did[len("did:key:") :].split("#", 1)[0])


def multikey_document(controller: str, key: Ed25519PublicKey, id: str | None = None) -> dict:
    """A Multikey verification method, as published in a DID document or an issuer profile."""
    multikey = public_key_to_multikey(key)
    return {
        "id": id or f"{controller}#{multikey}",
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": multikey,
    }


def key_to_jwk(key: Any) -> dict[str, Any]:
    """A public (or private) key as a JWK dict. Ed25519 gives OKP, RSA gives RSA, EC gives EC."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if isinstance(key, Ed25519PublicKey | Ed25519PrivateKey):
        jwk = OKPAlgorithm.to_jwk(key, as_dict=True)
    elif isinstance(key, rsa.RSAPublicKey | rsa.RSAPrivateKey):
        jwk = RSAAlgorithm.to_jwk(key, as_dict=True)
    elif isinstance(key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey):
        jwk = ECAlgorithm.to_jwk(key, as_dict=True)
    else:
        raise InvalidKey(f"no JWK for a {type(key).__name__}")
    return dict(jwk)


def key_from_jwk(jwk: dict[str, Any] | str) -> Any:
    """A ``cryptography`` key from a JWK (OKP Ed25519, RSA or EC); InvalidKey if it is none."""
    if isinstance(jwk, str):
        try:
            jwk = json.loads(jwk)
        except ValueError as exc:
            raise InvalidKey("a JWK must be a JSON object") from exc
    if not isinstance(jwk, dict):
        raise InvalidKey("a JWK must be a JSON object")
    kty = jwk.get("kty")
    algorithm = {"OKP": OKPAlgorithm, "RSA": RSAAlgorithm, "EC": ECAlgorithm}.get(kty)
    if algorithm is None:
        raise InvalidKey(f"unsupported JWK key type {kty!r}")
    try:
        return algorithm.from_jwk(jwk)
    except Exception as exc:  # PyJWT raises InvalidKeyError, ValueError, KeyError...
        raise InvalidKey(f"not a valid {kty} JWK") from exc
