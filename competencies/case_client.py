"""Reading frameworks straight from a CASE provider (the CASE 1.0 REST API).

A provider is given by its base address (`https://opensalt.example`, the API lives under
`/ims/case/v1p0/`) or by a direct `.../CFPackages/{id}` address. `list_documents` reads
`CFDocuments` so a person can choose; `fetch_package` reads one `CFPackages/{id}`.

The address comes from a person, so it is treated as hostile: it is fetched through
app.outbound (public addresses only, pinned connections, redirects checked, size and time
limits), with CASE_FETCH_MAX_BYTES and the CASE_FETCH_*_SECONDS as limits.
CASE_FETCH_ALLOW_PRIVATE lets a closed intranet (and the tests) reach private hosts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from flask import current_app

from app import outbound
from app.errors import DomainError, Invalid, TooLarge
from competencies.case import CASE_API_PATH, parse_package

MAX_REDIRECTS = 5
#: A CASE sourcedId: a UUID in practice; nothing that could leave the path it is put in.
_SOURCED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_DIRECT = re.compile(
    r"^(?P<base>.*?)/ims/case/v1p0/(?P<kind>CFPackages|CFDocuments)/(?P<id>[^/]+)/?$"
)
_API_ROOT = re.compile(r"/ims/case/v1p0/?$")


class ProviderError(DomainError):
    """The provider could not be read (unreachable, too slow, an error answer)."""

    status = 502
    code = "case_provider_error"


@dataclass(frozen=True)
class Source:
    """Where to read: the provider's base address, and a document when one was named."""

    base: str
    document: str | None = None


def parse_source(url: str, document: str | None = None) -> Source:
    """A provider base address or a direct CFPackages/CFDocuments address."""
    url = (url or "").strip()
    _check_form(url, field="url")
    parts = urlsplit(url)
    path = parts.path
    found = _DIRECT.match(path)
    if found:
        path, document = found["base"], document or found["id"]
    else:
        path = _API_ROOT.sub("", path.rstrip("/"))
    if document is not None and not _SOURCED_ID.match(document):
        raise Invalid("That is not a CASE document identifier.", {"document": ["Not an id."]},
                      code="invalid_case_source")  # fmt: skip
    return Source(urlunsplit((parts.scheme, parts.netloc, path.rstrip("/"), "", "")), document)


def list_documents(source: Source) -> list[dict]:
    """The provider's frameworks (CFDocuments), or only the one the address names."""
    if source.document is not None:
        return [_summary(fetch_package(source)["CFDocument"])]
    answer = _get_json(f"{source.base}{CASE_API_PATH}/CFDocuments")
    documents = answer.get("CFDocuments") if isinstance(answer, dict) else None
    if not isinstance(documents, list):
        raise ProviderError(
            "The address answers, but not as a CASE provider (no CFDocuments list).",
            code="not_a_case_provider",
        )
    return [_summary(d) for d in documents if isinstance(d, dict) and d.get("identifier")]


def fetch_package(source: Source) -> dict:
    """One CFPackage. Without a document: the provider's only one; with several the choice
    is the person's (choose_document, the documents in `fields`)."""
    document = source.document
    if document is None:
        documents = list_documents(source)
        if len(documents) != 1:
            raise Invalid(
                f"The provider has {len(documents)} frameworks: choose one.",
                {"document": [f"{d['identifier']}: {d['title']}" for d in documents[:50]]},
                code="choose_document",
            )
        document = documents[0]["identifier"]
    package = _get_json(f"{source.base}{CASE_API_PATH}/CFPackages/{document}")
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise ProviderError(
            "The address answers, but not with a CASE package.", code="not_a_case_provider"
        )
    return package


def _summary(document: dict) -> dict:
    def text(key: str) -> str:
        value = document.get(key)
        return value if isinstance(value, str) else ""

    return {
        "identifier": str(document.get("identifier")),
        "title": text("title") or str(document.get("identifier")),
        "creator": text("creator"),
        "version": text("version"),
        "language": text("language"),
        "adoption_status": text("adoptionStatus"),
        "last_change": text("lastChangeDateTime"),
    }


# --- fetching -----------------------------------------------------------------------------


def _check_form(url: str, field: str = "url") -> None:
    try:
        outbound.check_form(url)
    except outbound.FetchError as exc:
        raise Invalid(f"Give the address of a CASE server (http or https). {exc.message}",
                      {field: [exc.message]}, code="invalid_case_source") from None  # fmt: skip


def _get_json(url: str):
    config = current_app.config
    limits = outbound.Limits(
        max_bytes=config["CASE_FETCH_MAX_BYTES"],
        connect_seconds=config["CASE_FETCH_CONNECT_TIMEOUT_SECONDS"],
        read_seconds=config["CASE_FETCH_READ_TIMEOUT_SECONDS"],
        total_seconds=config["CASE_FETCH_TOTAL_SECONDS"],
        max_redirects=MAX_REDIRECTS,
    )
    try:
        body = outbound.fetch(
            url, limits=limits, accept="application/json", user_agent="Bagage CASE client",
            allow_private=config["CASE_FETCH_ALLOW_PRIVATE"],
        )  # fmt: skip
    except outbound.FetchError as exc:
        raise _translated(exc) from exc
    return parse_package(body)


def _translated(exc: outbound.FetchError) -> DomainError:
    """The fetcher's refusal in this API's words (codes the app translates)."""
    if exc.code == "bad_address":
        return Invalid(exc.message, {"url": [exc.message]}, code="invalid_case_source")
    if exc.code == "refused":
        return Invalid(exc.message, {"url": ["Not a public address."]},
                       code="case_address_refused")  # fmt: skip
    if exc.code == "too_large":
        return TooLarge(f"The CASE server's answer is too large. {exc.message}",
                        code="case_too_large")  # fmt: skip
    if exc.code == "status":
        return ProviderError(
            f"The CASE server answered {exc.status}. {exc.message}",
            {"status": [str(exc.status)]},
            code="case_not_found" if exc.status == 404 else None,
        )
    codes = {"host_unknown": "case_host_unknown", "too_slow": "case_too_slow"}
    return ProviderError(f"The CASE server cannot be read: {exc.message}",
                         code=codes.get(exc.code, "case_unreachable"))  # fmt: skip
