"""Load benchmark: what one node holds under many people at once, and how many live streams.

Starts the production server the README recommends (gunicorn, threaded workers) on
127.0.0.1 with a queue worker and a throw-away instance, seeds people with some evidence
through the app's own functions, then drives it with a bounded closed-loop load generator
(one thread per simulated person, each sending its next request when the last one answered).
It prints figures and never fails on a slow result.

    .venv/bin/python bench/load.py [--levels 10,50,100] [--seconds 10] [--streams 0,1000,2000]
    .venv/bin/python bench/load.py --levels 100 --only people --think 0.5 --mix 80,15,5

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import brotli
import psutil
from toolkit import database_size, empty_schema, free_port, percentile, tree_cpu, tree_rss
from urllib3 import encode_multipart_formdata

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path or sys.path.index(str(ROOT)) > 0:  # app.demo draws the photo
    sys.path.insert(0, str(ROOT))  # before bench/, whose media.py would hide the package
BIN = Path(sys.executable).parent
API = "/api/v1"
PASSWORD = "bench-load-wachtwoord-7"
TIMEOUT = 30.0  # one request gives up after this long; it then counts as an error

# The server model the README recommends; the bench measures exactly this.
SERVER_WORKERS = 2  # one process per core
SERVER_CLASS = "gthread"
# A live stream holds a thread for as long as it is open. As many connections as threads per
# process: a full process stops accepting, so the other takes the next stream instead of
# letting it wait for a thread.
SERVER_THREADS = 1100

SEED = r"""
import io, random, sys
from app import create_app
from app.accounts.models import User
from app.accounts.services import register_user
from app.db import db, utcnow
from app.demo import demo_photo
from app.dossiers.models import Dossier
from app.dossiers.services import NewEvidence, create_evidence
from media.services import tmp_dir
from media.uploads import spool_upload
from sqlalchemy import select

prefix, count, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(7)
app = create_app()
with app.app_context():
    for i in range(count):
        with db.unit_of_work() as session:
            user = register_user(session, email=f"{prefix}-{i}@bench.example",
                                 password=password, display_name=f"Leerling {i}")
            user.email_verified_at = utcnow()
            dossier = session.scalar(select(Dossier).where(Dossier.owner_id == user.id))
            for n in range(5):
                create_evidence(session, user, dossier,
                                NewEvidence(title=f"Notitie {n}", description="Les " * 40), None)
            jpeg = demo_photo(rng, (800, 600))
            upload = spool_upload(io.BytesIO(jpeg), filename="IMG_1.jpg", tmp_dir=tmp_dir(),
                                  max_bytes=len(jpeg) + 1)
            try:
                create_evidence(session, user, dossier, NewEvidence(title="Foto"), upload)
            finally:
                upload.discard()
