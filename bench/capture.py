"""Capture benchmark: how fast a batch of photos becomes visible, and what a big video costs.

Starts the real app as separate processes (``flask run``, plus a ``huey_consumer`` worker
when media are processed on the queue) with a throw-away instance folder, uploads through
the public API with a personal access token, and prints figures. It never asserts timings:
the numbers are for people to read and compare.

    .venv/bin/python bench/capture.py [--photos N] [--big-mb MB] [--skip-big] [--workers N]
                                      [--burst-at-worker]

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
from toolkit import free_port, percentile, tree_cpu, tree_rss

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # app.demo draws the photos
    sys.path.insert(0, str(ROOT))

MiB = 1024 * 1024
PHOTO_SIZE = (4000, 3000)
API = "/api/v1"
POLL_INTERVAL = 0.02  # seconds between two rounds of thumbnail polling
THUMBNAIL_TIMEOUT = 120.0  # give up on one photo's thumbnail after this long (s)
BIG_TIMEOUT = 600.0  # the same for a big video (s)
RSS_INTERVAL = 0.05  # seconds between two RSS samples
CHUNK = 256 * 1024  # bytes per read() of a streamed request body


# --- streamed multipart body ------------------------------------------------------------


class MultipartBody:
    """A multipart/form-data body that is read in chunks, never built whole in memory.

    ``requests`` sends an object with ``__iter__`` and ``__len__`` as a stream with a
    Content-Length; urllib3 then calls ``read()`` until it returns b"". The read that
    returns b"" happens after the last chunk went to the socket, so ``finished_at`` is the
    moment the whole body has been handed to the kernel: "upload finished".
    """

    def __init__(self, fields: dict[str, str], filename: str, content_type: str, path: Path):
        self.boundary = f"bagage-bench-{uuid.uuid4().hex}"
        head = b"".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
            for name, value in fields.items()
        )
        head += (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        self._head = head
        self._tail = f"\r\n--{self.boundary}--\r\n".encode()
        self._path = path
        self._file_size = path.stat().st_size
        self._length = len(head) + self._file_size + len(self._tail)
        self._parts = iter((self._head, None, self._tail))  # None: the file, streamed
        self._current: bytes | None = None
        self._fh = None
        self.started_at: float | None = None
        self.last_byte_at: float | None = None
        self.finished_at: float | None = None

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def __iter__(self):
        while chunk := self.read(CHUNK):
            yield chunk

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = CHUNK
        if self.started_at is None:
            self.started_at = time.perf_counter()
        out = bytearray()
        while len(out) < size:
            piece = self._next_piece(size - len(out))
            if not piece:
                break
            out += piece
        if out:
            self.last_byte_at = time.perf_counter()
        elif self.finished_at is None:
            self.finished_at = time.perf_counter()
        return bytes(out)

    def _next_piece(self, size: int) -> bytes:
        while True:
            if self._fh is not None:
                piece = self._fh.read(size)
                if piece:
                    return piece
                self._fh.close()
                self._fh = None
            elif self._current:
                piece, self._current = self._current[:size], self._current[size:]
                return piece
            try:
                part = next(self._parts)
            except StopIteration:
                return b""
            if part is None:
                self._fh = self._path.open("rb")
            else:
                self._current = part

    @property
    def upload_finished(self) -> float:
        """When the last byte was sent (the b"" read after it, or the last read itself)."""
        return self.finished_at or self.last_byte_at or time.perf_counter()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


# --- the app: web server, and the queue worker when the app has one ---------------------


def has_queue() -> bool:
    """Media processing runs on a Huey queue (app/jobs.py) once the app has one."""
    return (ROOT / "app" / "jobs.py").is_file()


def worker_target() -> str:
    """The Huey instance to consume, from a module that also registers every task."""
    if (ROOT / "app" / "worker.py").is_file():
        return "app.worker.huey"
    # Older layout: importing media.tasks registers the tasks on app.jobs.huey.
    return "media.tasks.huey" if (ROOT / "media" / "tasks.py").is_file() else "app.jobs.huey"


class App:
    """``flask run`` (and a ``huey_consumer``), each in its own process group, sharing one
    fresh instance folder."""

    def __init__(self, workdir: Path, workers: int):
        self.workdir = workdir
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.procs: dict[str, subprocess.Popen] = {}
        server_tmp = workdir / "server-tmp"  # werkzeug spools request bodies to $TMPDIR
        server_tmp.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}  # our own queue only
        self.env = {
            **env,
            "FLASK_APP": "wsgi.py",
            "BAGAGE_ENV": "development",
            "BAGAGE_INSTANCE_DIR": str(workdir / "instance"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "STORAGE_BACKEND": "local",
            "MEDIA_ROOT": str(workdir / "media"),
            "UPLOAD_TMP_DIR": str(workdir / "upload-tmp"),
            "JOBS_SQLITE_PATH": str(workdir / "jobs.sqlite3"),
            "TMPDIR": str(server_tmp),
            "PYTHONUNBUFFERED": "1",
        }

    def describe(self) -> str:
        if "worker" not in self.procs:
            return "flask run (threaded), media processed in the upload request"
        return (
            f"flask run (threaded) + huey_consumer {worker_target()} "
            f"with {self.workers} worker thread(s)"
        )

    def start(self) -> None:
        with self._log("migrate").open("ab") as log:
            done = subprocess.run(
                [sys.executable, "-m", "flask", "db", "upgrade"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            raise RuntimeError(f"flask db upgrade failed:\n{self.log_tail('migrate')}")
        self._spawn(
            "server",
            [
                sys.executable, "-m", "flask", "run", "--host", "127.0.0.1",
                "--port", str(self.port), "--no-reload", "--no-debugger", "--with-threads",
            ],
        )  # fmt: skip
        if has_queue():
            self._spawn(
                "worker",
                [
                    sys.executable, "-m", "huey.bin.huey_consumer", worker_target(),
                    "--workers", str(self.workers), "--worker-type", "thread", "--max-delay", "1",
                ],
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                requests.get(f"{self.base}{API}/openapi.json", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within 60 s:\n{self.log_tail('server')}")

    def _spawn(self, name: str, command: list[str]) -> None:
        with self._log(name).open("ab") as log:
            self.procs[name] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us only; we stop it ourselves
            )

    def hold_worker(self) -> None:
        """Stop the queue worker where it is (SIGSTOP): jobs wait in the queue. Stopped
        inside a write to one of the SQLite files (the queue's, or the app's), it would keep
        every upload waiting: then it is let go a moment and stopped again."""
        worker = self.procs["worker"].pid
        for _ in range(100):
            os.killpg(worker, signal.SIGSTOP)
            if not any(_write_locked(self.workdir / name) for name in SQLITE_FILES):
                return
            os.killpg(worker, signal.SIGCONT)
            time.sleep(0.05)
        raise RuntimeError("the worker kept a SQLite file locked; it could not be held")

    def release_worker(self) -> None:
        os.killpg(self.procs["worker"].pid, signal.SIGCONT)

    def worker_cpu(self) -> float:
        """CPU seconds the worker (and its ffmpeg children) has used so far."""
        return tree_cpu(self.procs["worker"].pid)

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"the {name} exited early:\n{self.log_tail(name)}")

    def rss(self) -> dict[str, int]:
        """Resident memory in bytes of each process plus its children (ffprobe, ffmpeg)."""
        return {name: tree_rss(proc.pid) for name, proc in self.procs.items()}

    def stop(self) -> None:
        for proc in self.procs.values():
            _stop_group(proc)

    def _log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def log_tail(self, name: str, lines: int = 30) -> str:
        return "\n".join(self.log_text(name).splitlines()[-lines:]) or f"(no {name} log)"

    def exceptions_in_log(self, name: str) -> list[str]:
        """The distinct exception lines (``SomeError: message``) in a process's log."""
        return list(self.exception_counts(name))

    def log_text(self, name: str) -> str:
        try:
            return self._log(name).read_text(errors="replace")
        except OSError:
            return ""

    def exception_counts(self, name: str) -> dict[str, int]:
        text = self.log_text(name)
        found = re.findall(r"^([A-Za-z_][\w.]*(?:Error|Exception)\b.*)$", text, re.MULTILINE)
        # SQLAlchemy repeats the DB-API error inside its own; keep the innermost form.
        return collections.Counter(
            line[:160] for line in found if not line.startswith("sqlalchemy.")
        )

    def logs_tail(self) -> str:
        return "\n".join(
            f"--- {name} log (last lines) ---\n{self.log_tail(name)}" for name in self.procs
        )


