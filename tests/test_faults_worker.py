"""A worker killed (kill -9) in the middle of a job: nothing of it goes on running, and the
job is done after all, by the next worker, within the configured stalled time.

Real worker processes on a real queue (tests/test_jobs.py), with a short
JOB_STALLED_AFTER_SECONDS and JOBS_SWEEP_INTERVAL_SECONDS in their environment: the sweep
that finds the silent job runs in the new worker's maintenance loop, as in production.
"""

from __future__ import annotations

import os
import random
import signal
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import db
from app.demo import demo_photo
from app.dossiers.models import Dossier, Evidence
from app.jobs import huey
from app.portability import services as portability
from app.portability.models import DataJob
from media import variants
from media.inspect import probe_media
from media.models import MediaAsset
from tests import media_files, test_jobs
from tests.test_jobs import _capture, _start_worker, _state, _stop, _wait_for
from tests.waiting import wait_until

# The real queue and a server a worker process can share, as tests/test_jobs.py has them.
real_queue = test_jobs.real_queue
standalone = test_jobs.standalone

STALLED_AFTER = 6
SWEEP_EVERY = 1
#: Beyond the stalled time and a sweep: a worker starting and taking the job from the queue.
MARGIN = 15


def _quick_recovery(queue_env: dict) -> dict:
    return {
        **queue_env,
        "JOB_STALLED_AFTER_SECONDS": str(STALLED_AFTER),
        "JOBS_SWEEP_INTERVAL_SECONDS": str(SWEEP_EVERY),
    }


# --- processes ------------------------------------------------------------------------


