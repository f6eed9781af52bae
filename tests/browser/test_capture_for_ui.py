"""Capture for someone: a person who may add to other dossiers is asked "Voor wie?" before
anything is queued, the queue says for whom each item is, and it lands there, also when it is
sent later (offline, a reload) — or is shown as refused when that dossier no longer takes it.
Someone who adds to nobody else's dossier captures as before, without the question."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import Page, expect

from app.demo import demo_photo
from tests.browser.flows import wait_for_service_worker
from tests.browser.people_flows import assert_accessible, fits_the_phone, heading, share
from tests.waiting import wait_until


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "werkplaats.jpg"
    path.write_bytes(demo_photo(random.Random(5), (1200, 900)))
    return path


def for_whom(page: Page):
    return page.get_by_role("dialog", name="Voor wie?")


def rows(page: Page):
    return for_whom(page).get_by_role("button").filter(has_not_text="Annuleren")


def photo_for(page: Page, name: str, photo) -> None:
    """Foto → "Voor wie?" → a tap on the person opens the camera."""
    page.get_by_role("button", name="Foto", exact=True).click()
    expect(for_whom(page)).to_be_visible()
    with page.expect_file_chooser() as chooser:
        rows(page).filter(has_text=name).click()
    assert chooser.value.element.get_attribute("capture") == "environment"
    chooser.value.set_files(photo)
    expect(for_whom(page)).to_have_count(0)


def queued(page: Page, list_name: str):
    return page.get_by_role("list", name=list_name).locator("li.entry-queued")


def items(person, dossier: str) -> list[dict]:
    return person.get(f"/dossiers/{dossier}/evidence")["items"]


def test_a_photo_for_pupil_b_taken_while_pupil_a_is_open_lands_in_b(people, photo, screenshot):
    anna, bram, peter = people("Anna"), people("Bram"), people("Peter")
    share(anna, peter, ["view", "contribute"], "employer")
    share(bram, peter, ["view", "contribute"], "employer")

    page = peter.open(f"/d/{anna.dossier}")
    heading(page, "Dossier van Anna")
    page.get_by_role("button", name="Foto", exact=True).click()
    # The dossier on screen first and chosen; then his own; then the other pupil.
    expect(rows(page)).to_have_count(3)
    expect(rows(page).nth(0)).to_contain_text("Anna")
    expect(rows(page).nth(0)).to_contain_text("nu open")
    expect(rows(page).nth(0)).to_have_class(re.compile("chosen"))
    expect(rows(page).nth(1)).to_contain_text("Mijn dossier")
    expect(rows(page).nth(2)).to_contain_text("Bram")
    expect(rows(page).nth(0)).to_be_focused()
    screenshot(page, "capture-for-whom")
    assert_accessible(page, "Voor wie?")
    fits_the_phone(page)
    page.set_viewport_size({"width": 412, "height": 915})
    page.keyboard.press("Escape")  # changed his mind: nothing is queued
    expect(for_whom(page)).to_have_count(0)
    expect(queued(page, "Dossier van Anna")).to_have_count(0)

    photo_for(page, "Bram", photo)
    entry = queued(page, "Dossier van Anna").first
    expect(entry).to_contain_text("Voor Bram")
    screenshot(page, "capture-for-queued")
    expect(page.get_by_role("status")).to_have_text("Toegevoegd aan het dossier.", timeout=30_000)
    arrived = wait_until(lambda: items(bram, bram.dossier), what="the photo in Bram's dossier")
    assert [(i["kind"], i["created_by"]["display_name"]) for i in arrived] == [("photo", "Peter")]
    assert items(anna, anna.dossier) == []
    assert items(peter, peter.dossier) == []
    # It is not in Anna's timeline (the queue entry went), and it is in Bram's.
    expect(page.get_by_role("list", name="Dossier van Anna").get_by_role("listitem")).to_have_count(
        0
    )

    # The next time: the open dossier still first, the last choice next.
    page.get_by_role("button", name="Foto", exact=True).click()
    expect(rows(page).nth(0)).to_contain_text("Anna")
    expect(rows(page).nth(1)).to_contain_text("Bram")
    expect(rows(page).nth(1)).to_contain_text("vorige keer")
    page.keyboard.press("Escape")
    # On his own (empty) dossier, where the employer lands: the last choice is the chosen one.
    page.goto("/#/")
    heading(page, "Mijn dossier")
    page.get_by_role("button", name="Notitie", exact=True).click()
    expect(rows(page).nth(0)).to_contain_text("Bram")
    expect(rows(page).nth(0)).to_have_class(re.compile("chosen"))
    rows(page).filter(has_text="Anna").click()
    heading(page, "Toevoegen aan het dossier van Anna")
    expect(page.get_by_role("radio", name="Anna")).to_be_checked()
    page.get_by_label("Tekst").fill("Anna legde de kassa uit.")
    page.get_by_role("button", name="Opslaan").click()
    heading(page, "Mijn dossier")
    wait_until(lambda: items(anna, anna.dossier), what="the note in Anna's dossier")
    assert [i["kind"] for i in items(peter, peter.dossier)] == []


def test_offline_a_photo_for_b_survives_a_reload_and_a_refused_one_says_why(people, photo):
    anna, bram, peter = people("Anna"), people("Bram"), people("Peter")
    to_anna = share(anna, peter, ["view", "contribute"], "employer")
    share(bram, peter, ["view", "contribute"], "employer")
    page = peter.open(f"/d/{anna.dossier}")
    heading(page, "Dossier van Anna")
    wait_for_service_worker(page)

    peter.context.set_offline(True)
    photo_for(page, "Bram", photo)
    photo_for(page, "Anna", photo)
    waiting = queued(page, "Dossier van Anna")
    expect(waiting).to_have_count(2)
    expect(waiting.filter(has_text="Voor Bram")).to_contain_text("Wacht op verbinding")
    expect(waiting.filter(has_text="Voor Anna")).to_contain_text("Wacht op verbinding")

    # Still offline: the app comes from the service worker, the items (and for whom) and the
    # dossiers shared with him from IndexedDB. Meanwhile Anna ends Peter's access.
    page.reload()
    heading(page, "Dossier van Anna")
    waiting = queued(page, "Dossier van Anna")
    expect(waiting).to_have_count(2)
    expect(waiting.filter(has_text="Voor Bram")).to_have_count(1)
    anna.call("DELETE", f"/grants/{to_anna['id']}")

    peter.context.set_offline(False)
    arrived = wait_until(lambda: items(bram, bram.dossier), what="the photo in Bram's dossier")
    assert [i["created_by"]["display_name"] for i in arrived] == ["Peter"]
    # Anna's dossier is closed to him now; what waits on his phone is in his own timeline too.
    page.goto("/#/")
    heading(page, "Mijn dossier")
    waiting = queued(page, "Mijn dossier")
    refused = waiting.filter(has_text="Voor Anna")
    expect(refused).to_contain_text("Niet geüpload", timeout=30_000)
    expect(refused).to_contain_text(
        "Niet toegevoegd: je mag niet (meer) bijdragen aan het dossier van Anna."
    )
    expect(waiting).to_have_count(1)  # Bram's went; the refused one stays to retry or remove
    assert items(anna, anna.dossier) == []
    assert items(peter, peter.dossier) == []
    refused.get_by_role("link").click()
    expect(page.get_by_text("Voor Anna")).to_be_visible()
    expect(
        page.get_by_text("Niet toegevoegd: je mag niet (meer) bijdragen aan het dossier van Anna.")
    ).to_be_visible()


def test_someone_who_adds_to_nobody_elses_dossier_is_not_asked(people, photo):
    anna, fatima = people("Anna"), people("Fatima")
    share(anna, fatima, ["view", "reflect"], "coordinator")  # no contribute
    page = fatima.open("/")
    heading(page, "Mijn dossier")
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Foto", exact=True).click()
    chooser.value.set_files(photo)
    expect(for_whom(page)).to_have_count(0)
    entries = page.get_by_role("list", name="Mijn dossier").get_by_role("listitem")
    expect(entries).to_have_count(1)
    expect(entries.first).not_to_contain_text("Voor mijn dossier")
    wait_until(lambda: items(fatima, fatima.dossier), what="the photo in her own dossier")
    page.get_by_role("link", name="Toevoegen").click()
    heading(page, "Toevoegen aan je dossier")
    expect(page.get_by_role("group", name="Voor wie?")).to_have_count(0)
