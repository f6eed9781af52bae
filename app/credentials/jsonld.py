"""JSON-LD for credentials: contexts served only from local copies, never fetched at run time.

A signature over a canonicalised document is only as trustworthy as the contexts that gave its
terms their meaning: a context fetched at verification time could have changed since signing. So
``document_loader`` serves the contexts in ``contexts/`` (see its README) and refuses every other
URL with ``ContextNotAvailable``.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from pyld import jsonld
from pyld.jsonld import JsonLdError

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
DATA_INTEGRITY_V1 = "https://w3id.org/security/data-integrity/v1"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3P0_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CLR_V2P0 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

#: Context URL -> file in ``contexts/``.
CONTEXT_FILES: dict[str, str] = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    DATA_INTEGRITY_V1: "data-integrity-v1.jsonld",
    OB_V3P0: "ob-v3p0-3.0.3.json",
    OB_V3P0_EXTENSIONS: "ob-v3p0-extensions.json",
    CLR_V2P0: "clr-v2p0-2.0.1.json",
}


class ContextNotAvailable(JsonLdError):
    """A context URL that is not among the local copies (it is never fetched)."""

    def __init__(self, url: str):
        super().__init__(
            f"JSON-LD context {url!r} is not available offline; known contexts: "
            + ", ".join(sorted(CONTEXT_FILES)),
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading remote context failed",
        )
        self.url = url


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("contexts", name).read_text("utf-8")
    return json.loads(text)


def _normal(url: str) -> str:
    # A context is named by its URL; a trailing fragment or "#" does not make it another one.
    return url.split("#", 1)[0]


def document_loader(url: str, options: dict | None = None) -> dict[str, Any]:
    """pyld's document loader: a local copy for a known context URL, else ContextNotAvailable."""
    name = CONTEXT_FILES.get(_normal(url))
    if name is None:
        raise ContextNotAvailable(url)
    return {
        "contextUrl": None,
        "documentUrl": url,
        "contentType": "application/ld+json",
        "document": copy.deepcopy(_load(name)),
    }


def canonize(document: dict[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, contexts offline.

    Raises ``ContextNotAvailable`` for a context that is not local, pyld's ``JsonLdError`` for
    anything else that is not valid JSON-LD.
    """
    try:
        return jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": document_loader,
                "base": "",
            },
        )
    except JsonLdError as exc:
        missing = unavailable_context(exc)
        if missing is not None and not isinstance(exc, ContextNotAvailable):
            raise ContextNotAvailable(missing) from exc
        raise


def unavailable_context(error: BaseException) -> str | None:
    """The context URL a pyld error failed on because it is not local, if that was the cause."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ContextNotAvailable):
            return seen.url
        seen = seen.__cause__ or seen.__context__
    return None