def _processes() -> list[dict]:
    """Every process we can see: pid, parent, group, state and command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # gone meanwhile
        # The command name in parentheses may hold spaces: the fields follow the last ')'.
        fields = raw[raw.rindex(")") + 2 :].split()
        found.append({"pid": int(entry.name), "state": fields[0], "ppid": int(fields[1]),
                      "pgrp": int(fields[2]), "cmdline": cmdline})  # fmt: skip
    return found


def _living_in_group(pgrp: int) -> list[dict]:
    """The processes left in a process group (a zombie runs nothing: it is only unreaped)."""
    return [p for p in _processes() if p["pgrp"] == pgrp and p["state"] != "Z"]


def _ffmpeg_of(worker_pid: int, output: str) -> dict | None:
    return next(
        (p for p in _processes()
         if p["ppid"] == worker_pid and "ffmpeg" in p["cmdline"] and output in p["cmdline"]),
        None,
    )  # fmt: skip


# --- ffmpeg ends with its job ---------------------------------------------------------


@pytest.fixture
def started_ffmpeg(monkeypatch) -> list:
    """The ffmpeg processes the media code starts, as it starts them."""
    started = []
    real_popen = variants.subprocess.Popen

    def popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        if Path(process.args[0]).name == "ffmpeg":  # not ffprobe
            started.append(process)
        return process

    monkeypatch.setattr(variants.subprocess, "Popen", popen)
    return started


@pytest.fixture(scope="module")
def hevc(tmp_path_factory) -> Path:
    """HEVC, as iPhones record: converted to H.264 for every phone, which takes seconds."""
    return media_files.make_video(tmp_path_factory.mktemp("clip") / "hevc.mp4", seconds=8,
                                  size="1280x720", codec="libx265")  # fmt: skip


def test_a_conversion_that_takes_too_long_leaves_no_ffmpeg(started_ffmpeg, hevc, tmp_path):
    with pytest.raises(variants.MediaProcessingError, match="took too long"):
        variants.make_playable_video(hevc, probe_media(hevc), tmp_path, max_height=720,
                                     timeout=0.5)  # fmt: skip
    (process,) = started_ffmpeg
    assert os.getpgid(os.getpid()) != process.pid  # it led a group of its own ...
    assert not _living_in_group(process.pid)  # ... which is gone


def test_a_job_that_fails_while_ffmpeg_runs_leaves_no_ffmpeg(started_ffmpeg, hevc, tmp_path):
    def progress_fails(_percent: int) -> None:
        raise RuntimeError("the database went away")  # the job cannot record its progress

    with pytest.raises(RuntimeError):
        variants.make_playable_video(hevc, probe_media(hevc), tmp_path, max_height=720,
                                     timeout=120, on_progress=progress_fails)  # fmt: skip
    (process,) = started_ffmpeg
    assert process.returncode == -signal.SIGKILL
    assert not _living_in_group(process.pid)


# --- a video being converted ----------------------------------------------------------


@pytest.mark.parametrize("real_queue", ["sqlite"], indirect=True)
def test_a_worker_killed_while_converting_a_video_leaves_no_ffmpeg_and_the_video_is_done(
    standalone, real_queue, hevc
):
    evidence_id = _capture(standalone, hevc, "hevc.mp4")
    env = _quick_recovery(real_queue)
    worker = _start_worker(standalone, env)
    try:
        ffmpeg = wait_until(lambda: _ffmpeg_of(worker.pid, "playable"), timeout=120,
                            every=0.1, what="ffmpeg converting the video")  # fmt: skip
        assert _state(standalone, evidence_id).processing_heartbeat_at is not None
        # ffmpeg leads a process group of its own, apart from the worker's.
        assert ffmpeg["pgrp"] == ffmpeg["pid"] != os.getpgid(worker.pid)
    finally:
        _stop(worker, signal.SIGKILL)  # no chance to clean up
    # It dies with the worker: nothing is left converting for nobody.
    wait_until(lambda: not _living_in_group(ffmpeg["pid"]), timeout=10,
               what="the worker's ffmpeg to be gone")  # fmt: skip
    killed = _state(standalone, evidence_id)
    assert (killed.status, killed.processing_attempts) == ("pending", 1)

    worker = _start_worker(standalone, env)
    try:
        # The new worker's sweep finds the silence and queues the job again ...
        _wait_for(standalone, evidence_id, lambda e: e.processing_attempts == 2,
                  timeout=STALLED_AFTER + SWEEP_EVERY + MARGIN)  # fmt: skip
        # ... and it is done, once.
        done = _wait_for(standalone, evidence_id, lambda e: e.status != "pending", timeout=180)
    finally:
        _stop(worker)
    assert done.status == "ready"
    assert done.processing_attempts == 2
    with standalone.app.app_context():
        roles = db.session.scalars(
            select(MediaAsset.role).where(MediaAsset.evidence_id == evidence_id)
        ).all()
    assert {"original", "poster", "playable"} <= set(roles)


# --- an export being written ----------------------------------------------------------


def _job(live, job_id: uuid.UUID) -> DataJob:
    with live.app.app_context():
        db.session.expire_all()
        job = db.session.get(DataJob, job_id)
        db.session.expunge(job)
        return job


def _wait_for_job(live, job_id, predicate, timeout: float = 60) -> DataJob:
    def reached() -> DataJob | None:
        job = _job(live, job_id)
        return job if predicate(job) else None

    return wait_until(reached, timeout=timeout, every=0.2, what=f"export {job_id}")


def _roles(live, evidence_id: uuid.UUID) -> set[str]:
    with live.app.app_context():
        return set(
            db.session.scalars(select(MediaAsset.role).where(MediaAsset.evidence_id == evidence_id))
        )


def _files_as_pipes(live, evidence_id: uuid.UUID) -> dict[Path, bytes]:
    """Each stored file of the item becomes a named pipe: the export streaming it waits for
    the bytes as it would for a slow disk or network. Returns the real contents."""
    root = Path(live.app.config["MEDIA_ROOT"])
    with live.app.app_context():
        keys = db.session.scalars(
            select(MediaAsset.storage_key).where(MediaAsset.evidence_id == evidence_id)
        ).all()
    contents = {}
    for key in keys:
        path = root / key
        contents[path] = path.read_bytes()
        path.unlink()
        os.mkfifo(path)
    return contents


def _pipe_being_read(paths) -> tuple[Path, int] | None:
    """The pipe a reader has open (only then does a non-blocking open for writing work)."""
    for path in paths:
        try:
            return path, os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            continue
    return None


@pytest.mark.parametrize("real_queue", ["sqlite"], indirect=True)
def test_a_worker_killed_while_writing_an_export_leaves_it_to_the_next_worker(
    standalone, real_queue, tmp_path
):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(demo_photo(random.Random(7), (1600, 1200)))
    evidence_id = _capture(standalone, photo, "photo.jpg")
    env = _quick_recovery(real_queue)
    worker = _start_worker(standalone, env)
    try:
        _wait_for(standalone, evidence_id, lambda e: e.status == "ready")
        # Its display WebP comes after the rest: every file the item will have is there.
        wait_until(lambda: "display_webp" in _roles(standalone, evidence_id), timeout=60,
                   what="the display WebP")  # fmt: skip
        contents = _files_as_pipes(standalone, evidence_id)
        with standalone.app.app_context():
            evidence = db.session.get(Evidence, evidence_id)
            dossier = db.session.get(Dossier, evidence.dossier_id)
            job = portability.start_export(db.session(), dossier.owner, dossier)
            job_id = job.id
            db.commit()  # the job is queued now
        pipe, writer = wait_until(lambda: _pipe_being_read(contents), timeout=60,
                                  what="the export to read a file")  # fmt: skip
        half = contents[pipe][: len(contents[pipe]) // 2]
        os.set_blocking(writer, True)
        os.write(writer, half)
        # Half a file in, it waits for the rest. A slow step is no stall: the worker beats
        # while it waits, for longer than the stalled time, and the sweep (every second in
        # this worker) leaves the job to it.
        started = _job(standalone, job_id)
        assert (started.status, started.attempts) == ("running", 1)
        patience = timedelta(seconds=STALLED_AFTER + 2 * SWEEP_EVERY)
        waiting = _wait_for_job(
            standalone, job_id, lambda j: j.heartbeat_at > started.heartbeat_at + patience
        )
        assert (waiting.status, waiting.attempts) == ("running", 1)
        assert huey.pending_count() == 0  # not queued a second time
    finally:
        _stop(worker, signal.SIGKILL)
    os.close(writer)
    for path, data in contents.items():  # the disk is quick again
        path.unlink()
        path.write_bytes(data)
    assert _job(standalone, job_id).status == "running"  # as the killed worker left it

    worker = _start_worker(standalone, env)
    try:
        _wait_for_job(standalone, job_id, lambda j: j.attempts == 2,
                      timeout=STALLED_AFTER + SWEEP_EVERY + MARGIN)  # fmt: skip
        done = _wait_for_job(standalone, job_id, lambda j: j.status != "running", timeout=60)
    finally:
        _stop(worker)
    assert (done.status, done.attempts, done.error_code) == ("done", 2, "")
    assert done.result["evidence"] == 1
    with zipfile.ZipFile(done.path) as archive:
        sizes = sorted(info.file_size for info in archive.infolist() if "media" in info.filename)
    assert sizes == sorted(len(data) for data in contents.values())
    # Only one export was made, and its zip is the only one in the folder.
    assert [p.name for p in Path(done.path).parent.glob("export-*.zip")] == [Path(done.path).name]
