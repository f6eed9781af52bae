"""Faces of others are blurred in every copy anyone but the owner sees (issue 19).

Checked the way it matters: the detector runs on the bytes each viewer is served. The owner
sees sharp copies and the faces found; keeping a face visible, drawing a missed one, marking
one's own face and a school's rule for pupils under 16 each change what others are served.
"""

from __future__ import annotations

import base64
import io
import re
import uuid

import pytest
from PIL import Image

from app.accounts.models import User
from app.db import db
from media.faces import Box, detect_faces
from tests.conftest import add_member, fetch
from tests.face_pictures import group_photo, iou, matches
from tests.test_people import _grant

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92)
    return out.getvalue()


def _served(api, media: dict, role: str) -> Image.Image:
    response = fetch(api, media[role]["url"])
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.data)).convert("RGB")


def _keep(api, face: dict, keep: bool = True):
    return api.patch(f"/api/v1/faces/{face['id']}", json={"keep_visible": keep})


def _with_astronaut(seed: int):
    return group_photo(
        (1600, 1200), faces=3, face_fraction=(0.12, 0.14), seed=seed, with_astronaut=True
    )


def _found_faces(faces: list[dict], photo) -> list[Box]:
    """The pasted faces the detector found (it may miss one)."""
    boxes = [Box.from_list(f["box"]) for f in faces]
    return [t for t in photo.faces if max(iou(b, t) for b in boxes) > 0.3]


def _face_on(faces: list[dict], true_face: Box) -> dict:
    """The found face that lies on a face we pasted (the detector may also find others)."""
    best = max(faces, key=lambda f: iou(Box.from_list(f["box"]), true_face))
    assert iou(Box.from_list(best["box"]), true_face) > 0.3
    return best


def _found_in(picture: Image.Image, truth: list[Box]) -> int:
    return matches(detect_faces(picture), truth)[0]


@pytest.fixture
def class_photo():
    return group_photo((1600, 1200), faces=4, face_fraction=(0.10, 0.13), seed=7)


@pytest.fixture
def pupil_and_coach(register):
    pupil, coach = register("Daan"), register("Coach")
    _grant(pupil, coach, ["view", "reflect"], role="coach")
    return pupil, coach


def _upload(pupil, picture) -> dict:
    item = pupil.upload(_jpeg(picture), title="Klas 2B").json
    return pupil.get(f"/api/v1/evidence/{item['id']}").json


def test_no_copy_anyone_but_the_owner_is_served_shows_a_detected_face(pupil_and_coach, class_photo):
    pupil, coach = pupil_and_coach
    item = _upload(pupil, class_photo.image)
    faces = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json
    assert faces["checked"] and len(faces["faces"]) >= 3
    assert all(f["blurred"] for f in faces["faces"])

    # the owner sees the faces sharp: the detector finds them on the owner's display copy
    assert _found_in(_served(pupil, item["media"], "display"), class_photo.faces) >= 3

    # every copy the coach is served: thumbnail and display, JPEG and WebP
    seen = coach.get(f"/api/v1/evidence/{item['id']}").json
    assert "original" not in seen["media"]
    roles = {"thumbnail", "thumbnail_webp", "display", "display_webp"}
    assert roles <= set(seen["media"])
    for role in roles:
        picture = _served(coach, seen["media"], role)
        found = detect_faces(picture)
        blurred = [Box.from_list(f["box"]) for f in faces["faces"]]
        assert not [b for b in found if max(iou(b, f) for f in blurred) > 0.2], role
    # and the owner's sharp copies are not reachable by the coach, not even by their id
    assert coach.get(item["media"]["display"]["url"]).status_code == 404


def test_a_kept_face_stays_sharp_for_others_and_the_rest_stay_blurred(pupil_and_coach, class_photo):
    pupil, coach = pupil_and_coach
    item = _upload(pupil, class_photo.image)
    faces = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"]
    kept = _face_on(faces, _found_faces(faces, class_photo)[0])
    r = pupil.patch(f"/api/v1/faces/{kept['id']}", json={"keep_visible": True})
    assert r.status_code == 200, r.json
    assert not next(f for f in r.json["faces"] if f["id"] == kept["id"])["blurred"]

    seen = coach.get(f"/api/v1/evidence/{item['id']}").json
    found = detect_faces(_served(coach, seen["media"], "display"))
    kept_box = Box.from_list(kept["box"])
    assert any(iou(b, kept_box) > 0.3 for b in found)  # the kept face is found again
    others = [Box.from_list(f["box"]) for f in faces if f["id"] != kept["id"]]
    assert not [b for b in found if max(iou(b, o) for o in others) > 0.2]


