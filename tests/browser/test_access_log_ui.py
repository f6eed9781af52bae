"""The owner reads in plain words who opened what in their dossier."""

from __future__ import annotations

import random
import re

from playwright.sync_api import expect

from app.demo import demo_photo
from tests.browser.people_flows import (  # noqa: F401 - fixtures
    assert_accessible,
    builtins,
    fits_the_phone,
    heading,
    people,
    share,
)


def test_the_owner_sees_that_the_employer_opened_the_report_and_a_photo(people, screenshot):  # noqa: F811
    pupil, employer = people("Daan"), people("Petra")
    share(pupil, employer, ["view", "reflect"], "employer")
    jpeg = demo_photo(random.Random(7), (1200, 900))
    photo = pupil.call(
        "POST",
        f"/dossiers/{pupil.dossier}/evidence",
        multipart={
            "title": "Om 8 uur begonnen",
            "occurred_at": "2026-10-06T08:00:00+00:00",
            "file": {"name": "keuken.jpg", "mimeType": "image/jpeg", "buffer": jpeg},
        },
    )
    report = pupil.post(
        f"/dossiers/{pupil.dossier}/reports",
        {"title": "Periode 2", "period_start": "2026-10-01", "period_end": "2026-10-31"},
    )

    # Petra, on her phone, opens the report and the photo.
    page = employer.open(f"/report/{report['id']}")
    heading(page, "Periode 2")
    page.wait_for_function(
        """() => {
            const doc = document.querySelector("iframe.report-frame")?.contentDocument;
            return Boolean(doc && doc.readyState === "complete" && doc.body?.textContent);
        }"""
    )
    page.goto(f"/#/item/{photo['id']}")
    heading(page, "Om 8 uur begonnen")
    page.wait_for_function(
        "() => [...document.querySelectorAll('main img')].some((i) => i.complete && i.naturalWidth)"
    )

    # Daan reads it in his access log, in plain Dutch, with how long ago.
    log = pupil.open("/people")
    heading(log, "Wie mag meekijken")
    log.get_by_role("link", name="Toegangslog").click()
    heading(log, "Toegangslog")
    entries = log.locator(".log-list li")
    expect(
        entries.filter(has_text="Petra (werkgever) opende het stageverslag ‘Periode 2’")
    ).to_have_count(1)
    photo_entry = entries.filter(
        has_text="Petra (werkgever) opende een foto bij ‘Om 8 uur begonnen’"
    )
    expect(photo_entry).to_have_count(1)
    expect(photo_entry.locator("time")).to_have_text(
        re.compile(r"^(zojuist|\d+ minuten? geleden)$")
    )
    assert_accessible(log, "access log")
    fits_the_phone(log)
    screenshot(log, "access-log")