#: The app's database and the queue's, in the instance folder App sets up.
SQLITE_FILES = ("bench.sqlite3", "jobs.sqlite3")


def _write_locked(path: Path) -> bool:
    """Whether another connection holds the write lock of the SQLite file at `path`."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def _stop_group(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)  # the group we started: it and its children
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class RssSampler:
    """Samples the RSS of each app process every RSS_INTERVAL while the block runs."""

    def __init__(self, app: App):
        self.app = app
        self.before = app.rss()
        self.peak = dict(self.before)
        self.after: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for name, rss in self.app.rss().items():
            self.peak[name] = max(self.peak.get(name, 0), rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(RSS_INTERVAL)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.after = self.app.rss()


# --- API helpers ------------------------------------------------------------------------


def sign_up(base: str) -> tuple[str, str]:
    """Register a user and create a personal access token; returns (token, dossier id)."""
    browser = requests.Session()
    account = {"email": f"bench-{uuid.uuid4().hex[:8]}@example.org",
               "password": "bench-password-123"}  # fmt: skip
    resp = browser.post(
        f"{base}{API}/auth/register", json={**account, "display_name": "Benchmark"}, timeout=60
    )
    _expect(resp, 202, "register")
    # Unverified accounts use their own dossier; that is all a benchmark needs.
    resp = browser.post(f"{base}{API}/auth/login", json=account, timeout=60)
    _expect(resp, 200, "login")
    me = resp.json()
    resp = browser.post(
        f"{base}{API}/auth/tokens",
        json={"name": "capture benchmark"},
        headers={"X-CSRF-Token": me["csrf_token"]},
        timeout=30,
    )
    _expect(resp, 201, "create token")
    return resp.json()["token"], me["dossiers"][0]["id"]


def api_session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


class HttpError(RuntimeError):
    pass


def _expect(resp: requests.Response, status: int | tuple[int, ...], what: str) -> None:
    wanted = status if isinstance(status, tuple) else (status,)
    if resp.status_code not in wanted:
        raise HttpError(f"{what}: HTTP {resp.status_code}: {resp.text.strip()[:300]}")


@dataclass
class Upload:
    evidence: dict
    started: float  # first byte read for sending
    finished: float  # last byte sent ("upload finished")
    answered: float  # response received
    status_code: int = 201


def upload(
    session: requests.Session,
    base: str,
    dossier_id: str,
    path: Path,
    content_type: str,
    title: str,
    timeout: float,
) -> Upload:
    body = MultipartBody(
        {"title": title, "client_uid": f"bench-{uuid.uuid4().hex}"}, path.name, content_type, path
    )
    try:
        resp = session.post(
            f"{base}{API}/dossiers/{dossier_id}/evidence",
            data=body,
            headers={"Content-Type": body.content_type},
            timeout=timeout,
        )
        answered = time.perf_counter()
    finally:
        body.close()
    _expect(resp, (200, 201, 202), f"upload {path.name}")
    return Upload(
        resp.json(), body.started_at or answered, body.upload_finished, answered, resp.status_code
    )


# --- thumbnails: polled until servable --------------------------------------------------


@dataclass
class Pending:
    evidence_id: str
    finished: float
    thumbnail_url: str | None
    deadline: float
    servable_at: float | None = None
    ready_at: float | None = None
    error: str | None = None

    @property
    def latency(self) -> float | None:
        return None if self.servable_at is None else self.servable_at - self.finished

    @property
    def ready_latency(self) -> float | None:
        return None if self.ready_at is None else self.ready_at - self.finished


@dataclass
class ThumbnailWatcher:
    """Polls, one request at a time, until each item's thumbnail GET answers 200 with an
    image. Runs beside the upload loop, so uploads go back to back as from a phone, and a
    thumbnail made later (by the queue) is measured when it really appears."""

    session: requests.Session
    base: str
    timeout: float = THUMBNAIL_TIMEOUT
    inbox: queue.Queue = field(default_factory=queue.Queue)
    done: list[Pending] = field(default_factory=list)

    def add(self, item: Upload) -> None:
        thumb = (item.evidence.get("media") or {}).get("thumbnail") or {}
        self.inbox.put(
            Pending(
                evidence_id=item.evidence["id"],
                finished=item.finished,
                thumbnail_url=thumb.get("url"),
                deadline=time.perf_counter() + self.timeout,
            )
        )

    def run(self, closed: threading.Event, stop: threading.Event) -> None:
        """Until `closed` is set (no more uploads) and every item is settled, or `stop`."""
        pending: list[Pending] = []
        while not stop.is_set():
            if closed.is_set() and not pending and self.inbox.empty():
                return
            # Wait one polling interval, but start at once when a new upload comes in.
            try:
                pending.append(self.inbox.get(timeout=POLL_INTERVAL))
                while True:
                    pending.append(self.inbox.get_nowait())
            except queue.Empty:
                pass
            for item in list(pending):
                if self._check(item):
                    pending.remove(item)
                    self.done.append(item)

    def _check(self, item: Pending) -> bool:
        """One polling step for one item; True once it is settled (ready or failed)."""
        if time.perf_counter() > item.deadline:
            item.error = f"not ready after {self.timeout:.0f} s"
            return True
        if item.servable_at is not None:
            return self._check_ready(item)
        try:
            if item.thumbnail_url is None:
                resp = self.session.get(f"{self.base}{API}/evidence/{item.evidence_id}", timeout=30)
                if resp.status_code != 200:
                    return False
                evidence = resp.json()
                if evidence.get("status") == "failed":
                    item.error = f"processing failed: {evidence.get('status_reason')}"
                    return True
                thumb = (evidence.get("media") or {}).get("thumbnail")
                if not thumb:
                    return False
                item.thumbnail_url = thumb["url"]
            resp = self.session.get(f"{self.base}{item.thumbnail_url}", timeout=30)
        except requests.RequestException:
            return False
        if (
            resp.status_code == 200
            and resp.headers.get("Content-Type", "").startswith("image/")
            and resp.content
        ):
            item.servable_at = time.perf_counter()
            return self._check_ready(item)
        return False

    def _check_ready(self, item: Pending) -> bool:
        """Done: faces found and every copy made, so the people it is shared with see it
        (the owner's first thumbnail can come well before)."""
        try:
            resp = self.session.get(f"{self.base}{API}/evidence/{item.evidence_id}", timeout=30)
        except requests.RequestException:
            return False
        status = resp.json().get("status") if resp.status_code == 200 else None
        if status == "failed":
            item.error = f"processing failed: {resp.json().get('status_reason')}"
            return True
        if status == "ready":
            item.ready_at = time.perf_counter()
            return True
        return False


def watch(
    session: requests.Session, base: str, items: list[Upload], timeout: float
) -> list[Pending]:
    """Poll uploads until each one's thumbnail is servable (or it failed)."""
    watcher = ThumbnailWatcher(session, base, timeout=timeout)
    for item in items:
        watcher.add(item)
    closed = threading.Event()
    closed.set()
    watcher.run(closed, threading.Event())
    return watcher.done


# --- test files -------------------------------------------------------------------------


def _draw_photo(index: int, path: str, size: tuple[int, int]) -> int:
    from app.demo import demo_photo

    data = demo_photo(random.Random(index), size, gps=True)
    Path(path).write_bytes(data)
    return len(data)


def make_photos(folder: Path, count: int, warmups: int) -> tuple[list[Path], list[Path]]:
    """The batch, drawn in parallel, plus small photos for warming up (one per worker thread:
    each loads its own face detector)."""
    folder.mkdir()
    paths = [folder / f"IMG_{1000 + i}.jpg" for i in range(count)]
    warmup = [folder / f"warmup-{i}.jpg" for i in range(warmups)]
    jobs = [(i, str(p), PHOTO_SIZE) for i, p in enumerate(paths)]
    jobs += [(10_000 + i, str(p), (1200, 900)) for i, p in enumerate(warmup)]
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1))
    try:
        list(pool.map(_draw_photo, *zip(*jobs, strict=True)))
    finally:  # on Ctrl-C, draw no further photos
        pool.shutdown(wait=True, cancel_futures=True)
    return paths, warmup


