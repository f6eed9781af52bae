"""The verifier: checks any Open Badges 3.0 credential, ours and others', and says why.

Input: a JSON-LD credential (with one or more Data Integrity proofs), a compact VC-JWT, or a
baked badge (a PNG with an iTXt chunk ``openbadgecredential``, an SVG with an
``<openbadges:credential>`` element). Each check is reported with ok, failed or warning and a
reason; the credential is valid when no check failed. Verdicts follow the 1EdTech validator:

- a Data Integrity proof's key comes from its ``verificationMethod``: ``did:key``, ``did:web``,
  ``<controller>#<Multikey>`` (the key in the fragment) or an https key or controller document;
  the key's controller must be the issuer;
- a VC-JWT's key comes from its header: ``jwk``, or ``kid`` (a DID URL, an https JWK, or a
  fragment of the issuer's DID); a JWT that names no key cannot be verified and is invalid;
- ``validUntil`` (``exp``) in the past: expired; ``validFrom`` (``nbf``) in the future: not yet
  valid; a ``BitstringStatusListEntry`` whose bit is set: revoked (or suspended).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import re
import zlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from app.credentials import data_integrity as di
from app.credentials import jsonld
from app.credentials import jwt as vcjwt
from app.credentials.keys import (
    InvalidKey,
    key_from_jwk,
    multikey_to_public_key,
    public_key_from_did_key,
)
from app.credentials.sources import Sources, Unavailable
from app.input import BadJSON, TooDeep, loads

OK, FAILED, WARNING = "ok", "failed", "warning"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
MAX_INFLATED = 4 * 1024 * 1024  # a baked credential or a status list, unpacked

CREDENTIAL_TYPES = {
    "OpenBadgeCredential",
    "AchievementCredential",
    "EndorsementCredential",
    "ClrCredential",
}
OB_CONTEXT = re.compile(r"https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.0\.\d+)?\.json\Z")
CLR_CONTEXT = re.compile(r"https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.0\.\d+)?\.json\Z")
VC_V1 = "https://www.w3.org/2018/credentials/v1"


@dataclass
class Check:
    """One thing the verifier looked at: ``name`` (format, structure, proof, key, expiry,
    valid_from, status), ``status`` (ok, failed, warning), ``code`` for translations and an
    English ``message``."""

    name: str
    status: str
    code: str
    message: str


@dataclass
class Verdict:
    valid: bool
    format: str | None
    checks: list[Check]
    summary: dict[str, Any] = field(default_factory=dict)
    credential: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Report:
    def __init__(self) -> None:
        self.checks: list[Check] = []

    def add(self, name: str, status: str, code: str, message: str) -> None:
        self.checks.append(Check(name, status, code, message))

    def failed(self) -> bool:
        return any(c.status == FAILED for c in self.checks)


# --- reading the input ----------------------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _from_png(data: bytes) -> str:
    """The text of the iTXt (or tEXt) chunk ``openbadgecredential`` of a PNG."""
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"iTXt" and body.startswith(PNG_KEYWORD + b"\0"):
            rest = body[len(PNG_KEYWORD) + 1 :]
            if len(rest) < 2:
                break
            compressed, rest = rest[0], rest[2:]
            _language, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            if compressed:
                inflater = zlib.decompressobj()
                try:
                    text = inflater.decompress(text, MAX_INFLATED)
                except zlib.error as exc:
                    raise _Unreadable("unreadable", "The baked credential is damaged.") from exc
                if inflater.unconsumed_tail:
                    raise _Unreadable("too_large", "The baked credential is too large.")
            return text.decode("utf-8")
        if kind == b"tEXt" and body.startswith(PNG_KEYWORD + b"\0"):
            return body[len(PNG_KEYWORD) + 1 :].decode("latin-1")
        if kind == b"IEND":
            break
    raise _Unreadable("no_baked_credential", "The PNG image carries no Open Badges credential.")


def _from_svg(text: str) -> str:
    """The content (or ``verify`` attribute) of the SVG's ``<openbadges:credential>``."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise _Unreadable("unreadable", "The SVG image cannot be read.") from exc
    element = root.find(f".//{{{SVG_NAMESPACE}}}credential")
    if element is None:
        raise _Unreadable("no_baked_credential", "The SVG image carries no Open Badges credential.")
    content = (element.text or "").strip() or (element.get("verify") or "").strip()
    if not content:
        raise _Unreadable("no_baked_credential", "The SVG's credential element is empty.")
    return content