"""


# --- processes ----------------------------------------------------------------------------


class Instance:
    """A throw-away instance folder, its database, a gunicorn server and a queue worker."""

    def __init__(
        self,
        database_url: str | None,
        server: list[str],
        workers: int,
        redis_url: str = "",
        queue_worker: bool = True,
    ):
        self.queue_worker = queue_worker
        self.dir = Path(tempfile.mkdtemp(prefix="bagage-load-"))
        self.server = server
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "FLASK_APP")},
            "PYTHONPATH": str(ROOT),
            "FLASK_APP": "wsgi.py",
            "BAGAGE_ENV": "development",  # production cookies are Secure: not sent over http
            "SECRET_KEY": "bench-" + "x" * 40,
            "BAGAGE_INSTANCE_DIR": str(self.dir / "instance"),
            "DATABASE_URL": database_url or f"sqlite:///{self.dir / 'bagage.sqlite3'}",
            "MEDIA_ROOT": str(self.dir / "media"),
            "UPLOAD_TMP_DIR": str(self.dir / "tmp"),
            "EXPORT_DIR": str(self.dir / "exports"),
            "JOBS_SQLITE_PATH": str(self.dir / "jobs.sqlite3"),
            "SMTP_HOST": "",
            # gunicorn's worker count, which the app shares its password hashing turns by
            "WEB_CONCURRENCY": str(workers),
        }
        if redis_url:  # the production recipe: wake-ups of live streams between processes
            self.env["REDIS_URL"] = redis_url
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.port = 0

    def run(self, *args: str) -> None:
        done = subprocess.run(args, cwd=ROOT, env=self.env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{args[1:3]} failed:\n{done.stderr[-3000:]}")

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = self.dir / f"{name}.log"
        self.logs.append(log)
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with all its children
        )
        self.processes.append(process)
        return process

    def start(self) -> None:
        self.port = free_port()
        if self.queue_worker:
            self._spawn("worker", [str(BIN / "huey_consumer"), "app.worker.huey", "--workers", "2",
                                   "--worker-type", "thread", "--max-delay", "1"])  # fmt: skip
        server = self._spawn(
            "server",
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", *self.server, "wsgi:app"],
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{self.logs[-1].read_text()[-3000:]}")
            probe = Client(self.port)
            try:
                if probe.request("GET", "/me").status_code in (200, 401):
                    return
            except NO_ANSWER:
                pass
            finally:
                probe.close()
            time.sleep(0.1)
        raise SystemExit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                # SIGINT: gunicorn quits without waiting for open streams, huey finishes its task
                os.killpg(process.pid, 2)
        for process in self.processes:
            try:
                # A stream's thread notices its closed socket only at the next keep-alive.
                process.wait(3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 9)
                process.wait()
        self.processes.clear()

    def server_cpu(self) -> float:
        """CPU seconds the web server's processes have used so far."""
        return sum(tree_cpu(process.pid) for process in self.processes[-1:])

    def server_rss(self) -> int:
        """Resident memory of the web server: gunicorn's processes together (bytes)."""
        return sum(tree_rss(process.pid) for process in self.processes[-1:])

    def errors_logged(self) -> list[str]:
        """Each traceback in the logs, as its exception's line (the first line after it that
        does not start with a space)."""
        found = []
        for log in self.logs:
            if log.exists():
                lines = log.read_text(errors="replace").splitlines()
                for n, line in enumerate(lines):
                    if "Traceback" in line:
                        after = (x for x in lines[n + 1 :] if x and not x.startswith(" "))
                        found.append(f"{log.stem}: {next(after, line)[:160]}")
        return found

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


# --- load ---------------------------------------------------------------------------------


class Answer:
    """What the load generator keeps of an HTTP answer: its status, headers and body."""

    def __init__(self, status_code: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status_code, self.headers, self.body = status_code, headers, body

    def json(self):
        decode = DECODERS.get(self.headers.get("Content-Encoding", ""), bytes)
        return json.loads(decode(self.body))

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise RuntimeError(f"HTTP {self.status_code}: {self.body[:200]!r}")


#: A phone's browser takes these, and the server answers in the best it has (brotli).
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress}

#: What a request that got no answer raises: refused, reset, timed out, not HTTP.
NO_ANSWER = (OSError, http.client.HTTPException)


class Client:
    """One person's browser as far as the server can tell: a kept-alive HTTP/1.1
    connection, compressed answers accepted, and the cookies the server set. Bodies are
    decompressed only when read. Plain http.client takes a
    fraction of the CPU `requests` does; the generator shares the node's cores."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        headers = {"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        reused = self._connection is not None
        try:
            return self._send(method, path, body, headers)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
            # The server closed the kept-alive connection while this person paused; a
            # browser sends again on a new one, and so does this.
            return self._send(method, path, body, headers)

    def post_json(self, path: str, payload: dict) -> Answer:
        body = json.dumps(payload).encode()
        return self.request("POST", path, body, {"Content-Type": "application/json"})

    def _send(self, method, path, body, headers) -> Answer:
        if self._connection is None:
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            self._connection.request(method, API + path, body=body, headers=headers)
            response = self._connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        except BaseException:
            self.close()
            raise
        if response.will_close:
            self.close()
        for line in answer.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass
class Person:
    email: str
    port: int
    http: Client = field(init=False)
    dossier: str = ""
    csrf: str = ""
    turns: int = 0

    def __post_init__(self) -> None:
        self.http = Client(self.port)

    def login(self) -> Answer:
        before = dict(self.http.cookies)
        self.http.cookies.clear()
        answer = self.http.post_json("/auth/login", self.credentials())
        if answer.status_code == 200:
            body = answer.json()
            self.dossier, self.csrf = body["dossiers"][0]["id"], body["csrf_token"]
        else:  # not let in (429 busy): the session from before goes on, as in a browser
            self.http.cookies = before
        return answer

    def timeline(self) -> Answer:
        return self.http.request("GET", f"/dossiers/{self.dossier}/evidence")

    def capture(self, jpeg: bytes) -> Answer:
        body, content_type = encode_multipart_formdata(
            {
                "title": "Foto van de les",
                "client_uid": uuid.uuid4().hex,
                "file": ("IMG_2.jpg", _another_photo(jpeg), "image/jpeg"),
            }
        )
        return self.http.request(
            "POST",
            f"/dossiers/{self.dossier}/evidence",
            body,
            {"Content-Type": content_type, "X-CSRF-Token": self.csrf},
        )

    def login_elsewhere(self) -> Answer:
        """Log in on another device: this person's own session goes on, also after a 429."""
        device = Client(self.port)
        try:
            return device.post_json("/auth/login", self.credentials())
        finally:
            device.close()

    def credentials(self) -> dict:
        return {"email": self.email, "password": PASSWORD}

    def cookie_header(self) -> str:
        return self.http.cookie_header()


