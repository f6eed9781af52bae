"""My data in the web app, each person in a phone browser of their own: download all my data
(the zip holds the manifest, the media and an offline index.html), import that zip elsewhere
through a resumable upload with progress and find the items in the timeline, and delete the
account after confirming, ending on the login screen for good."""

from __future__ import annotations

import json
import random
import re
import zipfile

from playwright.sync_api import Page, expect

from app.demo import demo_photo
from tests.browser.flows import PASSWORD
from tests.browser.people_flows import assert_accessible, fits_the_phone, heading
from tests.leap2a_files import MaharaExport

FORGOTTEN = """() => new Promise((resolve) => {
    const opened = indexedDB.open("bagage");
    opened.onsuccess = () => {
        const get = opened.result.transaction("meta").objectStore("meta").get("me");
        get.onsuccess = () => resolve(get.result === undefined);
    };
})"""


def account_screen(person) -> Page:
    page = person.open("/")
    heading(page, "Mijn dossier")
    page.get_by_role("button", name="Menu", exact=True).click()
    page.get_by_role("link", name="Mijn gegevens").click()
    heading(page, "Mijn gegevens")
    return page


def test_download_all_my_data_and_import_it_elsewhere_with_progress(
    people, photo, tmp_path, screenshot
):
    daan = people("Daan")
    daan.note("Eerste stagedag", "Kennisgemaakt met het team.")
    daan.call(
        "POST",
        f"/dossiers/{daan.dossier}/evidence",
        multipart={
            "title": "Mijn werkplek",
            "file": {"name": "w.jpg", "mimeType": "image/jpeg", "buffer": photo.read_bytes()},
        },
    )

    page = account_screen(daan)
    expect(page.get_by_text("index.html", exact=False).first).to_be_visible()
    assert_accessible(page, "my data")
    fits_the_phone(page)
    page.get_by_role("button", name="Download al mijn gegevens").click()
    expect(page.get_by_text("Je export is klaar.")).to_be_visible(timeout=60_000)
    exports = page.get_by_role("list", name="Klaarstaande exports").get_by_role("listitem")
    expect(exports).to_have_count(1)
    expect(exports.first).to_contain_text("2 item(s)")
    expect(exports.first).to_contain_text("te downloaden tot")
    screenshot(page, "account-export")
    with page.expect_download() as download:
        exports.first.get_by_role("link", name=re.compile(r"^Download de zip \(")).click()
    saved = tmp_path / "bagage-export.zip"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("bagage-export-")

    with zipfile.ZipFile(saved) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        page_html = archive.read("index.html").decode()
    assert sorted(e["title"] for e in manifest["evidence"]) == ["Eerste stagedag", "Mijn werkplek"]
    media = [m["path"] for e in manifest["evidence"] for m in e["media"]]
    assert any(p.endswith("original.jpg") for p in media)
    assert set(media) <= names
    assert "Mijn werkplek" in page_html and "Kennisgemaakt met het team." in page_html

    # Sanne, at another school, imports the zip on a slow uplink: the upload shows progress.
    sanne = people("Sanne")
    other = account_screen(sanne)
    other.evaluate("localStorage.setItem('bagage.chunkSize', String(64 * 1024))")
    cdp = other.context.new_cdp_session(other)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 20, "downloadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": 96 * 1024})
    other.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(saved)
    other.get_by_role("button", name="Importeren", exact=True).click()
    progress = other.get_by_role("progressbar", name=re.compile(r"^Uploaden: \d+%$"))
    expect(progress).to_be_visible()
    expect(other.get_by_role("button", name="Importeren", exact=True)).to_be_disabled()
    other.wait_for_function(
        "() => { const p = document.querySelector('progress'); return p && p.value > 0; }"
    )
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": -1})
    result = other.get_by_role("status").filter(has_text="Geïmporteerd")
    expect(result).to_contain_text("Geïmporteerd: 2 item(s) met", timeout=60_000)
    screenshot(other, "account-import")

    other.get_by_role("link", name="Naar mijn dossier").click()
    heading(other, "Mijn dossier")
    timeline = other.get_by_role("list", name="Mijn dossier").get_by_role("listitem")
    expect(timeline).to_have_count(2)
    expect(timeline.filter(has_text="Mijn werkplek")).to_have_count(1)
    expect(timeline.filter(has_text="Eerste stagedag")).to_have_count(1)


def test_a_bad_zip_is_refused_with_the_servers_reason(people, tmp_path):
    lotte = people("Lotte")
    fake = tmp_path / "geen-export.zip"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("hallo.txt", "geen Bagage")
    page = account_screen(lotte)
    page.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(fake)
    page.get_by_role("button", name="Importeren", exact=True).click()
    problem = page.get_by_role("alert").filter(has_text="Niet geïmporteerd")
    # The server's reason, said in the person's language.
    expect(problem).to_contain_text(
        "deze zip is geen export uit Bagage of Mahara (Leap2A).", timeout=60_000
    )
    expect(problem).not_to_contain_text("neither a Bagage export")
    expect(problem).to_contain_text("Er is niets veranderd aan je dossier.")
    assert lotte.get(f"/dossiers/{lotte.dossier}/evidence")["items"] == []


