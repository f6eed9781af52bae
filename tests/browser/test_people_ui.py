"""The people screens on phones, each person in a browser of their own: an employer adds a
photo to a pupil's dossier and the pupil sees it arrive live; reflections from three roles
side by side; an invitation by e-mail accepted after signing up; the conversation with an
attachment kept as evidence; organisations; and axe on every new screen."""

from __future__ import annotations

import json
import random
import re

import pytest
from playwright.sync_api import Page, expect

from app.demo import demo_photo
from tests.browser.flows import verify_email, wait_for_service_worker
from tests.browser.people_flows import (
    assert_accessible,
    bell,
    competency,
    fits_the_phone,
    framework_named,
    heading,
    invitation_mail,
    invitation_token,
    mail_text,
    organisation_with,
    share,
)
from tests.waiting import wait_until


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "keuken.jpg"
    path.write_bytes(demo_photo(random.Random(11), (1200, 900)))
    return path


def entries(page: Page, list_name: str):
    return page.get_by_role("list", name=list_name).get_by_role("listitem")


def test_an_employer_adds_a_photo_the_pupil_sees_live_and_shares_it_by_keeping_it(people, photo):
    """What the employer adds on the pupil's behalf reaches the coordinator only once the
    pupil keeps it; hidden, it is the pupil's alone."""
    pupil, employer, coordinator = people("Daan"), people("Peter"), people("Fatima")
    share(pupil, employer, ["view", "contribute"], "employer")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")

    # The pupil has his timeline open; the coordinator has the same dossier open elsewhere.
    mine = pupil.open("/")
    heading(mine, "Mijn dossier")
    mine.evaluate("window.stillTheSamePage = true")
    expect(bell(mine, 0)).to_be_visible()
    watching = coordinator.open(f"/d/{pupil.dossier}")
    heading(watching, "Dossier van Daan")
    expect(
        watching.get_by_text("Jij bent hier coördinator en mag: bekijken, reflecteren.")
    ).to_be_visible()
    # Without `contribute` there is nothing to capture with.
    expect(watching.get_by_text("Foto", exact=True)).to_have_count(0)

    # The employer, on his own phone: Mijn stagiairs → Daan's dossier → Foto.
    phone = employer.open("/")
    phone.get_by_role("button", name="Menu", exact=True).click()
    phone.get_by_role("link", name="Mijn stagiairs").click()
    heading(phone, "Mijn stagiairs")
    phone.get_by_role("link", name=re.compile("^Daan")).click()
    heading(phone, "Dossier van Daan")
    # He may add to another dossier than his own: "Voor wie?", Daan's (on screen) first.
    phone.get_by_role("button", name="Foto", exact=True).click()
    first = phone.get_by_role("dialog", name="Voor wie?").get_by_role("button").first
    expect(first).to_contain_text("Daan")
    with phone.expect_file_chooser() as chooser:
        first.click()
    chooser.value.set_files(photo)
    expect(phone.get_by_role("status")).to_have_text("Toegevoegd aan het dossier.")
    expect(entries(phone, "Dossier van Daan")).to_have_count(1)

    # It appears for the pupil without a reload, marked as added by the employer, and his
    # bell counts the notification.
    arrived = entries(mine, "Mijn dossier")
    expect(arrived).to_have_count(1)
    expect(arrived.first).to_contain_text("toegevoegd door Peter (werkgever)")
    expect(arrived.first).to_contain_text("Nog niet bekeken")
    expect(bell(mine, 1)).to_be_visible()
    assert mine.evaluate("window.stillTheSamePage") is True
    # Not for the coordinator: not until the pupil keeps it.
    expect(watching.get_by_text("Peter (werkgever)")).to_have_count(0)
    assert coordinator.get(f"/dossiers/{pupil.dossier}/evidence")["items"] == []
    told = coordinator.get("/notifications")["items"]
    assert "on_behalf_evidence" not in [n["kind"] for n in told]
    item = pupil.get(f"/dossiers/{pupil.dossier}/evidence")["items"][0]
    assert (item["created_by"]["display_name"], item["created_role"]) == ("Peter", "employer")

    # The pupil asks the coordinator to look: a mention notifies her, live in her open app.
    mine.get_by_role("link", name="Gesprek").click()
    heading(mine, "Gesprek over mijn dossier")
    mine.get_by_role("checkbox", name=re.compile("^Fatima")).check()
    expect(mine.get_by_label("Bericht", exact=True)).to_have_value("@Fatima ")
    mine.get_by_label("Bericht", exact=True).press_sequentially("kijk je naar de foto van Peter?")
    mine.get_by_role("button", name="Versturen").click()
    expect(mine.get_by_role("log")).to_contain_text("@Fatima kijk je naar de foto van Peter?")
    unread = coordinator.get("/notifications")["unread"]  # the mention
    assert unread >= 1
    expect(bell(watching, unread)).to_be_visible()
    watching.get_by_role("link", name=f"Meldingen: {unread} ongelezen").click()
    watching.get_by_role("link", name="Daan noemde je in een gesprek").click()
    heading(watching, "Gesprek over het dossier van Daan")
    expect(bell(watching, 0)).to_be_visible()

    # The pupil decides about the photo from his notification: keep it.
    mine.get_by_role("link", name="Meldingen: 1 ongelezen").click()
    mine.get_by_role("link", name=re.compile(r"^Peter \(werkgever\) voegde")).click()
    expect(mine.get_by_role("heading", name="Toegevoegd namens jou")).to_be_visible()
    expect(mine.locator(".review-state")).to_have_text(
        "Je hebt dit nog niet bekeken. Alleen jij en wie het toevoegde zien het."
    )
    mine.get_by_role("button", name="Bewaren").click()
    expect(mine.locator(".review-state")).to_have_text("Je hebt dit bewaard.")
    # Kept: the coordinator gets it live, and is told.
    watching.get_by_role("link", name="Terug naar het dossier").click()
    expect(entries(watching, "Dossier van Daan")).to_have_count(1)
    told = coordinator.get("/notifications")["items"]
    assert ("on_behalf_evidence", "Peter") in [(n["kind"], n["payload"].get("by")) for n in told]
    mine.get_by_role("button", name="Verbergen").click()
    expect(mine.locator(".review-state")).to_have_text("Verborgen: alleen jij ziet dit.")
    # Hidden: it leaves the coordinator's timeline at once, and the employer's too.
    expect(entries(watching, "Dossier van Daan")).to_have_count(0)
    expect(entries(phone, "Dossier van Daan")).to_have_count(0)
    assert coordinator.get(f"/dossiers/{pupil.dossier}/evidence")["items"] == []
    assert employer.get(f"/dossiers/{pupil.dossier}/evidence")["items"] == []


