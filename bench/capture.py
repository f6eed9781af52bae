"""Capture benchmark: how fast a batch of photos becomes visible, and what a big video costs.

Starts the real app (``flask run``) as a separate process with its own throw-away instance
folder, uploads through the public API with a personal access token, and prints figures.
It never asserts timings: the numbers are for people to read and compare.

    .venv/bin/python bench/capture.py [--photos N] [--big-mb MB] [--skip-big]

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import queue
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # app.demo draws the photos
    sys.path.insert(0, str(ROOT))

MiB = 1024 * 1024
PHOTO_SIZE = (4000, 3000)
API = "/api/v1"
POLL_INTERVAL = 0.02  # seconds between two rounds of thumbnail polling
THUMBNAIL_TIMEOUT = 120.0  # give up on one photo's thumbnail after this long
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


# --- the server -------------------------------------------------------------------------


class Server:
    """``flask run`` in its own process group, with a fresh instance folder."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.proc: subprocess.Popen | None = None
        server_tmp = workdir / "server-tmp"  # werkzeug spools request bodies to $TMPDIR
        server_tmp.mkdir()
        self.env = {
            **os.environ,
            "FLASK_APP": "wsgi.py",
            "BAGAGE_ENV": "development",
            "BAGAGE_INSTANCE_DIR": str(workdir / "instance"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "STORAGE_BACKEND": "local",
            "MEDIA_ROOT": str(workdir / "media"),
            "UPLOAD_TMP_DIR": str(workdir / "upload-tmp"),
            "TMPDIR": str(server_tmp),
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            done = subprocess.run(
                [sys.executable, "-m", "flask", "db", "upgrade"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            raise RuntimeError(f"flask db upgrade failed:\n{self.log_tail()}")
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-reload",
                "--no-debugger",
                "--with-threads",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop the server ourselves
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{self.log_tail()}")
            try:
                requests.get(f"{self.base}{API}/openapi.json", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within 60 s:\n{self.log_tail()}")

    def rss(self) -> int:
        """Resident memory of the server and all its children (ffprobe, ffmpeg), in bytes."""
        try:
            parent = psutil.Process(self.proc.pid)
            procs = [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)  # the server's own group: it and its children
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- API helpers ------------------------------------------------------------------------


def sign_up(base: str) -> tuple[str, str]:
    """Register a user and create a personal access token; returns (token, dossier id)."""
    browser = requests.Session()
    resp = browser.post(
        f"{base}{API}/auth/register",
        json={
            "email": f"bench-{uuid.uuid4().hex[:8]}@example.org",
            "password": "bench-password-123",
            "display_name": "Benchmark",
        },
        timeout=60,
    )
    _expect(resp, 201, "register")
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


def _expect(resp: requests.Response, status: int | tuple[int, ...], what: str) -> None:
    wanted = status if isinstance(status, tuple) else (status,)
    if resp.status_code not in wanted:
        raise RuntimeError(f"{what}: HTTP {resp.status_code}: {resp.text[:500]}")


@dataclass
class Upload:
    evidence: dict
    started: float  # first byte read for sending
    finished: float  # last byte sent ("upload finished")
    answered: float  # response received


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
    return Upload(resp.json(), body.started_at or answered, body.upload_finished, answered)


# --- thumbnails: polled until servable --------------------------------------------------


@dataclass
class Pending:
    evidence_id: str
    finished: float
    thumbnail_url: str | None
    deadline: float
    servable_at: float | None = None
    error: str | None = None


@dataclass
class ThumbnailWatcher:
    """Polls, one request at a time, until each photo's thumbnail GET answers 200 with an
    image. Runs beside the upload loop, so uploads go back to back as from a phone and a
    thumbnail made later (by a background queue) is measured when it really appears."""

    session: requests.Session
    base: str
    inbox: queue.Queue = field(default_factory=queue.Queue)
    done: list[Pending] = field(default_factory=list)

    def add(self, item: Upload) -> None:
        thumb = (item.evidence.get("media") or {}).get("thumbnail") or {}
        self.inbox.put(
            Pending(
                evidence_id=item.evidence["id"],
                finished=item.finished,
                thumbnail_url=thumb.get("url"),
                deadline=time.perf_counter() + THUMBNAIL_TIMEOUT,
            )
        )

    def run(self, expected: int, stop: threading.Event) -> None:
        pending: list[Pending] = []
        while len(self.done) < expected and not stop.is_set():
            try:
                while True:
                    pending.append(self.inbox.get_nowait())
            except queue.Empty:
                pass
            for item in list(pending):
                if self._check(item):
                    pending.remove(item)
                    self.done.append(item)
            if pending or len(self.done) < expected:
                time.sleep(POLL_INTERVAL)

    def _check(self, item: Pending) -> bool:
        """One polling step for one photo; True once it is settled (servable or failed)."""
        if time.perf_counter() > item.deadline:
            item.error = f"no thumbnail after {THUMBNAIL_TIMEOUT:.0f} s"
            return True
        try:
            if item.thumbnail_url is None:
                resp = self.session.get(f"{self.base}{API}/evidence/{item.evidence_id}", timeout=30)
                if resp.status_code != 200:
                    return False
                evidence = resp.json()
                if evidence.get("status") == "failed":
                    item.error = f"status failed: {evidence.get('status_reason')}"
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
            return True
        return False


# --- test files -------------------------------------------------------------------------


def _draw_photo(index: int, path: str) -> int:
    from app.demo import demo_photo

    data = demo_photo(random.Random(index), PHOTO_SIZE, gps=True)
    Path(path).write_bytes(data)
    return len(data)


def make_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = [folder / f"IMG_{1000 + i}.jpg" for i in range(count)]
    workers = max(1, min(count, os.cpu_count() or 1))
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_draw_photo, range(count), [str(p) for p in paths]))
    return paths


def make_small_video(path: Path) -> None:
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1280x720:rate=30",
            "-t",
            "3",
            "-pix_fmt",
            "yuv420p",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            str(path),
        ],
        check=True,
    )


def pad_video(source: Path, target: Path, size: int) -> None:
    """A copy of source padded to exactly size bytes with one top-level MP4 `free` box."""
    shutil.copyfile(source, target)
    pad = size - source.stat().st_size
    if pad < 16:
        raise ValueError(
            f"{size} bytes is too small to pad {source.name} ({source.stat().st_size} bytes)"
        )
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
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=format_name:stream=codec_type",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(out.stdout)
    fmt = info.get("format", {}).get("format_name", "")
    if "mp4" not in fmt or not any(s.get("codec_type") == "video" for s in info.get("streams", [])):
        raise RuntimeError(f"{path.name} does not probe as an MP4 with video: {out.stdout}")


# --- measurements -----------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def photo_batch(server: Server, token: str, dossier_id: str, photos: list[Path]) -> dict:
    uploads = api_session(token)
    watcher = ThumbnailWatcher(api_session(token), server.base)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(len(photos), stop), daemon=True)
    thread.start()
    results: list[Upload] = []
    try:
        for i, path in enumerate(photos):
            item = upload(
                uploads,
                server.base,
                dossier_id,
                path,
                "image/jpeg",
                f"Bench photo {i + 1}",
                timeout=300,
            )
            results.append(item)
            watcher.add(item)
        thread.join(timeout=THUMBNAIL_TIMEOUT + 30)
    finally:
        stop.set()
    total_bytes = sum(p.stat().st_size for p in photos)
    wall = results[-1].answered - results[0].started
    failed = [d for d in watcher.done if d.servable_at is None]
    thumbs = [(d.servable_at - d.finished) * 1000 for d in watcher.done if d.servable_at]
    answers = [(r.answered - r.finished) * 1000 for r in results]
    return {
        "count": len(photos),
        "bytes": total_bytes,
        "wall": wall,
        "answers_ms": answers,
        "thumbs_ms": thumbs,
        "failed": failed,
        "missing": len(photos) - len(watcher.done),
        "statuses": sorted({r.evidence.get("status", "?") for r in results}),
    }


