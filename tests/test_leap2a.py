"""A Leap2A export from Mahara becomes the importer's dossier: files as evidence, journal
posts and notes as notes, comments as reflections marked imported; the rest is listed."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from tests import media_files
from tests.leap2a_files import MaharaExport


def _import(api, data: bytes) -> dict:
    r = api.post("/api/v1/imports", data={"file": (io.BytesIO(data), "mahara-export.zip")},
                 content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 202, r.json
    return api.get(f"/api/v1/jobs/{r.json['id']}").json  # jobs run at once in tests


def _items(api) -> dict[str, dict]:
    items = api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"]
    return {item["title"]: item for item in items}


def _reflections(api, item: dict) -> list[dict]:
    return api.get(f"/api/v1/evidence/{item['id']}/reflections").json


def _portfolio(jpeg) -> MaharaExport:
    """Files in a folder (a photo with tags, a PDF, a text file no upload would accept), a
    journal with two posts, a note, comments on the photo and a post, a page, a résumé line."""
    export = MaharaExport()
    folder = export.folder("Stage")
    photo = export.file("bord.jpg", jpeg(), "image/jpeg", artefact_type="image",
                        description="Het bord na de rekenles", tags=["rekenen", "Stage 2"],
                        folder=folder, published="2024-03-05T14:01:00+01:00")  # fmt: skip
    export.file("lesplan.pdf", media_files.MINIMAL_PDF, "application/pdf", folder=folder)
    export.file("notities.txt", b"gewone tekst\n", "text/plain")
    journal = export.journal("Stagejournaal", "Wat ik leerde")
    first = export.post(
        journal, "Eerste stagedag",
        "<p>Vandaag <strong>voor het eerst</strong> voor de klas.</p><ul><li>spannend</li>"
        "<li>leuk</li></ul><script>alert(1)</script>",
        tags=["reflectie"], attachments=[photo], published="2024-02-12T16:30:00+01:00",
    )  # fmt: skip
    export.post(journal, "Tweede dag", "<p>Rustiger.</p>", published="2024-02-13T16:30:00+01:00")
    export.note("Leerdoelen", "<p>Orde houden &amp; differentiëren</p>")
    export.comment(photo, "<p>Mooi overzichtelijk bord!</p>", author="Jan Mentor",
                   published="2024-03-06T09:15:00+01:00")  # fmt: skip
    export.comment(first, "<p>Ik was wel zenuwachtig.</p>", published="2024-02-12T20:00:00+01:00")
    export.page("Mijn stageportfolio")
    export.job("Bijlesdocent")
    return export


def test_a_mahara_export_becomes_a_dossier_with_its_files_notes_and_comments(
    register, jpeg, media_root
):
    sanne = register("Sanne")
    job = _import(sanne, _portfolio(jpeg).zip())
    assert job["status"] == "done", job
    result = job["result"]
    assert result["format"] == "leap2a"
    assert (result["evidence"], result["files"], result["notes"], result["reflections"]) == (
        5, 2, 3, 2,
    )  # fmt: skip
    # The text file is no media an upload accepts: named with why, nothing else of it kept.
    assert [(r["title"], r["code"]) for r in result["refused"]] == [
        ("notities.txt", "unsupported_media_type")
    ]
    left_out = {(x["title"], x["code"]) for x in result["left_out"]}
    assert left_out == {
        ("Sanne de Vries", "profile"), ("Stage", "folder"), ("Stagejournaal", "journal"),
        ("Mijn stageportfolio", "page"), ("Bijlesdocent", "resume"),
    }  # fmt: skip

    items = _items(sanne)
    assert set(items) == {"bord.jpg", "lesplan.pdf", "Eerste stagedag", "Tweede dag",
                          "Leerdoelen"}  # fmt: skip
    photo = items["bord.jpg"]
    assert photo["kind"] == "photo" and photo["created_role"] == "owner"
    # The description and the tags (as typed, not normalised) are kept, and the date.
    assert photo["description"] == "Het bord na de rekenles\n\nTags: rekenen, Stage 2"
    assert photo["occurred_at"].startswith("2024-03-05T13:01:00")
    assert items["lesplan.pdf"]["kind"] == "document"
    post = items["Eerste stagedag"]
    assert post["kind"] == "note"
    # HTML becomes its words: no markup and no script survive.
    assert post["description"] == (
        "Vandaag voor het eerst voor de klas.\n\n- spannend\n- leuk\n\nTags: reflectie"
    )
    assert post["occurred_at"].startswith("2024-02-12T15:30:00")
    assert items["Leerdoelen"]["description"] == "Orde houden & differentiëren"

    (comment,) = _reflections(sanne, photo)
    assert comment["author"] is None and comment["author_name"] == "Jan Mentor"
    assert comment["imported_from"] == "mahara"
    assert comment["content"] == {"text": "Mooi overzichtelijk bord!"}
    assert comment["created_at"].startswith("2024-03-06T08:15:00")
    # The owner's own comment: Mahara leaves its author out; it is the export's owner.
    (own,) = _reflections(sanne, post)
    assert own["author_name"] == "Sanne de Vries" and own["author_role"] == "owner"
    assert own["imported_from"] == "mahara"


def test_the_photos_are_processed_as_uploads_are(register, jpeg, media_root, app):
    sanne = register("Sanne")
    export = MaharaExport()
    export.file("gps.jpg", jpeg(gps=True), "image/jpeg", artefact_type="image")
    assert _import(sanne, export.zip())["status"] == "done"
    (photo,) = _items(sanne).values()
    item = sanne.get(f"/api/v1/evidence/{photo['id']}").json
    assert item["status"] == "ready", item  # processed like an upload: variants were made
    roles = set(item["media"])  # by role
    assert {"original", "thumbnail", "display"} <= roles


def test_importing_the_same_export_twice_adds_nothing_twice(register, jpeg, media_root):
    sanne = register("Sanne")
    data = _portfolio(jpeg).zip()
    assert _import(sanne, data)["status"] == "done"
    before = {title: len(_reflections(sanne, item)) for title, item in _items(sanne).items()}
    files = sorted(p for p in media_root.rglob("original.*"))
    # The imported originals take their room, once.
    room = sum(p.stat().st_size for p in files)
    assert room > 0 and sanne.get("/api/v1/me").json["dossiers"][0]["used_bytes"] == room
    again = _import(sanne, data)
    assert again["status"] == "done", again
    assert (again["result"]["evidence"], again["result"]["reflections"]) == (0, 0)
    assert again["result"]["skipped"] == 2 + 3 + 2  # files, notes, comments
    after = {title: len(_reflections(sanne, item)) for title, item in _items(sanne).items()}
    assert after == before
    assert sorted(p for p in media_root.rglob("original.*")) == files
    assert sanne.get("/api/v1/me").json["dossiers"][0]["used_bytes"] == room


def test_an_export_without_files_brings_its_journal_and_comments(register, media_root):
    sanne = register("Sanne")
    export = MaharaExport(with_profile=False)
    journal = export.journal("Reflecties")
    post = export.post(journal, "Week 1", "<p>Eerste week</p>")
    export.comment(post, "<p>Goed begin</p>", author="Petra Docent")
    export.comment(post, "<p>Dank je</p>", published="2024-03-07T10:00:00+01:00")
    export.comment(journal, "<p>Op het journaal zelf</p>", author="Petra Docent")
    job = _import(sanne, export.zip())
    assert job["status"] == "done", job
    assert (job["result"]["evidence"], job["result"]["reflections"]) == (1, 2)
    assert {x["code"] for x in job["result"]["left_out"]} == {"journal", "comment_elsewhere"}
    (item,) = _items(sanne).values()
    assert item["title"] == "Week 1" and item["description"] == "Eerste week"
    names = sorted(r["author_name"] for r in _reflections(sanne, item))
    assert names == ["Petra Docent", "Sanne de Vries"]


def test_a_file_the_feed_names_but_the_zip_lacks_is_listed(register, jpeg, media_root):
    sanne = register("Sanne")
    export = MaharaExport(with_profile=False)
    export.file("kwijt.jpg", jpeg(), "image/jpeg")
    export.files.clear()
    job = _import(sanne, export.zip())
    assert job["status"] == "done", job
    assert [(x["title"], x["code"]) for x in job["result"]["left_out"]] == [
        ("kwijt.jpg", "missing_file")
    ]
    assert _items(sanne) == {}


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE feed [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol4;</title></feed>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&secret;</title>
<id>portfolio:artefact1</id><content>&secret;</content></entry></feed>
"""