def _read(raw: str | bytes | dict) -> tuple[str, dict | None, str | None]:
    """(format, credential, jwt) from what was given; the credential of a JWT is unverified."""
    if isinstance(raw, dict):
        return "json", raw, None
    kind = None
    if isinstance(raw, bytes):
        if raw.startswith(PNG_SIGNATURE):
            kind, raw = "png", _from_png(raw)
        else:
            try:
                raw = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise _Unreadable(
                    "unreadable", "This is not a credential, a PNG or an SVG badge."
                ) from exc
    text = raw.strip()
    if kind is None and (text.startswith("<")):
        kind, text = "svg", _from_svg(text)
    if vcjwt.looks_like_jwt(text):
        try:
            _header, payload = vcjwt.read_unverified(text)
        except vcjwt.JwtInvalid as exc:
            raise _Unreadable("unreadable", exc.message) from exc
        return kind or "jwt", vcjwt.credential_of(payload), text.strip()
    try:
        credential = loads(text)
    except TooDeep as exc:
        raise _Unreadable("unreadable", exc.message) from exc
    except BadJSON as exc:
        raise _Unreadable(
            "unreadable", "This is neither JSON nor a JWT: paste the whole credential."
        ) from exc
    if not isinstance(credential, dict):
        raise _Unreadable("unreadable", "A credential is a JSON object.")
    return kind or "json", credential, None


# --- the checks -----------------------------------------------------------------------------


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_structure(credential: dict, report: _Report) -> None:
    problems: list[str] = []
    warnings: list[str] = []
    contexts = _as_list(credential.get("@context"))
    if not contexts or contexts[0] not in (jsonld.CREDENTIALS_V2, VC_V1):
        problems.append(f"the first @context must be {jsonld.CREDENTIALS_V2}")
    elif contexts[0] == VC_V1:
        warnings.append("it uses the older Verifiable Credentials 1.1 context")
    types = _as_list(credential.get("type"))
    kinds = CREDENTIAL_TYPES.intersection(t for t in types if isinstance(t, str))
    if "VerifiableCredential" not in types:
        problems.append("its type must include VerifiableCredential")
    if not kinds:
        problems.append("its type must include OpenBadgeCredential (or AchievementCredential)")
    has_ob = any(isinstance(c, str) and OB_CONTEXT.match(c) for c in contexts)
    has_clr = any(isinstance(c, str) and CLR_CONTEXT.match(c) for c in contexts)
    if kinds and not has_ob and not (kinds == {"ClrCredential"} and has_clr):
        problems.append("its @context must include the Open Badges 3.0 context")
    if _id_of(credential.get("issuer")) is None:
        problems.append("it names no issuer (an issuer with an id)")
    if "validFrom" not in credential:
        if "issuanceDate" in credential:
            warnings.append("it has issuanceDate (1.1) rather than validFrom")
        else:
            problems.append("it has no validFrom")
    for name in ("validFrom", "validUntil", "issuanceDate", "expirationDate"):
        if name in credential and _parse_time(credential[name]) is None:
            problems.append(f"its {name} is not a date-time")
    subjects = _as_list(credential.get("credentialSubject"))
    if not subjects or not all(isinstance(s, dict) for s in subjects):
        problems.append("it has no credentialSubject")
    elif kinds & {"OpenBadgeCredential", "AchievementCredential"} and not all(
        isinstance(s.get("achievement"), dict) for s in subjects
    ):
        problems.append("its credentialSubject has no achievement")
    if problems:
        report.add(
            "structure",
            FAILED,
            "structure",
            "Not a valid Open Badges 3.0 credential: " + "; ".join(problems) + ".",
        )
    elif warnings:
        report.add("structure", WARNING, "structure_old", "Readable, but " + "; ".join(warnings))
    else:
        report.add("structure", OK, "structure_valid", "An Open Badges 3.0 credential.")