def test_a_box_the_owner_draws_is_blurred_for_others(pupil_and_coach, class_photo):
    pupil, coach = pupil_and_coach
    item = _upload(pupil, class_photo.image)
    faces = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"]
    # keep every found face visible, then box one of them by hand: only the drawn box blurs
    for face in faces:
        pupil.patch(f"/api/v1/faces/{face['id']}", json={"keep_visible": True})
    target = Box.from_list(_face_on(faces, _found_faces(faces, class_photo)[-1])["box"])
    r = pupil.post(f"/api/v1/evidence/{item['id']}/faces", json={"box": target.to_list()})
    assert r.status_code == 201, r.json
    drawn = next(f for f in r.json["faces"] if f["source"] == "drawn")
    assert drawn["blurred"]
    found = detect_faces(
        _served(coach, coach.get(f"/api/v1/evidence/{item['id']}").json["media"], "display")
    )
    assert not any(iou(b, target) > 0.2 for b in found)
    others = [f for f in class_photo.faces if iou(f, target) < 0.3]
    assert matches(found, others)[0] >= len(others) - 1  # the kept ones are still there

    # taking the box away shows the face again; a found face cannot be taken away
    r = pupil.delete(f"/api/v1/faces/{drawn['id']}")
    assert r.status_code == 200
    assert pupil.delete(f"/api/v1/faces/{faces[0]['id']}").json["error"]["code"] == "not_drawn"


def test_with_every_face_kept_there_are_no_sharp_copies_left(pupil_and_coach, class_photo):
    pupil, coach = pupil_and_coach
    item = _upload(pupil, class_photo.image)
    for face in pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"]:
        pupil.patch(f"/api/v1/faces/{face['id']}", json={"keep_visible": True})
    mine = pupil.get(f"/api/v1/evidence/{item['id']}").json["media"]
    theirs = coach.get(f"/api/v1/evidence/{item['id']}").json["media"]
    assert mine["display"]["id"] == theirs["display"]["id"]


def test_faces_are_the_owners_alone_to_see_and_change(pupil_and_coach, class_photo):
    pupil, coach = pupil_and_coach
    item = _upload(pupil, class_photo.image)
    face = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"][0]
    assert coach.get(f"/api/v1/evidence/{item['id']}/faces").status_code == 404
    assert _keep(coach, face).status_code == 404
    assert (
        coach.post(
            f"/api/v1/evidence/{item['id']}/faces", json={"box": [0, 0, 0.1, 0.1]}
        ).status_code
        == 404
    )
    assert coach.put("/api/v1/me/face", json={"face_id": face["id"]}).status_code == 404
    assert pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"][0]["blurred"]


@pytest.mark.parametrize(
    "box",
    [[0, 0, 0, 0.1], [0.95, 0, 0.2, 0.1], [-0.1, 0, 0.1, 0.1], [0, 0, 0.1], "x", [0, 0, "a", 1]],
)
def test_a_box_outside_the_picture_is_refused_and_nothing_changes(
    pupil_and_coach, class_photo, box
):
    pupil, _ = pupil_and_coach
    item = _upload(pupil, class_photo.image)
    before = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json
    r = pupil.post(f"/api/v1/evidence/{item['id']}/faces", json={"box": box})
    assert r.status_code == 422
    assert "box" in r.json["error"]["fields"]
    assert pupil.get(f"/api/v1/evidence/{item['id']}/faces").json == before


def test_the_owners_marked_face_stays_visible_in_later_photos(pupil_and_coach):
    pupil, coach = pupil_and_coach
    first = group_photo(
        (1600, 1200), faces=3, face_fraction=(0.12, 0.14), seed=3, with_astronaut=True
    )
    item = _upload(pupil, first.image)
    faces = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"]
    mine = max(faces, key=lambda f: iou(Box.from_list(f["box"]), first.faces[0]))
    r = pupil.put("/api/v1/me/face", json={"face_id": mine["id"]})
    assert r.status_code == 200 and r.json["own_face_marked"]
    assert (
        pupil.put("/api/v1/me/face", json={"face_id": mine["id"]}).json["error"]["code"]
        == "face_marked_already"
    )

    # a later photo with the same face among others: that face is kept, the others blurred
    later = group_photo(
        (1600, 1200), faces=3, face_fraction=(0.12, 0.14), seed=11, with_astronaut=True
    )
    item = _upload(pupil, later.image)
    faces = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"]
    own = [f for f in faces if f["own_face"]]
    assert len(own) == 1 and not own[0]["blurred"]
    assert iou(Box.from_list(own[0]["box"]), later.faces[0]) > 0.3
    assert all(f["blurred"] for f in faces if not f["own_face"])

    forgotten = pupil.delete("/api/v1/me/face").json
    assert not forgotten["own_face_marked"]


