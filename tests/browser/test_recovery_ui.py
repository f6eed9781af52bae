"""What a stalled job leaves the person with, at phone size: an export or a photo whose
workers stopped mid-way too often says so in Dutch and can be tried again from the app."""

from __future__ import annotations

import random
import uuid

from playwright.sync_api import expect

from app.db import db
from app.demo import demo_photo
from app.dossiers.models import Evidence
from app.portability.models import DataJob
from app.portability.services import jobs_dir
from media.services import STALLED_REASON
from tests.browser.people_flows import assert_accessible, fits_the_phone, heading
from tests.browser.test_account_ui import account_screen


def _given_up_export(live_server, person) -> None:
    """As the sweep leaves an export whose workers were killed JOB_MAX_ATTEMPTS times."""
    with live_server.app.app_context():
        db.session.add(DataJob(
            user_id=uuid.UUID(person.id), kind="export", dossier_id=uuid.UUID(person.dossier),
            status="failed", attempts=live_server.app.config["JOB_MAX_ATTEMPTS"],
            error="The export stopped before it was done, too often; try again.",
            error_code="export_stalled",
        ))  # fmt: skip
        db.commit()


def test_a_stalled_export_is_explained_and_made_after_a_retry(people, live_server, screenshot):
    noor = people("Noor")
    noor.note("Eerste stagedag", "Kennisgemaakt met het team.")
    _given_up_export(live_server, noor)
    page = account_screen(noor)
    problem = page.get_by_role("alert").filter(has_text="De export is mislukt")
    expect(problem).to_contain_text("het maken werd te vaak halverwege onderbroken.")
    fits_the_phone(page)
    assert_accessible(page, "mijn gegevens, export mislukt")
    screenshot(page, "recovery-export-failed")
    problem.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.get_by_text("Je export is klaar.")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("alert").filter(has_text="De export is mislukt")).to_have_count(0)
    exports = page.get_by_role("list", name="Klaarstaande exports").get_by_role("listitem")
    expect(exports).to_have_count(1)
    screenshot(page, "recovery-export-retried")


def test_a_stalled_import_keeps_its_zip_and_is_imported_after_a_retry(
    people, live_server, screenshot
):
    daan = people("Daan")
    daan.note("Eerste stagedag", "Kennisgemaakt met het team.")
    made = daan.call("POST", f"/dossiers/{daan.dossier}/exports", expected=(202,))
    export = daan.get(f"/jobs/{made['id']}")
    zipped = daan.context.request.get(export["download_url"]).body()
    sanne = people("Sanne")
    with live_server.app.app_context():  # Sanne's upload, whose workers were killed too often
        job = DataJob(user_id=uuid.UUID(sanne.id), kind="import", status="failed",
                      attempts=live_server.app.config["JOB_MAX_ATTEMPTS"],
                      error="The import stopped before it was done, too often; try again.",
                      error_code="import_stalled")  # fmt: skip
        db.session.add(job)
        db.session.flush()
        path = jobs_dir() / f"import-{job.id.hex}.zip"
        path.write_bytes(zipped)
        job.path = str(path)
        db.commit()
    page = account_screen(sanne)
    problem = page.get_by_role("alert").filter(has_text="Niet geïmporteerd")
    expect(problem).to_contain_text("het importeren werd te vaak halverwege onderbroken.")
    expect(problem).to_contain_text("Je zip is bewaard")
    fits_the_phone(page)
    assert_accessible(page, "mijn gegevens, import mislukt")
    screenshot(page, "recovery-import-failed")
    problem.get_by_role("button", name="Opnieuw proberen").click()
    result = page.get_by_role("status").filter(has_text="Geïmporteerd")
    expect(result).to_contain_text("Geïmporteerd: 1 item(s)", timeout=60_000)
    expect(page.get_by_role("alert").filter(has_text="Niet geïmporteerd")).to_have_count(0)
    assert [i["title"] for i in sanne.get(f"/dossiers/{sanne.dossier}/evidence")["items"]] == [
        "Eerste stagedag"
    ]
    screenshot(page, "recovery-import-retried")


def test_a_photo_whose_processing_stalled_can_be_processed_again(people, live_server, screenshot):
    sanne = people("Sanne")
    photo = demo_photo(random.Random(3), (1200, 900))
    item = sanne.call(
        "POST", f"/dossiers/{sanne.dossier}/evidence",
        multipart={"title": "Werkplaats",
                   "file": {"name": "w.jpg", "mimeType": "image/jpeg", "buffer": photo}},
    )  # fmt: skip
    with live_server.app.app_context():  # as the sweep leaves it after too many tries
        evidence = db.session.get(Evidence, uuid.UUID(item["id"]))
        evidence.status, evidence.status_reason = "failed", STALLED_REASON
        for asset in [a for a in evidence.media if a.role != "original"]:
            db.session.delete(asset)  # no variant was made
        db.commit()
    page = sanne.open(f"/item/{item['id']}")
    heading(page, "Werkplaats")
    expect(page.get_by_role("img", name="Werkplaats")).to_have_count(0)
    expect(page.get_by_text("Er kon geen voorbeeld van gemaakt worden.")).to_be_visible()
    expect(page.get_by_text("Het origineel is veilig bewaard")).to_be_visible()
    fits_the_phone(page)
    assert_accessible(page, "item, verwerking mislukt")
    screenshot(page, "recovery-photo-failed")
    page.get_by_role("button", name="Opnieuw verwerken").click()
    expect(page.get_by_role("img", name="Werkplaats")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Er kon geen voorbeeld van gemaakt worden.")).to_have_count(0)
    expect(page.get_by_role("button", name="Opnieuw verwerken")).to_have_count(0)
    screenshot(page, "recovery-photo-retried")
