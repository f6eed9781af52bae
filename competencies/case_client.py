"""Reading frameworks straight from a CASE provider (the CASE 1.0 REST API).

A provider is given by its base address (`https://opensalt.example`, the API lives under
`/ims/case/v1p0/`) or by a direct `.../CFPackages/{id}` address. `list_documents` reads
`CFDocuments` so a person can choose; `fetch_package` reads one `CFPackages/{id}`.

The address comes from a person, so it is treated as hostile: only http and https; the host
must resolve to public addresses only (every address it resolves to is checked), and the
connection goes to an address that was checked (requests-hardened pins it, so DNS that
changes in between cannot point it into our network); every redirect is checked the same
way before it is followed, at most MAX_REDIRECTS of them. Answers are read in chunks and
dropped past CASE_FETCH_MAX_BYTES; connecting, each read and the whole answer have time
limits. CASE_FETCH_ALLOW_PRIVATE lets a closed intranet (and the tests) reach private hosts.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from flask import current_app
from requests_hardened import Config as HardenedConfig
from requests_hardened import Manager
from urllib3.exceptions import ReadTimeoutError

from app.errors import DomainError, Invalid, TooLarge
from competencies.case import CASE_API_PATH, parse_package

MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
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


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        or ip.is_multicast or ip.is_unspecified
    )  # fmt: skip


def _check_form(url: str, field: str = "url") -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("Give the address of a CASE server (http or https).",
                      {field: ["Not an http(s) address."]}, code="invalid_case_source")  # fmt: skip
    if parts.username or parts.password:
        raise Invalid("An address with a name or password in it is not used.",
                      {field: ["No credentials in the address."]},
                      code="invalid_case_source")  # fmt: skip


def check_address(url: str) -> None:
    """Refuse an address whose host is (or resolves to) anything but public addresses."""
    _check_form(url)
    if current_app.config["CASE_FETCH_ALLOW_PRIVATE"]:
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )  # fmt: skip
    except (OSError, UnicodeError) as exc:
        raise ProviderError(f"The host {parts.hostname} cannot be found.",
                            code="case_host_unknown") from exc  # fmt: skip
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(is_public_address(a) for a in addresses):
        raise Invalid(
            f"{parts.hostname} is not on the public internet; Bagage does not fetch from "
            "private, local or reserved addresses.",
            {"url": ["Not a public address."]},
            code="case_address_refused",
        )


def _session() -> requests.Session:
    if current_app.config["CASE_FETCH_ALLOW_PRIVATE"]:
        session = requests.Session()
    else:
        # Connects only to a public address it checked itself; we follow redirects by hand.
        session = Manager(
            HardenedConfig(
                ip_filter_enable=True, ip_filter_allow_loopback_ips=False,
                never_redirect=True, default_timeout=None,
            )
        ).get_session()  # fmt: skip
    session.trust_env = False  # no proxies or .netrc from the environment
    session.headers.update({"Accept": "application/json", "User-Agent": "Bagage CASE client"})
    return session


def _get_json(url: str):
    config = current_app.config
    limit = config["CASE_FETCH_MAX_BYTES"]
    timeout = (config["CASE_FETCH_CONNECT_TIMEOUT_SECONDS"],
               config["CASE_FETCH_READ_TIMEOUT_SECONDS"])  # fmt: skip
    deadline = time.monotonic() + config["CASE_FETCH_TOTAL_SECONDS"]
    with _session() as session:
        for _hop in range(MAX_REDIRECTS + 1):
            check_address(url)
            try:
                response = session.get(url, timeout=timeout, stream=True, allow_redirects=False)
            except requests.Timeout as exc:
                raise _too_slow() from exc
            except requests.RequestException as exc:
                raise ProviderError(
                    f"The CASE server at {urlsplit(url).hostname} cannot be reached.",
                    code="case_unreachable",
                ) from exc
            with response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                if response.status_code != 200:
                    raise ProviderError(
                        f"The CASE server answered {response.status_code} for {url}.",
                        {"status": [str(response.status_code)]},
                        code="case_not_found" if response.status_code == 404 else None,
                    )
                body = _read(response, limit, deadline)
            return parse_package(body)
    raise ProviderError(f"More than {MAX_REDIRECTS} redirects.", code="case_unreachable")


def _read(response: requests.Response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    try:
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > limit:
                raise _too_large(limit)
            if time.monotonic() > deadline:
                raise _too_slow()
    except requests.Timeout as exc:
        raise _too_slow() from exc
    except requests.RequestException as exc:
        # requests reports a read that timed out in the body as a ConnectionError.
        if any(isinstance(arg, ReadTimeoutError) for arg in exc.args):
            raise _too_slow() from exc
        raise ProviderError("The answer broke off.", code="case_unreachable") from exc
    return bytes(body)


def _too_large(limit: int) -> TooLarge:
    return TooLarge(f"The CASE server's answer is larger than {limit} bytes.",
                    code="case_too_large")  # fmt: skip


def _too_slow() -> ProviderError:
    return ProviderError("The CASE server is too slow to answer.", code="case_too_slow")
