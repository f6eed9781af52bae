"""Resumable uploads over real HTTP with the protocol's own Python client (tuspy)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import random
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from tusclient import client as tus
from tusclient.exceptions import TusCommunicationError

from app.db import db, utcnow
from media.models import ResumableUpload
from tests.conftest import PASSWORD
from tests.live import LiveServer, mailed_code

TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture(autouse=True)
def _transaction():
    """These tests talk to their own live server, not to the suite's rolled-back database."""
    yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("tus"), DOSSIER_QUOTA_BYTES=60 * 1024 * 1024)
    live.start()
    yield live
    live.stop()


class Person:
    def __init__(self, server: LiveServer, name: str):
        self.server = server
        email = f"{name.lower()}-{random.randrange(10**9)}@example.nl"
        http = requests.Session()
        r = http.post(
            f"{server.url}/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "display_name": name},
        )
        r.raise_for_status()
        # Verified, so others may let this person into their dossier.
        r = http.post(
            f"{server.url}/api/v1/auth/verify", json={"email": email, "code": mailed_code(email)}
        )
        r.raise_for_status()
        self.dossier_id = r.json()["dossiers"][0]["id"]
        self.email, self.user_id = email, r.json()["id"]
        r = http.post(
            f"{server.url}/api/v1/auth/tokens",
            json={"name": "tus"},
            headers={"X-CSRF-Token": r.json()["csrf_token"]},
        )
        self.auth = {"Authorization": f"Bearer {r.json()['token']}"}

    @property
    def uploads_url(self) -> str:
        return f"{self.server.url}/api/v1/uploads"

    def client(self) -> tus.TusClient:
        return tus.TusClient(self.uploads_url, headers=dict(self.auth))

    def get(self, path: str, **kw):
        return requests.get(f"{self.server.url}{path}", headers=self.auth, timeout=30, **kw)

    def head(self, url: str):
        return requests.head(url, headers={**self.auth, **TUS}, timeout=30)

    def let_contribute(self, other: Person) -> None:
        """Give `other` the contribute scope through an organisation both belong to."""
        org = self.post("/api/v1/organisations", json={"name": "Stage", "kind": "work"}).json()
        member = {"email": other.email, "role": "mentor"}
        self.post(f"/api/v1/organisations/{org['id']}/members", json=member).raise_for_status()
        offer = next(o for o in other.get("/api/v1/organisations").json() if o["id"] == org["id"])
        other.post(f"/api/v1/memberships/{offer['membership_id']}/accept").raise_for_status()
        grant = {"user_id": other.user_id, "organisation_id": org["id"],
                 "scopes": ["contribute"], "role": "employer"}  # fmt: skip
        self.post(f"/api/v1/dossiers/{self.dossier_id}/grants", json=grant).raise_for_status()

    def post(self, path: str, **kw):
        return requests.post(f"{self.server.url}{path}", headers=self.auth, timeout=30, **kw)

    def evidence_from(self, upload_url: str) -> dict:
        evidence_id = self.head(upload_url).headers["Bagage-Evidence-Id"]
        return self.get(f"/api/v1/evidence/{evidence_id}").json()


@pytest.fixture(scope="module")
def sanne(server):
    return Person(server, "Sanne")


@pytest.fixture(scope="module")
def photo_file(tmp_path_factory) -> Path:
    """A real 12-megapixel JPEG of a few megabytes, so uploads take several chunks."""
    from app.demo import demo_photo

    path = tmp_path_factory.mktemp("files") / "IMG_0001.jpg"
    path.write_bytes(demo_photo(random.Random(7), (4000, 3000), gps=True))
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_discovery_lists_the_supported_extensions(sanne):
    r = requests.options(sanne.uploads_url, timeout=10)
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0"
    extensions = set(r.headers["Tus-Extension"].split(","))
    assert {"creation", "creation-with-upload", "termination", "checksum", "expiration"} <= (
        extensions
    )
    assert "sha1" in r.headers["Tus-Checksum-Algorithm"]