def test_a_face_marked_before_signatures_changed_kind_is_marked_again(app, pupil_and_coach):
    """A signature of an older kind cannot be compared: it is not used for matching, the
    profile says no face is marked, and the owner can mark it again."""
    pupil, _ = pupil_and_coach
    with app.app_context():
        owner = db.session.get(User, uuid.UUID(pupil.user["id"]))
        owner.face_signature = base64.b64encode(bytes([1]) + bytes(4096)).decode("ascii")
        db.session.commit()
    assert not pupil.get("/api/v1/me").json["own_face_marked"]

    first = _with_astronaut(3)
    item = _upload(pupil, first.image)  # processed without the old signature, without failing
    answer = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json
    assert answer["checked"] and not answer["own_face_marked"]
    assert not any(f["own_face"] for f in answer["faces"])
    mine = _face_on(answer["faces"], first.faces[0])
    r = pupil.put("/api/v1/me/face", json={"face_id": mine["id"]})
    assert r.status_code == 200 and r.json["own_face_marked"]


def test_a_school_keeps_faces_blurred_for_its_pupils_under_16(register, class_photo):
    pupil, admin = register("Noor"), register("Directie")
    school = admin.post(
        "/api/v1/organisations", json={"name": "Het Baken", "kind": "education"}
    ).json
    add_member(admin, school["id"], pupil, "student")
    item = _upload(pupil, class_photo.image)
    face = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"][0]
    assert _keep(pupil, face).status_code == 200

    r = admin.patch(f"/api/v1/organisations/{school['id']}", json={"blur_faces_under_16": True})
    assert r.status_code == 200 and r.json["blur_faces_under_16"]
    answer = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json
    assert answer["stay_blurred"]
    # the face kept before the rule is blurred again for others
    assert next(f for f in answer["faces"] if f["id"] == face["id"])["blurred"]
    other = answer["faces"][1]
    r = pupil.patch(f"/api/v1/faces/{other['id']}", json={"keep_visible": True})
    assert r.status_code == 409 and r.json["error"]["code"] == "faces_stay_blurred"

    # a pupil who is 16 decides again
    assert pupil.patch("/api/v1/me", json={"birth_date": "2000-01-01"}).status_code == 200
    assert not pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["stay_blurred"]
    assert _keep(pupil, other).status_code == 200
    assert pupil.patch("/api/v1/me", json={"birth_date": "2999-01-01"}).status_code == 422
    assert pupil.get("/api/v1/me").json["birth_date"] == "2000-01-01"


def test_unknown_faces_and_items_answer_404(register):
    pupil = register("Sam")
    assert pupil.get(f"/api/v1/evidence/{uuid.uuid4()}/faces").status_code == 404
    assert _keep(pupil, {"id": uuid.uuid4()}).status_code == 404


def _pdf_pictures(data: bytes) -> list[Image.Image]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [image.image.convert("RGB") for page in reader.pages for image in page.images]


def test_a_recruiter_gets_only_blurred_faces_on_the_page_and_in_the_pdf(app, register, class_photo):
    pupil = register("Daan")
    item = _upload(pupil, class_photo.image)
    faces = [Box.from_list(f["box"]) for f in _faces(pupil, item)]
    r = pupil.patch(
        f"/api/v1/dossiers/{pupil.dossier_id}/cv",
        json={"headline": "Hulpkok", "photo_evidence_id": item["id"], "evidence_ids": [item["id"]]},
    )
    assert r.status_code == 200, r.json
    link = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links", json={"label": "X"}).json
    path = link["url"].split("://", 1)[1].split("/", 1)[1]
    recruiter = app.test_client()
    html = recruiter.get(f"/{path}").get_data(as_text=True)
    urls = sorted(set(re.findall(rf"/{re.escape(path)}/media/[0-9a-f-]{{36}}", html)))
    assert urls
    for url in urls:
        served = fetch(recruiter, url)
        assert served.status_code == 200
        picture = Image.open(io.BytesIO(served.data)).convert("RGB")
        assert not _unblurred(picture, faces), url
    pictures = _pdf_pictures(recruiter.get(f"/{path}/cv.pdf").data)
    big = [p for p in pictures if p.width >= 300]
    assert big
    for picture in big:
        assert not _unblurred(picture, faces)


