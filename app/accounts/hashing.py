"""Password hashing at full cost that cannot starve the node.

One argon2id hash or verify takes tens of milliseconds of a core at OWASP's parameters, and
more at any stronger cost an operator configures. Without a bound, a burst of logins puts
as many hashes on the cores as there are threads, and every other request waits behind
them. So each process computes at most PASSWORD_HASH_CONCURRENCY hashes at once; a caller
waits up to PASSWORD_HASH_WAIT_SECONDS for a turn and is otherwise answered 429 `busy` with
Retry-After, while reads and captures keep their share of the cores.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from flask import current_app

from app.admission import step_aside
from app.errors import TooManyRequests

_EXTENSION = "password_hash_slots"
_slots_lock = threading.Lock()


class HashSlots:
    """Turns at the cores for password hashes: `size` at once, a bounded wait for the rest."""

    def __init__(self, size: int, wait_seconds: float) -> None:
        self.size = size
        self.wait_seconds = wait_seconds
        self._free = threading.BoundedSemaphore(size)
        self._holder = threading.local()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """One turn; within it, this thread's further hashes need no other (so a login can
        take its turn before it opens a database transaction, and not wait holding one)."""
        if getattr(self._holder, "held", False):
            yield
            return
        # Before waiting here and hashing, the request gives up its turn at the app (for
        # good): a burst of logins must not hold every turn while reads wait behind it.
        step_aside()
        if not self._free.acquire(timeout=self.wait_seconds):
            raise busy(self.wait_seconds)
        self._holder.held = True
        try:
            yield
        finally:
            self._holder.held = False
            self._free.release()


def busy(wait_seconds: float) -> TooManyRequests:
    return TooManyRequests(
        "Too many people are logging in at this moment; try again in a few seconds.",
        retry_after=max(1, math.ceil(wait_seconds)),
        code="busy",
    )


def slots() -> HashSlots:
    """This process's turns, made once per app from its settings."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(_EXTENSION)
    if found is None:
        with _slots_lock:
            found = app.extensions.setdefault(
                _EXTENSION,
                HashSlots(
                    app.config["PASSWORD_HASH_CONCURRENCY"],
                    app.config["PASSWORD_HASH_WAIT_SECONDS"],
                ),
            )
    return found


class BoundedHasher:
    """argon2's PasswordHasher whose hash and verify each wait for a turn (see HashSlots)."""

    def __init__(self, hasher: PasswordHasher, turns: HashSlots) -> None:
        self._hasher = hasher
        self._turns = turns

    @property
    def time_cost(self) -> int:
        return self._hasher.time_cost

    @property
    def memory_cost(self) -> int:
        return self._hasher.memory_cost

    @property
    def parallelism(self) -> int:
        return self._hasher.parallelism

    def turn(self):
        """Hold one turn for several steps (a lookup, a verify, a rehash)."""
        return self._turns.turn()

    def hash(self, password: str) -> str:
        with self._turns.turn():
            return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        with self._turns.turn():
            return self._hasher.verify(password_hash, password)

    def check_needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)  # reads the parameters only


def password_hasher() -> BoundedHasher:
    """The app's hasher: argon2id at the configured cost, in this process's turns."""
    config = current_app.config
    return BoundedHasher(
        PasswordHasher(
            time_cost=config["PASSWORD_HASH_TIME_COST"],
            memory_cost=config["PASSWORD_HASH_MEMORY_KIB"],
            parallelism=config["PASSWORD_HASH_PARALLELISM"],
        ),
        slots(),
    )
