"""Coaching stays between coach and owner, on phones: a coordinator composes a report on a
dossier where a coach reflected, and neither the preview nor the PDF holds the coach's words;
the owner reads the coach's reflection and shares it with the team, after which the
coordinator reads it too, until the owner takes it back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.people_flows import assert_accessible, fits_the_phone, heading, share
from tests.browser.test_reports_ui import PDF_WAIT, pdf_text, report_open, toast

COACH_WORDS = "Je twijfelt aan jezelf bij ouders"


def test_a_report_holds_no_coach_text_and_the_owner_shares_a_coach_reflection(
    people, screenshot, tmp_path
):
    pupil, coordinator, coach = people("Daan"), people("Fatima"), people("Coach")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")
    share(pupil, coach, ["view", "reflect"], "coach")
    item = pupil.call(
        "POST",
        f"/dossiers/{pupil.dossier}/evidence",
        multipart={"title": "Oudergesprek", "occurred_at": "2026-10-06T08:00:00+00:00"},
    )
    reflections = f"/evidence/{item['id']}/reflections"
    coach.post(reflections, {"model": "free", "content": {"text": COACH_WORDS}})
    coordinator.post(reflections, {"model": "free", "content": {"text": "Goed voorbereid."}})

    # The coordinator composes a report for October in the app.
    page = coordinator.open(f"/d/{pupil.dossier}")
    heading(page, "Dossier van Daan")
    page.get_by_role("link", name="Stageverslagen").click()
    page.get_by_role("button", name="Nieuw stageverslag").click()
    form = page.get_by_role("form", name="Nieuw stageverslag")
    form.get_by_label("Titel").fill("Stageverslag oktober")
    form.get_by_label("Eerste dag van de periode").fill("2026-10-01")
    form.get_by_label("Laatste dag van de periode").fill("2026-10-31")
    form.get_by_role("button", name="Verslag maken").click()
    report_open(page, "Stageverslag oktober")
    preview = page.frame_locator('iframe[title="Voorbeeld van het verslag"]').locator("body")
    expect(preview).to_contain_text("Goed voorbereid.")
    expect(preview).not_to_contain_text(COACH_WORDS)
    expect(preview).not_to_contain_text("Coach")
    with page.expect_download(timeout=PDF_WAIT) as download:
        page.get_by_role("button", name="PDF in het Nederlands").click()
    path = tmp_path / "verslag.pdf"
    download.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "Goed voorbereid." in text and COACH_WORDS not in text

    # The owner reads the coach's reflection, only theirs and the coach's, and shares it.
    phone = pupil.open(f"/item/{item['id']}")
    coaching = phone.locator(".reflection").filter(has_text=COACH_WORDS)
    expect(coaching).to_contain_text("Alleen jij en je coach lezen dit.")
    toggle = coaching.get_by_role("checkbox", name="Delen met het team")
    expect(toggle).not_to_be_checked()
    assert_accessible(phone, "coach reflection")
    fits_the_phone(phone)
    toggle.check()
    expect(toast(phone)).to_contain_text("Gedeeld met het team")
    expect(coaching).to_contain_text("Gedeeld met het team")
    expect(coaching.get_by_role("checkbox", name="Delen met het team")).to_be_checked()
    screenshot(phone, "coach-reflection-shared")

    # Now the coordinator reads it on the item, without a toggle of their own.
    other = coordinator.open(f"/item/{item['id']}")
    shared = other.locator(".reflection").filter(has_text=COACH_WORDS)
    expect(shared).to_contain_text("Gedeeld met het team")
    expect(shared.get_by_role("checkbox")).to_have_count(0)

    # The owner takes it back: it is between them and the coach again.
    coaching.get_by_role("checkbox", name="Delen met het team").uncheck()
    expect(toast(phone)).to_contain_text("Niet meer gedeeld")
    expect(coaching).to_contain_text("Alleen jij en je coach lezen dit.")
    other.reload()
    expect(other.locator(".reflection").filter(has_text="Goed voorbereid.")).to_be_visible()
    expect(other.locator(".reflection").filter(has_text=re.compile(COACH_WORDS))).to_have_count(0)


def test_a_coachs_message_is_marked_as_coaching_and_the_team_does_not_get_it(people):
    pupil, coordinator, coach = people("Daan"), people("Fatima"), people("Coach")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")
    share(pupil, coach, ["view", "reflect"], "coach")
    messages = f"/dossiers/{pupil.dossier}/messages"
    coach.post(messages, {"body": "Zullen we het over je twijfel hebben?"})
    coordinator.post(messages, {"body": "Tot dinsdag"})
    page = pupil.open(f"/dossier/{pupil.dossier}/conversation")
    coaching = page.locator(".messages li").filter(has_text="Zullen we het over je twijfel")
    expect(coaching).to_contain_text("coaching, alleen tussen coach en eigenaar")
    other = coordinator.open(f"/dossier/{pupil.dossier}/conversation")
    expect(other.locator(".messages li").filter(has_text="Tot dinsdag")).to_be_visible()
    expect(other.locator(".messages")).not_to_contain_text("twijfel")
