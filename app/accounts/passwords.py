"""Which passwords are refused: too short, or among the most common ones.

The list of common passwords is the one zxcvbn ships (30,000 passwords, ranked by how often
they appeared in leaks), so it is maintained with that package and not typed in here.
"""

from __future__ import annotations

import functools

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from app.errors import Invalid

MIN_PASSWORD_LENGTH = 10


@functools.cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    # The list is lower-case; "Password123" is as guessable as "password123".
    return password.strip().lower() in _common()


def check_password(password: str, field: str = "password") -> None:
    """Raise a 422 naming the field when the password may not be used."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            "The password is too short.",
            {field: [f"Use at least {MIN_PASSWORD_LENGTH} characters."]},
        )
    if is_common(password):
        raise Invalid(
            "This password is one of the most common ones.",
            {field: ["This password is too common; choose another."]},
            code="password_common",
        )