def test_reflections_by_pupil_coordinator_and_employer_show_side_by_side(people, builtins):
    pupil, coordinator, employer = people("Daan"), people("Fatima"), people("Peter")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")
    share(pupil, employer, ["view", "reflect"], "employer")
    skills = framework_named(pupil, "Werknemersvaardigheden")
    pupil.call("PUT", f"/dossiers/{pupil.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    wv20 = competency(pupil, skills["id"], "WV.20")
    note = pupil.note("Op tijd begonnen", "Deze week elke dag om 8 uur aanwezig.")
    pupil.post(f"/evidence/{note['id']}/competencies", {"item_id": wv20["id"]})
    for person, text, level in (
        (coordinator, "Goed voorbereid.", 2),
        (employer, "Altijd op tijd.", 3),
    ):
        person.post(
            f"/evidence/{note['id']}/reflections",
            {"model": "free", "content": {"text": text}, "item_id": wv20["id"], "level": level},
        )

    page = pupil.open(f"/item/{note['id']}")
    reflections = page.get_by_role("region", name="Reflecties")
    expect(reflections.get_by_role("article")).to_have_count(2)
    expect(reflections.get_by_role("article").first).to_contain_text("Fatima · coördinator")
    expect(reflections.get_by_role("article").last).to_contain_text(
        "Niveau: Zelfstandig (niveau 3)"
    )

    # The pupil reflects in the app with STARR, on the linked competency, with a level.
    page.get_by_role("button", name="Reflectie schrijven").click()
    page.get_by_label("STARR").check()
    for label, text in (
        ("Situatie", "Mijn eerste stageweek in de keuken."),
        ("Taak", "Elke dag om 8 uur beginnen."),
        ("Actie", "Ik zet twee wekkers."),
        ("Resultaat", "Ik was elke dag op tijd."),
        ("Reflectie", "Het lukt als ik het de avond ervoor voorbereid."),
    ):
        page.get_by_label(label, exact=True).fill(text)
    expect(page.get_by_label("Over welke competentie? (niet verplicht)")).to_have_value(wv20["id"])
    page.get_by_label("Niveau (niet verplicht)").select_option(label="2. Met wat hulp")
    page.get_by_role("button", name="Reflectie opslaan").click()
    expect(reflections.get_by_role("article")).to_have_count(3)
    own = reflections.get_by_role("article").last
    expect(own).to_contain_text("Daan · eigenaar")
    expect(own).to_contain_text("Ik zet twee wekkers.")

    # Editing keeps the history; the earlier wording stays readable.
    own.get_by_role("button", name="Bewerken").click()
    page.get_by_label("Actie", exact=True).fill("Ik zet twee wekkers en pak 's avonds mijn tas in.")
    page.get_by_role("button", name="Opslaan", exact=True).first.click()
    own = reflections.get_by_role("article").last
    expect(own).to_contain_text("bewerkt")
    own.get_by_role("button", name="Eerdere versies tonen").click()
    expect(own.get_by_role("list").last).to_contain_text("Ik zet twee wekkers.")

    # Side by side: one card per role, and the levels over time as a chart and a table.
    page.get_by_role("link", name="WV.20 Instructies en procedures opvolgen").click()
    heading(page, "WV.20 Instructies en procedures opvolgen")
    cards = page.locator(".perspective")
    expect(cards).to_have_count(3)
    expect(cards.locator("h3")).to_have_text(["Eigenaar", "Coördinator", "Werkgever"])
    expect(page.get_by_role("region", name="Eigenaar")).to_contain_text("pak 's avonds mijn tas in")
    expect(page.get_by_role("region", name="Coördinator")).to_contain_text("Goed voorbereid.")
    expect(page.get_by_role("region", name="Werkgever")).to_contain_text("Altijd op tijd.")
    expect(page.get_by_role("region", name="Werkgever")).to_contain_text(
        "Laatste niveau: Zelfstandig (niveau 3"
    )
    expect(
        page.get_by_role("img", name="Grafiek van de niveaus per rol door de tijd")
    ).to_be_visible()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(4)  # a header and one level per role
    expect(page.get_by_role("table")).to_contain_text("Werkgever")
    fits_the_phone(page)

    # The coverage card of the competency names who reflected and their latest levels.
    page.get_by_role("link", name="Terug naar de competenties").click()
    card = page.locator(".cov", has_text="WV.20")
    expect(card).to_contain_text("Reflectie van: Coördinator, Werkgever, Eigenaar")
    expect(card).to_contain_text("Werkgever: Zelfstandig")


def test_an_invitation_by_email_is_accepted_after_signing_up(people, smtp, screenshot):
    owner = people("Daan")
    owner.note("Eerste stagedag", "Kennismaken met het team.")
    page = owner.open("/people")
    heading(page, "Wie mag meekijken")
    expect(page.get_by_text("Nog niemand mag meekijken.")).to_be_visible()
    invitee = people("Peter", signed_up=False)
    page.get_by_label("E-mailadres").fill(invitee.email)
    page.get_by_label("Rol").select_option(label="Werkgever")
    page.get_by_role("checkbox", name=re.compile("^Reflecteren")).check()
    page.get_by_label("Tot en met (niet verplicht)").fill("2099-12-31")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_have_text(
        f"De uitnodiging is verstuurd naar {invitee.email}."
    )
    token = invitation_token(smtp, invitee.email)
    mail = invitation_mail(smtp, invitee.email)
    assert mail["Subject"] == "Daan nodigt je uit in Bagage"
    body = mail_text(mail)
    assert "Daan nodigt je als werkgever uit" in body
    assert "Je mag het portfolio van Daan bekijken en erop reflecteren." in body
    assert "Deze toegang loopt tot en met 31 december 2099." in body
    words = re.sub(r"http\S+", "", body)
    assert not re.search(r"\b(view|reflect|contribute)\b", words), words  # no scope codes
    pending = page.get_by_role("list", name="Uitnodigingen die nog open staan").get_by_role(
        "listitem"
    )
    expect(pending).to_have_count(1)
    expect(pending.first).to_contain_text(invitee.email)
    expect(pending.first).to_contain_text("werkgever")

    # A second invitation, sent to the wrong address, is withdrawn: its link stops working.
    page.get_by_label("E-mailadres").fill("verkeerd@example.nl")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(pending).to_have_count(2)
    wrong = invitation_token(smtp, "verkeerd@example.nl")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Intrekken: verkeerd@example.nl").click()
    expect(page.get_by_role("status")).to_have_text(
        "De uitnodiging voor verkeerd@example.nl is ingetrokken."
    )
    expect(pending).to_have_count(1)
    assert owner.context.request.get(f"/api/v1/invitations/{wrong}").status == 404

    # The mailed link, in the invitee's own browser: log in (here: sign up) first, with the
    # invited address filled in.
    link = invitee.open(f"/invitation/{token}")
    expect(
        link.get_by_text(
            f"Daan nodigt je uit in Bagage. Log in, of maak een account met {invitee.email}."
        )
    ).to_be_visible()
    expect(link.get_by_label("E-mailadres")).to_have_value(invitee.email)
    assert_accessible(link, "login with the invitation notice")
    screenshot(link, "invitation-login")
    link.get_by_role("button", name="Nog geen account? Maak er een").click()
    link.get_by_label("Je naam").fill("Peter")
    expect(link.get_by_label("E-mailadres")).to_have_value(invitee.email)
    link.get_by_label("Wachtwoord", exact=True).fill("correct horse battery")
    link.get_by_role("button", name="Account maken", exact=True).click()
    verify_email(link, invitee.email)
    heading(link, "Uitnodiging")
    # Written for the one invited: what they may do in Daan's dossier, not scope names.
    expect(link.get_by_text("Daan nodigt je uit als werkgever. Je mag dan:")).to_be_visible()
    may = link.locator(".invitation-may").get_by_role("listitem")
    expect(may).to_have_text(
        ["het bewijs van Daan bekijken", "reflecteren en niveaus geven bij het bewijs van Daan"]
    )
    expect(link.get_by_text("namens jou")).to_have_count(0)
    expect(link.get_by_text("Deze toegang loopt tot en met 31 dec 2099.")).to_be_visible()
    expect(link.get_by_text("Deze uitnodiging geldt tot en met")).to_be_visible()
    assert_accessible(link, "invitation")
    screenshot(link, "invitation")
    link.get_by_role("button", name="Uitnodiging aannemen").click()
    heading(link, "Dossier van Daan")
    expect(entries(link, "Dossier van Daan")).to_have_count(1)
    expect(entries(link, "Dossier van Daan").first).to_contain_text("Eerste stagedag")
    link.get_by_role("button", name="Menu", exact=True).click()
    link.get_by_role("link", name="Mijn stagiairs").click()
    shared = link.get_by_role("list", name="Mijn stagiairs").get_by_role("listitem")
    expect(shared).to_have_count(1)
    expect(shared.first).to_contain_text("Daan")
    expect(shared.first).to_contain_text("Werkgever")

    # The owner sees the grant, changes it, reads the access log, and revokes it at once.
    page.reload()
    grant = page.get_by_role("list", name="Toegang die je gaf").get_by_role("listitem")
    expect(grant).to_have_count(1)
    expect(grant.first).to_contain_text("Peter")
    expect(grant.first).to_contain_text("Mag: Bekijken, Reflecteren")
    grant.first.get_by_role("button", name="Wijzigen: Peter").click()
    grant.first.get_by_role("checkbox", name=re.compile("^Bijdragen")).check()
    grant.first.get_by_role("button", name="Opslaan").click()
    expect(grant.first).to_contain_text("Mag: Bekijken, Reflecteren, Bijdragen")
    page.get_by_role("link", name="Toegangslog").click()
    log = page.get_by_role("list").filter(has_text="gaf toegang")
    expect(log).to_contain_text("Peter (werkgever) bekeek je tijdlijn")
    expect(log).to_contain_text("wijzigde een toegang")
    # The terms in plain Dutch, not as codes.
    expect(log).to_contain_text("Peter als werkgever: Bekijken, Reflecteren, Bijdragen")
    expect(log).not_to_contain_text("as employer")
    page.get_by_role("link", name="Terug naar wie mag meekijken").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Intrekken: Peter").click()
    expect(page.get_by_text("Nog niemand mag meekijken.")).to_be_visible()
    link.reload()
    expect(link.get_by_text("Nog niemand heeft een dossier met je gedeeld.")).to_be_visible()


def test_a_contributor_adds_a_note_to_the_dossier_shared_with_him(people):
    """The add screen works for someone else's dossier too; what he added stays his to edit."""
    pupil, employer = people("Daan"), people("Peter")
    share(pupil, employer, ["view", "contribute"], "employer")
    page = employer.open(f"/d/{pupil.dossier}")
    heading(page, "Dossier van Daan")
    page.get_by_role("link", name="Toevoegen").click()
    heading(page, "Toevoegen aan het dossier van Daan")
    page.get_by_label("Notitie").check()
    page.get_by_label("Tekst").fill("Daan hielp een collega.")
    page.get_by_role("button", name="Opslaan").click()
    heading(page, "Dossier van Daan")
    expect(page.get_by_role("list", name="Dossier van Daan").get_by_role("listitem")).to_have_count(
        1
    )
    expect(page.get_by_role("status")).to_have_text("Toegevoegd aan het dossier.", timeout=30_000)
    page.get_by_role("list", name="Dossier van Daan").get_by_role("link").first.click()
    expect(
        page.get_by_role("heading", name="Bewerken")
    ).to_be_visible()  # his own: he may change it
    expect(page.get_by_role("button", name="Verwijderen")).to_have_count(
        0
    )  # removing is the owner's
    page.get_by_role("link", name="Terug naar het dossier").click()
    heading(page, "Dossier van Daan")
    page.goto("/#/")
    heading(page, "Mijn dossier")
    expect(page.get_by_text("Nog niets in je dossier")).to_be_visible()
    items = pupil.get(f"/dossiers/{pupil.dossier}/evidence")["items"]
    assert [i["created_role"] for i in items] == ["employer"]


def test_the_conversation_shares_an_attachment_the_owner_keeps_as_evidence(people, photo):
    pupil, employer = people("Daan"), people("Peter")
    share(pupil, employer, ["view", "reflect", "contribute"], "employer")
    mine = pupil.open(f"/dossier/{pupil.dossier}/conversation")
    expect(mine.get_by_text("Nog geen berichten.")).to_be_visible()

    coordinator = people("Fatima")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")
    elsewhere = coordinator.open("/frameworks")  # her app is open, not on Daan's dossier
    expect(bell(elsewhere, 1)).to_be_visible()  # Daan shared his dossier with her
    talk = employer.open(f"/dossier/{pupil.dossier}/conversation")
    heading(talk, "Gesprek over het dossier van Daan")
    # He can mention the owner and the coordinator, though neither wrote anything yet.
    talk.get_by_label("Bericht", exact=True).fill("@Fatima zie je dit ook?")
    talk.get_by_role("checkbox", name=re.compile("^Fatima")).check()
    expect(talk.get_by_role("checkbox", name=re.compile("^Daan"))).to_be_visible()
    talk.get_by_role("button", name="Versturen").click()
    expect(talk.get_by_role("log")).to_contain_text("Genoemd: Fatima")
    assert coordinator.get("/notifications")["items"][0]["kind"] == "mention"
    expect(bell(elsewhere, 2)).to_be_visible()  # at once, not at the next poll
    talk.get_by_label("Bericht", exact=True).fill("De mise-en-place van vandaag.")
    talk.get_by_label("Bijlage (niet verplicht)").set_input_files(photo)
    talk.get_by_role("button", name="Versturen").click()
    expect(talk.get_by_role("log")).to_contain_text("De mise-en-place van vandaag.")
    expect(talk.get_by_role("log")).to_contain_text("Alleen in het gesprek")

    # Live for the pupil: the message with its thumbnail; he keeps it as evidence.
    message = mine.get_by_role("log").get_by_role("listitem").filter(has_text="mise-en-place")
    expect(message).to_have_count(1)
    expect(message.first).to_contain_text("Peter · werkgever")
    thumbnail = message.first.locator("img")
    expect(thumbnail).to_be_visible()
    mine.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    message.first.get_by_role("button", name=re.compile("^Bewaar als bewijs")).click()
    expect(message.first).to_contain_text("In het dossier")
    mine.get_by_role("link", name="Terug naar mijn dossier").click()
    expect(entries(mine, "Mijn dossier").first).to_contain_text("De mise-en-place van vandaag.")


def test_organisations_and_access_through_a_shared_organisation(people):
    coordinator, pupil = people("Fatima"), people("Daan")
    page = coordinator.open("/organisations")
    heading(page, "Organisaties")
    expect(page.get_by_text("Je bent nog geen lid van een organisatie.")).to_be_visible()
    page.get_by_label("Naam").fill("Het Baken (vso)")
    page.get_by_label("Onderwijs (school, opleiding)").check()
    page.get_by_role("button", name="Aanmaken").click()
    heading(page, "Het Baken (vso)")
    expect(page.get_by_text("Onderwijs (school, opleiding) · jij: beheerder")).to_be_visible()
    page.get_by_label("E-mailadres").fill("nobody-here@example.nl")
    page.get_by_role("button", name="Toevoegen").click()
    expect(
        page.get_by_text("Niemand met dit e-mailadres gebruikt Bagage al.").first
    ).to_be_visible()
    page.get_by_label("E-mailadres").fill(pupil.email)
    page.get_by_label("Rol").select_option(label="Leerling of student")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Daan is gevraagd lid te worden.")
    members = page.get_by_role("list", name="Leden").get_by_role("listitem")
    expect(members).to_have_count(2)
    expect(members.last).to_contain_text("Daan")
    expect(members.last).to_contain_text("wacht op antwoord")

    # The pupil is asked, and says yes in her notifications' organisation screen.
    mine = pupil.open("/notifications")
    mine.get_by_role("link", name="Fatima vraagt je lid te worden van Het Baken (vso)").click()
    heading(mine, "Organisaties")
    expect(mine.get_by_text("Het Baken (vso) vraagt je lid te worden als leerling")).to_be_visible()
    assert_accessible(mine, "an organisation asking to join")
    mine.get_by_role("button", name="Ja, lid worden").click()
    expect(mine.get_by_role("status")).to_have_text("Je bent nu lid van Het Baken (vso).")
    expect(mine.get_by_role("link", name="Het Baken (vso)")).to_be_visible()

    # The pupil lets her in from the organisation they share.
    mine = pupil.open("/people")
    mine.get_by_label("Uit je organisatie").check()
    mine.get_by_label("Persoon").select_option(label="Fatima (beheerder)")
    mine.get_by_role("checkbox", name=re.compile("^Reflecteren")).check()
    mine.get_by_role("button", name="Toegang geven").click()
    grant = mine.get_by_role("list", name="Toegang die je gaf").get_by_role("listitem")
    expect(grant.first).to_contain_text("via een gedeelde organisatie")
    assert [s["owner"]["display_name"] for s in coordinator.get("/shared-dossiers")] == ["Daan"]

    # The pupil leaves the school: the access that came with it ends at once.
    mine.get_by_role("button", name="Menu", exact=True).click()
    mine.get_by_role("navigation", name="Onderdelen").get_by_role(
        "link", name="Organisaties"
    ).click()
    mine.get_by_role("link", name="Het Baken (vso)").click()
    mine.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name="Verlaten: Het Baken (vso)").click()
    heading(mine, "Organisaties")
    expect(mine.get_by_text("Je bent nog geen lid van een organisatie.")).to_be_visible()
    assert coordinator.get("/shared-dossiers") == []


