"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA).

Signing, as the cryptosuite says: the proof configuration (the proof without ``proofValue``, with
the document's ``@context``) and the document without its proof are each canonicalised with
RDFC-1.0 (pyld's URDNA2015, contexts offline), hashed with SHA-256, and the two hashes
concatenated (proof configuration first) are signed with Ed25519. The signature is written as
multibase base58btc in ``proofValue``.

A document may carry several proofs (a proof set); each signs the document without any of them.
"""

from __future__ import annotations

import copy
import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld.jsonld import JsonLdError

from app.credentials import jsonld
from app.credentials.keys import InvalidKey, multibase_decode, multibase_encode

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ASSERTION_METHOD = "assertionMethod"

# XML Schema dateTime, as Data Integrity requires for "created" and "expires".
_DATETIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?\Z",
)


class ProofInvalid(Exception):
    """A proof that does not verify; ``code`` names what failed, the message says it in words."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The proofs a document carries (a single proof or a proof set), as a list."""
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def format_datetime(moment: datetime) -> str:
    """An XML Schema dateTime in UTC, to the second: ``2024-04-03T09:44:42Z``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_data(unsecured: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """sha256(canonical proof configuration) || sha256(canonical document): what is signed.

    ``proof_config`` is the proof without ``proofValue``; it gets the document's ``@context``.
    Raises pyld's JsonLdError when a document cannot be canonicalised.
    """
    config = {k: v for k, v in proof_config.items() if k != "proofValue"}
    config["@context"] = unsecured.get("@context")
    canonical_config = jsonld.canonize(config)
    canonical_document = jsonld.canonize(unsecured)
    return (
        hashlib.sha256(canonical_config.encode("utf-8")).digest()
        + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    )


def _unsecured(document: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in document.items() if k != "proof"}


def add_proof(
    credential: dict,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | None = None,
) -> dict:
    """A copy of ``credential`` with a DataIntegrityProof (eddsa-rdfc-2022, assertionMethod).

    A credential that already has proofs gets one more (a proof set). Raises pyld's JsonLdError
    when the credential cannot be canonicalised (for instance a context not available offline).
    """
    if not isinstance(credential.get("@context"), list | str):
        raise ValueError("a credential needs an @context to be signed")
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "created": format_datetime(created or datetime.now(UTC)),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": ASSERTION_METHOD,
    }
    unsecured = _unsecured(credential)
    signature = private_key.sign(hash_data(unsecured, proof))
    proof["proofValue"] = multibase_encode(signature)
    secured = copy.deepcopy(credential)
    existing = proofs_of(credential)
    secured["proof"] = [*copy.deepcopy(existing), proof] if existing else proof
    return secured


def check_proof_shape(
    proof: Any, document: dict[str, Any], purpose: str = ASSERTION_METHOD
) -> bytes:
    """Everything about an eddsa-rdfc-2022 proof but the signature; returns the signature bytes."""
    if not isinstance(proof, dict):
        raise ProofInvalid("proof_malformed", "The proof is not a JSON object.")
    if proof.get("type") != PROOF_TYPE:
        raise ProofInvalid(
            "proof_type", f"Proof type {proof.get('type')!r} is not supported (only {PROOF_TYPE})."
        )
    if proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofInvalid(
            "cryptosuite",
            f"Cryptosuite {proof.get('cryptosuite')!r} is not supported (only {CRYPTOSUITE}).",
        )
    if proof.get("proofPurpose") != purpose:
        raise ProofInvalid(
            "proof_purpose",
            f"The proof purpose is {proof.get('proofPurpose')!r}, expected {purpose!r}.",
        )
    if not isinstance(proof.get("verificationMethod"), str):
        raise ProofInvalid("verification_method", "The proof names no verification method.")
    for field in ("created", "expires"):
        value = proof.get(field)
        if value is not None and not (isinstance(value, str) and _DATETIME.match(value)):
            raise ProofInvalid("proof_malformed", f"The proof's {field!r} is not a date-time.")
    if "@context" in proof:
        own = proof["@context"] if isinstance(proof["@context"], list) else [proof["@context"]]
        doc = document.get("@context")
        doc = doc if isinstance(doc, list) else [doc]
        if doc[: len(own)] != own:
            raise ProofInvalid(
                "proof_context", "The proof's @context does not begin the document's @context."
            )
    try:
        signature = multibase_decode(proof.get("proofValue"))
    except InvalidKey as exc:
        raise ProofInvalid("proof_value", "The proof value is not multibase base58btc.") from exc
    if len(signature) != 64:
        raise ProofInvalid("proof_value", "The proof value is not an Ed25519 signature (64 bytes).")
    return signature


def verify_proof(
    credential: dict,
    public_key: Ed25519PublicKey,
    proof: dict | None = None,
    purpose: str = ASSERTION_METHOD,
) -> None:
    """Check an eddsa-rdfc-2022 proof of ``credential`` with ``public_key``; ProofInvalid if not.

    ``proof`` picks one of the credential's proofs; without it the credential must have one.
    """
    if proof is None:
        proofs = proofs_of(credential)
        if not proofs:
            raise ProofInvalid("no_proof", "The credential has no proof.")
        if len(proofs) > 1:
            raise ProofInvalid("proof_malformed", "The credential has several proofs: pick one.")
        proof = proofs[0]
    signature = check_proof_shape(proof, credential, purpose)
    try:
        data = hash_data(_unsecured(credential), proof)
    except JsonLdError as exc:
        missing = jsonld.unavailable_context(exc)
        if missing:
            raise ProofInvalid(
                "context_unavailable",
                f"The JSON-LD context {missing} is not known here (contexts are never fetched).",
            ) from exc
        raise ProofInvalid(
            "canonicalisation", "The credential is not valid JSON-LD and cannot be canonicalised."
        ) from exc
    try:
        public_key.verify(signature, data)
    except InvalidSignature as exc:
        raise ProofInvalid(
            "signature", "The signature does not match the credential: it was changed or forged."
        ) from exc
