"""Professional growth on a phone: a teacher at 0.8 FTE sees 66,4 hours, logs an activity and
watches the chart's numbers change, downloads the log as a Dutch CSV and as PDF, keeps a
development plan with a competency and a progress reflection; a coach writes a session note
that the owner reads, and someone with view access sees neither the link nor the notes."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import Page, expect

from tests.browser.people_flows import (
    Person,
    assert_accessible,
    fits_the_phone,
    heading,
    invitation_mail,
    invitation_token,
    mail_text,
    share,
)

TITLE = "Coöperatief leren in het café"


def chart_text(page: Page, which: str):
    return page.get_by_test_id(f"{which}-text")


def open_growth(person: Person) -> Page:
    page = person.open("/")
    heading(page, "Mijn dossier")
    page.get_by_role("button", name="Menu", exact=True).click()
    page.get_by_role("link", name="Mijn ontwikkeling").click()
    heading(page, "Mijn ontwikkeling")
    return page


def test_a_teacher_at_point_eight_fte_logs_an_activity_and_exports_the_log(
    people, tmp_path, screenshot
):
    teacher = people("Sanne")
    page = open_growth(teacher)
    expect(chart_text(page, "hours")).to_contain_text("0 van 83 uur gedaan.")
    expect(chart_text(page, "budget")).to_contain_text(re.compile(r"€\s0,00 van €\s500,00"))
    expect(page.locator(".growth-bar")).to_have_count(2)  # the chart itself

    # Working time 0,8 FTE: the entitlement becomes 66,4 hours, in the chart's words too.
    settings = page.get_by_role("form", name="Werktijd en tegoed")
    settings.get_by_label("Werktijd (fte)").fill("0,8")
    settings.get_by_role("button", name="Opslaan").click()
    expect(
        page.get_by_role("status").filter(has_text="Je werktijd en tegoed zijn opgeslagen.")
    ).to_be_visible()
    expect(chart_text(page, "hours")).to_contain_text("0 van 66,4 uur gedaan.")
    expect(page.get_by_test_id("entitlement")).to_contain_text("66,4 uur")
    expect(page.get_by_test_id("entitlement")).to_contain_text("83 uur × 0,8 fte")
    assert teacher.get("/me/growth-settings")["fte"] == 0.8

    # Log an activity: 6 hours, € 120. The chart's numbers follow.
    page.get_by_role("button", name="Activiteit toevoegen").click()
    form = page.get_by_role("form", name="Nieuwe activiteit")
    form.get_by_label("Soort activiteit").select_option(label="Intervisie")
    form.get_by_label("Wat heb je gedaan?").fill(TITLE)
    form.get_by_label("Uren", exact=True).fill("6")
    form.get_by_label("Kosten in euro").fill("120")
    form.get_by_label("Aanbieder (niet verplicht)").fill("Één School")
    form.get_by_role("button", name="Opslaan").click()
    expect(chart_text(page, "hours")).to_contain_text("6 van 66,4 uur gedaan.")
    expect(chart_text(page, "hours")).to_contain_text("Nog 60,4 uur over.")
    expect(chart_text(page, "budget")).to_contain_text(
        re.compile(r"€\s120,00 van €\s400,00 uitgegeven")
    )
    log = page.get_by_role("list", name=re.compile(r"^Activiteiten in \d{4}.\d\d$"))
    expect(log.get_by_role("listitem")).to_have_count(1)
    expect(log).to_contain_text(TITLE)
    expect(log).to_contain_text("Intervisie")
    year = teacher.get(f"/dossiers/{teacher.dossier}/growth/overview")
    assert (year["hours_done"], year["spent"]) == (6.0, 120.0)
    fits_the_phone(page)
    assert_accessible(page, "growth")
    screenshot(page, "growth")

    # A wrong number is named at its field, and nothing is sent.
    page.get_by_role("button", name=f"Bewerken: {TITLE}").click()
    edit = page.get_by_role("form", name="Activiteit bewerken")
    edit.get_by_label("Uren", exact=True).fill("zes")
    edit.get_by_role("button", name="Opslaan").click()
    expect(edit.get_by_label("Uren", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(
        edit.get_by_text("Vul een aantal uren in, 0 of meer (bijvoorbeeld 2,5).")
    ).to_be_visible()
    # Planned, not done (yet), with 7,5 hours: used hours go back, planned hours show.
    edit.get_by_label("Uren", exact=True).fill("7,5")
    edit.get_by_label("Gepland", exact=True).check()
    edit.get_by_role("button", name="Opslaan").click()
    expect(chart_text(page, "hours")).to_contain_text("0 van 66,4 uur gedaan. 7,5 uur gepland.")
    page.get_by_role("button", name=f"Bewerken: {TITLE}").click()
    page.get_by_role("form", name="Activiteit bewerken").get_by_label("Gedaan", exact=True).check()
    page.get_by_role("form", name="Activiteit bewerken").get_by_role(
        "button", name="Opslaan"
    ).click()
    expect(chart_text(page, "hours")).to_contain_text("7,5 van 66,4 uur gedaan.")

    # The CSV opens in a Dutch spreadsheet: BOM, semicolons, decimal commas, é intact.
    with page.expect_download() as download:
        page.get_by_role("link", name="Logboek als CSV (spreadsheet)").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Datum", "Soort", "Activiteit"]
    assert rows[1][1:] == [
        "Intervisie", TITLE, "Één School", "7,50", "120,00", "gedaan", "zelf gekozen",
    ]  # fmt: skip
    assert re.fullmatch(r"professionalisering-\d{4}-\d{4}\.csv", download.value.suggested_filename)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Logboek als PDF").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF")

    # Last school year keeps its own (empty) log; this year's is still there on return.
    page.get_by_role("link", name=re.compile(r"^Vorig schooljaar")).click()
    expect(page.get_by_text("Nog niets in je logboek voor dit schooljaar.")).to_be_visible()
    expect(chart_text(page, "hours")).to_contain_text("0 van 66,4 uur gedaan.")
    page.get_by_role("link", name="Naar dit schooljaar").click()
    expect(chart_text(page, "hours")).to_contain_text("7,5 van 66,4 uur gedaan.")

    # Deleting it empties the log and the chart.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Verwijderen: {TITLE}").click()
    expect(chart_text(page, "hours")).to_contain_text("0 van 66,4 uur gedaan.")
    expect(page.get_by_text("Nog niets in je logboek voor dit schooljaar.")).to_be_visible()


def test_a_part_time_teacher_saves_budget_marks_required_work_and_looks_back(people, screenshot):
    teacher = people("Sanne")
    year = teacher.get(f"/dossiers/{teacher.dossier}/growth/overview")["school_year"]
    # Last school year she spent € 150 of her budget.
    teacher.post(f"/dossiers/{teacher.dossier}/activities", json={
        "kind": "course", "title": "Leesonderwijs", "on_date": f"{year}-03-01", "cost": 150,
        "hours": 4})  # fmt: skip
    page = open_growth(teacher)
    settings = page.get_by_role("form", name="Werktijd en tegoed")
    settings.get_by_label("Werktijd (fte)").fill("0,8")
    settings.get_by_label("Sparen sinds (niet verplicht)").select_option(
        label=f"{year - 1}/{str(year)[2:]}"
    )
    settings.get_by_role("button", name="Opslaan").click()
    # 0,8 fte: € 400 this year, and last year's € 400 less the € 150 spent is saved.
    entitlement = page.get_by_test_id("entitlement")
    expect(entitlement).to_contain_text(re.compile(r"66,4 uur en €\s400,00"))
    expect(entitlement).to_contain_text(re.compile(r"€\s500,00 × 0,8 fte"))
    saved = page.get_by_test_id("saved")
    expect(saved).to_contain_text(re.compile(r"Dit schooljaar: €\s400,00"))
    last, until = f"{year - 1}/{str(year)[2:]}", f"{year + 2}/{str(year + 3)[2:]}"
    expect(saved).to_contain_text(
        re.compile(rf"Gespaard uit {last}: €\s250,00, te besteden tot en met {until}")
    )
    expect(saved).to_contain_text("Uitgaven gaan eerst van het oudste gespaarde geld af")
    expect(chart_text(page, "budget")).to_contain_text(re.compile(r"€\s0,00 van €\s650,00"))

    # A required study day: spending takes last year's money first.
    page.get_by_role("button", name="Activiteit toevoegen").click()
    form = page.get_by_role("form", name="Nieuwe activiteit")
    form.get_by_label("Soort activiteit").select_option(label="Studiedag")
    form.get_by_label("Wat heb je gedaan?").fill("Studiedag rekenen")
    form.get_by_label("Datum").fill(f"{year}-10-01")
    form.get_by_label("Uren", exact=True).fill("6")
    form.get_by_label("Kosten in euro").fill("100")
    form.get_by_label("Verplicht", exact=True).check()
    form.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Activiteit toevoegen").click()
    form = page.get_by_role("form", name="Nieuwe activiteit")
    form.get_by_label("Wat heb je gedaan?").fill("Cursus coachen")
    form.get_by_label("Datum").fill(f"{year}-11-01")
    form.get_by_label("Uren", exact=True).fill("10")
    form.get_by_role("button", name="Opslaan").click()
    expect(saved).to_contain_text(re.compile(r"Daarvan nog €\s150,00 over"))
    expect(chart_text(page, "budget")).to_contain_text(re.compile(r"Nog €\s550,00 over"))
    log = page.get_by_role("list", name=re.compile(r"^Activiteiten in "))
    expect(log.get_by_role("listitem")).to_have_count(2)
    expect(log.locator("li", has_text="Studiedag rekenen")).to_contain_text("Verplicht")
    expect(log.locator("li", has_text="Cursus coachen")).to_contain_text("Zelf gekozen")
    page.get_by_role("group", name="Toon").get_by_label("Verplicht", exact=True).check()
    expect(log.get_by_role("listitem")).to_have_count(1)
    expect(log).to_contain_text("Studiedag rekenen")
    page.get_by_role("group", name="Toon").get_by_label("Alles").check()
    expect(log.get_by_role("listitem")).to_have_count(2)

    # The year review: plan against reality, and what came of it in her own words.
    page.get_by_role("button", name="Doel toevoegen").click()
    goal = page.get_by_role("form", name="Nieuw doel")
    goal.get_by_label("Doel", exact=True).fill("Rekenen op maat")
    goal.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("list", name=re.compile(r"^Doelen in "))).to_contain_text(
        "Rekenen op maat"
    )
    page.get_by_role("link", name=re.compile(r"^Terugblik op ")).click()
    heading(page, "Terugblik op het schooljaar")
    table = page.get_by_role("table", name="Wat gepland was tegenover wat gedaan is")
    expect(table.get_by_role("row", name=re.compile("^Doelen"))).to_contain_text("0 bereikt")
    expect(table.get_by_role("row", name=re.compile("^Uren"))).to_contain_text("66,4")
    expect(table.get_by_role("row", name=re.compile("^Uren"))).to_contain_text("16")
    expect(page.get_by_text("Gedaan: 6 uur verplicht, 10 uur zelf gekozen.")).to_be_visible()
    answer = page.get_by_role("form", name="Wat is daarvan terecht gekomen?")
    answer.get_by_label("Jouw terugblik").fill("Rekenen op maat loopt; coachen neem ik mee.")
    answer.get_by_role("button", name="Opslaan").click()
    expect(
        page.get_by_role("status").filter(has_text="Je terugblik is opgeslagen.")
    ).to_be_visible()
    fits_the_phone(page)
    assert_accessible(page, "growth review")
    screenshot(page, "growth-review")
    review = teacher.get(f"/dossiers/{teacher.dossier}/growth/review?year={year}")
    assert review["reflection"] == "Rekenen op maat loopt; coachen neem ik mee."
    page.reload()
    expect(page.get_by_label("Jouw terugblik")).to_have_value(
        "Rekenen op maat loopt; coachen neem ik mee."
    )
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Logboek met terugblik als PDF").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF")


def test_a_development_plan_goal_with_a_competency_and_progress(people, builtins, screenshot):
    teacher = people("Sanne")
    teacher.note("Kringgesprek maandag", "Iedereen kwam aan het woord.")
    page = open_growth(teacher)
    page.get_by_role("button", name="Doel toevoegen").click()
    form = page.get_by_role("form", name="Nieuw doel")
    form.get_by_label("Doel", exact=True).fill("Rust in groep 6")
    form.get_by_label("Streefdatum (niet verplicht)").fill("2027-06-30")
    form.get_by_label("Zoek een competentie om te koppelen").fill("klassenmanagement")
    first = form.get_by_role("button", name=re.compile("^Koppelen: ")).first
    competency = first.get_attribute("aria-label").removeprefix("Koppelen: ")
    first.click()
    expect(form.get_by_role("button", name=re.compile("^Ontkoppelen: "))).to_have_count(1)
    form.get_by_role("button", name="Opslaan").click()
    goals = page.get_by_role("list", name=re.compile(r"^Doelen in "))
    expect(goals.get_by_role("link")).to_have_count(1)
    expect(goals).to_contain_text("Nog niet begonnen")
    expect(goals).to_contain_text(competency)

    # A logged activity serves the goal.
    page.get_by_role("button", name="Activiteit toevoegen").click()
    activity = page.get_by_role("form", name="Nieuwe activiteit")
    activity.get_by_label("Wat heb je gedaan?").fill("Boek over groepsdynamiek")
    activity.get_by_label("Uren", exact=True).fill("4")
    activity.get_by_label("Rust in groep 6").check()
    activity.get_by_role("button", name="Opslaan").click()
    expect(chart_text(page, "hours")).to_contain_text("4 van 83 uur gedaan.")

    goals.get_by_role("link", name="Rust in groep 6").click()
    heading(page, "Rust in groep 6")
    expect(page.get_by_role("region", name="Activiteiten bij dit doel")).to_contain_text(
        "Boek over groepsdynamiek"
    )
    # Evidence from the dossier shows the goal at work.
    evidence = page.get_by_role("region", name="Bewijs")
    expect(evidence).to_contain_text("Nog geen bewijs bij dit doel.")
    evidence.get_by_role("button", name="Kies bewijs uit je dossier").click()
    evidence.get_by_label(re.compile("^Kringgesprek maandag")).check()
    evidence.get_by_role("button", name="Opslaan").click()
    expect(evidence.get_by_role("link", name="Kringgesprek maandag")).to_be_visible()
    page.get_by_label("Je reflectie").fill("De vaste start van de dag werkt.")
    page.get_by_role("button", name="Reflectie opslaan").click()
    expect(page.get_by_role("region", name="Reflecties op je voortgang")).to_contain_text(
        "De vaste start van de dag werkt."
    )
    page.get_by_role("button", name="Doel bewerken").click()
    page.get_by_label("Stand van zaken").select_option(label="Bezig")
    page.get_by_role("form", name="Doel bewerken").get_by_role("button", name="Opslaan").click()
    expect(page.locator(".sub")).to_contain_text("Bezig")
    goal = teacher.get(f"/dossiers/{teacher.dossier}/goals")[0]
    assert goal["status"] == "in_progress" and len(goal["competencies"]) == 1
    assert goal["progress_notes"][0]["content"]["text"] == "De vaste start van de dag werkt."
    assert len(goal["evidence_ids"]) == 1
    fits_the_phone(page)
    assert_accessible(page, "goal")
    screenshot(page, "growth-goal")


def test_a_coach_writes_notes_the_owner_reads_and_a_viewer_never_sees_them(people, screenshot):
    owner, coach, viewer = people("Sanne"), people("Carla"), people("Victor")
    share(owner, coach, ["view", "reflect"], "coach")
    share(owner, viewer, ["view"], "teacher")
    secret = "Vertrouwelijk: Sanne twijfelt over groep 8."

    page = coach.open(f"/d/{owner.dossier}")
    heading(page, "Dossier van Sanne")
    page.get_by_role("link", name="Coaching", exact=True).click()
    heading(page, "Coaching van Sanne")
    expect(page.get_by_text("Alleen jij en Sanne lezen deze aantekeningen.")).to_be_visible()
    page.get_by_label("Aantekening", exact=True).fill(secret)
    page.get_by_role("button", name="Aantekening opslaan").click()
    notes = page.get_by_role("list", name="Aantekeningen")
    expect(notes.get_by_role("listitem")).to_have_count(1)
    expect(notes).to_contain_text(secret)
    page.get_by_role("button", name=re.compile("^Bewerken: gesprek van")).click()
    page.get_by_role("form", name=re.compile("^Bewerken: gesprek van")).get_by_label(
        "Aantekening", exact=True
    ).fill(secret + " Volgende keer: feedback.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(notes).to_contain_text("Volgende keer: feedback.")
    fits_the_phone(page)
    assert_accessible(page, "coaching (coach)")
    screenshot(page, "growth-coaching")

    # The owner is told (without the words of the note), reads it, and writes none.
    mine = owner.open("/notifications")
    told = mine.get_by_role("link", name=re.compile("Carla schreef een notitie over jullie"))
    expect(told).to_be_visible()
    expect(mine.get_by_text("twijfelt")).to_have_count(0)
    told.click()
    heading(mine, "Coachgesprekken")
    expect(mine.get_by_role("list", name="Aantekeningen")).to_contain_text(
        "Volgende keer: feedback."
    )
    expect(mine.get_by_role("list", name="Aantekeningen")).to_contain_text("door Carla")
    expect(mine.get_by_role("button", name="Aantekening opslaan")).to_have_count(0)
    expect(mine.get_by_role("heading", name="Nodig een coach uit")).to_have_count(0)  # has one
    assert_accessible(mine, "coaching (owner)")

    # Someone with view access sees no link, and the address shows nothing of the notes.
    look = viewer.open(f"/d/{owner.dossier}")
    heading(look, "Dossier van Sanne")
    expect(look.get_by_role("link", name="Gesprek")).to_have_count(0)
    expect(look.get_by_role("link", name="Coaching", exact=True)).to_have_count(0)
    look.goto(f"/#/dossier/{owner.dossier}/coaching")
    expect(look.get_by_text("Coachgesprekken zijn alleen voor de eigenaar")).to_be_visible()
    expect(look.get_by_text("Vertrouwelijk")).to_have_count(0)
    viewer.call("GET", f"/dossiers/{owner.dossier}/coaching-notes", expected=(404,))

    # The story is the owner's: she removes the note, and it is gone for the coach too.
    mine.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name=re.compile("^Verwijderen: gesprek van")).click()
    expect(mine.get_by_text("Je coach heeft nog geen aantekeningen gemaakt.")).to_be_visible()
    assert coach.call("GET", f"/dossiers/{owner.dossier}/coaching-notes") == []


def test_a_teacher_without_a_coach_invites_one_from_the_coaching_screen(people, smtp, screenshot):
    teacher, coach = people("Sanne"), people("Carla")
    page = teacher.open(f"/dossier/{teacher.dossier}/coaching")
    heading(page, "Coachgesprekken")
    form = page.get_by_role("form", name="Nodig een coach uit")
    expect(form).to_contain_text("Je hebt nog geen coach.")
    screenshot(page, "growth-coach-invite")
    form.get_by_role("button", name="Uitnodiging versturen").click()
    expect(form.get_by_text("Vul een geldig e-mailadres in.")).to_be_visible()
    form.get_by_label("E-mailadres").fill(coach.email)
    assert_accessible(page, "coaching (owner, no coach)")
    fits_the_phone(page)
    form.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_have_text(
        f"De uitnodiging is verstuurd naar {coach.email}."
    )
    expect(page.get_by_text(f"Je hebt {coach.email} uitgenodigd als coach.")).to_be_visible()
    expect(form).to_have_count(0)

    # The mail, in plain Dutch; accepted, she is the coach: she sees and reflects, no more.
    token = invitation_token(smtp, coach.email)
    assert "Sanne nodigt je als coach uit" in mail_text(invitation_mail(smtp, coach.email))
    grant = coach.post(f"/invitations/{token}")
    assert (grant["role"], sorted(grant["scopes"])) == ("coach", ["reflect", "view"])
    page.reload()
    heading(page, "Coachgesprekken")
    expect(page.get_by_text("Je coach heeft nog geen aantekeningen gemaakt.")).to_be_visible()
    expect(page.get_by_role("form", name="Nodig een coach uit")).to_have_count(0)
    expect(page.get_by_text("uitgenodigd als coach")).to_have_count(0)
    notes = coach.open(f"/dossier/{teacher.dossier}/coaching")
    heading(notes, "Coaching van Sanne")


def test_a_certificate_is_uploaded_as_evidence_or_chosen_from_the_dossier(people, tmp_path):
    from tests.media_files import MINIMAL_PDF

    teacher = people("Sanne")
    certificate = tmp_path / "certificaat.pdf"
    certificate.write_bytes(MINIMAL_PDF)
    page = open_growth(teacher)
    page.get_by_role("button", name="Activiteit toevoegen").click()
    form = page.get_by_role("form", name="Nieuwe activiteit")
    form.get_by_label("Wat heb je gedaan?").fill("EHBO-cursus")
    form.get_by_label("Uren", exact=True).fill("3")
    form.get_by_label("Een bestand uploaden").check()
    form.get_by_role("button", name="Opslaan").click()  # no file chosen yet
    expect(form.get_by_text("Kies een bestand om te uploaden.")).to_be_visible()
    form.get_by_label("Bestand (foto of PDF)").set_input_files(certificate)
    form.get_by_role("button", name="Opslaan").click()
    log = page.get_by_role("list", name=re.compile(r"^Activiteiten in "))
    expect(log.get_by_role("link", name="Certificaat bekijken")).to_have_count(1)
    items = teacher.get(f"/dossiers/{teacher.dossier}/evidence")["items"]
    assert [i["title"] for i in items] == ["Certificaat: EHBO-cursus"]
    assert (
        teacher.get(f"/dossiers/{teacher.dossier}/activities")[0]["certificate_evidence_id"]
        == (items[0]["id"])
    )

    # The same certificate, chosen from the dossier for a second activity.
    page.get_by_role("button", name="Activiteit toevoegen").click()
    form = page.get_by_role("form", name="Nieuwe activiteit")
    form.get_by_label("Wat heb je gedaan?").fill("EHBO-herhaling")
    form.get_by_label("Een bewijsstuk uit mijn dossier").check()
    form.get_by_label("Kies het bewijsstuk").select_option(items[0]["id"])
    form.get_by_role("button", name="Opslaan").click()
    expect(log.get_by_role("link", name="Certificaat bekijken")).to_have_count(2)
    log.get_by_role("link", name="Certificaat bekijken").first.click()
    heading(page, "Certificaat: EHBO-cursus")


def test_a_coach_is_offered_a_level_only_when_the_owner_asks_for_it(people, builtins):
    owner, coach = people("Sanne"), people("Carla")
    grant = share(owner, coach, ["view", "reflect"], "coach")
    item = owner.get("/competencies?q=klassenmanagement")[0]
    note = owner.note("Les in groep 6", "Rustige start.")
    owner.post(f"/evidence/{note['id']}/competencies", {"item_id": item["id"]})

    page = coach.open(f"/item/{note['id']}")
    page.get_by_role("button", name="Reflectie schrijven").click()
    expect(page.get_by_label("Over welke competentie? (niet verplicht)")).to_have_value(item["id"])
    expect(page.get_by_label("Niveau (niet verplicht)")).to_have_count(0)
    page.get_by_label("Je reflectie").fill("Mooi hoe je de kring opent.")
    page.get_by_role("button", name="Reflectie opslaan").click()
    expect(page.get_by_role("region", name="Reflecties")).to_contain_text("Mooi hoe je de kring")

    owner.call("PATCH", f"/grants/{grant['id']}", {"coach_may_rate": True})
    again = coach.open(f"/item/{note['id']}")
    again.get_by_role("button", name="Reflectie schrijven").click()
    expect(again.get_by_label("Niveau (niet verplicht)")).to_be_visible()


def test_an_activity_dated_in_last_school_year_goes_to_last_years_log(people):
    teacher = people("Sanne")
    year = teacher.get(f"/dossiers/{teacher.dossier}/growth/overview")["school_year"]
    page = open_growth(teacher)
    page.get_by_role("button", name="Activiteit toevoegen").click()
    form = page.get_by_role("form", name="Nieuwe activiteit")
    form.get_by_label("Wat heb je gedaan?").fill("Studiedag rekenen")
    form.get_by_label("Datum").fill(f"{year - 1}-09-15")
    form.get_by_label("Uren", exact=True).fill("6")
    form.get_by_role("button", name="Opslaan").click()
    last = f"{year - 1}/{year % 100:02d}"
    expect(page.get_by_role("status").filter(has_text=f"schooljaar {last}")).to_be_visible()
    expect(page.get_by_text("Nog niets in je logboek voor dit schooljaar.")).to_be_visible()
    expect(chart_text(page, "hours")).to_contain_text("0 van 83 uur gedaan.")
    page.get_by_role("link", name=f"Vorig schooljaar ({last})").click()
    expect(page.get_by_role("list", name=f"Activiteiten in {last}")).to_contain_text(
        "Studiedag rekenen"
    )
    expect(chart_text(page, "hours")).to_contain_text("6 van 83 uur gedaan.")