def test_an_administrator_gives_the_school_an_address_and_a_logo_members_see(people):
    """The profile that heads the school's reports: the administrator edits name and address
    and uploads a logo (a refused file is said in words and changes nothing); a member sees it."""
    admin, teacher = people("Marleen"), people("Fatima")
    school = organisation_with(admin, teacher, "coordinator", "Het Baken")

    page = admin.open(f"/organisation/{school['id']}")
    heading(page, "Het Baken")
    profile = page.get_by_role("region", name="Op verslagen")
    expect(profile.get_by_text("Nog geen logo.")).to_be_visible()
    details = profile.get_by_role("form", name="Naam en adres")
    details.get_by_label("Naam").fill("")
    details.get_by_role("button", name="Opslaan").click()
    expect(details.locator('[data-error-for="name"]')).to_have_text("Vul een naam in.")
    details.get_by_label("Naam").fill("Het Baken (vso)")
    details.get_by_label("Adres").fill("Schoolstraat 1\n1234 AB Utrecht")
    details.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".toast")).to_have_text("De gegevens zijn opgeslagen.")
    heading(page, "Het Baken (vso)")

    logo = profile.get_by_role("form", name="Logo")
    upload = logo.get_by_role("button", name="Logo opslaan")
    upload.click()
    expect(logo.get_by_role("alert")).to_have_text("Kies eerst een afbeelding voor het logo.")
    # Not a picture (415) and too large (413): refused in words about logos.
    logo.get_by_label("Nieuw logo").set_input_files(
        {"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": b"<svg onload=alert(1)></svg>"}
    )
    upload.click()
    expect(logo.get_by_role("alert")).to_have_text(
        "Dit is geen afbeelding die als logo kan: kies een PNG, JPEG, WebP, HEIC of GIF."
    )
    logo.get_by_label("Nieuw logo").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": b"x" * (2 * 1024 * 1024 + 1)}
    )
    upload.click()
    expect(logo.get_by_role("alert")).to_have_text(
        "Dit logo is te groot: kies een afbeelding van hoogstens 2 MB."
    )
    assert admin.get("/organisations")[0]["logo_url"] is None
    jpeg = demo_photo(random.Random(3), (900, 400))
    logo.get_by_label("Nieuw logo").set_input_files(
        {"name": "logo.jpg", "mimeType": "image/jpeg", "buffer": jpeg}
    )
    upload.click()
    expect(page.locator(".toast")).to_have_text("Het logo is opgeslagen.")
    shown = logo.get_by_role("img", name="Logo van Het Baken (vso)")
    expect(shown).to_be_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 600
    assert_accessible(page, "an organisation's profile, as administrator")
    fits_the_phone(page)

    # A member sees the name, address and logo, and cannot change them.
    theirs = teacher.open(f"/organisation/{school['id']}")
    heading(theirs, "Het Baken (vso)")
    seen = theirs.get_by_role("region", name="Op verslagen")
    expect(seen.get_by_role("img", name="Logo van Het Baken (vso)")).to_be_visible()
    expect(seen).to_contain_text("Schoolstraat 1")
    expect(seen.get_by_role("textbox")).to_have_count(0)
    expect(seen.get_by_role("button")).to_have_count(0)
    refused = teacher.call("PATCH", f"/organisations/{school['id']}", {"name": "x"},
                           expected=(403,))  # fmt: skip
    assert refused["error"]["code"] == "forbidden"


