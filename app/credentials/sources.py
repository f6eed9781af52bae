"""Where the verifier gets documents it does not hold: issuer keys, DID documents, status lists.

First the local sources (this instance's own status lists and issuer profile, registered with
``register_local_source``); then, if allowed, the network through the app's one guarded fetcher
(app.outbound): https only, public addresses only (checked at connect time, so DNS cannot point
it into our network), no redirects, short timeouts, a limit on the whole answer's time and a
size limit. Fetching can be switched off
(``CREDENTIALS_FETCH_REMOTE``); the verifier then reports what it could not check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app import outbound
from app.input import BadJSON, TooDeep, loads

log = logging.getLogger(__name__)

#: Functions that answer a URL with a JSON document held by this instance, or None.
LocalSource = Callable[[str], dict | None]
_local_sources: list[LocalSource] = []


def register_local_source(source: LocalSource) -> None:
    """Serve some URLs from this instance (its own status lists, issuer profile or DID
    document) instead of the network, also when fetching is off."""
    if source not in _local_sources:
        _local_sources.append(source)


def unregister_local_source(source: LocalSource) -> None:
    if source in _local_sources:
        _local_sources.remove(source)


class Unavailable(Exception):
    """A document that could not be had; ``code`` says why, the message says it in words."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Sources:
    """How to get a document by URL: local sources first, then (if allowed) the network."""

    remote: bool = False
    allow_local_addresses: bool = False  # tests with a server on 127.0.0.1; never in production
    timeout: float = 5.0
    max_bytes: int = 1024 * 1024
    total_seconds: float = 15.0
    #: Documents fetched from the network for one verification at the most: a credential
    #: with a hundred proofs or status entries does not make us fetch a hundred addresses.
    max_fetches: int = 6
    fetched: int = 0
    local: list[LocalSource] = field(default_factory=lambda: _local_sources)

    @classmethod
    def from_config(cls, config: dict) -> Sources:
        return cls(
            remote=config["CREDENTIALS_FETCH_REMOTE"],
            allow_local_addresses=config["CREDENTIALS_FETCH_ALLOW_LOCAL"],
            timeout=config["CREDENTIALS_FETCH_TIMEOUT"],
            max_bytes=config["CREDENTIALS_FETCH_MAX_BYTES"],
            total_seconds=config["CREDENTIALS_FETCH_TOTAL_SECONDS"],
        )

    def get_json(self, url: str) -> dict[str, Any]:
        for source in self.local:
            document = source(url)
            if document is not None:
                return document
        if not self.remote:
            raise Unavailable(
                "fetch_off", f"{url} is not held here and fetching from the network is off."
            )
        if self.fetched >= self.max_fetches:
            raise Unavailable(
                "fetch_limit", f"{url} was not fetched: {self.max_fetches} documents is the most."
            )
        self.fetched += 1
        return self._fetch(url)

    def _fetch(self, url: str) -> dict[str, Any]:
        schemes = ("https", "http") if self.allow_local_addresses else ("https",)
        limits = outbound.Limits(
            max_bytes=self.max_bytes, connect_seconds=self.timeout, read_seconds=self.timeout,
            total_seconds=self.total_seconds,
        )  # fmt: skip
        try:
            body = outbound.fetch(
                url, limits=limits, schemes=schemes, allow_private=self.allow_local_addresses,
                accept="application/did+json, application/ld+json, application/json",
                user_agent="Bagage credential verifier",
            )  # fmt: skip
        except outbound.FetchError as exc:
            log.info("credential source unavailable: %s (%s)", url, exc.code)
            code = {"bad_address": "fetch_refused", "refused": "fetch_refused",
                    "too_large": "fetch_too_large"}.get(exc.code, "fetch_failed")  # fmt: skip
            raise Unavailable(code, f"{url}: {exc.message}") from exc
        try:
            document = loads(body)
        except (BadJSON, TooDeep) as exc:
            raise Unavailable("fetch_failed", f"{url} did not send JSON that can be read.") from exc
        if not isinstance(document, dict):
            raise Unavailable("fetch_failed", f"{url} did not send a JSON object.")
        return document
