"""The competency screens on a phone: choosing frameworks, linking evidence in at most three
taps, searching the chosen frameworks first and the others on request, the coverage matrix,
and a learning line made, reordered, retired, exported and a bad CASE file refused with the
item named."""

from __future__ import annotations

import json
import random
import re
import uuid

from playwright.sync_api import expect

from app.demo import demo_photo
from tests.browser.people_flows import (
    assert_accessible,
    count_taps,
    fits_the_phone,
    framework_named,
    heading,
    taps,
)


def test_linking_evidence_to_a_competency_takes_at_most_three_taps(people, builtins):
    noor = people("Noor")
    skills = framework_named(noor, "Werknemersvaardigheden")
    noor.call("PUT", f"/dossiers/{noor.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    noor.note("Elke dag om acht uur begonnen", "De hele stageweek op tijd.")
    page = noor.open("/")
    page.get_by_role("link", name=re.compile("Elke dag om acht uur begonnen")).click()
    heading(page, "Elke dag om acht uur begonnen")
    expect(page.get_by_text("Nog niet gekoppeld aan een competentie.")).to_be_visible()

    # From here on every tap counts: "Koppel competentie", (typing), the result.
    count_taps(page)
    page.get_by_role("button", name="Koppel competentie").click()
    search = page.get_by_label("Zoek een competentie")
    expect(search).to_be_focused()  # typing needs no extra tap
    page.keyboard.type("op tijd")  # accents and case do not matter: the server ignores them
    results = page.get_by_role("button", name=re.compile(r"^WV\.\d+"))
    expect(results.first).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="gevonden")).to_contain_text(
        "Tik erop om te koppelen"
    )
    page.get_by_role(
        "button", name=re.compile(r"^WV\.20 Instructies en procedures opvolgen")
    ).click()

    linked = page.get_by_role("list", name="Competenties")
    expect(
        linked.get_by_role("link", name="WV.20 Instructies en procedures opvolgen")
    ).to_be_visible()
    assert taps(page) <= 3, f"{taps(page)} taps"
    assert taps(page) == 2

    # It is stored: after a reload the link is still there, with a note added afterwards.
    page.reload()
    page.get_by_role("button", name="Notitie: Instructies en procedures opvolgen").click()
    page.get_by_label("Notitie bij Instructies en procedures opvolgen").fill(
        "Wekker om half zeven."
    )
    page.get_by_role("button", name="Opslaan").first.click()
    expect(linked.get_by_text("Wekker om half zeven.")).to_be_visible()
    item = noor.get(f"/dossiers/{noor.dossier}/evidence")["items"][0]
    assert [(c["human_code"], c["note"]) for c in item["competencies"]] == [
        ("WV.20", "Wekker om half zeven.")
    ]

    page.get_by_role("button", name="Ontkoppelen: Instructies en procedures opvolgen").click()
    expect(page.get_by_text("Nog niet gekoppeld aan een competentie.")).to_be_visible()


