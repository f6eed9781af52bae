"""Internship reports on phones, each person in a browser of their own: the coordinator
composes a pupil's report in the app and chooses its evidence, previews it, employer and
coordinator confirm it in the app, and the PDF downloaded from the app holds the reflections of
all three roles and both sign-offs. Someone who may only look reads and downloads, nothing more."""

from __future__ import annotations

import io
import random
import re

import pypdf
import pytest
from playwright.sync_api import Page, expect

from app.demo import demo_photo
from tests.browser.people_flows import (
    assert_accessible,
    competency,
    fits_the_phone,
    framework_named,
    heading,
    share,
)

PDF_WAIT = 60_000  # WeasyPrint on a busy machine


def toast(page: Page):
    return page.locator(".toast")


def report_open(page: Page, title: str) -> None:
    heading(page, title)
    preview_settled(page)


def preview_settled(page: Page) -> None:
    """The preview has loaded with its pictures, so the frame has grown to its full height
    and the buttons below it stay where they are while they are tapped."""
    page.wait_for_function(
        """() => {
            const frame = document.querySelector("iframe.report-frame");
            const doc = frame && frame.contentDocument;
            return Boolean(doc && doc.readyState === "complete" && doc.body
                && frame.style.height && [...doc.images].every((i) => i.complete));
        }""",
        timeout=30_000,
    )


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(page.extract_text() for page in pages).replace("\n", " ")


