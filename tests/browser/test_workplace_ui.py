"""The workplace supervisor without an account, on a phone: the mailed link, the code, a photo
and a reflection with a level for the pupil, the menu of a guest, making an account, and the
screen when the link no longer works."""

from __future__ import annotations

import random
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from app.demo import demo_photo
from tests.browser.flows import PASSWORD, open_menu
from tests.browser.people_flows import (
    assert_accessible,
    competency,
    fits_the_phone,
    framework_named,
    heading,
)
from tests.live import mailed_code
from tests.workplace_links import internship_with_link


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "oven.jpg"
    path.write_bytes(demo_photo(random.Random(7), (1200, 900)))
    return path


def test_a_supervisor_without_an_account_follows_the_internship_from_the_mailed_link(
    people, builtins, live_server, photo, screenshot
):
    pupil, supervisor = people("Sanne"), people("Jan", signed_up=False)
    skills = framework_named(pupil, "Werknemersvaardigheden")
    pupil.call("PUT", f"/dossiers/{pupil.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    wv20 = competency(pupil, skills["id"], "WV.20")
    note = pupil.note("Eerste broden", "Om 6 uur begonnen, alles op tijd klaar.")
    pupil.post(f"/evidence/{note['id']}/competencies", {"item_id": wv20["id"]})
    link = internship_with_link(live_server.app, pupil.dossier, supervisor.email)
    url = re.search(r"https?://\S+#/werkplek/\S+", link["mail"]).group(0)

    # The link from the mail, on the supervisor's phone: who and where, and a code on its way.
    page: Page = supervisor.context.new_page()
    page.goto("/" + url[url.index("#") :])
    heading(page, "Bagage")
    expect(
        page.get_by_role("heading", name="Welkom bij de stage van Sanne bij Bakkerij De Korenaar.")
    ).to_be_visible()
    masked = f"{supervisor.email[0]}\u2022\u2022\u2022@{supervisor.email.split('@')[1]}"
    expect(page.get_by_text(f"We sturen een code naar {masked}.")).to_be_visible()
    fits_the_phone(page)
    assert_accessible(page, "workplace link: welcome and code")
    screenshot(page, "workplace-1-welcome")
    code = mailed_code(link["email"])
    page.get_by_label("Code uit de mail").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Deze code klopt niet (meer).").first).to_be_visible()
    # The error takes the focus (a screen reader reads it); then the field is typed in again.
    expect(page.get_by_role("alert").filter(has_text="klopt niet")).to_be_focused()
    page.get_by_label("Code uit de mail").fill(code)
    expect(page.get_by_label("Code uit de mail")).to_have_value(code)
    page.get_by_role("button", name="Verder").click()

    # In: the pupil's dossier, with what she shows and the buttons to add for her.
    heading(page, "Dossier van Sanne")
    expect(page.get_by_role("list", name="Dossier van Sanne")).to_contain_text("Eerste broden")
    fits_the_phone(page)
    assert_accessible(page, "workplace link: the pupil's dossier")
    screenshot(page, "workplace-2-dossier")
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Foto", exact=True).click()
    chooser.value.set_files(photo)
    expect(page.get_by_role("status")).to_have_text("Toegevoegd aan het dossier.")
    entries = page.get_by_role("list", name="Dossier van Sanne").get_by_role("listitem")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("toegevoegd door Jan Bakker (werkgever)")
    screenshot(page, "workplace-3-photo-added")
    added = pupil.get(f"/dossiers/{pupil.dossier}/evidence")["items"]
    assert [(i["created_by"]["display_name"], i["created_role"]) for i in added][0] == (
        "Jan Bakker",
        "employer",
    )

    # A reflection on the pupil's work, with a level.
    page.get_by_role("link", name=re.compile("^Eerste broden")).click()
    page.get_by_role("button", name="Reflectie schrijven").click()
    page.get_by_label("Je reflectie", exact=True).fill("Altijd op tijd, en netjes gewerkt.")
    page.get_by_label("Niveau (niet verplicht)").select_option(label="3. Zelfstandig")
    page.get_by_role("button", name="Reflectie opslaan").click()
    reflections = page.get_by_role("region", name="Reflecties")
    expect(reflections.get_by_role("article")).to_have_count(1)
    expect(reflections.get_by_role("article").first).to_contain_text("Jan Bakker · werkgever")
    expect(reflections.get_by_role("article").first).to_contain_text("Zelfstandig (niveau 3)")
    fits_the_phone(page)
    screenshot(page, "workplace-4-reflection")

    # A guest's menu: the pupil, reports, notifications, an account to make; nothing else.
    open_menu(page)
    menu = page.get_by_role("navigation", name="Onderdelen")
    expect(menu.get_by_role("link")).to_have_text(
        ["Stage van Sanne", "Stageverslagen", "Meldingen", "Account maken"]
    )
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert_accessible(page, "workplace link: the menu of a guest")
    screenshot(page, "workplace-5-menu")
    menu.get_by_role("link", name="Account maken").click()
    heading(page, "Account maken")
    assert_accessible(page, "workplace link: make an account")
    fits_the_phone(page)
    expect(page.get_by_label("Je naam")).to_have_value("Jan Bakker")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    screenshot(page, "workplace-6-make-account")
    page.get_by_role("button", name="Account maken").click()
    expect(page.get_by_text("Je account is klaar.")).to_be_visible()
    screenshot(page, "workplace-7-account-made")

    # The pupil ends the access: the link no longer works, and the app says so.
    grant = next(
        g for g in pupil.get(f"/dossiers/{pupil.dossier}/grants") if g["role"] == "employer"
    )
    pupil.call("DELETE", f"/grants/{grant['id']}")
    page.goto(f"/#/d/{pupil.dossier}")
    page.reload()  # the supervisor opens the app again another day
    expect(page.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
    expect(page.get_by_text("Vraag de coördinator om een nieuwe.")).to_be_visible()
    assert_accessible(page, "workplace link: ended")
    screenshot(page, "workplace-8-link-ended")
    page.goto("/" + url[url.index("#") :])
    expect(page.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()

    # The pupil reads in her access log, in words, each use of the link.
    log = pupil.open("/access-log")
    heading(log, "Toegangslog")
    entries = log.get_by_role("listitem")
    expect(entries.filter(has_text="Jan Bakker (werkgever) opende de werkpleklink")).to_have_count(
        1
    )
    expect(
        entries.filter(
            has_text="Jan Bakker (werkgever) bevestigde de werkpleklink op een nieuw toestel"
        )
    ).to_have_count(1)
    screenshot(log, "workplace-9-access-log")


def test_a_link_leads_to_the_page_it_names_and_never_elsewhere(people, live_server):
    pupil, supervisor = people("Sanne"), people("Jan", signed_up=False)
    reports = f"/dossier/{pupil.dossier}/reports"
    link = internship_with_link(live_server.app, pupil.dossier, supervisor.email, then=reports)
    assert f"#/werkplek/{link['token']}?then={reports}" in link["mail"]

    # A link changed to lead outside the app: the code still works, and the app stays home.
    page: Page = supervisor.context.new_page()
    page.goto(f"/#/werkplek/{link['token']}?then=//evil.example/")
    page.get_by_label("Code uit de mail").fill(mailed_code(link["email"]))
    page.get_by_role("button", name="Verder").click()
    heading(page, "Dossier van Sanne")
    assert page.evaluate("location.host") == urlsplit(live_server.url).netloc

    # The link as mailed, on the device that is in already: no code, straight to the page.
    page.goto(f"/#/werkplek/{link['token']}?then={reports}")
    heading(page, "Stageverslagen")
    assert page.evaluate("location.hash") == f"#{reports}"
