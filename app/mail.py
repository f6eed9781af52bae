"""Sending e-mail: SMTP from the environment; in development the console; in tests a list
in memory (MAIL_BACKEND=memory), where tests read the codes and links that were mailed.

Mail goes out after the commit through the outbox and the queue, so a slow mail server never
holds up a request, a rolled-back change never sends a message, and a mail whose queue was
down goes once it is back. Each mail has a key and is sent once per key, also when the queue
hands it over twice.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, db, utcnow
from app.jobs import SOMEONE_WAITS, every, huey, in_app_context
from app.outbox import enqueue

log = logging.getLogger(__name__)


class SentMail(Base):
    """The key of a mail that went out: a second hand-over of the same mail sends nothing."""

    __tablename__ = "sent_mail"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def send_after_commit(to: str, subject: str, body: str, *, key: str | None = None) -> None:
    """Mail once the transaction commits. A `key` (e.g. the invitation's id) makes a second
    call with it send nothing; without one every call is a mail of its own."""
    mail_key = f"mail:{key or uuid.uuid4()}"
    enqueue(send_mail_task, to, subject, body, mail_key, key=mail_key if key else None)


@huey.task(retries=5, retry_delay=30, retry_backoff=2, priority=SOMEONE_WAITS)
@in_app_context
def send_mail_task(to: str, subject: str, body: str, key: str | None = None) -> None:
    if key is None:
        deliver(to, subject, body)
        return
    with db.unit_of_work() as session:
        if session.get(SentMail, key) is not None:
            log.info("mail %s was sent already", key)
            return
    deliver(to, subject, body)  # no transaction open while the mail server answers
    try:
        with db.unit_of_work() as session:
            session.add(SentMail(key=key))
    except IntegrityError:
        log.warning("mail %s was sent twice at the same moment", key)
    except Exception:  # noqa: BLE001 - it went: a retry of the task would send it again
        log.exception("mail %s was sent but could not be recorded", key)


@every("OUTBOX_PRUNE_INTERVAL_SECONDS")
def forget_sent_mail() -> None:
    keep = current_app.config["OUTBOX_KEEP_HOURS"]
    with db.unit_of_work() as session:
        session.execute(delete(SentMail).where(SentMail.sent_at < utcnow() - timedelta(hours=keep)))


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
        # As written, not as encoded for the wire: links must survive copying from the log.
        log.info("e-mail (no SMTP_HOST; printed instead)\nTo: %s\nSubject: %s\n\n%s",
                 to, subject, body)  # fmt: skip
        return
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