def _another_photo(jpeg: bytes) -> bytes:
    """The same picture as a file of its own (a JPEG comment after its start): a new item,
    not the same file sent again, which the app answers with the item it already has."""
    comment = uuid.uuid4().hex.encode()
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        #: Answered requests per kind (read, capture, login) when an action names its kind.
        self.kinds: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        #: Password checks the server had no turn for: 429 `busy` with Retry-After, a clear
        #: answer to try again in seconds, counted apart from errors.
        self.busy: dict[str, int] = {}
        #: The first message of each kind of failure, to tell what it was.
        self.samples: dict[str, str] = {}
        self.rss_peak = 0
        #: Cores busy on average during the run: the web server, this load generator, and
        #: the whole machine (the rest is the database, Redis and the system).
        self.cores: dict[str, float] = {}

    def record(self, started: float, response_or_error, kind: str = "") -> None:
        elapsed = time.monotonic() - started
        with self.lock:
            if isinstance(response_or_error, Answer):
                status = response_or_error.status_code
                if status < 400:
                    self.latencies.append(elapsed)
                    self.kinds.setdefault(kind, []).append(elapsed)
                    return
                if status == 429 and _is_busy(response_or_error):
                    self.busy[kind] = self.busy.get(kind, 0) + 1
                    return
                key = f"HTTP {status}"
            else:
                key = type(response_or_error).__name__
                where = f"{key} ({kind or 'request'})"
                self.samples.setdefault(where, str(response_or_error)[:200])
            self.errors[key] = self.errors.get(key, 0) + 1


def _is_busy(response: Answer) -> bool:
    with contextlib.suppress(ValueError, KeyError, TypeError):
        return response.json()["error"]["code"] == "busy" and "Retry-After" in response.headers
    return False