def _zip(entries: dict[str, bytes | str], *, links: dict[str, str] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in dict(links).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return out.getvalue()


def _hostile(jpeg) -> dict:
    export = MaharaExport()
    export.file("bord.jpg", jpeg(), "image/jpeg")
    feed = export.feed()
    photo = export.files
    return {
        "billion_laughs": (_zip({"leap2a.xml": BILLION_LAUGHS, **photo}), "feed_forbidden"),
        "external_entity": (_zip({"leap2a.xml": EXTERNAL_ENTITY, **photo}), "feed_forbidden"),
        "malformed": (_zip({"leap2a.xml": feed[:-20], **photo}), "feed_damaged"),
        "no_atom_feed": (_zip({"leap2a.xml": "<rss><channel/></rss>", **photo}), "not_leap2a"),
        "traversal": (_zip({"leap2a.xml": feed, **photo, "../../etc/cron.d/x": b"x"}),
                      "unsafe_path"),
        "absolute": (_zip({"leap2a.xml": feed, **photo, "/tmp/x": b"x"}), "unsafe_path"),
        "symlink": (_zip({"leap2a.xml": feed, **photo}, links={"files/9-link.jpg": "/etc"}),
                    "unsafe_path"),
        "bomb": (_zip({"leap2a.xml": feed, **photo, "files/1-zeros.jpg": bytes(8 << 20)}),
                 "zip_bomb"),
        "no_leap2a_xml": (_zip({"feed.xml": feed, **photo}), "not_an_export"),
        "no_zip": (b"PK\x03\x04 no zip at all", "not_a_zip"),
    }  # fmt: skip


@pytest.mark.parametrize("shape", [
    "billion_laughs", "external_entity", "malformed", "no_atom_feed", "traversal", "absolute",
    "symlink", "bomb", "no_leap2a_xml", "no_zip",
])  # fmt: skip
def test_a_hostile_or_broken_export_is_refused_and_nothing_is_kept(
    register, jpeg, media_root, shape
):
    data, code = _hostile(jpeg)[shape]
    sanne = register("Sanne")
    job = _import(sanne, data)
    assert job["status"] == "failed", job
    assert job["error_code"] == code, job
    assert "passwd" not in job["error"] and "root:" not in job["error"]
    assert _items(sanne) == {}
    assert not list(media_root.rglob("original.*"))


def test_an_export_larger_than_the_quota_is_refused_whole(register, jpeg, media_root, app,
                                                          monkeypatch):  # fmt: skip
    sanne = register("Sanne")
    export = _portfolio(jpeg)
    monkeypatch.setitem(app.config, "DOSSIER_QUOTA_BYTES", 1000)
    job = _import(sanne, export.zip())
    assert job["status"] == "failed" and job["error_code"] == "quota_exceeded", job
    assert _items(sanne) == {}


def test_the_same_export_moves_on_with_its_comments_still_marked_imported(register, jpeg, storage):
    """A Bagage export of an imported dossier keeps the mark on the comments."""
    sanne = register("Sanne")
    assert _import(sanne, _portfolio(jpeg).zip())["status"] == "done"
    job = sanne.post(f"/api/v1/dossiers/{sanne.dossier_id}/exports").json
    data = sanne.get(sanne.get(f"/api/v1/jobs/{job['id']}").json["download_url"]).data
    other = register("Anders")
    assert _import(other, data)["status"] == "done"
    photo = _items(other)["bord.jpg"]
    (comment,) = _reflections(other, photo)
    assert comment["imported_from"] == "mahara" and comment["author_name"] == "Jan Mentor"