def test_search_looks_in_my_frameworks_and_in_the_others_when_asked(people, builtins):
    sem = people("Sem")
    skills = framework_named(sem, "Werknemersvaardigheden")
    sem.call("PUT", f"/dossiers/{sem.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    sem.note("Les gegeven aan groep 5", "Rustig begonnen, iedereen aan het werk.")
    page = sem.open("/")
    page.get_by_role("link", name=re.compile("Les gegeven aan groep 5")).click()
    page.get_by_role("button", name="Koppel competentie").click()
    page.keyboard.type("klassenmanagement")  # a teacher's word: not in my framework
    expect(page.get_by_role("status").filter(has_text="Niets gevonden")).to_be_visible()
    page.get_by_role("button", name="Zoek ook in andere kaders").click()
    found = page.get_by_role("button", name=re.compile(r"^SBL\.\d+ Organisatorische"))
    expect(found).to_be_visible()
    expect(found).to_contain_text("SBL-competenties")  # which framework it comes from
    expect(page.get_by_text("je eigen kaders staan bovenaan")).to_be_visible()
    fits_the_phone(page)


def test_letters_typed_right_after_the_tap_land_in_the_search_on_a_phone_slow_to_draw(people):
    sem = people("Sem")
    sem.note("Les gegeven aan groep 5", "Rustig begonnen.")
    page = sem.open("/")
    page.get_by_role("link", name=re.compile("Les gegeven aan groep 5")).click()
    open_search = page.get_by_role("button", name="Koppel competentie")
    expect(open_search).to_be_visible()
    # A busy phone draws its next frame late; the search must take the keyboard before that.
    # (A function, not the bare assignment: Playwright calls an expression that yields one.)
    page.evaluate(
        "() => { window.requestAnimationFrame ="
        " (draw) => setTimeout(() => draw(performance.now()), 300); }"
    )
    open_search.click()
    page.keyboard.type("klassen")
    expect(page.get_by_role("searchbox", name="Zoek een competentie")).to_have_value("klassen")


def test_choose_frameworks_and_see_where_evidence_is_missing(people):
    pupil = people("Jesse")
    title = f"Leerlijn keuken {uuid.uuid4().hex[:6]}"  # frameworks are seen by everyone
    line = pupil.post("/frameworks", {"title": title})
    prep = pupil.post(
        f"/frameworks/{line['id']}/items", {"full_statement": "Mise-en-place", "human_code": "K.1"}
    )
    pupil.post(
        f"/frameworks/{line['id']}/items", {"full_statement": "Hygiëne", "human_code": "K.2"}
    )
    for evidence in ("Groenten gesneden", "Werkplek klaargezet"):
        note = pupil.note(evidence)
        pupil.post(f"/evidence/{note['id']}/competencies", {"item_id": prep["id"]})

    # The owner chooses the framework on "Mijn kaders".
    page = pupil.open("/frameworks")
    heading(page, "Mijn kaders")
    page.get_by_role("checkbox", name=re.compile(f"^{title}")).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Je kaders zijn opgeslagen.")

    page.goto("/#/")
    page.get_by_role("navigation", name="Dit dossier").get_by_role(
        "link", name="Competenties"
    ).click()
    heading(page, "Competenties")
    expect(page.get_by_text("1 van 2 competenties met bewijs")).to_be_visible()
    cards = page.get_by_role("list", name=f"Competenties van {title}").get_by_role("listitem")
    covered = cards.filter(has_text="Mise-en-place")
    gap = cards.filter(has_text="Hygiëne")
    expect(covered).to_contain_text("2 bewijsstuk(ken)")
    expect(covered.get_by_role("link", name="Werkplek klaargezet")).to_be_visible()  # the newest
    expect(gap).to_contain_text("Nog te doen")  # in words, not by colour alone
    expect(covered).not_to_contain_text("Nog te doen")
    fits_the_phone(page)

    page.get_by_label("Alleen competenties zonder bewijs").check()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Hygiëne")

    # A competency's own page: its evidence, and nobody has reflected yet.
    page.get_by_label("Alleen competenties zonder bewijs").uncheck()
    covered.get_by_role("link", name="K.1 Mise-en-place").click()
    heading(page, "K.1 Mise-en-place")
    expect(page.get_by_role("heading", name="Bewijs (2)")).to_be_visible()
    expect(
        page.get_by_text("Nog niemand heeft over deze competentie gereflecteerd.")
    ).to_be_visible()


def test_a_learning_line_is_made_reordered_retired_exported_and_a_bad_case_file_refused(people):
    coordinator = people("Fatima", profile={"role": "coordinator"})
    title = f"Leerlijn stage zorg {uuid.uuid4().hex[:6]}"
    page = coordinator.open("/frameworks")
    page.get_by_role("link", name="Kaders beheren").click()
    heading(page, "Kaders beheren")
    page.get_by_label("Naam van de leerlijn").fill(title)
    page.get_by_role("button", name="Leerlijn maken").click()
    heading(page, title)

    rows = page.locator("#main > section > .item-tree > li > .item-row .item-text")
    added = [("Z.1", "Hulp vragen"), ("Z.2", "Veilig werken"), ("Z.3", "Op tijd komen")]
    for n, (code, statement) in enumerate(added, start=1):
        page.get_by_label("Omschrijving").fill(statement)
        page.get_by_label("Code (niet verplicht)").fill(code)
        page.get_by_role("button", name="Toevoegen", exact=True).click()
        expect(rows).to_have_count(n)
    # An item below another one.
    page.get_by_role("button", name="Onderdeel eronder: Veilig werken").click()
    expect(page.get_by_label("Valt onder")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))
    page.get_by_label("Omschrijving").fill("Handschoenen dragen")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    below = page.locator(".item-tree .item-tree .item-text")
    expect(below).to_have_text(["Handschoenen dragen"])

    expect(rows).to_have_text(["Z.1 Hulp vragen", "Z.2 Veilig werken", "Z.3 Op tijd komen"])
    page.get_by_role("button", name="Omhoog: Op tijd komen").click()
    expect(rows).to_have_text(["Z.1 Hulp vragen", "Z.3 Op tijd komen", "Z.2 Veilig werken"])
    expect(page.get_by_role("button", name="Omhoog: Op tijd komen")).to_be_focused()
    page.get_by_role("button", name="Omlaag: Hulp vragen").click()
    expect(rows).to_have_text(["Z.3 Op tijd komen", "Z.1 Hulp vragen", "Z.2 Veilig werken"])

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Intrekken: Hulp vragen").click()
    expect(rows).to_have_text(["Z.3 Op tijd komen", "Z.2 Veilig werken"])

    # Export: the link gives the CASE package of what is on the screen.
    export = page.get_by_role("link", name="Exporteren als CASE-bestand")
    package = coordinator.context.request.get(export.get_attribute("href")).json()
    statements = {i["fullStatement"] for i in package["CFItems"]}
    assert {"Op tijd komen", "Veilig werken", "Handschoenen dragen"} <= statements

    # A broken copy (an item without its identifier) is refused, naming the item; nothing changes.
    broken = json.loads(json.dumps(package))
    victim = next(i for i in broken["CFItems"] if i.get("humanCodingScheme") == "Z.2")
    del victim["identifier"]
    page.get_by_role("link", name="Terug naar kaders beheren").click()
    heading(page, "Kaders beheren")
    page.get_by_label("CASE-bestand", exact=True).set_input_files(
        {
            "name": "leerlijn.json",
            "mimeType": "application/json",
            "buffer": json.dumps(broken).encode(),
        }
    )
    page.get_by_role("button", name="Importeren").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Dit bestand is niet geïmporteerd")
    expect(alert).to_contain_text("Z.2")
    expect(alert).to_contain_text("identifier")
    expect(alert).to_contain_text("Er is niets veranderd.")
    line = next(f for f in coordinator.get("/frameworks") if f["title"] == title)
    assert line["item_count"] == 3  # Z.3, Z.2 and the item below Z.2

    # The good file imports (updating the same framework in place).
    page.get_by_label("CASE-bestand", exact=True).set_input_files(
        {
            "name": "leerlijn.json",
            "mimeType": "application/json",
            "buffer": json.dumps(package).encode(),
        }
    )
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("status").filter(has_text="Bijgewerkt")).to_contain_text(title)