def test_a_refused_import_says_which_row_in_the_persons_language(people, tmp_path):
    lotte = people("Lotte")
    forged = tmp_path / "export.zip"
    manifest = {"format": "bagage-dossier", "version": 2, "owner": {"name": "Lotte"},
                "dossier": {"title": "Lotte"}, "frameworks": [], "evidence": [],
                "growth": {"activities": [{"kind": "course", "title": "EHBO",
                                           "on_date": "2026-10-10", "hours": "-3"}]}}  # fmt: skip
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    page = account_screen(lotte)
    page.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(forged)
    page.get_by_role("button", name="Importeren", exact=True).click()
    problem = page.get_by_role("alert").filter(has_text="Niet geïmporteerd")
    expect(problem).to_contain_text(
        "activiteit 1 in de export heeft een waarde die Bagage niet accepteert (hours).",
        timeout=60_000,
    )
    expect(problem).to_contain_text("Er is niets veranderd aan je dossier.")


def test_deleting_my_account_ends_on_the_login_screen_for_good(people, screenshot):
    emre = people("Emre")
    emre.note("Iets van mij")
    page = account_screen(emre)
    danger = page.get_by_role("region", name="Account verwijderen")
    expect(danger).to_contain_text("blijft daar staan, maar zonder je naam")
    danger.get_by_role("button", name="Account verwijderen…").click()
    password = danger.get_by_label("Je wachtwoord, ter bevestiging")
    expect(password).to_be_focused()
    assert_accessible(page, "delete account")

    password.fill("niet mijn wachtwoord")
    danger.get_by_role("button", name="Definitief verwijderen").click()
    expect(danger.get_by_text("Dit wachtwoord klopt niet.")).to_be_visible()
    expect(password).to_have_attribute("aria-invalid", "true")
    screenshot(page, "account-delete")
    assert emre.get("/me")["id"] == emre.id  # nothing happened yet

    password.fill(PASSWORD)
    danger.get_by_role("button", name="Definitief verwijderen").click()
    expect(page.get_by_role("status").filter(has_text="verwijderd")).to_have_text(
        "Je account en al je gegevens zijn verwijderd. Bedankt dat je Bagage gebruikte."
    )
    expect(page.get_by_role("button", name="Inloggen", exact=True)).to_be_visible()
    # This device forgot the person (the copy that opens the app offline is gone).
    assert page.evaluate(FORGOTTEN) is True

    # Logging in again is refused: the account is gone.
    page.get_by_label("E-mailadres").fill(emre.email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_text("Het e-mailadres of het wachtwoord klopt niet.")).to_be_visible()
    refused = page.request.post(
        "/api/v1/auth/login", data={"email": emre.email, "password": PASSWORD}
    )
    assert refused.status == 401


def test_an_interrupted_import_upload_continues_where_it_stopped(people, photo, tmp_path):
    daan = people("Daan")
    daan.call(
        "POST",
        f"/dossiers/{daan.dossier}/evidence",
        multipart={
            "title": "Mijn werkplek",
            "file": {"name": "w.jpg", "mimeType": "image/jpeg", "buffer": photo.read_bytes()},
        },
    )
    job = daan.call("POST", f"/dossiers/{daan.dossier}/exports", expected=(202,))
    job = daan.get(f"/jobs/{job['id']}")
    assert job["status"] == "done", job
    saved = tmp_path / "export.zip"
    saved.write_bytes(daan.context.request.get(job["download_url"]).body())

    sanne = people("Sanne")
    page = account_screen(sanne)
    page.evaluate("localStorage.setItem('bagage.chunkSize', String(64 * 1024))")
    offsets: list[int] = []
    page.on(
        "request",
        lambda r: offsets.append(int(r.headers["upload-offset"])) if r.method == "PATCH" else None,
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 20, "downloadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": 32 * 1024})
    page.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(saved)
    page.get_by_role("button", name="Importeren", exact=True).click()
    page.wait_for_function(
        "() => { const p = document.querySelector('progress'); return p && p.value >= 30; }",
        timeout=60_000,
    )
    # The phone loses the page (a reload) halfway through the upload.
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": -1})
    page.reload()
    heading(page, "Mijn gegevens")
    offsets.clear()
    page.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(saved)
    page.get_by_role("button", name="Importeren", exact=True).click()
    result = page.get_by_role("status").filter(has_text="Geïmporteerd")
    expect(result).to_contain_text("Geïmporteerd: 1 item(s) met", timeout=60_000)
    assert offsets and offsets[0] > 0, offsets  # it went on from the bytes already there
    assert len(sanne.get(f"/dossiers/{sanne.dossier}/evidence")["items"]) == 1


