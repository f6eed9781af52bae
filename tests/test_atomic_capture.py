"""The same file sent many times at once by one person is one item, over real HTTP.

A phone that retries an upload it thinks was lost, or a person tapping twice, sends the
same bytes again while the first is still being stored; without a client_uid only the
content tells them apart. Each request stores its bytes with no transaction open, so the
database's unique index decides which item stays, and the others answer with it.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
import requests

from tests.live import LiveServer
from tests.test_resumable import Person

PARALLEL = 10


@pytest.fixture(autouse=True)
def _transaction():
    """These tests talk to their own live server, not to the suite's rolled-back database."""
    yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("atomic"))
    live.start()
    yield live
    live.stop()


def _all_at_once(send) -> list:
    """Run `send` in PARALLEL threads released together; their results in order."""
    start = threading.Barrier(PARALLEL)
    results: list = [None] * PARALLEL

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = send(i)
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _original_keys(server: LiveServer) -> list[str]:
    with server.app.app_context():
        keys = server.app.extensions["bagage_storage"].list_keys()
    return [k for k in keys if "original" in k]


def _originals_in(server: LiveServer, dossier_id: str) -> list[str]:
    """The originals stored for one dossier (its keys start with its id)."""
    prefix = uuid.UUID(dossier_id).hex + "/"
    return [k for k in _original_keys(server) if k.startswith(prefix)]


def _post_photo(person: Person, photo: bytes, **fields) -> requests.Response:
    return person.post(
        f"/api/v1/dossiers/{person.dossier_id}/evidence",
        data=fields,
        files={"file": ("stage.jpg", photo, "image/jpeg")},
    )


def _one_item(person: Person, answers: list) -> str:
    """All answered; the first is created, the others are the documented answer to a repeat
    (200, that item), and the timeline holds it alone. Returns its id."""
    assert all(isinstance(a, requests.Response) for a in answers), answers
    assert sorted(a.status_code for a in answers) == [200] * (PARALLEL - 1) + [201]
    ids = {a.json()["id"] for a in answers}
    assert len(ids) == 1
    assert [item["id"] for item in _timeline(person)] == list(ids)
    return ids.pop()


def _originals(server: LiveServer, size: int) -> list[str]:
    root = server.app.config["MEDIA_ROOT"]
    return [k for k in _original_keys(server) if Path(root, k).stat().st_size == size]


def _timeline(person: Person) -> list[dict]:
    return person.get(f"/api/v1/dossiers/{person.dossier_id}/evidence").json()["items"]


def test_parallel_identical_form_uploads_make_one_item(server, jpeg):
    person = Person(server, "Noor")
    photo = jpeg(size=(640, 480))

    answers = _all_at_once(lambda i: _post_photo(person, photo, title=f"Poging {i}"))

    evidence_id = _one_item(person, answers)
    # The losers' bytes are gone again; the winner's are there.
    assert len(_originals(server, len(photo))) == 1
    item = person.get(f"/api/v1/evidence/{evidence_id}").json()
    assert person.get(item["media"]["original"]["url"]).content == photo


def test_parallel_retries_with_one_client_uid_make_one_item_whatever_bytes_they_carry(server, jpeg):
    """A phone that retries may send the photo again re-encoded: the client_uid alone must
    keep it one item, also when the retries pass the first look at the same time."""
    person = Person(server, "Sem")
    photos = [jpeg(size=(700 + i, 500)) for i in range(PARALLEL)]

    answers = _all_at_once(
        lambda i: _post_photo(person, photos[i], title=f"Poging {i}", client_uid="phone-retry-01")
    )

    _one_item(person, answers)
    # Only the winner's bytes are stored.
    assert len(_originals_in(server, person.dossier_id)) == 1


def test_parallel_identical_tus_uploads_make_one_item(server, jpeg, tmp_path):
    person = Person(server, "Bram")
    path = tmp_path / "IMG_0002.jpg"
    path.write_bytes(jpeg(size=(700, 500)))

    def send(i: int) -> str:
        uploader = person.client().uploader(
            file_path=str(path), chunk_size=2**20, metadata={"title": f"Poging {i}"}
        )
        uploader.upload()
        return person.head(uploader.url).headers["Bagage-Evidence-Id"]

    answers = _all_at_once(send)

    assert all(isinstance(a, str) for a in answers), answers
    assert len(set(answers)) == 1
    assert [item["id"] for item in _timeline(person)] == [answers[0]]
    assert len(_originals(server, path.stat().st_size)) == 1