def drive(
    people: list[Person], seconds: float, action, instance=None, think: float = 0.0
) -> tuple[Recorder, float]:
    """Every person sends `action` again and again for `seconds` (closed loop), pausing
    `think` seconds (on average, spread ±50 %) after each answer. An action may return
    (kind, response) to have its kind's figures kept apart."""
    recorder = Recorder()
    done = threading.Event()

    def sample() -> None:
        while instance is not None and not done.wait(0.2):
            recorder.rss_peak = max(recorder.rss_peak, instance.server_rss())

    stop_at = time.monotonic() + seconds
    start = threading.Barrier(len(people) + 1)

    def loop(person: Person) -> None:
        pauses = random.Random(person.email)
        start.wait()
        if think:  # people do not all start at the same instant
            time.sleep(pauses.uniform(0, think))
        while time.monotonic() < stop_at:
            began = time.monotonic()
            kind = ""
            try:
                result = action(person)
                if isinstance(result, tuple):
                    kind, result = result
            except NO_ANSWER as exc:
                result = exc
            recorder.record(began, result, kind)
            if think:
                time.sleep(pauses.uniform(0.5 * think, 1.5 * think))

    threads = [threading.Thread(target=loop, args=(p,), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start.wait()
    began = time.monotonic()
    cpu_before = _cpu_seconds(instance)
    for thread in threads:
        thread.join(seconds + TIMEOUT + 5)
    elapsed = time.monotonic() - began
    cpu_after = _cpu_seconds(instance)
    done.set()
    sampler.join()
    recorder.cores = {k: (cpu_after[k] - cpu_before[k]) / elapsed for k in cpu_after}
    return recorder, elapsed


def _cpu_seconds(instance) -> dict[str, float]:
    """CPU seconds used so far by the web server, this process and the machine."""
    machine = psutil.cpu_times()
    used = {
        "generator": time.process_time(),
        "machine": sum(machine) - machine.idle - getattr(machine, "iowait", 0.0),
    }
    if instance is not None:
        used["server"] = instance.server_cpu()
    return used


class Streams:
    """Open live streams (`GET /me/events`) as plain sockets, all in the calling thread: the
    first event proves the server holds a stream; what follows waits in its socket."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sockets: list[socket.socket] = []
        self.failed = 0

    def open(self, people: list[Person], count: int) -> float:
        """Open `count` more streams; returns the p95 seconds until each answered."""
        waits = []
        for i in range(count):
            person = people[i % len(people)]
            began = time.monotonic()
            try:
                # A stream beyond what the server holds waits for a free thread: give up soon.
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                sock.sendall(
                    (f"GET {API}/me/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     f"Accept: text/event-stream\r\nCookie: {person.cookie_header()}\r\n\r\n"
                     ).encode()
                )  # fmt: skip
                seen = b""
                while b"event: notifications" not in seen:
                    chunk = sock.recv(4096)
                    if not chunk:
                        raise ConnectionError("closed")
                    seen += chunk
                if not seen.startswith(b"HTTP/1.1 200"):
                    raise ConnectionError(seen[:40])
                self.sockets.append(sock)
                waits.append(time.monotonic() - began)
            except OSError:
                self.failed += 1
        return percentile(waits, 95)

    def alive(self) -> int:
        """How many streams the server still holds open (none closed from its side)."""
        open_ = 0
        for sock in self.sockets:
            sock.setblocking(False)
            try:
                open_ += sock.recv(65536, socket.MSG_PEEK) != b""
            except BlockingIOError:
                open_ += 1
            except OSError:
                pass
            finally:
                sock.setblocking(True)
        return open_

    def close(self) -> None:
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()
        self.sockets.clear()


# --- report -------------------------------------------------------------------------------


def line(name: str, users: int, recorder: Recorder, seconds: float) -> str:
    ok = recorder.latencies
    errors = sum(recorder.errors.values())
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(recorder.errors.items()))
    ms = [percentile(ok, p) * 1000 for p in (50, 95, 99)]
    return (
        f"{name:<10} {users:>5} {len(ok) / seconds:>8.1f} {ms[0]:>8.0f} {ms[1]:>8.0f} "
        f"{ms[2]:>8.0f} {errors:>7} {recorder.rss_peak / 2**20:>8.0f} "
        f"{sum(recorder.busy.values()):>8}" + (f"  ({detail})" if detail else "")
    )


HEADER = (
    f"{'scenario':<10} {'users':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    f"{'errors':>7} {'RSS MiB':>8} {'429 busy':>8}"
)


def mixed(jpeg: bytes):
    """Three timeline reads to one capture, as someone adding to their dossier does."""

    def action(person: Person) -> Answer:
        person.turns += 1
        if person.turns % 4 == 0:
            return person.capture(jpeg)
        return person.timeline()

    return action


def people_mix(jpeg: bytes, weights: tuple[int, int, int]):
    """What a person in a school does, one step per turn: mostly reading a timeline, now and
    then a photo, and once in a while logging in on another device (a full-cost password
    check). The weights are reads, captures and logins per hundred turns."""
    kinds = ("read", "capture", "login")

    def action(person: Person):
        kind = random.choices(kinds, weights)[0]
        try:
            if kind == "capture":
                return kind, person.capture(jpeg)
            if kind == "login":
                return kind, person.login_elsewhere()
            return kind, person.timeline()
        except NO_ANSWER as exc:
            return kind, exc  # counted as an error of this kind of step

    return action


def people_lines(users: int, think: float, recorder: Recorder, seconds: float) -> list[str]:
    """One line per kind of step: answered per second and latencies, errors, and the logins
    answered 429 `busy` (no turn for their password check within the wait)."""
    lines = []
    for kind in ("read", "capture", "login"):
        ok = recorder.kinds.get(kind, [])
        ms = [f"{percentile(ok, p) * 1000:.0f}" if ok else "-" for p in (50, 95, 99)]
        lines.append(
            f"{'people ' + kind:<15} {users:>5} {think:>6.2f} {len(ok) / seconds:>8.1f} "
            f"{ms[0]:>8} {ms[1]:>8} {ms[2]:>8} {recorder.busy.get(kind, 0):>8}"
        )
    errors = sum(recorder.errors.values())
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(recorder.errors.items()))
    lines.append(
        f"{'people':<15} {users:>5} errors {errors}"
        + (f" ({detail})" if detail else "")
        + f", RSS peak {recorder.rss_peak / 2**20:.0f} MiB"
    )
    lines += [f"  {key}: {message}" for key, message in recorder.samples.items()]
    cores = recorder.cores
    if "server" in cores:
        answered = sum(len(v) for v in recorder.kinds.values())
        per_step = cores["server"] * seconds / answered * 1000 if answered else float("nan")
        other = cores["machine"] - cores["server"] - cores["generator"]
        lines.append(
            f"{'people':<15} {users:>5} cores busy of {os.cpu_count()}: web server "
            f"{cores['server']:.2f} ({per_step:.1f} ms per answered step), load generator "
            f"{cores['generator']:.2f}, the rest (database, Redis, system) {other:.2f}"
        )
    return lines


PEOPLE_HEADER = (
    f"{'step':<15} {'users':>5} {'think':>6} {'ok/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
    f"{'p99 ms':>8} {'429 busy':>8}"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="10,50,100", help="concurrent users per step")
    parser.add_argument("--seconds", type=float, default=10, help="length of each step")
    parser.add_argument("--streams", default="0,1000,2000", help="open streams per step")
    parser.add_argument("--stream-readers", type=int, default=10,
                        help="people reading timelines while the streams are open")  # fmt: skip
    parser.add_argument("--workers", type=int, default=SERVER_WORKERS, help="gunicorn workers")
    parser.add_argument("--worker-class", default=SERVER_CLASS, help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=SERVER_THREADS, help="threads per worker")
    parser.add_argument("--worker-connections", type=int, default=None,
                        help="connections per worker (default: as many as threads)")  # fmt: skip
    parser.add_argument("--redis-url", default="",
                        help="REDIS_URL for the server and worker (empty: none)")  # fmt: skip
    parser.add_argument(
        "--no-queue-worker",
        action="store_true",
        help="no queue worker on this machine: jobs wait, as when workers have machines of "
        "their own (the README's recipe); the figures are then the web node's alone",
    )
    parser.add_argument(
        "--only",
        default="",
        help="only these steps (comma-separated): back-to-back, people, streams",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.5,
        help="seconds a person pauses between steps in the people step",
    )
    parser.add_argument(
        "--mix",
        default="80,15,5",
        help="reads,captures,logins per hundred steps in the people step",
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="run on DATABASE_URL as it is (e.g. seeded by bench/scale.py) instead of wiping "
        "it; the benchmark's people are added. Needs --no-queue-worker: items an earlier run "
        "left have lost their files",
    )
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL")
    if args.keep_data and not (database_url and args.no_queue_worker):
        parser.error("--keep-data needs DATABASE_URL (PostgreSQL) and --no-queue-worker")
    steps = set(args.only.split(",")) if args.only else {"back-to-back", "people", "streams"}
    weights = tuple(int(n) for n in args.mix.split(","))
    if len(weights) != 3 or sum(weights) <= 0:
        parser.error("--mix takes three whole numbers: reads,captures,logins")
    levels = [int(n) for n in args.levels.split(",") if n]
    stream_steps = [int(n) for n in args.streams.split(",") if n]
    # Stopped from outside (timeout, kill): still stop the processes and delete the folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    # Every stream is a socket here and in the server (which inherits the limit).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    server = ["--workers", str(args.workers), "--worker-class", args.worker_class,
              "--threads", str(args.threads),
              "--worker-connections", str(args.worker_connections or args.threads)]  # fmt: skip
    instance = Instance(
        database_url, server, args.workers, args.redis_url, not args.no_queue_worker
    )
    total_errors = 0
    try:
        count = max(levels + [args.stream_readers])
        prefix = uuid.uuid4().hex[:8]
        print(f"database: {'PostgreSQL' if database_url else 'SQLite'}; "
              f"Redis: {'yes' if args.redis_url else 'no'}; server: gunicorn {' '.join(server)}; "
              f"{os.cpu_count()} CPUs; open files: {hard}; "
              f"queue worker: {'elsewhere' if args.no_queue_worker else 'here'}")  # fmt: skip
        began = time.monotonic()
        if database_url and not args.keep_data:
            # What an earlier run left (items still being processed, whose files went with
            # its temp folder) would be worked on again.
            empty_schema(database_url)
        instance.run(str(BIN / "flask"), "db", "upgrade")
        if args.keep_data:
            print(f"database kept as it was: {database_size(database_url)}")
        instance.run(str(BIN / "python"), "-c", SEED, prefix, str(count), PASSWORD)
        instance.start()
        print(f"set-up: {count} people with 6 items each, {time.monotonic() - began:.0f} s\n")

        from app.demo import demo_photo  # after the set-up: ROOT is on sys.path

        jpeg = demo_photo(random.Random(3), (640, 480))
        people = [Person(f"{prefix}-{i}@bench.example", instance.port) for i in range(count)]
        for person in people:
            person.login().raise_for_status()

        if "back-to-back" in steps:
            print(HEADER)
        scenarios = [
            ("login", Person.login),
            ("timeline", Person.timeline),
            ("capture", lambda p: p.capture(jpeg)),
        ]
        for users in levels if "back-to-back" in steps else []:
            for name, action in scenarios:
                recorder, seconds = drive(people[:users], args.seconds, action, instance)
                total_errors += sum(recorder.errors.values())
                print(line(name, users, recorder, seconds), flush=True)
            # Mixed: everyone keeps a live stream open, reads the timeline and captures.
            streams = Streams(instance.port)
            streams.open(people[:users], users)
            recorder, seconds = drive(people[:users], args.seconds, mixed(jpeg), instance)
            held = streams.alive()
            total_errors += sum(recorder.errors.values()) + streams.failed
            total_errors += len(streams.sockets) - held
            streams.close()
            print(line("mixed", users, recorder, seconds)
                  + f"  [{held}/{users} streams held]", flush=True)  # fmt: skip

        if "people" in steps:
            print(f"\npeople pausing {args.think} s between steps; per hundred steps "
                  f"{weights[0]} reads, {weights[1]} captures, {weights[2]} logins")  # fmt: skip
            print(PEOPLE_HEADER)
            action = people_mix(jpeg, weights)
            for users in levels:
                recorder, seconds = drive(people[:users], args.seconds, action, instance,
                                          think=args.think)  # fmt: skip
                total_errors += sum(recorder.errors.values())
                print("\n".join(people_lines(users, args.think, recorder, seconds)), flush=True)

        if stream_steps and "streams" in steps:
            print(f"\nlive streams on the node while {args.stream_readers} people read timelines")
            readers = people[: args.stream_readers]
            print(f"{'streams':>7} {'held':>5} {'open p95 ms':>11} {'reads/s':>8} "
                  f"{'p50 ms':>7} {'p95 ms':>7} {'errors':>7} {'RSS MiB':>8}")  # fmt: skip
            streams = Streams(instance.port)
            try:
                for target in stream_steps:
                    open_p95 = streams.open(people, target - len(streams.sockets))
                    recorder, seconds = drive(readers, args.seconds, Person.timeline,
                                              instance)  # fmt: skip
                    held = streams.alive()
                    errors = sum(recorder.errors.values()) + streams.failed
                    total_errors += errors + (len(streams.sockets) - held)
                    ok = recorder.latencies
                    print(f"{target:>7} {held:>5} {open_p95 * 1000:>11.0f} "
                          f"{len(ok) / seconds:>8.1f} {percentile(ok, 50) * 1000:>7.0f} "
                          f"{percentile(ok, 95) * 1000:>7.0f} {errors:>7} "
                          f"{recorder.rss_peak / 2**20:>8.0f}", flush=True)  # fmt: skip
                    if streams.failed:
                        print("the node holds no more streams; the ramp stops here")
                        break
            finally:
                streams.close()

        logged = instance.errors_logged()
        print(f"\nexceptions in the server and worker logs: {len(logged)}")
        for what, count in Counter(logged).most_common(5):
            print(f"  {count} x {what}")
        print(f"errors: {total_errors}")
    finally:
        instance.stop()
        instance.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
