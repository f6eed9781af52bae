"""The whole internship, three people on three phones side by side: the coordinator proposes the
workplace supervisor, the pupil agrees, the supervisor (no account) opens the mailed link,
confirms the code, adds a photo for the pupil and a reflection with a level; the coordinator
sees both arrive in her caseload, composes the report; the supervisor is told and signs
through the link, and the coordinator's open report shows the signature without a reload."""

from __future__ import annotations

import random
import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from app.demo import demo_photo
from tests.browser.people_flows import (
    assert_accessible,
    competency,
    fits_the_phone,
    framework_named,
    heading,
)
from tests.browser.test_internships_ui import internship_card, propose, school_with
from tests.live import _bodies_to, mailed_code
from tests.waiting import wait_until


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "deeg.jpg"
    path.write_bytes(demo_photo(random.Random(11), (1200, 900)))
    return path


def link_in_mail(address: str, pattern: str) -> str:
    """The app path (#/werkplek/...) of the newest mailed link to the address matching pattern."""

    def links() -> list[str]:
        return [m.group(0) for body in _bodies_to(address) if (m := re.search(pattern, body))]

    return wait_until(links, what=f"a link mailed to {address}")[-1]


def caseload_row(page: Page, name: str):
    return (
        page.get_by_role("list", name="Mijn leerlingen")
        .get_by_role("listitem")
        .filter(has_text=name)
    )


def test_the_whole_internship_with_three_phones(people, builtins, photo, screenshot):
    pupil, coordinator, admin = people("Daan"), people("Mevr. De Smet"), people("Beheer")
    supervisor = people("Jan", signed_up=False)
    jan = f"jan-{uuid.uuid4().hex[:8]}@korenaar.example"
    school_with(admin, pupil, coordinator)
    skills = framework_named(pupil, "Werknemersvaardigheden")
    pupil.call("PUT", f"/dossiers/{pupil.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    on_time = pupil.note("Op tijd begonnen", "Om 6 uur in de bakkerij.")
    wv20 = competency(pupil, skills["id"], "WV.20")
    pupil.post(f"/evidence/{on_time['id']}/competencies", {"item_id": wv20["id"]})

    # The coordinator opens the app on her pupils, and proposes Jan from Daan's dossier.
    desk = coordinator.context.new_page()
    desk.goto("/")
    heading(desk, "Mijn leerlingen")
    caseload_row(desk, "Daan").get_by_role("link").click()
    heading(desk, "Dossier van Daan")
    desk.get_by_role("navigation", name="Dit dossier").get_by_role(
        "link", name="Stage", exact=True
    ).click()
    heading(desk, "Stage")
    propose(desk, jan)
    expect(internship_card(desk)).to_contain_text("Wacht op akkoord van Daan")

    # Daan agrees with one tap, from his notification.
    mine = pupil.open("/notifications")
    mine.get_by_role("link", name=re.compile("Mevr. De Smet stelt een stage voor")).click()
    heading(mine, "Een stage voor jou")
    mine.get_by_role("button", name="Akkoord", exact=True).click()
    expect(internship_card(desk)).to_contain_text("Goedgekeurd: Jan Peeters kreeg een link")

    # Jan, no account: the mailed link, the code, and he is in Daan's dossier.
    link = link_in_mail(jan, r"#/werkplek/[A-Za-z0-9_-]+")
    phone = supervisor.context.new_page()
    phone.goto("/" + link)
    expect(
        phone.get_by_role("heading", name=re.compile("Welkom bij de stage van Daan"))
    ).to_be_visible()
    code = mailed_code(jan)
    phone.get_by_label("Code uit de mail").fill(code)
    expect(phone.get_by_label("Code uit de mail")).to_have_value(code)
    phone.get_by_role("button", name="Verder").click()
    heading(phone, "Dossier van Daan")
    screenshot(phone, "team-1-supervisor-in")

    # The coordinator goes back to her pupils and keeps that screen open.
    desk.goto("/#/people/mine")
    heading(desk, "Mijn leerlingen")
    daan_row = caseload_row(desk, "Daan")
    expect(daan_row).not_to_contain_text("nieuw")

    # Jan adds a photo for Daan (no "Voor wie?": Daan is the only one he may add for) ...
    with phone.expect_file_chooser() as chooser:
        phone.get_by_text("Foto", exact=True).click()
    chooser.value.set_files(photo)
    expect(phone.get_by_role("status")).to_have_text("Toegevoegd aan het dossier.")
    # ... and reflects on Daan's note with a level.
    phone.get_by_role("link", name=re.compile("^Op tijd begonnen")).click()
    phone.get_by_role("button", name="Reflectie schrijven").click()
    phone.get_by_label("Je reflectie", exact=True).fill("Elke dag op tijd, en meteen aan de slag.")
    phone.get_by_label("Niveau (niet verplicht)").select_option(label="3. Zelfstandig")
    phone.get_by_role("button", name="Reflectie opslaan").click()
    expect(phone.get_by_role("region", name="Reflecties").get_by_role("article")).to_have_count(1)
    fits_the_phone(phone)

    # The reflection reaches the coordinator's caseload at once; the photo once Daan keeps it
    # (what others add waits for the owner's yes before anyone else sees it).
    expect(daan_row).to_contain_text("1 nieuw")
    added = next(
        i for i in pupil.get(f"/dossiers/{pupil.dossier}/evidence")["items"]
        if i["created_role"] == "employer"
    )  # fmt: skip
    mine.goto(f"/#/item/{added['id']}")
    mine.get_by_role("button", name="Bewaren").click()
    expect(daan_row).to_contain_text("2 nieuw")
    assert_accessible(desk, "the caseload with news")
    screenshot(desk, "team-2-caseload-news")

    # She composes the report of the internship from Daan's dossier.
    daan_row.get_by_role("link").click()
    heading(desk, "Dossier van Daan")
    desk.get_by_role("link", name="Stageverslagen").click()
    heading(desk, "Stageverslagen")
    desk.get_by_role("button", name="Nieuw stageverslag").click()
    choice = desk.get_by_label("Over welke stage?")
    expect(choice.locator("option").nth(1)).to_contain_text("Bakkerij De Korenaar")
    choice.select_option(index=1)
    expect(desk.get_by_label("Stageplaats of werkgever")).to_have_value("Bakkerij De Korenaar")
    desk.get_by_role("button", name="Verslag maken").click()
    desk.get_by_role("button", name="Versturen om te ondertekenen").click()
    state = desk.locator(".report-state")
    expect(state).to_have_text(re.compile("Wacht op de handtekening van .*Jan Peeters"))

    # Jan is told in the app and by mail, with a fresh link that opens the report.
    report_link = link_in_mail(jan, r"#/werkplek/[A-Za-z0-9_-]+\?then=/report/[0-9a-f-]+")
    phone.goto("/" + report_link)
    heading(phone, re.compile("Stageverslag"))
    expect(phone.locator(".report-state")).to_contain_text("Jan Peeters")
    phone.get_by_label(re.compile("Ik heb het verslag gelezen")).check()
    phone.get_by_role("button", name="Bevestigen als werkgever").click()
    expect(phone.locator(".toast")).to_contain_text("bevestigd")
    fits_the_phone(phone)
    screenshot(phone, "team-3-supervisor-signed")

    # The coordinator's open report shows his signature, without a reload.
    expect(desk.locator(".report-sign-done")).to_contain_text("Jan Peeters")
    expect(state).to_have_text(re.compile("Wacht op de handtekening van Mevr. De Smet"))
    screenshot(desk, "team-4-report-signed-live")
