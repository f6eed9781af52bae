"""Sending e-mail: SMTP from the environment; in development the console; in tests a list
in memory (MAIL_BACKEND=memory), where tests read the codes and links that were mailed.

Mail goes out after the commit through the queue, so a slow mail server never holds up a
request and a rolled-back change never sends a message.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from app.db import db
from app.jobs import huey, in_app_context

log = logging.getLogger(__name__)


def send_after_commit(to: str, subject: str, body: str) -> None:
    db.after_commit(lambda: send_mail_task(to, subject, body))


@huey.task(retries=5, retry_delay=30, retry_backoff=2)
@in_app_context
def send_mail_task(to: str, subject: str, body: str) -> None:
    deliver(to, subject, body)


def deliver(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config["MAIL_BACKEND"] == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(
            {"to": to, "subject": subject, "body": body}
        )
        return
    if not config["SMTP_HOST"]:
        log.info("e-mail (no SMTP_HOST; printed instead)\n%s", message)
        return
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
