"""Verifiable credentials on phones, each person in a browser of their own: Daan makes one of
the report Peter signed, puts it on his CV (and so gets the LinkedIn link) and downloads the
baked badge; a recruiter checks it on the CV ("Controleer"); Peter revokes it with a reason,
and the recruiter's check then says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from app.issuing import baking
from tests.browser.people_flows import (
    assert_accessible,
    competency,
    fits_the_phone,
    framework_named,
    heading,
    share,
)


def test_a_signed_report_becomes_a_credential_checked_on_the_cv_and_revoked(
    people, browser: Browser, phone, live_server
):
    pupil, employer = people("Daan"), people("Peter")
    share(pupil, employer, ["view", "reflect"], "employer")
    report = pupil.post(
        f"/dossiers/{pupil.dossier}/reports",
        {"title": "Stageverslag keuken", "internship": "De Gouden Lepel",
         "period_start": "2026-10-01", "period_end": "2026-10-31"},
    )  # fmt: skip
    employer.post(f"/reports/{report['id']}/signoff")

    # Daan, on his confirmed report: Maak er een verifieerbaar bewijs van.
    page = pupil.open(f"/report/{report['id']}")
    heading(page, "Stageverslag keuken")
    page.get_by_role("button", name="Maak er een verifieerbaar bewijs van").click()
    heading(page, "Mijn bewijzen")
    card = page.locator(".credential").filter(has_text="Stage: De Gouden Lepel")
    expect(card).to_contain_text("bevestigd door Peter")
    expect(card.get_by_role("link", name="Zet op LinkedIn")).to_have_count(0)
    card.get_by_role("button", name="Zet op mijn cv").click()
    linkedin = card.get_by_role("link", name="Zet op LinkedIn")
    expect(linkedin).to_have_attribute(
        "href", re.compile(r"^https://www\.linkedin\.com/profile/add\?startTask=")
    )
    fits_the_phone(page)
    assert_accessible(page, "credentials")
    with page.expect_download() as download:
        card.get_by_role("link", name="Badge (PNG)").click()
    baked = json.loads(baking.unbake_png(Path(download.value.path()).read_bytes()))
    assert baked["type"] == ["VerifiableCredential", "OpenBadgeCredential"]

    # A recruiter opens Daan's CV through a link and checks the credential on the spot.
    link = pupil.post(f"/dossiers/{pupil.dossier}/cv/links", {})
    recruiter = browser.new_context(**phone, base_url=live_server.url)
    try:
        cv = recruiter.new_page()
        cv.goto("/" + link["url"].split("://", 1)[1].split("/", 1)[1])
        item = cv.locator(".credentials li").filter(has_text="Stage: De Gouden Lepel")
        item.get_by_role("button", name="Controleer").click()
        expect(item.locator("output")).to_contain_text("Echt")

        # Peter revokes it, with a reason, in Mijn bewijzen.
        mine = employer.open("/credentials")
        heading(mine, "Mijn bewijzen")
        issued = mine.locator(".credential").filter(has_text="Stage: De Gouden Lepel")
        issued.get_by_label("Waarom trek je het in?").fill("Verkeerde periode")
        issued.get_by_role("button", name="Intrekken").click()
        expect(issued).to_contain_text("Ingetrokken door Peter")

        item.get_by_role("button", name="Controleer").click()
        expect(item.locator("output")).to_contain_text("Ingetrokken")
    finally:
        recruiter.close()
    page.reload()
    expect(card).to_contain_text("Ingetrokken door Peter")
    expect(card).to_contain_text("Verkeerde periode")


def test_a_supervisors_level_becomes_a_credential_aligned_to_the_competency(people, builtins):
    pupil, employer = people("Daan"), people("Peter")
    share(pupil, employer, ["view", "reflect"], "employer")
    skills = framework_named(pupil, "Werknemersvaardigheden")
    pupil.call("PUT", f"/dossiers/{pupil.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    wv20 = competency(pupil, skills["id"], "WV.20")
    note = pupil.note("Op tijd begonnen", "Deze week elke dag om 8 uur aanwezig.")
    pupil.post(f"/evidence/{note['id']}/competencies", {"item_id": wv20["id"]})
    for person, text, level in ((employer, "Altijd op tijd.", 3), (pupil, "Het lukt me.", 3)):
        person.post(
            f"/evidence/{note['id']}/reflections",
            {"model": "free", "content": {"text": text}, "item_id": wv20["id"], "level": level},
        )

    page = pupil.open(f"/item/{note['id']}")
    reflections = page.get_by_role("region", name="Reflecties")
    expect(reflections.get_by_role("article")).to_have_count(2)
    # The workplace's level can become a credential; one's own level cannot.
    make = "Maak er een verifieerbaar bewijs van"
    expect(reflections.get_by_role("button", name=make)).to_have_count(1)
    peters = reflections.get_by_role("article").filter(has_text="Peter")
    peters.get_by_role("button", name=make).click()

    heading(page, "Mijn bewijzen")
    card = page.locator(".credential").filter(has_text="WV.20")
    expect(card).to_contain_text("Zelfstandig")
    expect(card).to_contain_text("bevestigd door Peter (werkgever)")
    [made] = pupil.get(f"/dossiers/{pupil.dossier}/credentials")
    signed = pupil.get(f"/credentials/{made['id']}/download/json")
    [alignment] = signed["credentialSubject"]["achievement"]["alignment"]
    assert alignment["targetCode"] == wv20["identifier"]
    fits_the_phone(page)