def big_upload(server: Server, token: str, dossier_id: str, path: Path) -> dict:
    session = api_session(token)
    time.sleep(0.5)  # let the server settle after the previous upload
    before = statistics.median(server.rss() for _ in range(5))
    peak = before
    samples = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, samples
        while not stop.is_set():
            peak = max(peak, server.rss())
            samples += 1
            stop.wait(RSS_INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        item = upload(session, server.base, dossier_id, path, "video/mp4", path.stem, timeout=900)
    finally:
        stop.set()
        sampler.join()
    peak = max(peak, server.rss())
    return {
        "size": path.stat().st_size,
        "before": before,
        "peak": peak,
        "samples": samples,
        "sent": item.finished - item.started,
        "total": item.answered - item.started,
        "status": item.evidence.get("status"),
        "kind": item.evidence.get("kind"),
        "roles": sorted((item.evidence.get("media") or {}).keys()),
    }


# --- report -----------------------------------------------------------------------------


def _mib(n: float) -> str:
    return f"{n / MiB:,.1f} MiB"


def report_photos(r: dict) -> None:
    print(
        f"\nPhoto batch: {r['count']} JPEGs of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} "
        f"({_mib(r['bytes'] / r['count'])} on average), uploaded one after another"
    )
    print(f"  {'':38}{'p50':>9}{'p95':>9}{'max':>9}")
    rows = [
        ("upload finished -> POST answered", r["answers_ms"]),
        ("upload finished -> thumbnail servable", r["thumbs_ms"]),
    ]
    for label, values in rows:
        if values:
            cells = "".join(f"{percentile(values, p):>6.0f} ms" for p in (50, 95, 100))
            print(f"  {label:38}{cells}")
        else:
            print(f"  {label:38}{'(none)':>27}")
    rate = r["bytes"] / r["wall"]
    print(
        f"  throughput: {_mib(r['bytes'])} in {r['wall']:.1f} s = {rate / MiB:.2f} MiB/s, "
        f"{r['count'] / r['wall']:.2f} photos/s"
    )
    print(f"  evidence status in the POST answers: {', '.join(r['statuses'])}")
    for item in r["failed"]:
        print(f"  ! evidence {item.evidence_id}: {item.error}")
    if r["missing"]:
        print(f"  ! {r['missing']} photo(s) never settled")


def report_big(rows: list[dict]) -> None:
    print(
        f"\nBig video upload: server RSS incl. children, sampled every {RSS_INTERVAL * 1000:.0f} ms"
    )
    print(
        f"  {'file':>10}{'sent in':>10}{'answered':>10}{'RSS before':>14}{'RSS peak':>14}"
        f"{'growth':>13}  result"
    )
    for r in rows:
        growth = r["peak"] - r["before"]
        print(
            f"  {_mib(r['size']):>10}{r['sent']:>8.1f} s{r['total']:>8.1f} s"
            f"{_mib(r['before']):>14}{_mib(r['peak']):>14}{'+' + _mib(growth):>13}"
            f"  {r['kind']}/{r['status']}, {'+'.join(r['roles'])}"
        )
    if len(rows) == 2:
        small, big = rows
        extra = (big["peak"] - big["before"]) - (small["peak"] - small["before"])
        ratio = big["size"] / small["size"]
        print(
            f"  a {ratio:.0f}x larger file grew the peak by {_mib(extra)} more "
            f"({_mib(max(extra, 0) / (big['size'] - small['size']) * MiB)} per MiB of file)"
        )


# --- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=20, help="photos in the batch (default 20)")
    parser.add_argument(
        "--big-mb",
        type=int,
        default=500,
        help="size of the big video in MiB (default 500); a 50 MiB one is compared",
    )
    parser.add_argument("--skip-big", action="store_true", help="skip the big video uploads")
    args = parser.parse_args(argv)
    if args.photos < 1:
        parser.error("--photos must be at least 1")
    if not args.skip_big and args.big_mb < 1:
        parser.error("--big-mb must be at least 1")
    return args


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    workdir = Path(tempfile.mkdtemp(prefix="bagage-bench-"))
    server = Server(workdir)
    started = time.perf_counter()
    try:
        print(
            f"Bagage capture benchmark: flask run (threaded, no debugger), "
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )
        t = time.perf_counter()
        photos = make_photos(workdir / "photos", args.photos)
        print(f"  drew {len(photos)} photos in {time.perf_counter() - t:.1f} s", flush=True)
        videos: list[Path] = []
        if not args.skip_big:
            t = time.perf_counter()
            small = workdir / "small.mp4"
            make_small_video(small)
            sizes = sorted({min(50, args.big_mb), args.big_mb})
            for mb in sizes:
                video = workdir / f"video-{mb}MiB.mp4"
                pad_video(small, video, mb * MiB)
                check_video(video)
                videos.append(video)
            print(
                f"  made {', '.join(f'{mb} MiB' for mb in sizes)} MP4(s) "
                f"in {time.perf_counter() - t:.1f} s",
                flush=True,
            )
        server.start()
        token, dossier_id = sign_up(server.base)
        report_photos(photo_batch(server, token, dossier_id, photos))
        if videos:
            report_big([big_upload(server, token, dossier_id, v) for v in videos])
        print(f"\nTotal run: {time.perf_counter() - started:.0f} s")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - say what failed, then clean up
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        if server.proc is not None:
            print(f"--- server log (last lines) ---\n{server.log_tail()}", file=sys.stderr)
        return 1
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