class _KeyProblem(Exception):
    def __init__(self, code: str, message: str, status: str = FAILED):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _did_web_url(did: str) -> str:
    """The https URL of a did:web's DID document (did:web:example.com:u:1 -> .../u/1/did.json)."""
    parts = did[len("did:web:") :].split(":")
    host = unquote(parts[0])
    path = "/".join(unquote(p) for p in parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def _methods_of(document: dict) -> list[dict]:
    methods = [m for m in _as_list(document.get("verificationMethod")) if isinstance(m, dict)]
    for relation in ("assertionMethod", "authentication"):
        methods += [m for m in _as_list(document.get(relation)) if isinstance(m, dict)]
    return methods


def _key_of_method(method: dict) -> Any:
    if isinstance(method.get("publicKeyMultibase"), str):
        return multikey_to_public_key(method["publicKeyMultibase"])
    if isinstance(method.get("publicKeyJwk"), dict):
        return key_from_jwk(method["publicKeyJwk"])
    raise InvalidKey("the verification method has no publicKeyMultibase or publicKeyJwk")


def _find_method(document: dict, method_id: str) -> dict | None:
    base = method_id.split("#", 1)[0]
    fragment = method_id.partition("#")[2]
    for method in _methods_of(document):
        candidate = method.get("id")
        if not isinstance(candidate, str):
            continue
        if candidate == method_id or (
            fragment and candidate.startswith("#") and candidate[1:] == fragment
        ):
            return method
        if candidate.split("#", 1)[0] in ("", base) and candidate.partition("#")[2] == fragment:
            return method
    return None


def _key_document(sources: Sources, url: str, what: str) -> dict:
    """A document holding the issuer's keys; fetching switched off is a warning, any other
    failure to get it fails the check."""
    try:
        return sources.get_json(url)
    except Unavailable as exc:
        raise _KeyProblem(
            "key_unavailable",
            f"{what} could not be had: {exc.message}",
            WARNING if exc.code == "fetch_off" else FAILED,
        ) from exc


def resolve_key(method_id: str, sources: Sources) -> tuple[Any, str | None, str]:
    """(public key, its controller, how it was found) for a verification method or JWT kid."""
    parts = urlsplit(method_id)
    fragment = parts.fragment
    if method_id.startswith("did:key:"):
        try:
            return public_key_from_did_key(method_id), method_id.split("#", 1)[0], "did:key"
        except InvalidKey as exc:
            raise _KeyProblem("key_invalid", f"The did:key is not an Ed25519 key: {exc}.") from exc
    if fragment.startswith("z"):
        try:
            key = multikey_to_public_key(fragment)
        except InvalidKey:
            key = None
        if key is not None:
            # Anyone can name a key of their own under someone else's address: the key in the
            # fragment stands only when the issuer's own document cannot be had (fetching
            # off, or an address kind we do not resolve: a warning); when it can, it decides.
            try:
                return _published_key(method_id, sources)
            except _KeyProblem as exc:
                unknowable = exc.code == "key_unsupported" or (
                    exc.code == "key_unavailable" and exc.status == WARNING
                )
                if not unknowable:
                    raise
            return key, method_id.split("#", 1)[0], "fragment"
    return _published_key(method_id, sources)


def _published_key(method_id: str, sources: Sources) -> tuple[Any, str | None, str]:
    """The key as the issuer's DID document or key document publishes it."""
    parts = urlsplit(method_id)
    if method_id.startswith("did:web:"):
        did = method_id.split("#", 1)[0]
        document = _key_document(sources, _did_web_url(did), "The issuer's DID document")
        method = _find_method(document, method_id)
        if method is None:
            raise _KeyProblem("key_not_found", f"{did} does not publish the key {method_id}.")
        try:
            return _key_of_method(method), method.get("controller") or did, "did:web"
        except InvalidKey as exc:
            raise _KeyProblem("key_invalid", f"The key {method_id} cannot be read.") from exc
    if parts.scheme in ("https", "http"):
        document = _key_document(sources, method_id, "The issuer's key")
        method = (
            document
            if ("publicKeyMultibase" in document or "publicKeyJwk" in document)
            else _find_method(document, method_id)
        )
        if method is None and "kty" in document:  # a bare JWK (a JWT's kid)
            method = {"publicKeyJwk": document}
        if method is None:
            raise _KeyProblem("key_not_found", f"{method_id} holds no usable key.")
        try:
            return _key_of_method(method), method.get("controller"), "url"
        except InvalidKey as exc:
            raise _KeyProblem("key_invalid", f"The key at {method_id} cannot be read.") from exc
    if not parts.scheme:
        raise _KeyProblem(
            "key_invalid", "The verification method must be a valid URI (missing scheme)."
        )
    raise _KeyProblem("key_unsupported", f"Keys named like {method_id} cannot be resolved here.")


def _check_controller(controller: str | None, issuer: str | None, how: str, report: _Report):
    if controller is not None and issuer is not None and controller != issuer:
        report.add(
            "key",
            FAILED,
            "key_controller",
            f"The signing key belongs to {controller}, not to the issuer {issuer}.",
        )
    elif how == "fragment":
        report.add(
            "key",
            WARNING,
            "key_in_credential",
            "The key is named in the credential itself, under the issuer's address; "
            "the issuer's own list of keys was not consulted.",
        )
    else:
        report.add("key", OK, "key_" + how.replace(":", "_"), f"The issuer's key ({how}).")


def _check_proofs(credential: dict, report: _Report, sources: Sources) -> None:
    proofs = di.proofs_of(credential)
    if not proofs:
        report.add("proof", FAILED, "no_proof", "The credential has no proof: it is not signed.")
        return
    issuer = _id_of(credential.get("issuer"))
    for proof in proofs:
        method = proof.get("verificationMethod") if isinstance(proof, dict) else None
        try:
            di.check_proof_shape(proof, credential)
        except di.ProofInvalid as exc:
            report.add("proof", FAILED, exc.code, exc.message)
            continue
        try:
            key, controller, how = resolve_key(method, sources)
        except _KeyProblem as exc:
            report.add("key", exc.status, exc.code, exc.message)
            report.add(
                "proof", exc.status, "proof_unchecked", "The signature could not be checked."
            )
            continue
        _check_controller(controller, issuer, how, report)
        if not isinstance(key, di.Ed25519PublicKey):
            report.add("proof", FAILED, "key_type", "eddsa-rdfc-2022 needs an Ed25519 key.")
            continue
        try:
            di.verify_proof(credential, key, proof=proof)
        except di.ProofInvalid as exc:
            report.add("proof", FAILED, exc.code, exc.message)
        else:
            report.add(
                "proof",
                OK,
                "proof_valid",
                "The signature (Data Integrity, eddsa-rdfc-2022) matches the credential.",
            )


def _check_jwt(token: str, credential: dict, report: _Report, sources: Sources) -> dict | None:
    header, _ = vcjwt.read_unverified(token)
    issuer = _id_of(credential.get("issuer"))
    key, controller, how = None, None, "jwk"
    if isinstance(header.get("jwk"), dict):
        try:
            key = key_from_jwk(header["jwk"])
        except InvalidKey as exc:
            report.add("key", FAILED, "key_invalid", f"The JWT's jwk cannot be read: {exc}.")
            return None
        report.add(
            "key",
            WARNING,
            "key_in_credential",
            "The key is in the JWT's own header; the issuer's own keys were not consulted.",
        )
    elif isinstance(header.get("kid"), str) and header["kid"]:
        kid = header["kid"]
        if not urlsplit(kid).scheme and issuer and issuer.startswith("did:"):
            kid = f"{issuer}#{kid.lstrip('#')}"
        try:
            key, controller, how = resolve_key(kid, sources)
        except _KeyProblem as exc:
            report.add("key", exc.status, exc.code, exc.message)
            report.add(
                "proof", exc.status, "proof_unchecked", "The signature could not be checked."
            )
            return None
        _check_controller(controller, issuer, how, report)
    else:
        report.add(
            "key",
            FAILED,
            "jwt_no_key",
            "The JWT names no key (neither jwk nor kid in its header): it cannot be verified.",
        )
        report.add("proof", FAILED, "proof_unchecked", "The signature could not be checked.")
        return None
    try:
        payload = vcjwt.verify_vc_jwt(token, key)
    except vcjwt.JwtInvalid as exc:
        report.add("proof", FAILED, exc.code, exc.message)
        return None
    report.add("proof", OK, "proof_valid_jwt", f"The JWT signature ({header['alg']}) matches.")
    return payload


def _check_dates(credential: dict, payload: dict | None, report: _Report, now: datetime) -> None:
    until = _parse_time(credential.get("validUntil") or credential.get("expirationDate"))
    if payload and isinstance(payload.get("exp"), int | float):
        exp = datetime.fromtimestamp(payload["exp"], UTC)
        until = min(until, exp) if until else exp
    if until is not None and until < now:
        report.add("expiry", FAILED, "expired", f"The credential expired on {until:%Y-%m-%d}.")
    elif until is not None:
        report.add("expiry", OK, "valid_until", f"Valid until {until:%Y-%m-%d}.")
    start = _parse_time(credential.get("validFrom") or credential.get("issuanceDate"))
    if payload and isinstance(payload.get("nbf"), int | float):
        nbf = datetime.fromtimestamp(payload["nbf"], UTC)
        start = max(start, nbf) if start else nbf
    if start is not None and start > now:
        report.add(
            "valid_from", FAILED, "not_yet_valid", f"The credential is valid from {start:%Y-%m-%d}."
        )


def _bit(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("the encoded list is not multibase base64url")
    packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    with gzip.GzipFile(fileobj=io.BytesIO(packed)) as unpacked:
        bits = unpacked.read(MAX_INFLATED + 1)
    if len(bits) > MAX_INFLATED:
        raise ValueError("the status list is too large")
    if index // 8 >= len(bits):
        raise ValueError("the status index lies beyond the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _check_status(credential: dict, report: _Report, sources: Sources) -> None:
    for entry in _as_list(credential.get("credentialStatus")):
        if not isinstance(entry, dict):
            report.add("status", FAILED, "status_malformed", "The credentialStatus is malformed.")
            continue
        if entry.get("type") != "BitstringStatusListEntry":
            report.add(
                "status",
                WARNING,
                "status_unsupported",
                f"Status of type {entry.get('type')!r} cannot be checked here.",
            )
            continue
        url = entry.get("statusListCredential")
        purpose = entry.get("statusPurpose", "revocation")
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            report.add("status", FAILED, "status_malformed", "The statusListIndex is no number.")
            continue
        if not isinstance(url, str):
            report.add("status", FAILED, "status_malformed", "The status entry names no list.")
            continue
        try:
            status_list = sources.get_json(url)
        except Unavailable as exc:
            report.add(
                "status",
                WARNING,
                "status_unavailable",
                f"Whether it was revoked could not be checked: {exc.message}",
            )
            continue
        inner = _Report()
        if di.proofs_of(status_list):
            _check_proofs(status_list, inner, sources)
        if inner.failed() or _id_of(status_list.get("issuer")) != _id_of(credential.get("issuer")):
            report.add(
                "status",
                FAILED,
                "status_untrusted",
                "The status list is not signed by the credential's issuer.",
            )
            continue
        subject = _as_list(status_list.get("credentialSubject"))
        try:
            encoded = subject[0]["encodedList"]
            set_ = _bit(encoded, index)
        except (IndexError, KeyError, TypeError, ValueError, OSError, binascii.Error, EOFError):
            report.add("status", FAILED, "status_malformed", "The status list cannot be read.")
            continue
        if set_ and purpose == "suspension":
            report.add("status", FAILED, "suspended", "The issuer has suspended this credential.")
        elif set_:
            report.add("status", FAILED, "revoked", "The issuer has revoked this credential.")
        else:
            report.add("status", OK, "not_revoked", f"Not on the issuer's {purpose} list.")


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):  # a language map or value object
        return _text(value.get("@value") or next(iter(value.values()), None))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def summarise(credential: dict) -> dict[str, Any]:
    """Who issued what to whom, and when: for people, not for machines."""
    issuer = credential.get("issuer")
    subjects = _as_list(credential.get("credentialSubject"))
    subject = subjects[0] if subjects and isinstance(subjects[0], dict) else {}
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    return {
        "name": _text(credential.get("name")),
        "issuer_id": _id_of(issuer),
        "issuer_name": _text(issuer.get("name")) if isinstance(issuer, dict) else None,
        "achievement_name": _text(achievement.get("name")),
        "achievement_description": _text(achievement.get("description")),
        "subject": _id_of(subject) or _text(subject.get("name")),
        "valid_from": _text(credential.get("validFrom") or credential.get("issuanceDate")),
        "valid_until": _text(credential.get("validUntil") or credential.get("expirationDate")),
        "types": [t for t in _as_list(credential.get("type")) if isinstance(t, str)],
    }


def verify_credential(
    raw: str | bytes | dict, sources: Sources | None = None, now: datetime | None = None
) -> Verdict:
    """Check a credential (JSON-LD, VC-JWT, baked PNG or SVG) and say what holds and why."""
    if sources is None:
        sources = _default_sources()
    now = now or datetime.now(UTC)
    report = _Report()
    try:
        kind, credential, token = _read(raw)
    except (_Unreadable, UnicodeDecodeError) as exc:
        code = getattr(exc, "code", "unreadable")
        message = getattr(exc, "message", "The credential cannot be read.")
        report.add("format", FAILED, code, message)
        return Verdict(False, None, report.checks)
    names = {"json": "JSON-LD", "jwt": "VC-JWT", "png": "baked PNG badge", "svg": "baked SVG badge"}
    described = names[kind] + (" holding a VC-JWT" if token and kind in ("png", "svg") else "")
    report.add("format", OK, "format_" + kind, f"Read as {described}.")
    _check_structure(credential, report)
    payload = None
    if token:
        payload = _check_jwt(token, credential, report, sources)
    else:
        _check_proofs(credential, report, sources)
    _check_dates(credential, payload, report, now)
    _check_status(credential, report, sources)
    return Verdict(
        not report.failed(),
        kind,
        report.checks,
        summarise(credential),
        credential,
    )


def _default_sources() -> Sources:
    """From the app's settings in an app context; offline (local sources only) outside one."""
    from flask import current_app, has_app_context

    if has_app_context():
        return Sources.from_config(current_app.config)
    return Sources()