def test_the_daily_export_limit_is_explained_on_my_data(people, live_server):
    noor = people("Noor")
    noor.note("Iets", "Om te exporteren.")
    old = live_server.app.config["EXPORTS_PER_DAY"]
    live_server.app.config["EXPORTS_PER_DAY"] = 1
    try:
        noor.call("POST", f"/dossiers/{noor.dossier}/exports", expected=(202,))
        page = account_screen(noor)
        page.get_by_role("button", name="Download al mijn gegevens").click()
        problem = page.get_by_role("alert").filter(has_text="maximale aantal exports")
        expect(problem).to_contain_text("afgelopen 24 uur")
        expect(problem).not_to_contain_text("exports a day")
    finally:
        live_server.app.config["EXPORTS_PER_DAY"] = old


def test_an_import_names_each_file_that_is_no_media_and_brings_the_rest(people, tmp_path):
    from tests.test_serving import HOSTILE_HTML, _entry, _zip

    lotte = people("Lotte")
    photo = demo_photo(random.Random(3), (800, 600))
    forged = tmp_path / "export.zip"
    forged.write_bytes(_zip(
        [_entry(1, "Mijn werk", {"original": ("image/jpeg", HOSTILE_HTML)}),
         _entry(2, "Echte foto", {"original": ("text/html", photo)})],
        {"media/1/original.jpg": HOSTILE_HTML, "media/2/original.jpg": photo},
    ))  # fmt: skip
    page = account_screen(lotte)
    page.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(forged)
    page.get_by_role("button", name="Importeren", exact=True).click()
    result = page.get_by_role("status").filter(has_text="Geïmporteerd")
    expect(result).to_contain_text("Geïmporteerd: 1 item(s) met 1 bestand(en)", timeout=60_000)
    refused = result.get_by_role("list", name="1 item(s) niet geïmporteerd:")
    expect(refused.get_by_role("listitem")).to_have_text(
        ["Mijn werk (media/1/original.jpg): dit is geen foto, video, geluidsopname of pdf"]
    )
    assert_accessible(page, "import with a refused file")
    items = lotte.get(f"/dossiers/{lotte.dossier}/evidence")["items"]
    assert [i["title"] for i in items] == ["Echte foto"]


def test_a_mahara_export_becomes_my_dossier_with_its_comments(people, photo, tmp_path, screenshot):
    """Lotte leaves her teacher-training institute's Mahara with a Leap2A zip: in My data it
    becomes her dossier, the summary says what came and what was left out and why, and her
    mentor's comment on a photo is there, marked as imported with his name."""
    export = MaharaExport(name="Lotte Jansen")
    board = export.file("bord.jpg", photo.read_bytes(), "image/jpeg", artefact_type="image",
                        description="Het bord na de rekenles", tags=["rekenen"])  # fmt: skip
    export.comment(board, "<p>Mooi overzichtelijk bord!</p>", author="Jan Mentor")
    journal = export.journal("Stagejournaal")
    export.post(journal, "Eerste stagedag", "<p>Voor het eerst voor de klas.</p>")
    export.page("Mijn stageportfolio")
    saved = tmp_path / "mahara-export-leap-user7.zip"
    saved.write_bytes(export.zip())

    lotte = people("Lotte")
    page = account_screen(lotte)
    expect(page.get_by_text("of een export uit Mahara", exact=False)).to_be_visible()
    page.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(saved)
    page.get_by_role("button", name="Importeren", exact=True).click()
    result = page.get_by_role("status").filter(has_text="Geïmporteerd uit Mahara")
    expect(result).to_contain_text(
        "Geïmporteerd uit Mahara: 2 item(s), waarvan 1 bestand(en) en 1 notitie(s)",
        timeout=60_000,
    )
    expect(result).to_contain_text("met 1 opmerking(en)")
    left_out = result.get_by_role("list", name="Niet overgenomen (3):").get_by_role("listitem")
    expect(left_out.filter(has_text="Lotte Jansen")).to_contain_text("profielgegevens")
    expect(left_out.filter(has_text="Mijn stageportfolio")).to_contain_text(
        "pagina's en collecties worden niet overgenomen, hun items wel"
    )
    expect(left_out.filter(has_text="Stagejournaal")).to_contain_text(
        "de berichten zijn notities geworden"
    )
    fits_the_phone(page)
    screenshot(page, "account-import-mahara")

    page.get_by_role("link", name="Naar mijn dossier").click()
    heading(page, "Mijn dossier")
    timeline = page.get_by_role("list", name="Mijn dossier").get_by_role("listitem")
    expect(timeline).to_have_count(2)
    timeline.filter(has_text="bord.jpg").get_by_role("link").first.click()
    heading(page, "bord.jpg")
    expect(page.get_by_text("Tags: rekenen", exact=False)).to_be_visible()
    reflections = page.get_by_role("region", name="Reflecties")
    comment = reflections.get_by_role("article")
    expect(comment).to_have_count(1)
    expect(comment).to_contain_text("Geïmporteerd · Jan Mentor")
    expect(comment).to_contain_text("uit Mahara")
    expect(comment).to_contain_text("Mooi overzichtelijk bord!")
    assert_accessible(page, "imported comment")
    screenshot(page, "item-imported-comment")
