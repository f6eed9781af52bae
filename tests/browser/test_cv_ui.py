"""The online CV on phones: the owner builds it in the app (profile with a photo from the
dossier, work and education, a video and a photo shown), makes a share link and copies it; a
recruiter in a fresh browser (no account, no cookies) opens it, reads the CV and plays the
video on a page that is not indexed and passes axe; the owner sees the view counted, revokes
the link, and the same address is gone within a second. Also: the preview and the downloads."""

from __future__ import annotations

import io
import json
import random
import re
import uuid
from pathlib import Path

import jsonschema
import pypdf
import pytest
from playwright.sync_api import Page, expect

from app.demo import demo_photo
from tests import media_files
from tests.browser.conftest import BrowserProblems
from tests.browser.people_flows import (
    Person,
    assert_accessible,
    competency,
    fits_the_phone,
    framework_named,
    heading,
    share,
)
from tests.waiting import wait_until

SCHEMA = Path(__file__).parents[1] / "fixtures" / "jsonresume" / "jsonresume-schema.v1.2.1.json"


def upload(person: Person, path: Path, title: str, mime: str) -> dict:
    return person.call(
        "POST",
        f"/dossiers/{person.dossier}/evidence",
        multipart={
            "title": title,
            "file": {"name": path.name, "mimeType": mime, "buffer": path.read_bytes()},
        },
    )


def processed(person: Person, item: dict) -> dict:
    """The item once its files are made (a video's conversion takes a while on a busy machine)."""

    def ready() -> dict | None:
        now = person.get(f"/evidence/{item['id']}")
        assert now["status"] != "failed", now
        return now if now["status"] == "ready" else None

    return wait_until(ready, timeout=60, every=0.25, what=f"{item['id']} to be processed")


@pytest.fixture
def daan(people, tmp_path) -> Person:
    """Daan, with a photo of his work and a short real video in his dossier."""
    daan = people("Daan")
    photo = tmp_path / "mise-en-place.jpg"
    photo.write_bytes(demo_photo(random.Random(7), (1200, 900)))
    clip = media_files.make_video(tmp_path / "snijden.mp4", seconds=4)
    processed(daan, upload(daan, photo, "Mise-en-place", "image/jpeg"))
    video = processed(daan, upload(daan, clip, "Snijden op tempo", "video/mp4"))
    # The video shows a competency of his school's learning line.
    line = daan.post("/frameworks", {"title": f"Leerlijn keuken {uuid.uuid4().hex[:6]}"})
    knives = daan.post(
        f"/frameworks/{line['id']}/items",
        {"full_statement": "Werkt veilig met messen", "human_code": "K.3"},
    )
    daan.post(f"/evidence/{video['id']}/competencies", {"item_id": knives["id"]})
    return daan


def add_entry(page: Page, button: str, fields: dict[str, str]) -> None:
    page.get_by_role("button", name=button).click()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Toegevoegd aan je cv.")).to_be_visible()


def entries(page: Page, section: str):
    return page.get_by_role("list", name=section).get_by_role("listitem")