def test_the_progress_rings_move_when_a_photo_is_linked(people, screenshot):
    """A ring for the framework and one per domain; what has no evidence yet is "nog te doen",
    calm, not an error; linking a photo moves the rings while the screen is open."""
    pupil = people("Sara")
    title = f"Leerlijn zorg {uuid.uuid4().hex[:6]}"
    line = pupil.post("/frameworks", {"title": title})
    url = f"/frameworks/{line['id']}/items"
    care = pupil.post(url, {"full_statement": "Zorg verlenen", "human_code": "Z"})
    washing = pupil.post(
        url, {"full_statement": "Wassen", "human_code": "Z.1", "parent_id": care["id"]}
    )
    pupil.post(url, {"full_statement": "Eten geven", "human_code": "Z.2", "parent_id": care["id"]})
    talk = pupil.post(url, {"full_statement": "Communiceren", "human_code": "C"})
    pupil.post(url, {"full_statement": "Luisteren", "human_code": "C.1", "parent_id": talk["id"]})
    pupil.call("PUT", f"/dossiers/{pupil.dossier}/frameworks", {"framework_ids": [line["id"]]})
    photo = pupil.call(
        "POST",
        f"/dossiers/{pupil.dossier}/evidence",
        multipart={
            "title": "Mevrouw Jansen gewassen",
            "file": {
                "name": "zorg.jpg",
                "mimeType": "image/jpeg",
                "buffer": demo_photo(random.Random(3), (800, 600)),
            },
        },
    )

    page = pupil.open(f"/dossier/{pupil.dossier}/coverage")
    heading(page, "Competenties")
    ring = page.get_by_role("progressbar", name=f"Voortgang in {title}")
    expect(ring).to_have_attribute("aria-valuenow", "0")
    expect(ring).to_have_attribute("aria-valuemax", "3")
    summary = page.get_by_role("status").filter(has_text="van 3")
    expect(summary).to_have_text("0 van 3 competenties met bewijs")
    domains = page.get_by_role("list", name="Per onderdeel").get_by_role("listitem")
    expect(domains).to_have_count(2)
    expect(domains.filter(has_text="Zorg verlenen")).to_contain_text("0 van 2")
    expect(domains.filter(has_text="Communiceren")).to_contain_text("0 van 1")
    cards = page.get_by_role("list", name=f"Competenties van {title}").get_by_role("listitem")
    todo = cards.filter(has_text="Wassen")
    expect(todo).to_contain_text("Nog te doen")
    # Nothing reads as an error: no "!" marks, no dashed or red borders.
    expect(page.locator(".gap-mark, .cov-missing")).to_have_count(0)
    expect(cards.filter(has_text="!")).to_have_count(0)
    styles = todo.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.borderTopStyle, s.borderLeftColor, s.color]; }"
    )
    assert styles[0] == "solid", styles
    assert "180, 35, 24" not in " ".join(styles), styles  # the app's danger red
    fits_the_phone(page)
    assert_accessible(page, "coverage with progress rings")
    screenshot(page, "coverage-rings-start")

    # The photo is linked (from her other device): the open screen follows.
    pupil.post(f"/evidence/{photo['id']}/competencies", {"item_id": washing["id"]})
    expect(ring).to_have_attribute("aria-valuenow", "1")
    expect(summary).to_have_text("1 van 3 competenties met bewijs")
    expect(domains.filter(has_text="Zorg verlenen")).to_contain_text("1 van 2")
    expect(
        page.get_by_role("progressbar", name=re.compile("^Voortgang in Z Zorg verlenen"))
    ).to_have_attribute("aria-valuenow", "1")
    expect(todo).not_to_contain_text("Nog te doen")
    expect(todo.get_by_role("link", name="Mevrouw Jansen gewassen")).to_be_visible()
    page.wait_for_function("document.getAnimations().length === 0")  # the ring has filled
    screenshot(page, "coverage-rings")