def test_no_serious_accessibility_violations_on_the_new_screens(people, builtins, photo):
    pupil, coordinator, employer = people("Daan"), people("Fatima"), people("Peter")
    share(pupil, coordinator, ["view", "reflect"], "coordinator")
    share(pupil, employer, ["view", "reflect", "contribute"], "employer")
    skills = framework_named(pupil, "Werknemersvaardigheden")
    pupil.call("PUT", f"/dossiers/{pupil.dossier}/frameworks", {"framework_ids": [skills["id"]]})
    wv20 = competency(pupil, skills["id"], "WV.20")
    note = pupil.note("Op tijd begonnen", "Elke dag om 8 uur.")
    pupil.post(
        f"/evidence/{note['id']}/competencies", {"item_id": wv20["id"], "note": "Twee wekkers."}
    )
    for person, level in ((pupil, 1), (coordinator, 2), (employer, 3)):
        person.post(
            f"/evidence/{note['id']}/reflections",
            {"model": "starr" if person is pupil else "free",
             "content": {"situatie": "Stageweek."} if person is pupil else {"text": "Goed."},
             "item_id": wv20["id"], "level": level},
        )  # fmt: skip
    on_behalf = employer.call(
        "POST", f"/dossiers/{pupil.dossier}/evidence", multipart={"title": "Daan bij de kassa"}
    )
    employer.call(
        "POST",
        f"/dossiers/{pupil.dossier}/messages/attachment",
        multipart={
            "body": "Foto van vandaag",
            "file": {"name": "k.jpg", "mimeType": "image/jpeg", "buffer": photo.read_bytes()},
        },
    )
    pupil.post(
        f"/dossiers/{pupil.dossier}/messages",
        {"body": "@Fatima kijk jij?", "mentions": [coordinator.id]},
    )
    line = pupil.post("/frameworks", {"title": "Leerlijn keuken"})
    first = pupil.post(
        f"/frameworks/{line['id']}/items", {"full_statement": "Mise-en-place", "human_code": "K.1"}
    )
    pupil.post(
        f"/frameworks/{line['id']}/items", {"full_statement": "Snijden", "parent_id": first["id"]}
    )

    page = pupil.open("/")
    expect(page.locator(".added-by")).to_have_count(2)  # the note, and the attachment (hidden)
    assert_accessible(page, "timeline with an item added by someone else")
    page.get_by_role("button", name="Menu", exact=True).click()
    assert_accessible(page, "menu with its links")
    page.keyboard.press("Escape")

    page.goto(f"/#/item/{on_behalf['id']}")
    expect(page.get_by_role("heading", name="Toegevoegd namens jou")).to_be_visible()
    assert_accessible(page, "detail: keep, hide or remove")

    page.goto(f"/#/item/{note['id']}")
    expect(page.get_by_role("region", name="Reflecties").get_by_role("article")).to_have_count(3)
    page.get_by_role("button", name="Koppel competentie").click()
    expect(page.get_by_label("Zoek een competentie")).to_be_focused()
    page.keyboard.type("samenwerken")
    expect(page.get_by_role("button", name=re.compile(r"^WV\.5"))).to_be_visible()
    page.get_by_role("button", name="Reflectie schrijven").click()
    page.get_by_label("Korthagen").check()
    assert_accessible(page, "detail: competencies, the link search, reflections and the form")

    screens = [
        (f"/dossier/{pupil.dossier}/coverage", "Competenties"),
        (
            f"/dossier/{pupil.dossier}/competency/{skills['id']}/{wv20['id']}",
            "WV.20 Instructies en procedures opvolgen",
        ),
        ("/frameworks", "Mijn kaders"),
        (f"/framework/{line['id']}", "Leerlijn keuken"),
        (f"/framework/{skills['id']}", re.compile("^Werknemersvaardigheden")),
        ("/people", "Wie mag meekijken"),
        ("/access-log", "Toegangslog"),
        ("/organisations", "Organisaties"),
        ("/people/mine", "Mijn mensen"),
        (f"/dossier/{pupil.dossier}/conversation", "Gesprek over mijn dossier"),
        ("/notifications", "Meldingen"),
    ]
    for path, title in screens:
        page.goto(f"/#{path}")
        heading(page, title)
        expect(page.locator(".loading-line")).to_have_count(0)
        assert_accessible(page, path)
        fits_the_phone(page)

    page.goto("/#/people")
    page.get_by_role("button", name="Wijzigen: Fatima").click()
    grants = page.get_by_role("list", name="Toegang die je gaf")
    grants.get_by_label("Alleen gekozen bewijsstukken").check()
    expect(grants.get_by_role("checkbox", name=re.compile("^Op tijd begonnen"))).to_be_visible()
    page.get_by_label("Uit je organisatie").check()
    expect(page.get_by_label("Persoon")).to_be_visible()
    assert_accessible(page, "people: a grant being changed, inviting from an organisation")

    organisation = coordinator.get("/organisations")[0]
    theirs = coordinator.open(f"/organisation/{organisation['id']}")
    heading(theirs, organisation["name"])
    assert_accessible(theirs, "an organisation with its members, as administrator")
    theirs.goto(f"/#/d/{pupil.dossier}")
    heading(theirs, "Dossier van Daan")
    # The note; what Peter added waits for Daan to keep it, so Fatima does not see it yet.
    expect(entries(theirs, "Dossier van Daan")).to_have_count(1)
    assert_accessible(theirs, "a dossier shared with me")
    theirs.goto(f"/#/dossier/{pupil.dossier}/conversation")
    heading(theirs, "Gesprek over het dossier van Daan")
    assert_accessible(theirs, "the conversation, as coordinator")


