"""My people in the browser: a coordinator lands on her pupils, sees news arrive live, taps
into a pupil and back, and her own dossier is one tap away."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.people_flows import (
    assert_accessible,
    count_taps,
    fits_the_phone,
    heading,
    taps,
)


def _school_with_pupils(people, names):
    coordinator = people("Fatima")
    school = coordinator.post("/organisations", {"name": "Het Baken", "kind": "education"})
    pupils = []
    for name in names:
        pupil = people(name)
        offer = coordinator.post(
            f"/organisations/{school['id']}/members", {"email": pupil.email, "role": "student"}
        )
        pupil.post(f"/memberships/{offer['id']}/accept", {})
        pupil.post(
            f"/dossiers/{pupil.dossier}/grants",
            {"user_id": coordinator.id, "organisation_id": school["id"],
             "scopes": ["view", "reflect"], "role": "coordinator"},
        )  # fmt: skip
        pupils.append(pupil)
    return coordinator, pupils


def test_a_coordinator_lands_on_her_pupils_and_follows_them_live(people, screenshot):
    coordinator, (anna, bram, cas) = _school_with_pupils(people, ["Anna", "Bram", "Cas"])
    page = coordinator.context.new_page()
    page.goto("/")  # opening the app: no address yet
    heading(page, "Mijn leerlingen")
    pupils = page.get_by_role("list", name="Mijn leerlingen").get_by_role("listitem")
    expect(pupils).to_have_count(3)
    expect(pupils.nth(0)).to_contain_text("Anna")
    expect(pupils.nth(0)).to_contain_text("Coördinator")
    expect(page.get_by_role("button", name="Foto")).to_have_count(0)  # no capture here
    expect(page.get_by_role("button", name="Video")).to_have_count(0)
    assert_accessible(page, "caseload")

    # Bram adds something: his row shows it without a reload, and moves up.
    bram.note("Eerste stagedag", "Ik mocht meteen meehelpen.")
    bram_row = pupils.filter(has_text="Bram")
    expect(bram_row).to_contain_text("1 nieuw")
    expect(bram_row).to_contain_text("bewijs bekijken")
    expect(pupils.nth(0)).to_contain_text("Bram")
    screenshot(page, "caseload-news")
    fits_the_phone(page)

    # One tap into Bram's dossier; back, and the news is seen.
    count_taps(page)
    bram_row.get_by_role("link").click()
    heading(page, "Dossier van Bram")
    expect(page.get_by_text("Eerste stagedag")).to_be_visible()
    assert taps(page) == 1
    page.go_back()
    heading(page, "Mijn leerlingen")
    bram_row = (
        page.get_by_role("list", name="Mijn leerlingen")
        .get_by_role("listitem")
        .filter(has_text="Bram")
    )
    expect(bram_row).to_contain_text("Het Baken")
    expect(bram_row).not_to_contain_text("nieuw")
    expect(bram_row).not_to_contain_text("bewijs bekijken")

    # Her own dossier is one tap away; the logo brings her back to her pupils.
    before = taps(page)
    page.get_by_role("link", name="Mijn dossier").click()
    heading(page, "Mijn dossier")
    assert taps(page) == before + 1
    page.get_by_role("link", name="Bagage").click()
    heading(page, "Mijn leerlingen")


def test_someone_who_supports_nobody_keeps_their_own_dossier_as_home(people):
    pupil = people("Anna")
    page = pupil.context.new_page()
    page.goto("/")
    heading(page, "Mijn dossier")
    expect(page.get_by_role("button", name="Foto")).to_be_visible()
