"""Resumable-upload benchmark: a big video through the tus endpoint, and the server's memory.

Starts the real app as a separate ``flask run`` process with a throw-away instance folder,
uploads a 100 MiB and then a ``--mb`` MiB video over loopback with the tus project's Python
client (tuspy), streaming from the file one chunk at a time, and samples the server's
resident memory every 50 ms. It prints figures and never asserts timings.

    .venv/bin/python bench/resumable.py [--mb N] [--chunk-mb N]

No queue worker is started, so each finished upload only enqueues its processing job: the
figures cover receiving, checking and storing the bytes, not the transcode.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests
from toolkit import free_port
from tusclient.client import TusClient

ROOT = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024
API = "/api/v1"
RSS_INTERVAL = 0.05  # seconds between two RSS samples
SMALL_MB = 100  # measured first, so a reader sees whether memory grows with size
MEMORY_GOAL = 150 * MiB
PASSWORD = "bench-password-2026"  # noqa: S105 - a throw-away user on a throw-away server


# --- the server ---------------------------------------------------------------------------


class Server:
    """``flask run`` in its own process group, on a fresh instance folder under workdir."""

    def __init__(self, workdir: Path, max_upload: int) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = workdir / "server.log"
        server_tmp = workdir / "server-tmp"
        server_tmp.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}  # never a shared queue
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
            "DOSSIER_QUOTA_BYTES": "0",
            "MAX_UPLOAD_BYTES": str(max_upload),
            "TMPDIR": str(server_tmp),
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> None:
        with self.log.open("ab") as log:
            done = subprocess.run(
                [sys.executable, "-m", "flask", "db", "upgrade"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, check=False,
            )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"flask db upgrade failed:\n{self.log_tail()}")
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable, "-m", "flask", "run", "--host", "127.0.0.1",
                    "--port", str(self.port), "--no-reload", "--no-debugger", "--with-threads",
                ],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us only; we stop it ourselves
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                requests.get(f"{self.base}{API}/openapi.json", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within 60 s:\n{self.log_tail()}")

    def check_alive(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{self.log_tail()}")

    def rss(self) -> int:
        """Resident memory in bytes of the server plus its children (ffprobe)."""
        own, children = self.rss_split()
        return own + sum(rss for _pid, _name, rss in children)

    def rss_split(self) -> tuple[int, list[tuple[int, str, int]]]:
        """The server's own resident bytes, and (pid, name, resident bytes) of each child."""
        if self.proc is None:
            return 0, []
        try:
            parent = psutil.Process(self.proc.pid)
            own = parent.memory_info().rss
            procs = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            return 0, []
        children = []
        for proc in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                children.append((proc.pid, proc.name(), proc.memory_info().rss))
        return own, children

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)  # the group we started: the server and its children
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def _hwm(pid: int) -> int | None:
    """A process's peak resident memory so far (VmHWM in /proc), in bytes; None without it."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _reset_hwm(pid: int) -> None:
    """Start the process's VmHWM afresh from its current RSS (Linux 4.0+, our own process)."""
    with contextlib.suppress(OSError), open(f"/proc/{pid}/clear_refs", "w") as fh:
        fh.write("5")


class RssSampler:
    """Samples the server's RSS (plus its children's) every RSS_INTERVAL seconds while the
    block runs. Sampling misses spikes shorter than the interval, such as an ffprobe that
    lives 60 ms, so it also reads the kernel's high-water marks (VmHWM): the server's own,
    reset when the block starts, and each child's as seen while it was alive."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.before = server.rss()
        self.peak = self.before
        self.server_hwm: int | None = None
        self.children_hwm: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(RSS_INTERVAL)

    def _sample(self) -> None:
        own, children = self.server.rss_split()
        self.peak = max(self.peak, own + sum(rss for _pid, _name, rss in children))
        for pid, name, rss in children:
            hwm = max(rss, _hwm(pid) or 0)
            if hwm > self.children_hwm.get(pid, ("", 0))[1]:
                self.children_hwm[pid] = (name, hwm)

    @property
    def largest_child(self) -> tuple[str, int]:
        return max(self.children_hwm.values(), key=lambda c: c[1], default=("", 0))

    def __enter__(self) -> RssSampler:
        if self.server.proc is not None:
            _reset_hwm(self.server.proc.pid)
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        if self.server.proc is not None:
            self.server_hwm = _hwm(self.server.proc.pid)


# --- the files ----------------------------------------------------------------------------


def make_small_video(path: Path) -> None:
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "3", "-map", "0:v", "-map", "1:a",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k", str(path),
        ],
        check=True,
    )  # fmt: skip


def pad_video(source: Path, target: Path, size: int) -> None:
    """source padded to exactly size bytes with one top-level MP4 `free` box, in the 64-bit
    largesize form (size field 1, b"free", 8-byte size), written in 1 MiB pieces."""
    shutil.copyfile(source, target)
    pad = size - source.stat().st_size
    if pad < 16:
        raise ValueError(f"{size} bytes is too small to pad {source.name} to")
    header = (1).to_bytes(4, "big") + b"free" + pad.to_bytes(8, "big")
    zeros = bytes(MiB)
    with target.open("ab") as out:
        out.write(header)
        left = pad - len(header)
        while left > 0:
            n = min(left, MiB)
            out.write(zeros if n == MiB else zeros[:n])
            left -= n
    if target.stat().st_size != size:
        raise RuntimeError(f"{target.name} is {target.stat().st_size} bytes, wanted {size}")
    info = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=format_name,duration",
             "-of", "json", str(target)],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    if "mp4" not in info.get("format", {}).get("format_name", ""):
        raise RuntimeError(f"{target.name} does not probe as an MP4: {info}")


def ffprobe_peak(path: Path) -> int:
    """Peak RSS in bytes of the ffprobe the server runs on an upload, measured alone: the
    command is caught from media.inspect.probe_media and run again under wait4()."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import media.inspect as inspect_module

    seen: list[list[str]] = []
    real_run = inspect_module.subprocess.run

    def recording_run(cmd, *args, **kwargs):
        seen.append(list(cmd))
        return real_run(cmd, *args, **kwargs)

    inspect_module.subprocess.run = recording_run
    try:
        inspect_module.probe_media(path)
    finally:
        inspect_module.subprocess.run = real_run
    # wait4's ru_maxrss of a child started from this (big) process would include our own
    # memory at the fork, so a small Python forks it instead and reports its peak.
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _MAXRSS_LAUNCHER, *seen[0]],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.strip()) * 1024  # kilobytes on Linux


