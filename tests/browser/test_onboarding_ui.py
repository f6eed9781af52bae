"""The first minute on a phone: sign up, say who you are on one screen, and find your own
framework (and only that one) on "Mijn kaders" and in the coverage; changed later on the
account screen. Framework management is there for a coordinator, with a way back."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.flows import PASSWORD, timeline_entries, uploaded, verify_email
from tests.browser.people_flows import assert_accessible, fits_the_phone, heading

VSO = "VSO arbeidsmarkt en dagbesteding"
VSO_WORK = "VSO arbeidsmarktgericht"
WV = "Werknemersvaardigheden"
BEKWAAM = "Bekwaamheidseisen leraren"
SBL = "SBL-competenties"
SBL_SECTORS = tuple(f"SBL-indicatoren leraar {s}" for s in ("po", "vo", "vho"))
VL = "Basiscompetenties van de leraar"
ALL = (VSO, VSO_WORK, WV, BEKWAAM, SBL, *SBL_SECTORS, VL)


def sign_up(person) -> Page:
    page = person.open("/")
    page.get_by_role("button", name="Nog geen account? Maak er een").click()
    page.get_by_label("Je naam").fill(person.name)
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Account maken", exact=True).click()
    verify_email(page, person.email)
    heading(page, "Wie ben je?")
    return page


def choose(page: Page, role: str, sector: str | None) -> None:
    """The role, the sector when it applies, and done: three taps."""
    page.get_by_role("group", name="Ik ben").get_by_role(
        "radio", name=re.compile(f"^{role}")
    ).check()
    if sector:
        page.get_by_role("group", name="Waar?").get_by_role("radio", name=sector).check()
    page.get_by_role("button", name="Klaar").click()


def frameworks_shown(page: Page, own: list[str], manages: bool) -> None:
    """On "Mijn kaders": my frameworks, chosen; the others only on request. A teacher (who
    may make the school's learning lines) finds the management part; a pupil does not."""
    page.goto("/#/frameworks")
    heading(page, "Mijn kaders")
    boxes = page.get_by_role("checkbox")
    expect(boxes).to_have_count(len(own))
    for title in own:
        expect(page.get_by_role("checkbox", name=re.compile(f"^{title}"))).to_be_checked()
    others = page.get_by_role("button", name=re.compile(r"^Andere kaders kiezen"))
    others.click()
    # Every built-in framework is offered (frameworks others imported may be there too).
    for title in set(ALL) - set(own):
        expect(page.get_by_role("checkbox", name=re.compile(f"^{title}"))).not_to_be_checked()
    expect(page.get_by_role("link", name="Kaders beheren")).to_have_count(1 if manages else 0)


def coverage_shows(page: Page, dossier: str, own: list[str]) -> None:
    page.goto(f"/#/dossier/{dossier}/coverage")
    heading(page, "Competenties")
    main = page.locator("#main")
    for title in own:
        expect(main).to_contain_text(title)
    for title in set(ALL) - set(own):
        expect(main).not_to_contain_text(title)


def photo_linked_by_a_word_form(page: Page, person, photo, framework: str, word: str, code: str):
    """Take a photo, keep its suggested title, and link it to a competency found by a Dutch word
    form that its statement does not contain as such (a substring search would miss it); an
    open coverage screen's ring moves."""
    dossier = person.context.request.get("/api/v1/me").json()["dossiers"][0]["id"]
    coverage = person.open(f"/dossier/{dossier}/coverage")
    heading(coverage, "Competenties")
    ring = coverage.get_by_role("progressbar", name=re.compile(f"^Voortgang in {framework}"))
    expect(ring).to_have_attribute("aria-valuenow", "0")

    page.goto("/#/")
    heading(page, "Mijn dossier")
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Foto", exact=True).click()
    chooser.value.set_files(photo)
    title = page.get_by_label("Titel (mag je aanpassen)")
    expect(title).to_have_value(re.compile(r"^Foto, \d"))
    suggested = title.input_value()
    page.get_by_role("button", name="Klaar").click()
    entry = timeline_entries(page).first
    uploaded(page, entry)
    entry.get_by_role("link", name=re.compile(re.escape(suggested))).click()
    heading(page, suggested)
    page.get_by_role("button", name="Koppel competentie").click()
    expect(page.get_by_label("Zoek een competentie")).to_be_focused()
    page.keyboard.type(word)
    page.get_by_role("button", name=re.compile(f"^{re.escape(code)} ")).click()
    expect(page.get_by_role("list", name="Competenties")).to_contain_text(code)

    expect(ring).to_have_attribute("aria-valuenow", "1")  # without a reload
    coverage.close()


def test_three_people_each_find_their_own_framework_after_one_screen(
    people, builtins, photo, screenshot
):
    """The issue's first minute, for a VSO pupil, a Flemish and a Dutch primary teacher: one
    screen, their own framework only, a competency found by a word form, a photo linked, and
    the progress ring moving."""
    cases = [
        ("Noor", "Leerling", "VSO (voortgezet speciaal onderwijs)", [VSO, VSO_WORK, WV],
         (VSO, "toekomstige", "KD10")),  # "toekomstperspectief", "toekomst"
        ("Lotte", "Leraar", "Vlaanderen: kleuter- of lager onderwijs", [VL],
         (VL, "opvoeden", "FG.2")),  # "De leraar als opvoeder"
        ("Joris", "Leraar", "Nederland: basisonderwijs (po)", [BEKWAAM],
         (BEKWAAM, "werkwijzen", "BE.2.3")),  # "... ontwikkelingsgerichte werkwijze."
    ]  # fmt: skip
    for name, role, sector, own, (framework, word, code) in cases:
        person = people(name, signed_up=False)
        page = sign_up(person)
        if name == "Noor":
            # Nothing chosen yet: "Klaar" says what is missing, at the choice.
            page.get_by_role("button", name="Klaar").click()
            expect(page.get_by_role("alert").first).to_be_visible()
            expect(page.get_by_text("Kies wie je bent.")).to_be_visible()
            assert_accessible(page, "onboarding: who are you?")
            fits_the_phone(page)
            screenshot(page, "onboarding-role")
            page.get_by_role("radio", name=re.compile("^Leerling")).check()
            expect(page.get_by_role("group", name="Waar?")).to_be_visible()
            expect(page.get_by_text("Kies wie je bent.")).to_have_count(0)
            assert_accessible(page, "onboarding: where?")
            fits_the_phone(page)
            screenshot(page, "onboarding-sector")
        choose(page, role, sector)
        heading(page, "Mijn dossier")
        expect(page.get_by_role("status").filter(has_text="Je kaders staan klaar.")).to_be_visible()
        me = person.context.request.get("/api/v1/me").json()
        assert me["onboarded"] is True
        frameworks_shown(page, own, manages=role == "Leraar")
        coverage_shows(page, me["dossiers"][0]["id"], own)
        photo_linked_by_a_word_form(page, person, photo, framework, word, code)
        # The app does not ask again.
        page.goto("/#/")
        heading(page, "Mijn dossier")

    # Joris moves to Flanders: the account screen changes his role and his framework.
    page.goto("/#/account")
    heading(page, "Mijn gegevens")
    role = page.get_by_role("region", name="Jouw rol")
    expect(role).to_contain_text("Leraar · Nederland: basisonderwijs (po)")
    role.get_by_role("button", name="Wijzigen").click()
    expect(role.get_by_role("radio", name=re.compile("^Leraar"))).to_be_checked()
    role.get_by_role("radio", name="Vlaanderen: secundair onderwijs").check()
    role.get_by_role("button", name="Klaar").click()
    expect(role).to_contain_text("Leraar · Vlaanderen: secundair onderwijs")
    frameworks_shown(page, [VL], manages=True)


def test_later_skips_the_screen_and_a_coordinator_manages_frameworks_with_a_way_back(
    people, builtins
):
    fatima = people("Fatima", signed_up=False)
    page = sign_up(fatima)
    page.get_by_role("button", name="Later").click()
    heading(page, "Mijn dossier")
    page.reload()
    heading(page, "Mijn dossier")  # asked once
    page.goto("/#/frameworks")
    heading(page, "Mijn kaders")
    for title in ALL:  # none chosen: all shown
        expect(page.get_by_role("checkbox", name=re.compile(f"^{title}"))).not_to_be_checked()
    expect(page.get_by_role("link", name="Kaders beheren")).to_have_count(0)

    # As a coordinator she gets the management part, on a screen of its own.
    page.goto("/#/account")
    page.get_by_role("region", name="Jouw rol").get_by_role("button", name="Wijzigen").click()
    page.get_by_role("radio", name=re.compile("^Coördinator")).check()
    expect(page.get_by_role("group", name="Waar?")).to_have_count(0)  # no sector
    page.get_by_role("button", name="Klaar").click()
    expect(page.get_by_role("region", name="Jouw rol")).to_contain_text("Coördinator")
    page.goto("/#/frameworks")
    page.get_by_role("link", name="Kaders beheren").click()
    heading(page, "Kaders beheren")
    expect(page.get_by_role("region", name="Van een CASE-server")).to_be_visible()
    assert_accessible(page, "managing frameworks")
    fits_the_phone(page)
    page.get_by_role("link", name="Terug naar mijn kaders").click()
    heading(page, "Mijn kaders")
