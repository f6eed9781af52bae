"""Waiting in tests: for a condition, with a deadline, never for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T], *, timeout: float = 10, every: float = 0.05, what: str = ""
) -> T:
    """The first true answer of condition(), asked again every `every` seconds; a test that
    waits this way is as fast as the machine and fails with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        answer = condition()
        if answer:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s in vain for {what or condition.__name__}")
        time.sleep(every)
