"""VC-JWT: a credential signed as a compact JWS (Open Badges 3.0 "JSON Web Token Proof Format").

We sign with EdDSA (Ed25519). The payload is the credential itself plus the registered claims
``iss``, ``jti``, ``sub``, ``nbf`` and ``exp`` derived from it; older VC-JWTs (VC Data Model 1.1)
carry the credential in a ``vc`` claim instead, and both are read. Verification accepts EdDSA,
RS256 and ES256, the algorithm bound to the key's type (no "alg: none", no HMAC).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

import jwt as pyjwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.credentials.keys import key_to_jwk
from app.input import BadJSON, TooDeep, loads

ALGORITHMS = ("EdDSA", "RS256", "ES256")
MEDIA_TYPE = "vc+jwt"
_REGISTERED = ("iss", "jti", "sub", "aud", "nbf", "exp", "iat")


class JwtInvalid(Exception):
    """A VC-JWT that cannot be read or does not verify; ``code`` names what failed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _epoch(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def _id(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def sign_vc_jwt(
    credential: dict,
    private_key: Ed25519PrivateKey,
    kid: str,
    include_jwk: bool = False,
) -> str:
    """The credential as a compact VC-JWT signed with EdDSA; ``kid`` names the key.

    ``include_jwk`` also puts the public key in the header (as the 1EdTech validator accepts),
    which lets a verifier check the signature offline; trust still comes from the issuer's key.
    """
    payload: dict[str, Any] = dict(credential)
    claims = {
        "iss": _id(credential.get("issuer")),
        "jti": credential.get("id") if isinstance(credential.get("id"), str) else None,
        "sub": _id(credential.get("credentialSubject")),
        "nbf": _epoch(credential.get("validFrom")),
        "exp": _epoch(credential.get("validUntil")),
    }
    payload.update({k: v for k, v in claims.items() if v is not None})
    headers: dict[str, Any] = {"typ": MEDIA_TYPE, "kid": kid}
    if include_jwk:
        headers["jwk"] = key_to_jwk(private_key.public_key())
    return pyjwt.encode(payload, private_key, algorithm="EdDSA", headers=headers)


def looks_like_jwt(text: str) -> bool:
    parts = text.strip().split(".")
    return (
        len(parts) == 3
        and all(parts[:2])
        and all(c.isalnum() or c in "-_=" for c in "".join(parts))
    )


def _b64json(part: str, what: str) -> dict:
    try:
        data = loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError, BadJSON, TooDeep) as exc:
        raise JwtInvalid("jwt_malformed", f"The JWT {what} is not base64url JSON.") from exc
    if not isinstance(data, dict):
        raise JwtInvalid("jwt_malformed", f"The JWT {what} is not a JSON object.")
    return data


def read_unverified(token: str) -> tuple[dict, dict]:
    """The header and payload of a compact JWS, not yet verified; JwtInvalid if malformed."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise JwtInvalid("jwt_malformed", "A compact JWT has three parts separated by dots.")
    return _b64json(parts[0], "header"), _b64json(parts[1], "payload")


def credential_of(payload: dict) -> dict:
    """The credential a VC-JWT payload carries: the payload itself, or its ``vc`` claim."""
    vc = payload.get("vc")
    if isinstance(vc, dict):
        return vc
    return {k: v for k, v in payload.items() if k not in _REGISTERED}


def _algorithm_for(key: Any) -> str:
    if isinstance(key, Ed25519PublicKey):
        return "EdDSA"
    if isinstance(key, rsa.RSAPublicKey):
        return "RS256"
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return "ES256"
    raise JwtInvalid("jwt_key", f"A {type(key).__name__} cannot verify a VC-JWT here.")


def verify_vc_jwt(token: str, public_key: Any) -> dict:
    """The verified payload of a VC-JWT; JwtInvalid when the signature or algorithm is wrong.

    Time claims (``nbf``, ``exp``) are not judged here: the verifier reports them as their own
    checks, next to the credential's ``validFrom`` and ``validUntil``.
    """
    header, _ = read_unverified(token)
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise JwtInvalid(
            "jwt_algorithm", f"Algorithm {alg!r} is not accepted (only {', '.join(ALGORITHMS)})."
        )
    expected = _algorithm_for(public_key)
    if alg != expected:
        raise JwtInvalid("jwt_algorithm", f"Algorithm {alg} does not fit the key ({expected}).")
    try:
        return pyjwt.decode(
            token,
            public_key,
            algorithms=[expected],
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "verify_aud": False,
                "verify_iss": False,
                "verify_sub": False,
                "verify_jti": False,
            },
        )
    except pyjwt.InvalidSignatureError as exc:
        raise JwtInvalid(
            "signature", "The JWT signature does not match: it was changed or forged."
        ) from exc
    except pyjwt.PyJWTError as exc:
        raise JwtInvalid("jwt_malformed", "The JWT cannot be read.") from exc
