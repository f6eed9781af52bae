"""The account lifecycle: sign-up that reveals nothing, proving an address is yours, and
resetting a forgotten password.

Every answer to an anonymous caller is the same whether or not the address has an account;
what differs is only the mail its owner receives. The codes and links are one-time secrets
(see :class:`AccountCode`): hashed, short-lived, and dead after use or too many wrong tries.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.accounts.models import AccountCode, User
from app.accounts.passwords import check_password
from app.accounts.services import (
    _hasher,
    _no_transaction_while_hashing,
    end_sessions_and_tokens,
    hash_token,
    normalize_email,
    register_user,
)
from app.db import utcnow
from app.errors import DomainError
from app.mail import send_after_commit

VERIFY = "verify_email"
RESET = "reset_password"
WORKPLACE_LINK = "workplace_link"


class CodeInvalid(DomainError):
    status = 400
    code = "code_invalid"


class TokenInvalid(DomainError):
    status = 400
    code = "token_invalid"


def code_invalid() -> CodeInvalid:
    # One answer for a wrong, used, expired or unknown code, so nothing is learned from it.
    return CodeInvalid(
        "This code is not (or no longer) valid. Check it, or ask for a new one.",
        {"code": ["Not valid."]},
    )


def token_invalid() -> TokenInvalid:
    return TokenInvalid(
        "This link is not (or no longer) valid. Ask for a new one.", {"token": ["Not valid."]}
    )


def _user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalize_email(email)))


def _expiry():
    return utcnow() + timedelta(minutes=current_app.config["ACCOUNT_CODE_MINUTES"])


def _code_hash(user: User, code: str) -> str:
    # Salted with the user: the same six digits for two people are two different rows.
    return hash_token(f"{user.id}:{code}")


def _retire_codes(session: Session, user: User, purpose: str) -> None:
    """Only the newest code or link of a kind works."""
    session.execute(
        update(AccountCode)
        .where(
            AccountCode.user_id == user.id,
            AccountCode.purpose == purpose,
            AccountCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )


def _issue_code(session: Session, user: User, purpose: str, code_hash: str) -> None:
    """A new code or link of this kind for the user; the older ones stop working."""
    _retire_codes(session, user, purpose)
    session.add(
        AccountCode(
            user_id=user.id,
            purpose=purpose,
            code_hash=code_hash,
            expires_at=_expiry(),
        )
    )
    session.flush()


def issue_code(session: Session, user: User, purpose: str) -> str:
    """A fresh 6-digit code of this purpose for the user (only its hash is kept); the older
    ones of the purpose stop working."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    _issue_code(session, user, purpose, _code_hash(user, code))
    return code


def _live_code(session: Session, user: User, purpose: str) -> AccountCode | None:
    return session.scalar(
        select(AccountCode)
        .where(
            AccountCode.user_id == user.id,
            AccountCode.purpose == purpose,
            AccountCode.used_at.is_(None),
            AccountCode.expires_at > utcnow(),
        )
        .order_by(AccountCode.created_at.desc())
    )


def use_code(session: Session, user: User, purpose: str, code: str) -> AccountCode | None:
    """The user's live code of this purpose, now used, when `code` is it; otherwise None. A
    wrong code counts against the live one (the caller commits that count before answering)
    and too many wrong ones kill it."""
    live = _live_code(session, user, purpose)
    if live is None or live.failed_attempts >= current_app.config["ACCOUNT_CODE_MAX_ATTEMPTS"]:
        return None
    if not secrets.compare_digest(live.code_hash, _code_hash(user, code.strip())):
        live.failed_attempts += 1
        session.flush()
        return None
    live.used_at = utcnow()
    session.flush()
    return live


def retire_all_codes(session: Session, user: User) -> None:
    """No code or link mailed so far works any more."""
    for purpose in (VERIFY, RESET, WORKPLACE_LINK):
        _retire_codes(session, user, purpose)


def _public_url() -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/")


# --- sign-up and verification -----------------------------------------------------------


def sign_up(
    session: Session, *, email: str, password: str, display_name: str, locale: str = "nl"
) -> None:
    """Create an unverified account and mail it a code; for an address that has an account
    already, tell its owner instead. The caller learns nothing either way."""
    check_password(password)  # before anything else, so both cases answer alike
    hasher = _hasher()
    with hasher.turn():  # taken before the lookup: no waiting with a database connection
        existing = _user_by_email(session, email)
        _no_transaction_while_hashing()
        if existing is not None:
            hasher.hash(password)  # the work a new account costs, so timing tells nothing
            if existing.is_guest:
                # A workplace supervisor's row: only the mailbox's owner makes it an account,
                # from their link, so no password chosen here is ever kept.
                _mail_guest_how_to_sign_up(existing)
            else:
                _mail_sign_up_attempt(existing)
            return
        user = register_user(
            session, email=email, password=password, display_name=display_name, locale=locale
        )
    send_verification(session, user)