@pytest.fixture
def internship(people, builtins):
    """Daan's internship in October: a photo and two notes, reflections from the pupil, the
    coordinator and the employer on the photo, and a note from December outside the period."""
    pupil, coordinator, employer = people("Daan"), people("Fatima"), people("Peter")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")
    share(pupil, employer, ["view", "reflect", "contribute"], "employer")
    skills = framework_named(pupil, "Werknemersvaardigheden")
    pupil.call("PUT", f"/dossiers/{pupil.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    wv20 = competency(pupil, skills["id"], "WV.20")

    def add(title: str, day: str, photo: bool = False) -> dict:
        form = {"title": title, "occurred_at": f"2026-10-{day}T08:00:00+00:00"}
        if photo:
            jpeg = demo_photo(random.Random(7), (1200, 900))
            form["file"] = {"name": "keuken.jpg", "mimeType": "image/jpeg", "buffer": jpeg}
        return pupil.call("POST", f"/dossiers/{pupil.dossier}/evidence", multipart=form)

    photo = add("Om 8 uur begonnen", "06", photo=True)
    add("Mise-en-place voor twintig", "14")
    add("Pauzerooster gemaakt", "20")
    pupil.call(
        "POST",
        f"/dossiers/{pupil.dossier}/evidence",
        multipart={"title": "Kerstdiner", "occurred_at": "2026-12-20T08:00:00+00:00"},
    )
    pupil.post(f"/evidence/{photo['id']}/competencies", {"item_id": wv20["id"]})
    for person, text, level in (
        (pupil, "Vroeg opstaan helpt mij.", 2),
        (coordinator, "Goed voorbereid op de bus.", 2),
        (employer, "Altijd stipt aanwezig.", 3),
    ):
        person.post(
            f"/evidence/{photo['id']}/reflections",
            {"model": "free", "content": {"text": text}, "item_id": wv20["id"], "level": level},
        )
    return pupil, coordinator, employer


def test_the_coordinator_composes_both_confirm_and_the_pdf_holds_three_roles(
    internship, screenshot
):
    pupil, coordinator, employer = internship

    # The coordinator, in Daan's dossier: Stageverslagen → Nieuw stageverslag.
    page = coordinator.open(f"/d/{pupil.dossier}")
    heading(page, "Dossier van Daan")
    page.get_by_role("link", name="Stageverslagen").click()
    heading(page, "Stageverslagen")
    expect(page.get_by_text("Er is nog geen stageverslag.")).to_be_visible()
    page.get_by_role("button", name="Nieuw stageverslag").click()
    form = page.get_by_role("form", name="Nieuw stageverslag")
    # A period that ends before it starts is refused, in words, at the field.
    form.get_by_label("Titel").fill("Stageverslag keuken")
    form.get_by_label("Stageplaats of werkgever").fill("Restaurant De Gouden Lepel")
    form.get_by_label("Eerste dag van de periode").fill("2026-10-31")
    form.get_by_label("Laatste dag van de periode").fill("2026-10-01")
    form.get_by_role("button", name="Verslag maken").click()
    end = form.get_by_label("Laatste dag van de periode")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(form.locator('[data-error-for="period_end"]')).to_have_text(
        "Kies een laatste dag die niet vóór de eerste ligt."
    )
    form.get_by_label("Eerste dag van de periode").fill("2026-10-01")
    end.fill("2026-10-31")
    form.get_by_label("Gewerkte uren (als je die bijhoudt)").fill("120")
    assert_accessible(page, "new report")
    screenshot(page, "report-new")
    form.get_by_role("button", name="Verslag maken").click()
    report_open(page, "Stageverslag keuken")
    expect(toast(page)).to_have_text("Het verslag is gemaakt.")
    report_id = page.url.rsplit("/", 1)[1]

    # The period's three items as tiles with thumbnails; all in until a choice is made.
    tiles = page.get_by_role("list", name="Bewijs uit de periode").get_by_role("listitem")
    expect(tiles).to_have_count(3)
    expect(tiles.first.locator("img")).to_be_visible()
    expect(page.get_by_text("Alles uit de periode (ook wat er nog bijkomt)")).to_be_visible()
    expect(page.get_by_role("button", name="Keuze opslaan")).to_be_disabled()
    # One tap takes the break roster out, one tap saves.
    page.get_by_text("Pauzerooster gemaakt").click()
    expect(
        page.get_by_role("checkbox", name=re.compile("^Pauzerooster gemaakt"))
    ).not_to_be_checked()
    expect(page.get_by_text("2 van 3 gekozen")).to_be_visible()
    page.get_by_role("button", name="Keuze opslaan").click()
    expect(toast(page)).to_have_text("De keuze is opgeslagen.")
    assert len(coordinator.get(f"/reports/{report_id}")["evidence_ids"]) == 2

    # The preview, inside the app: the chosen evidence with every role's reflection.
    preview = page.frame_locator('iframe[title="Voorbeeld van het verslag"]')
    expect(preview.get_by_role("heading", name="Stageverslag keuken")).to_be_visible()
    for words in ("Om 8 uur begonnen", "Vroeg opstaan helpt mij.", "Goed voorbereid op de bus.",
                  "Altijd stipt aanwezig.", "Mise-en-place voor twintig"):  # fmt: skip
        expect(preview.locator("body")).to_contain_text(words)
    expect(preview.locator("body")).not_to_contain_text("Pauzerooster gemaakt")
    expect(preview.locator("body")).not_to_contain_text("Kerstdiner")
    expect(preview.locator("body")).to_contain_text("nog niet bevestigd")
    assert_accessible(page, "report")
    fits_the_phone(page)
    screenshot(page, "report-compose")

    # The employer confirms on his phone: first he must tick that he agrees.
    phone = employer.open(f"/d/{pupil.dossier}")
    heading(phone, "Dossier van Daan")
    phone.get_by_role("link", name="Stageverslagen").click()
    listed = phone.get_by_role("list", name="Stageverslagen van dit dossier")
    expect(listed).to_contain_text("Stageverslag keuken")
    expect(listed).to_contain_text("Concept: nog niet verstuurd")
    phone.get_by_role("link", name=re.compile("^Stageverslag keuken")).click()
    report_open(phone, "Stageverslag keuken")
    sign = phone.get_by_role("button", name="Bevestigen als werkgever")
    sign.click()
    expect(phone.get_by_text("Vink eerst aan dat je akkoord gaat.")).to_be_visible()
    phone.get_by_label("Ik heb het verslag gelezen en ga akkoord.").check()
    sign.click()
    expect(toast(phone)).to_have_text("Je hebt het verslag bevestigd.")
    expect(phone.get_by_text("Jij hebt dit verslag bevestigd.")).to_be_visible()
    signs = phone.locator(".report-sign")
    expect(signs.filter(has_text="Werkgever")).to_contain_text("Peter, bevestigd op")
    expect(signs.filter(has_text="Coördinator")).to_contain_text("Nog niet bevestigd")
    expect(sign).to_have_count(0)
    assert_accessible(phone, "report, signed")
    screenshot(phone, "report-signed")

    # The coordinator confirms as well, in the app.
    page.reload()
    report_open(page, "Stageverslag keuken")
    expect(page.locator(".report-sign").filter(has_text="Werkgever")).to_contain_text("Peter")
    page.get_by_label("Ik heb het verslag gelezen en ga akkoord.").check()
    page.get_by_role("button", name="Bevestigen als coördinator").click()
    expect(toast(page)).to_have_text("Je hebt het verslag bevestigd.")
    expect(page.locator(".report-sign").filter(has_text="Coördinator")).to_contain_text(
        "Fatima, bevestigd op"
    )
    preview = page.frame_locator('iframe[title="Voorbeeld van het verslag"]')
    expect(preview.locator("body")).not_to_contain_text("nog niet bevestigd")
    expect(preview.locator("body")).to_contain_text("Fatima")

    # The PDF, downloaded from the app: three roles' reflections and both sign-offs.
    preview_settled(page)
    with page.expect_download(timeout=PDF_WAIT) as download:
        page.get_by_role("button", name="PDF in het Nederlands").click()
    assert download.value.suggested_filename == "stageverslag.pdf"
    with open(download.value.path(), "rb") as fh:
        text = pdf_text(fh.read())
    expect(toast(page)).to_have_text("De PDF is gedownload.")
    for words in ("Stageverslag keuken", "Restaurant De Gouden Lepel", "120 uur",
                  "Vroeg opstaan helpt mij.", "Goed voorbereid op de bus.",
                  "Altijd stipt aanwezig.", "(leerling)", "(coördinator)", "(werkgever)",
                  "Voortgang per competentie"):  # fmt: skip
        assert words in text, words
    assert re.search(r"werkgever\s+Peter\s+bevestigd op \d\d-\d\d-\d{4}", text), text
    assert re.search(r"coördinator\s+Fatima\s+bevestigd op \d\d-\d\d-\d{4}", text), text
    assert "Pauzerooster gemaakt" not in text and "Kerstdiner" not in text

    # In English too, from the same screen.
    with page.expect_download(timeout=PDF_WAIT) as download:
        page.get_by_role("button", name="PDF in het Engels").click()
    assert download.value.suggested_filename == "internship-report.pdf"
    with open(download.value.path(), "rb") as fh:
        english = pdf_text(fh.read())
    assert "Sign-off" in english and "confirmed on" in english and "(employer)" in english

    # Changing the choice afterwards asks for the confirmations again, and says so first.
    page.get_by_text("Pauzerooster gemaakt").click()
    expect(
        page.get_by_text("Opslaan haalt de bevestigingen weg", exact=False).first
    ).to_be_visible()
    page.get_by_role("button", name="Keuze opslaan").click()
    expect(toast(page)).to_have_text("De keuze is opgeslagen.")
    expect(page.locator(".report-sign").filter(has_text="Werkgever")).to_contain_text(
        "Nog niet bevestigd"
    )


def test_someone_who_may_only_look_reads_and_downloads_but_composes_nothing(people):
    pupil, grandma = people("Daan"), people("Oma")
    share(pupil, grandma, ["view"], "other")
    report = pupil.post(
        f"/dossiers/{pupil.dossier}/reports",
        {"title": "Stage bakkerij", "period_start": "2026-10-01", "period_end": "2026-10-31"},
    )

    # The pupil composes; as the one assessed he does not confirm his own report.
    mine = pupil.open("/")
    heading(mine, "Mijn dossier")
    mine.get_by_role("link", name="Stageverslagen").click()
    heading(mine, "Stageverslagen")
    expect(mine.get_by_role("button", name="Nieuw stageverslag")).to_be_visible()
    mine.get_by_role("link", name=re.compile("^Stage bakkerij")).click()
    heading(mine, "Stage bakkerij")
    expect(mine.get_by_role("heading", name="Bewijs in het verslag")).to_be_visible()
    expect(mine.get_by_text("Er is geen bewijs uit deze periode.")).to_be_visible()
    expect(mine.get_by_role("button", name=re.compile("^Bevestigen"))).to_have_count(0)

    # Someone who may only look: the list and the report, no way to compose or confirm.
    page = grandma.open(f"/d/{pupil.dossier}")
    heading(page, "Dossier van Daan")
    page.get_by_role("link", name="Stageverslagen").click()
    heading(page, "Stageverslagen")
    expect(page.get_by_role("list", name="Stageverslagen van dit dossier")).to_contain_text(
        "Stage bakkerij"
    )
    expect(page.get_by_role("button", name="Nieuw stageverslag")).to_have_count(0)
    assert_accessible(page, "reports, reading only")
    page.get_by_role("link", name=re.compile("^Stage bakkerij")).click()
    heading(page, "Stage bakkerij")
    expect(
        page.get_by_text("Je kunt dit verslag lezen en downloaden; de leerling of de coördinator")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Bewijs in het verslag")).to_have_count(0)
    expect(page.get_by_role("button", name="Gegevens wijzigen")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Bevestigen"))).to_have_count(0)
    preview = page.frame_locator('iframe[title="Voorbeeld van het verslag"]')
    expect(preview.get_by_role("heading", name="Stage bakkerij")).to_be_visible()
    with page.expect_download(timeout=PDF_WAIT) as download:
        page.get_by_role("button", name="PDF in het Nederlands").click()
    with open(download.value.path(), "rb") as fh:
        assert "Stage bakkerij" in pdf_text(fh.read())
    # The server refuses what the screen does not offer.
    refused = grandma.call("POST", f"/reports/{report['id']}/signoff", expected=(403,))
    assert refused["error"]["code"] == "forbidden"


def test_sign_offs_and_reflections_from_an_import_are_marked_and_confirm_nothing(people):
    """A hand-made export claims an employer's confirmation: the app shows it as taken from
    the export, never as confirmed here, and marks a reflection whose author is a name."""
    import json
    import zipfile

    lotte = people("Lotte")
    manifest = {
        "format": "bagage-dossier", "version": 2, "owner": {"name": "Lotte"},
        "dossier": {"title": "Lotte"}, "frameworks": [],
        "evidence": [{
            "ref": 1, "kind": "note", "title": "Eerste dag", "description": "Koken",
            "occurred_at": "2026-10-01T09:00:00+00:00", "created_at": "2026-10-01T09:00:00+00:00",
            "created_by": "Lotte", "created_role": "owner", "hidden": False, "status": "ready",
            "status_reason": "", "client_uid": None, "media": [], "competencies": [],
            "reflections": [{
                "author": "Fatima", "author_role": "coordinator", "model": "free",
                "content": {"text": "Goed begin"}, "competency": None, "level": None,
                "level_label": "", "created_at": "2026-10-02T09:00:00+00:00",
                "updated_at": "2026-10-02T09:00:00+00:00", "history": [],
            }],
        }],
        "reports": [{
            "title": "Stageverslag keuken", "internship": "De Gouden Lepel",
            "period_start": "2026-09-01", "period_end": "2026-10-31", "evidence": None,
            "hours": 40, "summary": "", "language": "nl", "created_by": "Lotte",
            "signoffs": [{"role": "employer", "name": "Echte Werkgever BV",
                          "signed_at": "2026-10-30T10:00:00+00:00"}],
        }],
    }  # fmt: skip
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    job = lotte.call("POST", "/imports", multipart={"file": {
        "name": "export.zip", "mimeType": "application/zip", "buffer": data.getvalue()}},
        expected=(202,))  # fmt: skip
    assert lotte.get(f"/jobs/{job['id']}")["status"] == "done"
    [report] = lotte.get(f"/dossiers/{lotte.dossier}/reports")

    page = lotte.open(f"/dossier/{lotte.dossier}/reports")
    heading(page, "Stageverslagen")
    entry = page.get_by_role("listitem").filter(has_text="Stageverslag keuken")
    expect(entry).to_contain_text("Concept: nog niet verstuurd")
    expect(entry).to_contain_text(
        "Overgenomen uit een export, niet in deze Bagage bevestigd: Echte Werkgever BV (werkgever)."
    )
    expect(entry.locator(".report-state-signed")).to_have_count(0)

    page.goto(f"/#/report/{report['id']}")
    report_open(page, "Stageverslag keuken")
    box = page.locator(".report-sign").filter(has_text="Werkgever")
    expect(box).to_contain_text("Echte Werkgever BV")
    expect(box).to_contain_text("Overgenomen uit een export, niet in deze Bagage bevestigd")
    expect(box).to_contain_text("Nog niet bevestigd")
    expect(box).not_to_contain_text("bevestigd op")
    expect(page.locator(".report-sign-done")).to_have_count(0)
    fits_the_phone(page)

    [item] = lotte.get(f"/dossiers/{lotte.dossier}/evidence")["items"]
    page.goto(f"/#/item/{item['id']}")
    reflection = page.locator(".reflection").filter(has_text="Goed begin")
    expect(reflection).to_contain_text("Fatima")
    expect(reflection).to_contain_text("overgenomen uit een export")


def test_a_signature_request_reaches_the_employer_and_his_signature_shows_live(people):
    """The coordinator sends the report for signature from the app; the employer is told (the
    bell) and opens the report from his notification; his signature appears on the
    coordinator's open report page without a reload, and the pupil sees its state."""
    pupil, coordinator, employer = people("Daan"), people("Fatima"), people("Peter")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")
    share(pupil, employer, ["view", "reflect"], "employer")
    report = coordinator.post(f"/dossiers/{pupil.dossier}/reports", {
        "title": "Stageverslag bakkerij", "internship": "Bakkerij De Korenaar",
        "period_start": "2026-10-01", "period_end": "2026-11-30",
    })  # fmt: skip

    desk = coordinator.open(f"/report/{report['id']}")
    report_open(desk, "Stageverslag bakkerij")
    state = desk.locator(".report-state")
    expect(state).to_have_text(re.compile("Concept"))
    desk.get_by_role("button", name="Versturen om te ondertekenen").click()
    expect(state).to_have_text(re.compile("Wacht op de handtekening van .*Peter"))

    phone = employer.open("/notifications")
    asked = re.compile("Fatima vraagt je het stageverslag van Daan te ondertekenen")
    phone.get_by_role("link", name=asked).click()
    report_open(phone, "Stageverslag bakkerij")
    fits_the_phone(phone)
    assert_accessible(phone, "report to sign")
    phone.get_by_label(re.compile("Ik heb het verslag gelezen")).check()
    phone.get_by_role("button", name=re.compile("Bevestigen")).click()
    expect(phone.locator(".toast")).to_contain_text(re.compile("bevestigd", re.I))

    # No reload on the coordinator's page: the signature and the new state arrive live.
    expect(desk.locator(".report-sign-done")).to_contain_text("Peter")
    waiting_for_fatima = re.compile("Wacht op de handtekening van Fatima")
    expect(state).to_have_text(waiting_for_fatima)
    glance = pupil.open(f"/dossier/{pupil.dossier}/reports")
    expect(glance.locator(".report-state")).to_have_text(waiting_for_fatima)


def test_chosen_evidence_outside_the_period_is_named_in_words(people):
    """Evidence chosen for the report and then left outside a narrowed period is not silently
    dropped: the report screen names it and says why it is not in the report."""
    pupil = people("Daan")
    early, late = (
        pupil.call("POST", f"/dossiers/{pupil.dossier}/evidence", multipart={
            "title": title, "occurred_at": f"2026-10-{day}T08:00:00+00:00"})
        for title, day in (("Eerste dienst", "02"), ("Menu geschreven", "20"))
    )  # fmt: skip
    report = pupil.post(f"/dossiers/{pupil.dossier}/reports", {
        "title": "Stage keuken", "period_start": "2026-10-01", "period_end": "2026-10-31",
        "evidence_ids": [early["id"], late["id"]]})  # fmt: skip

    page = pupil.open(f"/report/{report['id']}")
    report_open(page, "Stage keuken")
    expect(page.locator(".report-warning")).to_have_count(0)

    # The period is narrowed afterwards: the first shift falls out of it.
    pupil.call("PATCH", f"/reports/{report['id']}", {"period_start": "2026-10-10"})
    page.reload()
    report_open(page, "Stage keuken")
    warnings = page.get_by_role("region", name="Let op")
    expect(warnings).to_contain_text(
        "1 gekozen bewijsstuk valt buiten de periode van dit verslag en staat er daarom niet in:"
    )
    expect(warnings.get_by_role("link", name="Eerste dienst")).to_be_visible()
    expect(warnings).not_to_contain_text("Menu geschreven")
    preview = page.frame_locator('iframe[title="Voorbeeld van het verslag"]')
    expect(preview.locator("body")).not_to_contain_text("Eerste dienst")
    assert_accessible(page, "report with a warning")
    fits_the_phone(page)

    # In English as well.
    pupil.call("PATCH", "/me", {"locale": "en"})
    page.reload()
    report_open(page, "Stage keuken")
    expect(page.get_by_role("region", name="Please note")).to_contain_text(
        "1 chosen piece of evidence lies outside this report's period"
    )


def test_the_owner_sees_who_watched_a_printed_video_and_revokes_its_link(people, tmp_path):
    """A report with a video prints a QR code whose link plays without an account; the owner
    sees the link on the report's screen with how often it was opened, and revokes it there."""
    from tests import media_files
    from tests.waiting import wait_until

    pupil, employer = people("Daan"), people("Werkgever", signed_up=False)
    clip = media_files.make_video(tmp_path / "snijden.mp4", seconds=1)  # made on 14 September
    file = {"name": "snijden.mp4", "mimeType": "video/mp4", "buffer": clip.read_bytes()}
    video = pupil.call(
        "POST",
        f"/dossiers/{pupil.dossier}/evidence",
        multipart={"title": "Snijden op tempo", "file": file},
    )
    wait_until(
        lambda: pupil.get(f"/evidence/{video['id']}")["status"] == "ready",
        timeout=60,
        every=0.25,
        what="the video to be processed",
    )
    report = pupil.post(
        f"/dossiers/{pupil.dossier}/reports",
        {"title": "Stage keuken", "period_start": "2026-09-01", "period_end": "2026-09-30"},
    )

    # Opening the report previews (prints) it: the video's link is listed, not watched yet.
    page = pupil.open(f"/report/{report['id']}")
    report_open(page, "Stage keuken")
    links = page.get_by_role("list", name="Videolinks van dit verslag").get_by_role("listitem")
    expect(links).to_have_count(1)
    expect(links.first).to_contain_text("Snijden op tempo")
    expect(links.first).to_contain_text("Nog niet bekeken")
    expect(links.first).to_contain_text("Werkt tot")
    preview = page.frame_locator('iframe[title="Voorbeeld van het verslag"]')
    url = preview.locator('a[href*="/watch/"]').first.get_attribute("href")
    watch = "/watch/" + url.split("/watch/", 1)[1]

    # The employer, without an account, opens the QR code's link: the video plays.
    opened = employer.context.request.get(watch)
    assert opened.status == 200 and "Snijden op tempo" in opened.text()
    assert employer.context.request.get(f"{watch}/video").status == 200
    page.reload()
    report_open(page, "Stage keuken")
    expect(links.first).to_contain_text("1 keer bekeken, laatst op")
    assert_accessible(page, "report with its video links")
    fits_the_phone(page)

    # The owner revokes it (after a question): the paper's code stops working at once.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Intrekken: Snijden op tempo").click()
    expect(page.locator(".toast")).to_have_text("Ingetrokken: de QR-code werkt niet meer.")
    assert employer.context.request.get(watch).status == 410
    assert employer.context.request.get(f"{watch}/video").status == 410
    assert pupil.get(f"/dossiers/{pupil.dossier}/video-links") == []


def preview_overflow(page: Page) -> dict:
    """How far the preview's page and its progress table reach beyond what the frame shows."""
    return page.evaluate(
        """() => {
            const doc = document.querySelector("iframe.report-frame").contentDocument;
            const root = doc.documentElement;
            const table = doc.querySelector("table.progress");
            const box = table.getBoundingClientRect();
            return {
                page: root.scrollWidth - root.clientWidth,
                table_right: box.right - root.clientWidth,
                table_scrolls: table.scrollWidth > table.clientWidth
                    && getComputedStyle(table).overflowX === "auto",
                cells_cut: [...table.querySelectorAll("th, td")].filter(
                    (cell) => cell.scrollWidth > cell.clientWidth + 1).length,
            };
        }"""
    )


def test_the_preview_and_its_progress_table_fit_a_phone(internship, screenshot):
    """At phone width the preview (with the progress table of three roles) scrolls sideways
    nowhere and cuts nothing off: each competency's row becomes a card naming every role."""
    pupil, coordinator, _employer = internship
    report = coordinator.post(
        f"/dossiers/{pupil.dossier}/reports",
        {"title": "Stageverslag keuken", "internship": "Restaurant De Gouden Lepel",
         "period_start": "2026-10-01", "period_end": "2026-10-31"},
    )  # fmt: skip
    page = coordinator.open(f"/report/{report['id']}")
    page.set_viewport_size({"width": 360, "height": 740})
    report_open(page, "Stageverslag keuken")
    preview = page.frame_locator('iframe[title="Voorbeeld van het verslag"]')
    table = preview.get_by_role("table")
    expect(table).to_contain_text("WV.20")
    for role in ("Leerling", "Coördinator", "Werkgever"):
        expect(table.get_by_role("columnheader", name=role)).to_be_visible()
    fits_the_phone(page)
    reach = preview_overflow(page)
    assert reach["page"] <= 0 and reach["table_right"] <= 0, reach  # nothing beyond the frame
    assert not reach["table_scrolls"] and reach["cells_cut"] == 0, reach  # nothing hidden
    # Each row reads as a card: the competency, then each role's levels named by the role.
    labels = preview.locator("table td[data-label]").evaluate_all(
        "cells => cells.map((c) => getComputedStyle(c, '::before').content)"
    )
    assert labels == ['"leerling: "', '"werkgever: "', '"coördinator: "'], labels
    screenshot(page, "report-preview-phone")