def test_an_internship_report_printed_for_the_coordinator_shows_only_blurred_faces(
    register, class_photo
):
    """The report's PDF goes to the school and the workplace: its pictures are the copies
    others see, whoever prints it (the coordinator here, the owner too)."""
    pupil, coordinator = register("Daan"), register("Fatima")
    _grant(pupil, coordinator, ["view", "reflect", "contribute"], role="coordinator")
    item = _upload(pupil, class_photo.image)
    faces = [Box.from_list(f["box"]) for f in _faces(pupil, item)]
    assert faces
    r = coordinator.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Stageverslag keuken", "period_start": "2026-01-01",
        "period_end": "2026-12-31", "evidence_ids": [item["id"]]})  # fmt: skip
    assert r.status_code == 201, r.json
    for reader in (coordinator, pupil):
        pdf = reader.get(f"/api/v1/reports/{r.json['id']}/pdf")
        assert pdf.status_code == 200
        big = [p for p in _pdf_pictures(pdf.data) if p.width >= 300]
        assert big
        for picture in big:
            assert not _unblurred(picture, faces)


def _faces(api, item) -> list[dict]:
    return api.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"]


def _unblurred(picture: Image.Image, blurred: list[Box]) -> list[Box]:
    """Faces the detector finds where faces should be blurred (boxes are fractions, so any
    crop of the same picture at any size compares)."""
    return [b for b in detect_faces(picture) if max(iou(b, f) for f in blurred) > 0.2]


def test_a_video_is_blurred_for_others_frame_by_frame_and_sharp_for_the_owner(
    pupil_and_coach, tmp_path
):
    from tests.test_faces import _encode, _frames  # the media layer's test: a face moving

    pupil, coach = pupil_and_coach
    clip = _encode(_frames(), tmp_path / "clip.mp4")
    item = pupil.upload(clip.read_bytes(), filename="kring.mp4", title="Kring").json
    item = pupil.get(f"/api/v1/evidence/{item['id']}").json
    assert item["status"] == "ready", item
    faces = _faces(pupil, item)
    assert faces and faces[0]["track"]
    mine, theirs = item["media"], coach.get(f"/api/v1/evidence/{item['id']}").json["media"]
    assert mine["playable"]["id"] != theirs["playable"]["id"]
    assert coach.get(mine["playable"]["url"]).status_code == 404

    def frames(api, media) -> list[Image.Image]:
        video = tmp_path / f"{media['playable']['id']}.mp4"
        video.write_bytes(fetch(api, media["playable"]["url"]).data)
        return _decoded_frames(video, tmp_path / media["playable"]["id"])

    shown = frames(coach, theirs)
    assert len(shown) >= 20
    for n, frame in enumerate(shown):
        assert not [b for b in detect_faces(frame) if _near_track(b, faces)], n
    sharp = frames(pupil, mine)
    assert sum(1 for frame in sharp if detect_faces(frame)) >= len(sharp) // 2


def _near_track(box: Box, faces: list[dict]) -> bool:
    for face in faces:
        for _t, *values in face["track"] or []:
            if iou(box, Box.from_list(values)) > 0.2:
                return True
    return False


def _decoded_frames(video, folder) -> list[Image.Image]:
    import subprocess

    folder.mkdir()
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(video), str(folder / "%04d.png")], check=True
    )
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("*.png"))]


def test_an_imported_photo_has_its_faces_found_again_before_others_see_it(register, class_photo):
    from tests.test_portability import _export, _import

    before = register("Daan")
    _upload(before, class_photo.image)
    data = _export(before)

    pupil, coach = register("Daanelders"), register("Coach")
    _grant(pupil, coach, ["view", "reflect"], role="coach")
    assert _import(pupil, data)["status"] == "done"
    items = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").json["items"]
    item = next(i for i in items if i["title"] == "Klas 2B")
    found = _faces(pupil, item)
    assert len(found) >= 3 and all(f["blurred"] for f in found)
    seen = coach.get(f"/api/v1/evidence/{item['id']}").json
    blurred = [Box.from_list(f["box"]) for f in found]
    for role in ("thumbnail", "display"):
        assert not _unblurred(_served(coach, seen["media"], role), blurred), role