def test_a_tus_upload_becomes_evidence(sanne, photo_file):
    uploader = sanne.client().uploader(
        file_path=str(photo_file),
        chunk_size=512 * 1024,
        metadata={"filename": "IMG_0001.jpg", "title": "Via tus", "client_uid": "tus-once-0001"},
        upload_checksum=True,
    )
    uploader.upload()
    item = sanne.evidence_from(uploader.url)
    assert item["title"] == "Via tus"
    assert item["kind"] == "photo"
    assert item["status"] == "ready"
    assert sanne.get(item["media"]["thumbnail"]["url"]).status_code == 200
    original = sanne.get(item["media"]["original"]["url"]).content
    assert sha256(original) == sha256(photo_file.read_bytes())


def _drop_connection_mid_chunk(person: Person, url: str, offset: int, data: bytes) -> None:
    """Send the headers and half a chunk, then vanish, as a phone losing its network does."""
    host, port = person.server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    chunk = data[offset : offset + 20_000]
    conn.putrequest("PATCH", url.removeprefix(person.server.url))
    for key, value in {
        **person.auth,
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(len(chunk)),
    }.items():
        conn.putheader(key, value)
    conn.endheaders()
    conn.send(chunk[: len(chunk) // 2])
    conn.sock.close()


def _resume(person: Person, path: Path, url: str, chunk_size: int):
    # Retries cover the moment the server is still finishing the broken request (423/409).
    return person.client().uploader(
        file_path=str(path), url=url, chunk_size=chunk_size, retries=5, retry_delay=0.5
    )


def test_interrupted_uploads_resume_and_complete_with_a_matching_checksum(server, sanne, tmp_path):
    """Ten uploads, each broken at random points: client killed, connection dropped
    mid-chunk, or server restarted; every one completes with exactly the right bytes."""
    rng = random.Random(20261127)
    from app.demo import demo_photo

    for attempt in range(10):
        path = tmp_path / f"photo-{attempt}.jpg"
        path.write_bytes(demo_photo(random.Random(attempt), (2000, 1500)))
        data = path.read_bytes()
        chunk = rng.choice([16 * 1024, 24_000, 32 * 1024])
        uploader = sanne.client().uploader(
            file_path=str(path), chunk_size=chunk,
            metadata={"filename": path.name, "client_uid": f"resume-{attempt}-{rng.random()}"[:40]},
        )  # fmt: skip
        uploader.upload_chunk()  # creates the upload and sends the first chunk
        url = uploader.url
        interruptions = 0
        while uploader.offset < len(data):
            for _ in range(rng.randint(0, 2)):
                if uploader.offset >= len(data):
                    break
                uploader.upload_chunk()
            if uploader.offset >= len(data):
                break
            how = rng.choice(["client killed", "connection dropped", "server restarted"])
            if how == "connection dropped":
                _drop_connection_mid_chunk(sanne, url, uploader.offset, data)
            elif how == "server restarted":
                server.restart()
            interruptions += 1
            uploader = _resume(sanne, path, url, chunk)  # a new client asks where it was
        assert interruptions >= 1
        item = sanne.evidence_from(url)
        assert item["status"] == "ready", item
        original = sanne.get(item["media"]["original"]["url"]).content
        assert sha256(original) == sha256(data), f"attempt {attempt}: bytes differ"


def _create(person: Person, length: int, metadata: str = "", **headers) -> requests.Response:
    return requests.post(
        person.uploads_url,
        headers={**person.auth, **TUS, "Upload-Length": str(length),
                 "Upload-Metadata": metadata, **headers},
        timeout=30,
    )  # fmt: skip


def _patch(person: Person, url: str, offset: int, body: bytes, **headers) -> requests.Response:
    return requests.patch(
        url,
        data=body,
        headers={**person.auth, **TUS, "Upload-Offset": str(offset),
                 "Content-Type": "application/offset+octet-stream", **headers},
        timeout=30,
    )  # fmt: skip


def _b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


def test_wrong_checksum_is_460_and_the_chunk_is_dropped(sanne):
    url = _create(sanne, 1000).headers["Location"]
    body = b"x" * 500
    wrong = base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    r = _patch(sanne, url, 0, body, **{"Upload-Checksum": f"sha1 {wrong}"})
    assert r.status_code == 460
    assert sanne.head(url).headers["Upload-Offset"] == "0"
    right = base64.b64encode(hashlib.sha1(body).digest()).decode()
    r = _patch(sanne, url, 0, body, **{"Upload-Checksum": f"sha1 {right}"})
    assert r.status_code == 204
    assert r.headers["Upload-Offset"] == "500"


def test_wrong_offset_is_409(sanne):
    url = _create(sanne, 1000).headers["Location"]
    assert _patch(sanne, url, 0, b"a" * 100).status_code == 204
    r = _patch(sanne, url, 0, b"b" * 100)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "offset_mismatch"


def test_protocol_errors(sanne):
    r = requests.post(sanne.uploads_url, headers={**sanne.auth, "Upload-Length": "10"}, timeout=10)
    assert r.status_code == 412
    url = _create(sanne, 10).headers["Location"]
    r = requests.patch(
        url, data=b"x", timeout=10,
        headers={**sanne.auth, **TUS, "Upload-Offset": "0", "Content-Type": "text/plain"},
    )  # fmt: skip
    assert r.status_code == 415
    assert _create(sanne, 10, **{"Upload-Length": "ten"}).status_code == 422
    assert _patch(sanne, url, 0, b"x" * 11).status_code == 422


def test_not_logged_in_gets_401_and_no_location(server):
    r = requests.post(
        f"{server.url}/api/v1/uploads", headers={**TUS, "Upload-Length": "10"}, timeout=10
    )
    assert r.status_code == 401
    assert "Location" not in r.headers


def test_someone_elses_upload_is_404(server, sanne):
    url = _create(sanne, 10).headers["Location"]
    daan = Person(server, "Daan")
    assert daan.head(url).status_code == 404
    assert _patch(daan, url, 0, b"x" * 10).status_code == 404


def test_too_large_or_over_quota_is_413_before_any_byte(server, sanne):
    limit = server.app.config["MAX_UPLOAD_BYTES"]
    r = _create(sanne, limit + 1)
    assert r.status_code == 413
    r = _create(sanne, 61 * 1024 * 1024)
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "quota_exceeded"


def test_termination_removes_the_bytes(server, sanne):
    url = _create(sanne, 1000).headers["Location"]
    _patch(sanne, url, 0, b"x" * 100)
    upload_id = url.rsplit("/", 1)[1]
    part = (
        Path(server.app.config["UPLOAD_TMP_DIR"])
        / "resumable"
        / f"{upload_id.replace('-', '')}.part"
    )
    assert part.exists()
    r = requests.delete(url, headers={**sanne.auth, **TUS}, timeout=10)
    assert r.status_code == 204
    assert not part.exists()
    assert sanne.head(url).status_code == 404


def test_expired_uploads_are_gone_and_cleaned_up(server, sanne):
    url = _create(sanne, 1000).headers["Location"]
    _patch(sanne, url, 0, b"x" * 100)
    upload_id = url.rsplit("/", 1)[1]
    with server.app.app_context():
        import uuid

        upload = db.session.get(ResumableUpload, uuid.UUID(upload_id))
        upload.expires_at = utcnow() - timedelta(minutes=1)
        db.commit()
    r = sanne.head(url)
    assert r.status_code == 410
    with server.app.app_context():
        from media.tasks import cleanup_expired_uploads

        cleanup_expired_uploads.call_local()
    assert sanne.head(url).status_code == 404
    parts = Path(server.app.config["UPLOAD_TMP_DIR"]) / "resumable"
    assert not list(parts.glob(f"{upload_id.replace('-', '')}*"))


def test_a_text_file_sent_by_tus_is_refused_and_leaves_nothing(server, sanne):
    body = b"Gewoon tekst.\n" * 100
    r = _create(sanne, len(body), f"filename {_b64('foto.jpg')}")
    url = r.headers["Location"]
    r = _patch(sanne, url, 0, body)
    assert r.status_code == 415
    assert r.json()["error"]["code"] == "unsupported_media_type"
    assert sanne.head(url).status_code == 404
    items = sanne.get(f"/api/v1/dossiers/{sanne.dossier_id}/evidence").json()["items"]
    assert all(i["kind"] != "document" or i["title"] for i in items)


def test_creation_with_upload_and_idempotent_client_uid(sanne):
    from app.demo import demo_photo

    data = demo_photo(random.Random(99), (800, 600))
    meta = f"filename {_b64('a.jpg')},client_uid {_b64('same-uid-tus-42')},title {_b64('Eén')}"
    # creation-with-upload: the POST itself carries the bytes
    first = requests.post(
        sanne.uploads_url, data=data, timeout=60,
        headers={**sanne.auth, **TUS, "Upload-Length": str(len(data)), "Upload-Metadata": meta,
                 "Content-Type": "application/offset+octet-stream"},
    )  # fmt: skip
    assert first.status_code == 201
    assert first.headers["Upload-Offset"] == str(len(data))
    evidence_id = first.headers["Bagage-Evidence-Id"]
    second = requests.post(
        sanne.uploads_url, data=data, timeout=60,
        headers={**sanne.auth, **TUS, "Upload-Length": str(len(data)), "Upload-Metadata": meta,
                 "Content-Type": "application/offset+octet-stream"},
    )  # fmt: skip
    assert second.headers["Bagage-Evidence-Id"] == evidence_id
    assert sanne.get(f"/api/v1/evidence/{evidence_id}").json()["title"] == "Eén"


def test_the_same_file_twice_is_stored_once(server, sanne, photo_file):
    """The photo from the first test again, under another client_uid: the same item."""
    first = sanne.client().uploader(file_path=str(photo_file), chunk_size=2**20)
    first.upload()
    again = sanne.client().uploader(
        file_path=str(photo_file), chunk_size=2**20, metadata={"client_uid": "other-uid-0001"}
    )
    again.upload()
    assert (
        sanne.head(first.url).headers["Bagage-Evidence-Id"]
        == (sanne.head(again.url).headers["Bagage-Evidence-Id"])
    )
    with server.app.app_context():
        keys = [k for k in server.app.extensions["bagage_storage"].list_keys() if "original" in k]
    sizes = [Path(server.app.config["MEDIA_ROOT"], k).stat().st_size for k in keys]
    assert sizes.count(photo_file.stat().st_size) == 1


def test_a_contributor_uploading_the_owners_file_gets_an_item_of_their_own(server, photo_file):
    """Over tus as well: neither the same bytes nor the same client_uid hand a contributor
    the owner's item."""
    owner, helper = Person(server, "Daan"), Person(server, "Peter")
    mine = owner.client().uploader(
        file_path=str(photo_file), chunk_size=2**20,
        metadata={"title": "Privé", "client_uid": "owner-tus-0001"},
    )  # fmt: skip
    mine.upload()
    private_id = owner.head(mine.url).headers["Bagage-Evidence-Id"]
    owner.let_contribute(helper)

    for uid in ("helper-tus-001", "owner-tus-0001"):
        theirs = helper.client().uploader(
            file_path=str(photo_file), chunk_size=2**20,
            metadata={"title": "Van Peter", "client_uid": uid, "dossier_id": owner.dossier_id},
        )  # fmt: skip
        theirs.upload()
        evidence_id = helper.head(theirs.url).headers["Bagage-Evidence-Id"]
        assert evidence_id != private_id
        seen = helper.get(f"/api/v1/evidence/{evidence_id}").json()
        assert seen["title"] == "Van Peter"
    assert helper.get(f"/api/v1/evidence/{private_id}").status_code == 404


def test_tuspy_reports_a_refused_upload(sanne, tmp_path):
    path = tmp_path / "fake.mp4"
    path.write_bytes(b"#EXTM3U\n#EXT-X-ENDLIST\n" * 50)
    uploader = sanne.client().uploader(file_path=str(path), chunk_size=1024)
    with pytest.raises(TusCommunicationError) as caught:
        uploader.upload()
    assert caught.value.status_code == 415
