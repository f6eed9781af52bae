"""Fetching from an address someone else chose (a CASE server, an issuer's key or status list),
the one guarded way: every outgoing fetch of the app goes through `fetch`.

The address is treated as hostile. Only the allowed schemes; no name or password in it; the
host must resolve to public addresses only (every address it resolves to is checked, IPv4 in
IPv6 such as ::ffff:127.0.0.1 counts as the IPv4 address); the connection goes to an address
that was checked (requests-hardened pins it, so DNS that changes in between cannot point it
into our network); each redirect is checked the same way before it is followed, at most
`Limits.max_redirects` of them. Answers are read in chunks and dropped past `Limits.max_bytes`;
connecting, each read and the whole answer have time limits, so a server that drips its answer
cannot hold a worker. `allow_private` lets a closed intranet (and the tests) reach private hosts.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

import requests
from requests_hardened import Config as HardenedConfig
from requests_hardened import Manager
from urllib3.exceptions import HTTPError, ReadTimeoutError

from app.admission import step_aside

_CHUNK = 64 * 1024


class FetchError(Exception):
    """Why nothing came back. ``code``: ``bad_address`` (not an address we fetch from),
    ``refused`` (not on the public internet), ``host_unknown``, ``unreachable``, ``status``
    (an answer other than 200; see ``status``), ``too_large``, ``too_slow``,
    ``too_many_redirects``."""

    def __init__(self, code: str, message: str, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 1024 * 1024
    connect_seconds: float = 5
    read_seconds: float = 10
    total_seconds: float = 30
    max_redirects: int = 0


def is_public_address(address: str) -> bool:
    """An address on the public internet (not private, loopback, link-local, reserved,
    multicast or unspecified; an IPv4 address inside IPv6 is judged as the IPv4 one)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        or ip.is_multicast or ip.is_unspecified
    )  # fmt: skip


def check_form(url: str, schemes: tuple[str, ...] = ("http", "https")) -> SplitResult:
    """The address split, if it is one we fetch from: an allowed scheme, a host, a valid port
    and no name or password in it."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in schemes or not parts.hostname:
        raise FetchError("bad_address", f"Not an {' or '.join(schemes)} address.")
    if parts.username is not None or parts.password is not None:
        raise FetchError("bad_address", "An address with a name or password in it is not used.")
    return parts


def check_address(url: str, *, allow_private: bool = False,
                  schemes: tuple[str, ...] = ("http", "https")) -> None:  # fmt: skip
    """Refuse an address whose host is (or resolves to) anything but public addresses."""
    parts = check_form(url, schemes)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )  # fmt: skip
    except (OSError, UnicodeError) as exc:
        raise FetchError("host_unknown", f"The host {parts.hostname} cannot be found.") from exc
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(is_public_address(a) for a in addresses):
        raise FetchError(
            "refused",
            f"{parts.hostname} is not on the public internet; Bagage does not fetch from "
            "private, local or reserved addresses.",
        )


def _session(allow_private: bool) -> requests.Session:
    if allow_private:
        return requests.Session()
    # Connects only to a public address it checked itself; redirects are followed by hand.
    return Manager(
        HardenedConfig(
            ip_filter_enable=True, ip_filter_allow_loopback_ips=False,
            never_redirect=True, default_timeout=None,
        )
    ).get_session()  # fmt: skip


def fetch(
    url: str, *, limits: Limits, accept: str, allow_private: bool = False,
    schemes: tuple[str, ...] = ("http", "https"), user_agent: str = "Bagage",
) -> bytes:  # fmt: skip
    """The body of a 200 answer from `url`, or FetchError."""
    timeout = (limits.connect_seconds, limits.read_seconds)
    deadline = time.monotonic() + limits.total_seconds
    # Up to seconds of waiting on another server: the requests in line behind go first.
    step_aside()
    with _session(allow_private) as session:
        session.trust_env = False  # no proxies or .netrc from the environment
        session.headers.update({"Accept": accept, "User-Agent": user_agent})
        for _hop in range(limits.max_redirects + 1):
            check_address(url, allow_private=allow_private, schemes=schemes)
            host = urlsplit(url).hostname
            try:
                response = session.get(url, timeout=timeout, stream=True, allow_redirects=False)
            except requests.Timeout as exc:
                raise _too_slow(host) from exc
            except requests.RequestException as exc:
                raise FetchError("unreachable", f"{host} cannot be reached.") from exc
            with response:
                if response.is_redirect and limits.max_redirects:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                if response.status_code != 200:
                    raise FetchError(
                        "status",
                        f"{host} answered {response.status_code} for {url}.",
                        status=response.status_code,
                    )
                return _read(response, host, limits.max_bytes, deadline)
    raise FetchError("too_many_redirects", f"More than {limits.max_redirects} redirects.")


def _read(response: requests.Response, host: str, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(host, limit)
    body = bytearray()
    try:
        while True:
            # read1 answers with what has come (iter_content would wait for a whole chunk, so
            # a server dripping a byte at a time would never meet the deadline).
            chunk = response.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            body += chunk
            if len(body) > limit:
                raise _too_large(host, limit)
            if time.monotonic() > deadline:
                raise _too_slow(host)
    except (ReadTimeoutError, TimeoutError) as exc:
        raise _too_slow(host) from exc
    except (HTTPError, OSError) as exc:
        raise FetchError("unreachable", f"The answer of {host} broke off.") from exc
    return bytes(body)


def _too_large(host: str, limit: int) -> FetchError:
    return FetchError("too_large", f"The answer of {host} is larger than {limit} bytes.")


def _too_slow(host: str) -> FetchError:
    return FetchError("too_slow", f"{host} is too slow to answer.")