def test_a_push_message_becomes_a_notification_in_the_persons_language(people, live_server):
    pupil = people("Daan")
    pupil.context.grant_permissions(["notifications"])
    page = pupil.open("/notifications")
    wait_for_service_worker(page)
    # This server has no VAPID key (tests): the button says so instead of failing silently.
    page.get_by_role("button", name="Pushmeldingen aan").click()
    expect(page.get_by_text("Pushmeldingen zijn op deze server niet ingesteld.")).to_be_visible()

    # What a push service delivers, handed to the service worker by DevTools.
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # Each check is a round trip to the page, during which Playwright delivers DevTools events.
    wait_until(lambda: page.evaluate("true") and registrations, what="the worker's registration")
    payload = {
        "title": "Daan aan de snijtafel",  # the item's title, as the server sends it
        "kind": "on_behalf_evidence",
        "by": "Peter",
        "role": "employer",
        "evidence_id": "0b6f3a8e-4a53-4d3c-9c55-2f1d5e0a7c11",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registrations[0]["registrationId"],
            "data": json.dumps(payload),
        },
    )
    title, hash_ = wait_until(  # the service worker shows it asynchronously
        lambda: page.evaluate(
            """() => navigator.serviceWorker.ready
                .then(r => r.getNotifications())
                .then(list => list.length ? [list[0].title, list[0].data.hash] : null)"""
        ),
        timeout=5,
        every=0.1,
        what="the notification",
    )
    assert title == "Peter (werkgever) voegde “Daan aan de snijtafel” toe aan je dossier"
    assert hash_ == f"#/item/{payload['evidence_id']}"


