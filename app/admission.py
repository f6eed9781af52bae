"""Turns at the app: each web process works on a few requests at once; the rest wait in line.

A threaded server starts every request it accepts at once. Under load, a hundred requests
in one process then share its interpreter lock: all of them slow down together, and each of
a request's database round trips waits for the lock again behind all the others. With one
request at a time per process and the others waiting their turn, a 2-core node answered more
of 100 people's requests, captures in half the time (README, Capacity).

So each process works on at most WEB_ACTIVE_REQUESTS requests at once (0: no limit). A
small body is read before the request takes its place in the line, so a client that sends
it slowly holds no turn. Not in the line (which is served roughly in the order requests came):
- a request with a large body, or one of unknown length (an upload): reading it waits on the
  client's network, not on the cores, and a phone on a bad connection would hold a turn for
  minutes;
- what flows after the answer is made: a live stream's events, a file's bytes.
A request steps aside (gives its turn to the next) while it waits for something bounded
elsewhere, so that it does not hold the line up: a turn to hash a password (a burst of
logins must not hold every turn), another server's answer, the seconds a PDF takes. It then
finishes without queueing again: by then it may hold database locks (a new account's rows;
on SQLite every write) that the request with the turn waits for, and both would stand still.
"""

from __future__ import annotations

import io
import threading

from flask import Flask, current_app, has_app_context

#: Bodies up to this size (JSON, forms) arrive with the request; larger ones are uploads.
SMALL_BODY_BYTES = 64 * 1024

_EXTENSION = "admission"


class Admission:
    """WSGI middleware: `size` requests of this process in the app at once."""

    def __init__(self, wsgi_app, size: int) -> None:
        self.wsgi_app = wsgi_app
        self._turns = threading.BoundedSemaphore(size) if size else None
        self._held = threading.local()

    def __call__(self, environ, start_response):
        length = _small_body_length(environ)
        if self._turns is None or length is None:
            return self.wsgi_app(environ, start_response)
        if length:
            # Read before the turn is taken: a client that sends its body slowly (on purpose
            # or not) holds a thread meanwhile, not the turn every other request waits for.
            environ["wsgi.input"] = io.BytesIO(_read_body(environ["wsgi.input"], length))
        self._turns.acquire()
        self._held.turn = True
        try:
            # A streamed body (live stream, file) is iterated by the server after this
            # returns: outside the turn.
            return self.wsgi_app(environ, start_response)
        finally:
            if self._held.turn:  # not given up on the way
                self._held.turn = False
                self._turns.release()

    def step_aside(self) -> None:
        """This thread's turn goes to the next in line, for the rest of the request."""
        if self._turns is not None and getattr(self._held, "turn", False):
            self._held.turn = False
            self._turns.release()


def _small_body_length(environ) -> int | None:
    """The length of a body small enough to wait for; None for an upload."""
    if environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return length if 0 <= length <= SMALL_BODY_BYTES else None


def _read_body(stream, length: int) -> bytes:
    """Up to `length` bytes: a read may return fewer than asked while the rest is on its way
    (an empty one means the client went away; the app then sees the body cut short)."""
    parts, left = [], length
    while left > 0:
        part = stream.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def init_admission(app: Flask) -> None:
    admission = Admission(app.wsgi_app, app.config["WEB_ACTIVE_REQUESTS"])
    app.wsgi_app = admission
    app.extensions[_EXTENSION] = admission


def step_aside() -> None:
    """Within a request about to wait on something bounded elsewhere: give up its turn for
    the rest of the request."""
    admission = current_app.extensions.get(_EXTENSION) if has_app_context() else None
    if admission is not None:
        admission.step_aside()
