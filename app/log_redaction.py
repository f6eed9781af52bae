"""Request logs keep paths readable but never the secret part of a link.

A CV link's token is the only thing a recruiter needs to read a pupil's CV, so it must not end
up in access logs (where it outlives the link's revocation and reaches whoever reads the logs).
"""

from __future__ import annotations

import logging
import re

#: Path segments after these prefixes are bearer secrets.
_SECRET_PATH = re.compile(r"(/(?:cv|r|s|links?|watch)/)([A-Za-z0-9_-]{16,})")
#: Secrets passed as query parameters.
_TOKEN_PARAM = re.compile(r"((?:token|code|key)=)([^&\s\"]+)", re.IGNORECASE)

#: Loggers that write request lines: Werkzeug's development server and gunicorn's access log.
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")


def redact(text: str) -> str:
    text = _SECRET_PATH.sub(r"\1…", text)
    return _TOKEN_PARAM.sub(r"\1…", text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install() -> None:
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