def test_an_open_dossier_is_left_when_the_owner_revokes_access(people):
    pupil, coordinator = people("Daan"), people("Fatima")
    grant = share(pupil, coordinator, ["view", "reflect"], "coordinator")
    pupil.note("Gedeeld", "Nog zichtbaar.")
    watching = coordinator.open(f"/d/{pupil.dossier}")
    heading(watching, "Dossier van Daan")
    expect(entries(watching, "Dossier van Daan")).to_have_count(1)

    pupil.call("DELETE", f"/grants/{grant['id']}", expected=(204,))
    # The live stream says so and ends; the app leaves the dossier and tells her why.
    expect(watching.get_by_role("status")).to_have_text("Je toegang tot dit dossier is beëindigd.")
    heading(watching, "Mijn dossier")


def test_access_that_ended_before_the_live_stream_began_still_leaves_the_dossier(people):
    pupil, coordinator = people("Daan"), people("Fatima")
    grant = share(pupil, coordinator, ["view", "reflect"], "coordinator")
    pupil.note("Gedeeld", "Nog zichtbaar.")
    release = coordinator.hold_dossier_streams()
    watching = coordinator.open(f"/d/{pupil.dossier}")
    expect(entries(watching, "Dossier van Daan")).to_have_count(1)
    pupil.call("DELETE", f"/grants/{grant['id']}", expected=(204,))
    # The stream is refused, not ended; the app still finds out and leaves.
    release()
    expect(watching.get_by_role("status")).to_have_text("Je toegang tot dit dossier is beëindigd.")
    heading(watching, "Mijn dossier")