def make_small_video(path: Path) -> None:
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "3",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", str(path),
        ],
        check=True,
    )  # fmt: skip


def pad_video(source: Path, target: Path, size: int) -> None:
    """A copy of source padded to exactly size bytes with one top-level MP4 `free` box."""
    shutil.copyfile(source, target)
    pad = size - source.stat().st_size
    if pad < 16:
        raise ValueError(f"{size} bytes is too small to pad {source.name} to")
    if pad <= 0xFFFFFFFF:
        header = pad.to_bytes(4, "big") + b"free"
    else:  # 64-bit largesize form: size field 1, type, then the real size
        header = (1).to_bytes(4, "big") + b"free" + pad.to_bytes(8, "big")
    zeros = bytes(MiB)
    with target.open("ab") as out:
        out.write(header)
        left = pad - len(header)
        while left > 0:
            n = min(left, len(zeros))
            out.write(zeros if n == len(zeros) else zeros[:n])
            left -= n
    if target.stat().st_size != size:
        raise RuntimeError(f"{target.name} is {target.stat().st_size} bytes, wanted {size}")


def check_video(path: Path) -> None:
    out = subprocess.run(
        [
            "ffprobe", "-v", "error", "-show_entries", "format=format_name:stream=codec_type",
            "-of", "json", str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    info = json.loads(out.stdout)
    fmt = info.get("format", {}).get("format_name", "")
    if "mp4" not in fmt or not any(s.get("codec_type") == "video" for s in info.get("streams", [])):
        raise RuntimeError(f"{path.name} does not probe as an MP4 with video: {out.stdout}")


# --- measurements -----------------------------------------------------------------------


def warm_up(app: App, token: str, dossier_id: str, photos: list[Path]) -> float | None:
    """Small photos first, so imports and each worker thread's first job are not in the
    figures; the slowest one's time to its thumbnail."""
    session = api_session(token)
    items = [
        upload(session, app.base, dossier_id, photo, "image/jpeg", "Warm-up", timeout=120)
        for photo in photos
    ]
    times = [d.latency for d in watch(session, app.base, items, THUMBNAIL_TIMEOUT) if d.latency]
    return max(times) if times else None


def photo_batch(app: App, token: str, dossier_id: str, photos: list[Path]) -> dict:
    """Upload one after another; a failed upload is counted and reported, not retried."""
    uploads = api_session(token)
    watcher = ThumbnailWatcher(api_session(token), app.base)
    closed, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=watcher.run, args=(closed, stop), daemon=True)
    results: dict[int, Upload] = {}
    errors: dict[int, str] = {}
    with RssSampler(app) as rss:
        thread.start()
        try:
            for i, path in enumerate(photos):
                try:
                    item = upload(
                        uploads, app.base, dossier_id, path, "image/jpeg", f"Photo {i + 1}", 300
                    )
                except HttpError as exc:
                    errors[i] = str(exc)
                    continue
                results[i] = item
                watcher.add(item)
            closed.set()
            thread.join(timeout=THUMBNAIL_TIMEOUT + 30)
        finally:
            stop.set()
    index = {r.evidence["id"]: i for i, r in results.items()}
    done = list(results.values())
    return {
        "count": len(photos),
        "uploaded": len(results),
        "bytes": sum(photos[i].stat().st_size for i in results),
        "sizes": [p.stat().st_size for p in photos],
        "wall": (done[-1].answered - done[0].started) if done else 0.0,
        "answers_ms": [(r.answered - r.finished) * 1000 for r in done],
        "thumbs_ms": {index[d.evidence_id]: d.latency * 1000 for d in watcher.done if d.latency},
        "ready_ms": [d.ready_latency * 1000 for d in watcher.done if d.ready_latency],
        "failed": [d for d in watcher.done if d.ready_at is None],
        "missing": len(results) - len(watcher.done),
        "errors": errors,
        "server_errors": app.exceptions_in_log("server") if errors else [],
        "statuses": sorted({r.evidence.get("status", "?") for r in done}),
        "codes": sorted({r.status_code for r in done}),
        "rss": rss,
    }


# The held burst's progress, read straight from the database (ids without dashes either way).
STATUS_QUERY = (
    "SELECT replace(id, '-', ''), status FROM evidence WHERE replace(dossier_id, '-', '') = ?"
)
ROLES_QUERY = (
    "SELECT replace(m.evidence_id, '-', ''), m.role FROM media_assets m"
    " JOIN evidence e ON e.id = m.evidence_id WHERE replace(e.dossier_id, '-', '') = ?"
)


def held_burst(app: App, token: str, dossier_id: str, photos: list[Path]) -> dict:
    """The burst as a worker machine of its own receives it: the worker is held while every
    photo is uploaded, then let go, so all of them reach it at the same moment (harder than
    one after another) and none of the web server's work for the uploads is on its cores.
    Times count from that moment. Progress is read from the database every POLL_INTERVAL
    rather than through the API, so the polling does not take the worker's cores either."""
    session = api_session(token)
    items: list[Upload] = []
    errors: dict[int, str] = {}
    app.hold_worker()
    try:
        for i, path in enumerate(photos):
            try:
                items.append(
                    upload(session, app.base, dossier_id, path, "image/jpeg", f"Photo {i + 1}", 300)
                )
            except HttpError as exc:
                errors[i] = str(exc)
        time.sleep(0.5)  # the server's last commits settle
        cpu_before = app.worker_cpu()
        released = time.perf_counter()
    finally:
        app.release_worker()
    ids = {uuid.UUID(item.evidence["id"]).hex for item in items}
    shown: dict[str, float] = {}  # the owner's thumbnail is there
    webp: dict[str, float] = {}  # the display WebP (made after the burst) is there
    settled: dict[str, tuple[float, str]] = {}  # ready (or failed) for the people it is shared with
    dossier = uuid.UUID(dossier_id).hex
    database = sqlite3.connect(f"file:{app.workdir / 'bench.sqlite3'}?mode=ro", uri=True)
    deadline = released + THUMBNAIL_TIMEOUT
    all_ready, cpu = None, 0.0  # when the last photo was ready; the worker's CPU until then

    def done() -> bool:
        ready = sum(1 for _t, status in settled.values() if status == "ready")
        return len(settled) == len(ids) and len(webp) >= ready

    try:
        while not done() and time.perf_counter() < deadline:
            now = time.perf_counter() - released
            for key, status in database.execute(STATUS_QUERY, (dossier,)):
                if key in ids and status in ("ready", "failed") and key not in settled:
                    settled[key] = (now, status)
            for key, role in database.execute(ROLES_QUERY, (dossier,)):
                if role in ("thumbnail", "sharp_thumbnail"):
                    shown.setdefault(key, now)
                elif role == "display_webp":
                    webp.setdefault(key, now)
            if all_ready is None and len(settled) == len(ids):
                all_ready = time.perf_counter() - released
                cpu = app.worker_cpu() - cpu_before
            time.sleep(POLL_INTERVAL)
    finally:
        database.close()
    return {
        "count": len(photos),
        "uploaded": len(items),
        "errors": errors,
        "thumbs_ms": [t * 1000 for t in shown.values()],
        "ready_ms": [t * 1000 for t, status in settled.values() if status == "ready"],
        "failed": sum(1 for _t, status in settled.values() if status == "failed"),
        "webp_ms": [t * 1000 for t in webp.values()],
        "missing": len(ids) - len(settled),
        "all_ready": all_ready,
        "worker_cpu": cpu,
    }


def report_held_burst(r: dict, workers: int) -> None:
    print(
        f"\nBurst at the worker: {r['uploaded']} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} "
        f"reaching a worker with {workers} thread(s) at once, from the moment it is let go"
    )
    for i, error in list(r["errors"].items())[:5]:
        print(f"  ! upload of photo {i + 1} failed: {error}")
    print(f"  {'':40}{'p50':>9}{'p95':>9}{'max':>9}")
    for label, values in (
        ("owner's thumbnail in the timeline", r["thumbs_ms"]),
        ("ready for others (faces blurred, sizes)", r["ready_ms"]),
        ("display WebP there (made after the rest)", r["webp_ms"]),
    ):
        cells = "".join(f"{percentile(values, p):>6.0f} ms" for p in (50, 95, 100))
        print(f"  {label:40}{cells if values else '(none)':>27}")
    if r["all_ready"] is not None:
        per_photo = r["worker_cpu"] / max(1, r["uploaded"])
        print(
            f"  all ready after {r['all_ready']:.2f} s; worker CPU until then "
            f"{r['worker_cpu']:.2f} s, {per_photo * 1000:.0f} ms a photo"
        )
    if r["failed"]:
        print(f"  ! {r['failed']} photo(s) failed to process")
    if r["missing"]:
        print(f"  ! {r['missing']} photo(s) never settled")


def big_upload(app: App, token: str, dossier_id: str, path: Path) -> dict:
    """One video; memory is sampled until its thumbnail is servable, so queue work counts."""
    session = api_session(token)
    time.sleep(0.5)  # let the processes settle after the previous upload
    row: dict = {"size": path.stat().st_size, "error": None, "ready": None}
    with RssSampler(app) as rss:
        try:
            item = upload(session, app.base, dossier_id, path, "video/mp4", path.stem, 900)
        except HttpError as exc:
            row["error"] = str(exc)
            row["server_errors"] = app.exceptions_in_log("server")
        else:
            row["ready"] = watch(session, app.base, [item], BIG_TIMEOUT)[0]
            row["sent"] = item.finished - item.started
            row["total"] = item.answered - item.started
    row["rss"] = rss
    return row


# --- report -----------------------------------------------------------------------------


def _mib(n: float) -> str:
    return f"{n / MiB:,.1f} MiB"


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def report_photos(r: dict) -> None:
    average = sum(p for p in r["sizes"]) / len(r["sizes"])
    print(
        f"\nPhoto batch: {r['count']} JPEGs of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} "
        f"({_mib(average)} on average), uploaded one after another"
    )
    if r["errors"]:
        print(f"  ! {len(r['errors'])} of {r['count']} uploads failed (not retried):")
        for i, error in list(r["errors"].items())[:5]:
            print(f"    photo {i + 1}: {error}")
        for line in r["server_errors"][:5]:
            print(f"    server log: {line}")
    if not r["uploaded"]:
        return
    print(f"  {'':40}{'p50':>9}{'p95':>9}{'max':>9}")
    rows = [
        ("upload finished -> POST answered", r["answers_ms"]),
        ("upload finished -> thumbnail servable", list(r["thumbs_ms"].values())),
        ("upload finished -> ready (faces, sizes)", r["ready_ms"]),
    ]
    for label, values in rows:
        if values:
            cells = "".join(f"{percentile(values, p):>6.0f} ms" for p in (50, 95, 100))
            print(f"  {label:40}{cells}")
        else:
            print(f"  {label:40}{'(none)':>27}")
    if r["thumbs_ms"]:
        slowest = max(r["thumbs_ms"], key=r["thumbs_ms"].get)
        print(f"  slowest thumbnail: photo {slowest + 1} of {r['count']}")
    wall = max(r["wall"], 1e-9)
    print(
        f"  throughput (first byte sent -> last POST answered): {r['uploaded']} photos, "
        f"{_mib(r['bytes'])} in {wall:.1f} s = {r['bytes'] / wall / MiB:.2f} MiB/s, "
        f"{r['uploaded'] / wall:.2f} photos/s"
    )
    rss = r["rss"]
    for name in rss.before:
        print(
            f"  {name} RSS: {_mib(rss.before[name])} before, {_mib(rss.peak[name])} peak, "
            f"{_mib(rss.after.get(name, 0))} after the batch"
        )
    print(
        f"  POST answers: HTTP {', '.join(map(str, r['codes']))}, status {', '.join(r['statuses'])}"
    )
    for item in r["failed"]:
        print(f"  ! evidence {item.evidence_id}: {item.error}")
    if r["missing"]:
        print(f"  ! {r['missing']} photo(s) never settled")


def report_big(rows: list[dict]) -> None:
    print(
        f"\nBig video upload: RSS of each process incl. its children (ffprobe, ffmpeg), "
        f"sampled every {RSS_INTERVAL * 1000:.0f} ms until the thumbnail is servable"
    )
    print(
        f"  {'file':>9}{'sent in':>9}{'answered':>10}{'thumbnail':>11}  "
        f"{'process':<8}{'RSS before':>11}{'peak':>11}{'growth':>11}"
    )
    for r in rows:
        rss, ready = r["rss"], r["ready"]
        if r["error"]:
            first = f"  {_mib(r['size']):>9}{'failed':>9}{'':>10}{'':>11}  "
        else:
            thumb = f"+{ready.latency:.1f} s" if ready.latency is not None else "never"
            first = f"  {_mib(r['size']):>9}{r['sent']:>7.1f} s{r['total']:>8.1f} s{thumb:>11}  "
        for i, name in enumerate(rss.before):
            lead = first if i == 0 else " " * len(first)
            growth = rss.peak[name] - rss.before[name]
            print(
                f"{lead}{name:<8}{_mib(rss.before[name]):>11}{_mib(rss.peak[name]):>11}"
                f"{'+' + _mib(growth):>11}"
            )
        if r["error"]:
            print(f"  ! {_mib(r['size'])}: {r['error']}")
            for line in r["server_errors"][-3:]:
                print(f"    server log: {line}")
        elif ready.error:
            print(f"  ! {_mib(r['size'])}: {ready.error}")
    if len(rows) == 2:
        small, big = rows
        for name in big["rss"].before:
            diff = (big["rss"].peak[name] - big["rss"].before[name]) - (
                small["rss"].peak[name] - small["rss"].before[name]
            )
            print(
                f"  {name}: growth with {_mib(big['size'])} minus growth with "
                f"{_mib(small['size'])} = {diff / MiB:+,.1f} MiB"
            )
    last = rows[-1]
    if not last["error"]:
        print(
            f"  the {_mib(last['size'])} upload took {last['total']:.1f} s: body sent in "
            f"{last['sent']:.1f} s, answer {last['total'] - last['sent']:.1f} s later"
        )


def report_logs(app: App) -> None:
    """Exceptions the processes logged during the run (failed requests, failed jobs)."""
    lines = []
    for line, count in app.exception_counts("server").items():
        lines.append(f"  server: {count} x {line}")
    if "worker" in app.procs:
        # The worker may log each traceback twice (huey's handler and the app's), so count
        # failed attempts by task id and retries left, and list the errors without counts.
        log = app.log_text("worker")
        failed = set(re.findall(r"Requeueing (\S+), (\d+) retries", log))
        gave_up = set(re.findall(r"Unhandled exception in task (\S+?)\.?$", log, re.MULTILINE))
        errors = list(app.exception_counts("worker"))
        if failed or errors:
            lines.append(
                f"  worker: {len(failed)} job attempt(s) failed and were requeued "
                f"({len(gave_up)} task(s) affected)"
            )
            lines += [f"    {line}" for line in errors[:5]]
    print("\nExceptions in the logs:" + ("" if lines else " none"))
    for line in lines[:12]:
        print(line)


# --- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=20, help="photos in the batch (default 20)")
    parser.add_argument(
        "--big-mb",
        type=int,
        default=500,
        help="size of the big video in MiB (default 500); a 50 MiB one is measured too",
    )
    parser.add_argument("--skip-big", action="store_true", help="skip the big video uploads")
    parser.add_argument(
        "--burst-at-worker",
        action="store_true",
        help="also send the batch again with the worker held, then let it go: the burst as a "
        "worker machine of its own receives it",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="queue worker threads, when the app has a queue (default: one per core, as make run)",
    )
    args = parser.parse_args(argv)
    if args.photos < 1:
        parser.error("--photos must be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if not args.skip_big and args.big_mb < 2:
        parser.error("--big-mb must be at least 2")
    return args


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    workdir = Path(tempfile.mkdtemp(prefix="bagage-bench-"))
    app = App(workdir, args.workers)
    started = time.perf_counter()
    try:
        print(f"Bagage capture benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        t = time.perf_counter()
        photos, warmup = make_photos(workdir / "photos", args.photos, args.workers)
        print(f"  drew {len(photos)} photos in {time.perf_counter() - t:.1f} s", flush=True)
        videos: list[Path] = []
        if not args.skip_big:
            t = time.perf_counter()
            small = workdir / "small.mp4"
            make_small_video(small)
            for mb in sorted({min(50, args.big_mb), args.big_mb}):
                video = workdir / f"video-{mb}MiB.mp4"
                pad_video(small, video, mb * MiB)
                check_video(video)
                videos.append(video)
            print(
                f"  made {', '.join(_mib(v.stat().st_size) for v in videos)} MP4s "
                f"in {time.perf_counter() - t:.1f} s",
                flush=True,
            )
        app.start()
        print(f"  app: {app.describe()}", flush=True)
        token, dossier_id = sign_up(app.base)
        print(f"  warm-up photo: thumbnail after {_ms(warm_up(app, token, dossier_id, warmup))}")
        report_photos(photo_batch(app, token, dossier_id, photos))
        if args.burst_at_worker:
            if "worker" not in app.procs:
                print("\n(no queue worker: --burst-at-worker skipped)")
            else:
                # Another person's dossier, so the same photos are not taken as duplicates.
                other_token, other_dossier = sign_up(app.base)
                burst = held_burst(app, other_token, other_dossier, photos)
                report_held_burst(burst, args.workers)
        if videos:
            report_big([big_upload(app, token, dossier_id, v) for v in videos])
        report_logs(app)
        print(f"\nTotal run: {time.perf_counter() - started:.0f} s")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - say what failed, then clean up
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        if app.procs:
            print(app.logs_tail(), file=sys.stderr)
        return 1
    finally:
        app.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