def build_the_cv(page: Page, screenshot) -> None:
    """Everything the owner does in the app to compose the CV, with errors shown per field."""
    heading(page, "Mijn cv")
    profile = page.get_by_role("form", name="Profiel")
    profile.get_by_label("Kop (optioneel)").fill("Hulpkok in opleiding")
    profile.get_by_label("Korte introductie (optioneel)").fill(
        "Ik werk graag in de keuken, vooral als het druk is."
    )
    profile.get_by_role("radio", name=re.compile("^Mise-en-place")).check()
    email = profile.get_by_label("E-mailadres (optioneel)")
    email.fill("daan-at-example")
    profile.get_by_role("button", name="Profiel opslaan").click()
    expect(profile.get_by_role("alert")).to_contain_text("Kijk de gemarkeerde velden na.")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(profile.get_by_text("Vul een geldig e-mailadres in.")).to_be_visible()
    email.fill("daan@example.nl")
    profile.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()
    expect(email).not_to_have_attribute("aria-invalid", "true")

    # Work and education: add, a wrong date refused at its field, reorder, remove.
    page.get_by_role("link", name="Opleiding en werk").click()
    heading(page, "Opleiding en werk")
    assert_accessible(page, "cv experience")
    page.get_by_role("button", name="Werk of stage toevoegen").click()
    form = page.get_by_role("form", name="Werk of stage toevoegen")
    form.get_by_label("Bedrijf of organisatie").fill("De Gouden Lepel")
    form.get_by_label("Functie (optioneel)").fill("Stagiair keuken")
    form.get_by_label("Begin (optioneel)").fill("september")
    form.get_by_label("Dit was een stage").check()
    form.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(form.get_by_label("Begin (optioneel)")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_text("Gebruik een jaar, of jaar en maand")).to_be_visible()
    # The error box takes focus once it shows (for screen readers); typing starts after that.
    expect(form.get_by_role("alert")).to_be_focused()
    form.get_by_label("Begin (optioneel)").fill("2026-09")
    expect(form.get_by_label("Begin (optioneel)")).to_have_value("2026-09")
    form.get_by_label("Wat deed je? (optioneel)").fill("Mise-en-place, snijden en afwas.")
    form.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Toegevoegd aan je cv.")).to_be_visible()
    work = entries(page, "Werk en stages")
    expect(work).to_have_count(1)
    expect(work.first).to_contain_text("Stagiair keuken · De Gouden Lepel")
    expect(work.first).to_contain_text("vanaf 2026-09 · stage")

    add_entry(page, "Werk of stage toevoegen", {"Bedrijf of organisatie": "Bakkerij Brood",
                                                "Begin (optioneel)": "2025"})  # fmt: skip
    expect(work).to_have_count(2)
    page.get_by_role("button", name="Omhoog: Bakkerij Brood").click()
    expect(work.first).to_contain_text("Bakkerij Brood")
    expect(page.get_by_role("button", name="Omlaag: Bakkerij Brood")).to_be_focused()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Verwijderen: Bakkerij Brood").click()
    expect(work).to_have_count(1)
    expect(work.first).to_contain_text("De Gouden Lepel")

    add_entry(page, "Opleiding toevoegen", {"School of opleider": "Het Baken",
                                           "Richting (optioneel)": "Horeca",
                                           "Begin (optioneel)": "2023"})  # fmt: skip
    expect(entries(page, "Opleiding")).to_have_count(1)
    fits_the_phone(page)
    screenshot(page, "cv-experience")

    # The work it shows: a video and a photo from the dossier, picked by their thumbnails.
    page.get_by_role("link", name="Terug naar mijn cv").click()
    page.get_by_role("link", name="Mijn werk en wat ik kan").click()
    heading(page, "Mijn werk en wat ik kan")
    video = page.get_by_role("checkbox", name=re.compile("^Snijden op tempo"))
    expect(video).to_be_visible()
    expect(page.locator(".cv-pick").filter(has=video).locator("img")).to_be_visible()
    knives = page.get_by_role("checkbox", name=re.compile("K.3 Werkt veilig met messen"))
    expect(knives).to_have_accessible_name(re.compile("Kies hierboven ook het bewijs"))
    video.check()
    expect(knives).to_have_accessible_name(re.compile("Te zien in: Snijden op tempo"))
    knives.check()
    page.get_by_role("checkbox", name=re.compile("^Mise-en-place")).check()
    page.get_by_role("button", name="Keuze opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()
    assert_accessible(page, "cv showcase")
    fits_the_phone(page)
    screenshot(page, "cv-showcase")
    page.get_by_role("link", name="Terug naar mijn cv").click()
    heading(page, "Mijn cv")
    expect(page.get_by_text("Gekozen werk: 2 · Competenties: 1")).to_be_visible()
    assert_accessible(page, "cv")
    fits_the_phone(page)
    screenshot(page, "cv")


def test_a_recruiter_sees_the_cv_and_plays_its_video_until_the_owner_revokes_the_link(
    daan: Person, browser, phone, live_server, screenshot
):
    daan.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = daan.open("/")
    heading(page, "Mijn dossier")
    page.get_by_role("button", name="Menu", exact=True).click()
    page.get_by_role("link", name="Mijn cv").click()
    build_the_cv(page, screenshot)

    # A link for one vacancy, copied to the clipboard.
    page.get_by_role("link", name="Deellinks").click()
    heading(page, "Deellinks")
    page.get_by_label("Voor wie? (optioneel)").fill("Vacature De Gouden Lepel")
    page.get_by_role("button", name="Link maken").click()
    address = page.get_by_label("Link: Vacature De Gouden Lepel")
    expect(address).to_be_focused()
    url = address.input_value()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/cv/[A-Za-z0-9_-]{{32}}", url), url
    page.get_by_role("button", name="Link kopiëren").click()
    expect(page.get_by_role("status").filter(has_text="De link is gekopieerd.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    card = page.get_by_role("list", name="Je links").get_by_role("listitem")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Nog niet geopend")
    assert_accessible(page, "cv links")
    fits_the_phone(page)
    screenshot(page, "cv-links")

    # The recruiter: a fresh browser, no account, no cookies.
    recruiter = browser.new_context(**phone)
    problems = BrowserProblems()
    recruiter.on("page", problems.watch)
    try:
        cv = recruiter.new_page()
        response = cv.goto(url)
        assert response.status == 200
        assert response.headers["x-robots-tag"].startswith("noindex")
        assert cv.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
        expect(cv.get_by_role("heading", name="Daan", level=1)).to_be_visible()
        expect(cv.get_by_text("Hulpkok in opleiding")).to_be_visible()
        expect(cv.get_by_text("Ik werk graag in de keuken, vooral als")).to_be_visible()
        expect(cv.get_by_role("heading", name="Stagiair keuken · De Gouden Lepel")).to_be_visible()
        expect(cv.get_by_role("heading", name="Het Baken")).to_be_visible()
        expect(cv.get_by_role("img", name="Foto van Daan")).to_be_visible()
        expect(cv.get_by_text("Bakkerij Brood")).to_have_count(0)
        expect(
            cv.get_by_role("listitem").filter(has_text="Werkt veilig met messen")
        ).to_contain_text("Snijden op tempo")
        assert cv.evaluate("document.cookie") == ""

        player = cv.locator("video")
        expect(player).to_have_count(1)
        player.evaluate("v => { v.muted = true; return v.play(); }")
        cv.wait_for_function(
            "v => v.readyState >= 2 && !v.paused && v.currentTime > 0",
            arg=player.element_handle(),
            timeout=20_000,
        )
        played = player.evaluate("v => v.currentTime")
        cv.wait_for_function(
            "([v, t]) => v.currentTime > t + 0.2", arg=[player.element_handle(), played]
        )
        video_src = player.evaluate("v => v.currentSrc")
        assert_accessible(cv, "the recruiter's page")
        screenshot(cv, "cv-recruiter")

        # The owner sees the visit counted.
        page.get_by_role("button", name="Vernieuwen").click()
        expect(card).to_contain_text("1 keer bekeken")
        expect(card).to_contain_text("laatst op")

        # Revoked in the app: the same address is gone within a second.
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_response(
            lambda r: "/api/v1/cv-links/" in r.url and r.request.method == "DELETE"
        ) as revoked:
            page.get_by_role("button", name="Intrekken: Vacature De Gouden Lepel").click()
        assert revoked.value.status == 204
        wait_until(
            lambda: recruiter.request.get(url).status == 404,
            timeout=1,
            what="the link to be gone a second after revoking",
        )
        expect(page.get_by_role("status").filter(has_text="Ingetrokken")).to_be_visible()
        expect(page.get_by_text("Je hebt nog geen links.")).to_be_visible()
        assert cv.reload().status == 404
        assert recruiter.request.get(video_src).status == 404
    finally:
        recruiter.close()
    assert not problems, problems


def test_the_owner_previews_the_cv_and_downloads_it_as_pdf_and_json_resume(daan: Person):
    daan.call("PATCH", f"/dossiers/{daan.dossier}/cv", {"headline": "Hulpkok in opleiding"})
    page = daan.open("/cv")
    heading(page, "Mijn cv")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Bekijken zoals een werkgever (nieuw tabblad)").click()
    preview = popup.value
    expect(preview.get_by_role("heading", name="Daan", level=1)).to_be_visible()
    expect(preview.get_by_text("Hulpkok in opleiding")).to_be_visible()
    preview.close()

    # Without a clipboard the address stays there to copy by hand, selected.
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.get_by_role("link", name="Deellinks").click()
    page.get_by_role("button", name="Link maken").click()
    address = page.get_by_label("Link: Link zonder naam")
    expect(address).to_be_focused()
    page.get_by_role("button", name="Link kopiëren").click()
    expect(page.get_by_role("alert")).to_contain_text("Kopiëren lukte niet.")
    selected = address.evaluate("i => i.value.slice(i.selectionStart, i.selectionEnd)")
    assert selected == address.input_value() and "/cv/" in selected
    page.get_by_role("link", name="Terug naar mijn cv").click()

    with page.expect_download() as pdf:
        page.get_by_role("button", name="PDF downloaden").click()
    assert pdf.value.suggested_filename == "cv.pdf"
    reader = pypdf.PdfReader(io.BytesIO(Path(pdf.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Daan" in text and "Hulpkok in opleiding" in text
    expect(page.get_by_role("status").filter(has_text="Gedownload: cv.pdf")).to_be_visible()

    with page.expect_download() as resume:
        page.get_by_role("button", name="JSON Resume downloaden").click()
    assert resume.value.suggested_filename == "resume.json"
    data = json.loads(Path(resume.value.path()).read_text())
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(data)
    assert data["basics"] == {"name": "Daan", "label": "Hulpkok in opleiding"}

    # An error is shown in words, not swallowed: the server refuses while logged out elsewhere.
    daan.context.clear_cookies()
    page.get_by_role("button", name="PDF downloaden").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_the_cv_pickers_offer_a_photo_someone_else_added_only_once_it_is_kept(people, tmp_path):
    daan, peter = people("Daan"), people("Peter")
    share(daan, peter, ["contribute"], "employer")
    own, theirs = tmp_path / "eigen.jpg", tmp_path / "kassa.jpg"
    own.write_bytes(demo_photo(random.Random(3), (800, 600)))
    theirs.write_bytes(demo_photo(random.Random(5), (800, 600)))
    processed(daan, upload(daan, own, "Mijn eigen foto", "image/jpeg"))
    added = peter.call("POST", f"/dossiers/{daan.dossier}/evidence", multipart={
        "title": "Daan aan de kassa",
        "file": {"name": theirs.name, "mimeType": "image/jpeg", "buffer": theirs.read_bytes()},
    })  # fmt: skip
    processed(peter, added)

    def offered(page: Page, role: str, title: str):
        return page.get_by_role(role, name=re.compile(title))

    page = daan.open("/cv")
    heading(page, "Mijn cv")
    expect(offered(page, "radio", "Mijn eigen foto")).to_be_visible()
    expect(offered(page, "radio", "Daan aan de kassa")).to_have_count(0)
    page.get_by_role("link", name="Mijn werk en wat ik kan").click()
    heading(page, "Mijn werk en wat ik kan")
    expect(offered(page, "checkbox", "Mijn eigen foto")).to_be_visible()
    expect(offered(page, "checkbox", "Daan aan de kassa")).to_have_count(0)

    # Once Daan kept it, both pickers offer it.
    daan.post(f"/evidence/{added['id']}/review", {"action": "keep"})
    page.reload()
    heading(page, "Mijn werk en wat ik kan")
    expect(offered(page, "checkbox", "Daan aan de kassa")).to_be_visible()
    page.get_by_role("link", name="Terug naar mijn cv").click()
    heading(page, "Mijn cv")
    expect(offered(page, "radio", "Daan aan de kassa")).to_be_visible()


def test_a_recruiter_on_a_phone_downloads_the_pdf_calls_and_shares(
    people, browser, phone, tmp_path
):
    daan = people("Daan")
    photo = tmp_path / "mise-en-place.jpg"
    photo.write_bytes(demo_photo(random.Random(11), (1200, 900)))
    item = processed(daan, upload(daan, photo, "Mise-en-place", "image/jpeg"))

    # The editor warns while nobody could reach him, and stops once there is a number.
    page = daan.open("/cv")
    heading(page, "Mijn cv")
    warning = page.get_by_role("status").filter(has_text="kan een werkgever je niet bereiken")
    expect(warning).to_be_visible()
    page.get_by_label("Telefoonnummer (optioneel)").fill("06 12 34 56 78")
    expect(warning).to_have_count(0)
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen")).to_be_visible()
    daan.call("PATCH", f"/dossiers/{daan.dossier}/cv", {
        "headline": "Hulpkok in opleiding", "evidence_ids": [item["id"]],
        "work": [{"name": "De Gouden Lepel", "position": "Stagiair keuken",
                  "start": "2026-10-06", "internship": True}],
    })  # fmt: skip
    url = daan.post(f"/dossiers/{daan.dossier}/cv/links", {"label": "Vacature"})["url"]

    recruiter = browser.new_context(**phone, accept_downloads=True)
    # The share sheet, recorded: a headless browser has none of its own.
    recruiter.add_init_script(
        "window.shared = []; navigator.share = async (data) => { window.shared.push(data); };"
    )
    problems = BrowserProblems()
    recruiter.on("page", problems.watch)
    missing = []
    recruiter.on("response", lambda r: r.status == 404 and missing.append(r.url))
    try:
        cv = recruiter.new_page()
        assert cv.goto(url).status == 200
        expect(cv.get_by_role("heading", name="Daan", level=1)).to_be_visible()
        expect(cv.get_by_text("6 okt 2026 · stage")).to_be_visible()
        expect(cv.get_by_text("2026-10-06")).to_have_count(0)
        call = cv.get_by_role("link", name=re.compile("^Bel"))
        expect(call).to_have_attribute("href", "tel:0612345678")
        expect(cv.get_by_role("link", name=re.compile("^Mail"))).to_have_count(0)

        with cv.expect_download() as download:
            cv.get_by_role("link", name="PDF downloaden").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "cv.pdf"
        text = "".join(p.extract_text() for p in pypdf.PdfReader(saved).pages)
        assert "Hulpkok in opleiding" in text and "06 12 34 56 78" in text

        cv.get_by_role("button", name="Delen").click()
        cv.wait_for_function("window.shared.length === 1")
        assert cv.evaluate("window.shared[0].url") == url
        assert_accessible(cv, "the recruiter's page with its buttons")
        fits_the_phone(cv)

        # Without a share sheet there is no Delen button.
        plain = browser.new_context(**phone)
        try:
            other = plain.new_page()
            other.add_init_script("delete Navigator.prototype.share;")
            other.goto(url)
            expect(other.get_by_role("heading", name="Daan", level=1)).to_be_visible()
            expect(other.get_by_role("button", name="Delen")).to_have_count(0)
        finally:
            plain.close()

        # No e-mail, no phone: the page says so.
        daan.call("PATCH", f"/dossiers/{daan.dossier}/cv", {"phone": ""})
        cv.reload()
        expect(
            cv.get_by_text("Daan koos ervoor geen e-mailadres of telefoonnummer")
        ).to_be_visible()
        expect(cv.get_by_role("link", name=re.compile("^Bel"))).to_have_count(0)
    finally:
        recruiter.close()
    assert not missing, missing
    assert not problems, problems


def test_the_owner_puts_what_the_workplace_confirmed_on_the_cv_and_the_recruiter_sees_it(
    people, builtins, browser, phone, live_server, screenshot
):
    daan, peter = people("Daan"), people("Peter")
    share(daan, peter, ["view", "reflect"], "employer")
    report = daan.post(f"/dossiers/{daan.dossier}/reports", {
        "title": "Stageverslag keuken", "internship": "De Gouden Lepel",
        "period_start": "2026-10-01", "period_end": "2026-10-31",
    })  # fmt: skip
    peter.post(f"/reports/{report['id']}/signoff")
    skills = framework_named(daan, "Werknemersvaardigheden")
    daan.call("PUT", f"/dossiers/{daan.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    wv20 = competency(daan, skills["id"], "WV.20")
    note = daan.note("Op tijd begonnen", "Deze week elke dag om 8 uur aanwezig.")
    daan.post(f"/evidence/{note['id']}/competencies", {"item_id": wv20["id"]})
    # Peter's level is the workplace's; the level Daan gave himself is no confirmation.
    for person, text in ((peter, "Altijd op tijd."), (daan, "Het lukt me.")):
        person.post(
            f"/evidence/{note['id']}/reflections",
            {"model": "free", "content": {"text": text}, "item_id": wv20["id"], "level": 3},
        )

    page = daan.open("/cv")
    heading(page, "Mijn cv")
    part = page.get_by_role("listitem").filter(has_text="Bevestigd door de werkplek")
    expect(part).to_contain_text("Gekozen: 0")
    part.get_by_role("link").click()
    heading(page, "Bevestigd door de werkplek")
    signed = page.get_by_role("checkbox", name=re.compile("^Stageverslag keuken · De Gouden Lepel"))
    expect(signed).to_have_accessible_name(re.compile(r"Getekend door Peter \(Werkgever\) op"))
    expect(signed).not_to_be_checked()
    levels = page.get_by_role("group", name="Niveaus van de werkplek").get_by_role("checkbox")
    expect(levels).to_have_count(1)
    expect(levels.first).to_have_accessible_name(re.compile("WV.20"))
    expect(levels.first).to_have_accessible_name(re.compile(r"Gegeven door Peter \(Werkgever\) op"))
    expect(levels.first).to_have_accessible_name(re.compile("Bij: Op tijd begonnen"))
    signed.check()
    levels.first.check()
    page.get_by_role("button", name="Keuze opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()
    assert_accessible(page, "cv confirmed")
    fits_the_phone(page)
    screenshot(page, "cv-confirmed")
    page.get_by_role("link", name="Terug naar mijn cv").click()
    expect(part).to_contain_text("Gekozen: 2")

    # The recruiter sees both, with who confirmed them.
    url = daan.post(f"/dossiers/{daan.dossier}/cv/links", {})["url"]
    recruiter = browser.new_context(**phone)
    try:
        cv = recruiter.new_page()
        assert cv.goto(url).status == 200
        section = cv.locator("section").filter(
            has=cv.get_by_role("heading", name="Bevestigd door de werkplek")
        )
        expect(section).to_contain_text("Stageverslag: Stageverslag keuken · De Gouden Lepel")
        expect(section).to_contain_text("getekend door Peter")
        expect(section).to_contain_text("niveau gegeven door Peter")
        expect(section).not_to_contain_text("Het lukt me")
    finally:
        recruiter.close()

    # The report changes while the screen is open: its signature lapses, the save says why
    # and the list shows what is confirmed now.
    page.get_by_role("link", name="Bevestigd door de werkplek").click()
    heading(page, "Bevestigd door de werkplek")
    expect(signed).to_be_checked()
    daan.call("PATCH", f"/reports/{report['id']}", {"hours": 80})
    levels.first.uncheck()
    daan_cv = daan.get(f"/dossiers/{daan.dossier}/cv")
    page.get_by_role("button", name="Keuze opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("een verslag is intussen gewijzigd")
    expect(page.get_by_text("Nog geen ondertekend stageverslag.")).to_be_visible()
    assert daan.get(f"/dossiers/{daan.dossier}/cv") == daan_cv  # nothing stored
    # (An earlier "Opgeslagen." may still be showing: wait for this save's own answer.)
    with page.expect_response(lambda r: r.request.method == "PATCH" and r.url.endswith("/cv")):
        page.get_by_role("button", name="Keuze opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()
    assert daan.get(f"/dossiers/{daan.dossier}/cv")["level_ids"] == []