_MAXRSS_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
print(os.wait4(pid, 0)[2].ru_maxrss)
"""


# --- the upload ---------------------------------------------------------------------------


def sign_up(base: str) -> tuple[str, str]:
    """Register a user and make a personal access token; returns (token, dossier id)."""
    browser = requests.Session()
    account = {"email": f"bench-{random.randrange(10**9)}@example.nl", "password": PASSWORD}
    r = browser.post(
        f"{base}{API}/auth/register", json={**account, "display_name": "Bench"}, timeout=60
    )
    r.raise_for_status()
    # Unverified accounts use their own dossier; that is all a benchmark needs.
    r = browser.post(f"{base}{API}/auth/login", json=account, timeout=60)
    r.raise_for_status()
    body = r.json()
    dossier_id = body["dossiers"][0]["id"]
    r = browser.post(
        f"{base}{API}/auth/tokens",
        json={"name": "resumable bench"},
        headers={"X-CSRF-Token": body["csrf_token"]},
        timeout=60,
    )
    r.raise_for_status()
    return r.json()["token"], dossier_id


@dataclass
class Result:
    size: int
    seconds: float
    last_patch: float
    median_patch: float
    chunks: int
    rss_before: int
    rss_peak: int
    server_hwm: int | None
    child_hwm: tuple[str, int]
    ffprobe_alone: int
    rss_after: int
    evidence: dict


def upload(server: Server, token: str, dossier_id: str, path: Path, chunk: int) -> Result:
    auth = {"Authorization": f"Bearer {token}"}
    client = TusClient(f"{server.base}{API}/uploads", headers=dict(auth))
    size = path.stat().st_size
    patches: list[float] = []
    with path.open("rb") as fh, RssSampler(server) as rss:
        # tuspy reads one chunk at a time from this stream (never the whole file).
        uploader = client.uploader(
            file_stream=fh,
            chunk_size=chunk,
            metadata={
                "filename": path.name,
                "title": f"Resumable bench {size // MiB} MiB",
                "dossier_id": dossier_id,
            },
        )
        start = time.perf_counter()
        uploader.set_url(uploader.create_url())
        uploader.offset = 0
        while uploader.offset < size:
            t = time.perf_counter()
            uploader.upload_chunk()
            patches.append(time.perf_counter() - t)
            server.check_alive()
        seconds = time.perf_counter() - start
        url = uploader.url
    rss_after = server.rss()
    head = requests.head(url, headers={**auth, "Tus-Resumable": "1.0.0"}, timeout=60)
    evidence_id = head.headers.get("Bagage-Evidence-Id")
    if not evidence_id:
        raise RuntimeError(f"the upload did not become evidence (HEAD {head.status_code})")
    item = requests.get(f"{server.base}{API}/evidence/{evidence_id}", headers=auth, timeout=60)
    item.raise_for_status()
    full = sorted(patches[:-1]) or patches
    return Result(
        size=size,
        seconds=seconds,
        last_patch=patches[-1],
        median_patch=full[len(full) // 2],
        chunks=len(patches),
        rss_before=rss.before,
        rss_peak=rss.peak,
        server_hwm=rss.server_hwm,
        child_hwm=rss.largest_child,
        ffprobe_alone=ffprobe_peak(path),
        rss_after=rss_after,
        evidence=item.json(),
    )


# --- report -------------------------------------------------------------------------------


def _mib(n: float) -> str:
    return f"{n / MiB:.0f} MiB"


def report(r: Result, chunk: int) -> None:
    ev = r.evidence
    original = (ev.get("media") or {}).get("original") or {}
    print(f"\n  {_mib(r.size)} in {r.chunks} PATCH requests of {_mib(chunk)}")
    print(f"    time          {r.seconds:7.2f} s   ({r.size / MiB / r.seconds:.0f} MiB/s)")
    print(f"    one PATCH     {1000 * r.median_patch:7.0f} ms  (median of the full chunks)")
    print(
        f"    last PATCH    {1000 * r.last_patch:7.0f} ms  (its bytes plus completion: sha256 "
        "of the whole file, inspection, store, commit)"
    )
    print(
        f"    server RSS    before {_mib(r.rss_before)}, peak {_mib(r.rss_peak)}, "
        f"growth {_mib(r.rss_peak - r.rss_before)}, after {_mib(r.rss_after)} "
        "(server + children, sampled every 50 ms)"
    )
    goal = f"peak < {_mib(MEMORY_GOAL)}"
    print(f"      sampled {goal}: {'met' if r.rss_peak < MEMORY_GOAL else 'NOT met'}")
    name, child = r.child_hwm
    print(
        f"    child seen at most {_mib(child)} ({name or 'none seen'}); the server's ffprobe "
        f"on this file, run alone, peaks at {_mib(r.ffprobe_alone)}"
    )
    if r.server_hwm is not None:
        worst = r.server_hwm + max(child, r.ffprobe_alone)
        print(f"    server process peak (VmHWM, not sampled): {_mib(r.server_hwm)}")
        print(
            f"      server peak + ffprobe peak: {_mib(worst)}; {goal}: "
            f"{'met' if worst < MEMORY_GOAL else 'NOT met'}"
        )
    print(
        f"    evidence: kind={ev.get('kind')} status={ev.get('status')} "
        f"original={original.get('content_type', '?')}"
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=1024, help="size of the big upload in MiB")
    parser.add_argument("--chunk-mb", type=int, default=16, help="tus chunk size in MiB")
    args = parser.parse_args(argv)
    if args.mb < 1 or args.chunk_mb < 1:
        parser.error("--mb and --chunk-mb must be at least 1")
    return args


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also when started in the background
    chunk = args.chunk_mb * MiB
    sizes = sorted({min(SMALL_MB, args.mb), args.mb})
    workdir = Path(tempfile.mkdtemp(prefix="bagage-bench-tus-"))
    server = Server(workdir, max_upload=max(sizes) * MiB + MiB)
    started = time.perf_counter()
    try:
        free = shutil.disk_usage(workdir).free
        if free < 2.2 * max(sizes) * MiB:
            raise RuntimeError(f"{_mib(free)} free in {workdir}, need about {2 * max(sizes)} MiB")
        print(f"Bagage resumable-upload benchmark: {os.cpu_count()} CPUs, tuspy over loopback")
        small = workdir / "clip.mp4"
        make_small_video(small)
        server.start()
        print(
            "  server: flask run (threaded, Werkzeug), SQLite, local storage; no queue worker, "
            "so each finished upload only enqueues its processing job (the transcode is not "
            "measured)"
        )
        token, dossier_id = sign_up(server.base)
        print(f"  server RSS after start and sign-up: {_mib(server.rss())}")
        # A small upload first, not counted, so both measured ones start from a warm server
        # (first-use imports and caches would otherwise land in the first one's growth).
        warm = workdir / "warm-up.mp4"
        pad_video(small, warm, small.stat().st_size + MiB)
        w = upload(server, token, dossier_id, warm, chunk)
        print(
            f"  warm-up upload of {_mib(w.size)}: RSS {_mib(w.rss_before)} -> peak "
            f"{_mib(w.rss_peak)} -> {_mib(w.rss_after)} (not counted)"
        )
        results = []
        for mb in sizes:
            video = workdir / f"video-{mb}MiB.mp4"
            pad_video(small, video, mb * MiB)  # one at a time, to spare the disk
            try:
                result = upload(server, token, dossier_id, video, chunk)
            finally:
                video.unlink(missing_ok=True)
            report(result, chunk)
            results.append(result)
        if len(results) == 2:
            a, b = results
            grow = (b.rss_peak - b.rss_before) - (a.rss_peak - a.rss_before)
            print(
                f"\n  growth with {_mib(b.size)} minus growth with {_mib(a.size)}: {_mib(grow)}"
                " (about 0 when memory does not depend on the file's size; it also moves"
                " with how close to its peak a sample caught ffprobe)"
            )
            if a.server_hwm is not None and b.server_hwm is not None:
                print(
                    f"  server process peak (VmHWM) with {_mib(b.size)} minus with "
                    f"{_mib(a.size)}: {_mib(b.server_hwm - a.server_hwm)}"
                )
        print(f"\nTotal run: {time.perf_counter() - started:.0f} s")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - say what failed, then clean up
        print(f"\nbenchmark failed: {exc!r}", file=sys.stderr)
        print(f"--- server log (last lines) ---\n{server.log_tail()}", file=sys.stderr)
        return 1
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