def send_verification(session: Session, user: User) -> None:
    """A fresh 6-digit code (and a link holding it) for the address; older codes stop."""
    code = issue_code(session, user, VERIFY)
    link = f"{_public_url()}/#/verify?{urlencode({'email': user.email, 'code': code})}"
    minutes = current_app.config["ACCOUNT_CODE_MINUTES"]
    send_after_commit(
        user.email,
        f"Je Bagage-code: {code} / Your Bagage code",
        f"Hallo {user.display_name},\n\nJe code om je e-mailadres te bevestigen is: {code}\n"
        f"Of open deze link:\n{link}\n\nDe code werkt {minutes} minuten. Heb je geen account "
        f"gemaakt? Dan kun je deze mail negeren.\n\n"
        f"Your code to confirm your e-mail address is {code} (or open the link above). It "
        f"works for {minutes} minutes. Did not sign up? Then ignore this mail.\n",
    )


def resend_verification(session: Session, email: str) -> None:
    """A new code, only for an account that still needs one; otherwise nothing happens."""
    user = _user_by_email(session, email)
    if user is not None and not user.is_guest and not user.email_verified:
        send_verification(session, user)


def verify_email(session: Session, *, email: str, code: str) -> User | None:
    """The user whose address the code proves, or None. A wrong code counts against the
    live one (the caller commits that count before answering). A guest has no sign-up to
    confirm: they make their account from their workplace link."""
    user = _user_by_email(session, email)
    if user is None or user.is_guest:
        return None
    if use_code(session, user, VERIFY, code) is None:
        return None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    session.flush()
    return user


def _mail_guest_how_to_sign_up(user: User) -> None:
    send_after_commit(
        user.email,
        "Een account in Bagage / An account in Bagage",
        f"Hallo {user.display_name},\n\nIemand probeerde zojuist een Bagage-account te maken "
        f"met dit e-mailadres. Je doet al mee via de werkpleklink uit onze eerdere mail. Wil je "
        f"een account met een wachtwoord? Open die link en kies 'Account maken' in het menu. "
        f"Was jij het niet? Dan hoef je niets te doen; er is niets veranderd.\n\n"
        f"Someone just tried to sign up for Bagage with this address. You take part through "
        f"the workplace link in our earlier mail already; to make an account with a password, "
        f"open that link and choose 'Make an account' in the menu. Nothing has changed.\n",
    )


def _mail_sign_up_attempt(user: User) -> None:
    send_after_commit(
        user.email,
        "Iemand probeerde een account te maken met je adres / Sign-up attempt",
        f"Hallo {user.display_name},\n\nIemand probeerde zojuist een Bagage-account te maken "
        f"met dit e-mailadres. Je hebt al een account: log in op {_public_url()}, of kies "
        f"'Wachtwoord vergeten?' als je je wachtwoord niet meer weet. Was jij het niet? Dan "
        f"hoef je niets te doen; er is niets veranderd.\n\n"
        f"Someone just tried to sign up for Bagage with this address. You have an account "
        f"already: log in, or reset your password with 'Forgot your password?'. Nothing "
        f"has changed.\n",
    )


# --- password reset ---------------------------------------------------------------------


def request_password_reset(session: Session, email: str) -> None:
    """Mail a one-time link to the address when it has an account; otherwise do nothing."""
    user = _user_by_email(session, email)
    if user is None or user.is_guest:  # a guest has no password to reset: they sign up
        return
    token = secrets.token_urlsafe(32)
    _issue_code(session, user, RESET, hash_token(token))
    minutes = current_app.config["ACCOUNT_CODE_MINUTES"]
    link = f"{_public_url()}/#/reset/{token}"
    send_after_commit(
        user.email,
        "Nieuw wachtwoord voor Bagage / Reset your Bagage password",
        f"Hallo {user.display_name},\n\nOpen deze link om een nieuw wachtwoord te kiezen:\n"
        f"{link}\n\nDe link werkt één keer en {minutes} minuten. Heb je dit niet gevraagd? "
        f"Dan kun je deze mail negeren.\n\n"
        f"Open the link above to choose a new password. It works once, for {minutes} "
        f"minutes. Did not ask for this? Then ignore this mail.\n",
    )


def confirm_password_reset(session: Session, *, token: str, password: str) -> User:
    """Set the new password and end every session and token of the account. Opening the
    mailed link proves the address too, so the account counts as verified from now on."""
    code = session.scalar(
        select(AccountCode).where(
            AccountCode.code_hash == hash_token(token), AccountCode.purpose == RESET
        )
    )
    if code is None or code.used_at is not None or code.expires_at <= utcnow():
        raise token_invalid()
    check_password(password)
    user = code.user
    _no_transaction_while_hashing()
    password_hash = _hasher().hash(password)
    code.used_at = utcnow()
    user.password_hash = password_hash
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    end_sessions_and_tokens(session, user)
    session.flush()
    return user
