"""The school side invites the workplace, each person on their own phone: the coordinator
proposes the supervisor from the pupil's dossier, the pupil hears of it live and agrees with one
tap, the coordinator's screen follows along; the pupil sees where the access came from and ends
it; and with a standing consent the supervisor is invited at once."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.people_flows import (
    Person,
    assert_accessible,
    bell,
    count_taps,
    fits_the_phone,
    heading,
    taps,
)
from tests.waiting import wait_until


def supervisor_address() -> str:
    """A new address each time: the supervisor's guest account stays in the live database."""
    return f"jan-{uuid.uuid4().hex[:8]}@korenaar.example"


def school_with(admin: Person, pupil: Person, coordinator: Person) -> dict:
    """Het Baken with the pupil and its coordinator, who supports the pupil (a grant)."""
    school = admin.post("/organisations", {"name": "Het Baken", "kind": "education"})
    for person, role in ((pupil, "student"), (coordinator, "coordinator")):
        offer = admin.post(
            f"/organisations/{school['id']}/members", {"email": person.email, "role": role}
        )
        person.post(f"/memberships/{offer['id']}/accept", {})
    pupil.post(
        f"/dossiers/{pupil.dossier}/grants",
        {"user_id": coordinator.id, "organisation_id": school["id"],
         "scopes": ["view", "reflect"], "role": "coordinator"},
    )  # fmt: skip
    return school


def propose(page: Page, supervisor_email: str) -> None:
    """On the Stage screen: the form, filled in as a coordinator does."""
    form = page.get_by_role("form", name="Stagebegeleider uitnodigen")
    form.get_by_label("Bedrijf").fill("Bakkerij De Korenaar")
    form.get_by_label("Naam van de stagebegeleider").fill("Jan Peeters")
    form.get_by_label("E-mailadres van de stagebegeleider").fill(supervisor_email)
    form.get_by_label("Eerste stagedag").fill("2030-03-01")
    form.get_by_label("Laatste stagedag").fill("2030-04-30")
    form.get_by_role("button", name="Uitnodigen").click()


def internship_card(page: Page):
    return (
        page.get_by_role("list", name="Stages")
        .get_by_role("listitem")
        .filter(has_text="Bakkerij De Korenaar")
    )


def mail_to(smtp, address: str):
    return wait_until(
        lambda: next((m for m in smtp if m["To"] == address), None), what=f"a mail to {address}"
    )


def test_the_coordinator_invites_the_supervisor_and_the_pupil_agrees_with_one_tap(
    people, smtp, screenshot
):
    pupil, coordinator, admin = people("Daan"), people("Mevr. De Smet"), people("Beheer")
    school_with(admin, pupil, coordinator)
    jan = supervisor_address()

    # Daan has his app open.
    mine = pupil.open("/")
    heading(mine, "Mijn dossier")
    expect(bell(mine, 0)).to_be_visible()

    # The coordinator, from Daan's dossier: Stage → the form, everything allowed by default.
    page = coordinator.open(f"/d/{pupil.dossier}")
    heading(page, "Dossier van Daan")
    nav = page.get_by_role("navigation", name="Dit dossier")
    nav.get_by_role("link", name="Stage", exact=True).click()
    heading(page, "Stage")
    expect(page.get_by_text("Er is nog geen stage die jij voorstelde.")).to_be_visible()
    scopes = page.get_by_role("group", name="Wat mag de stagebegeleider?")
    for words in ("Bewijs bekijken dat Daan laat zien", "Reflecteren en een niveau geven",
                  "Foto's en notities toevoegen namens Daan"):  # fmt: skip
        expect(scopes.get_by_label(words)).to_be_checked()
    expect(page.get_by_label("Nederlands")).to_be_checked()
    assert_accessible(page, "the Stage screen")
    screenshot(page, "internship-1-coordinator-form")
    propose(page, jan)
    expect(page.get_by_role("status").filter(has_text="Verstuurd")).to_have_text(
        "Verstuurd. Wacht op akkoord van Daan."
    )
    card = internship_card(page)
    expect(card).to_contain_text("Wacht op akkoord van Daan")
    expect(card).to_contain_text("Jan Peeters")

    # Daan's bell counts it at once; the notification opens the question in plain words.
    expect(bell(mine, 1)).to_be_visible()
    bell(mine, 1).click()
    heading(mine, "Meldingen")
    mine.get_by_role("link", name=re.compile("Mevr. De Smet stelt een stage voor")).click()
    heading(mine, "Een stage voor jou")
    question = mine.locator(".internship-question")
    expect(question).to_contain_text("Mevr. De Smet van Het Baken vraagt of je akkoord gaat.")
    expect(question).to_contain_text("Jan Peeters")
    expect(question).to_contain_text("Bakkerij De Korenaar")
    expect(question).to_contain_text("Foto's en notities toevoegen in jouw dossier")
    assert_accessible(mine, "the pupil's question")
    screenshot(mine, "internship-2-pupil-question")
    count_taps(mine)
    mine.get_by_role("button", name="Akkoord", exact=True).click()
    expect(
        mine.get_by_text("Je ging akkoord. Jan Peeters krijgt een link per e-mail.")
    ).to_be_visible()
    assert taps(mine) == 1
    fits_the_phone(mine)

    # The coordinator's screen says so without a reload; Jan has his link.
    expect(card).to_contain_text("Goedgekeurd: Jan Peeters kreeg een link per e-mail")
    screenshot(page, "internship-3-coordinator-approved")
    body = mail_to(smtp, jan).get_payload(decode=True).decode()
    assert "#/werkplek/" in body and "Mevr. De Smet" in body

    # Daan's sharing screen says where Jan's access came from, and he ends it there.
    mine.get_by_role("link", name="Naar Delen").click()
    heading(mine, "Wie mag meekijken")
    access = (
        mine.get_by_role("list", name="Toegang die je gaf")
        .get_by_role("listitem")
        .filter(has_text="Jan Peeters")
    )
    expect(access).to_contain_text(
        re.compile(r"uitgenodigd door Mevr\. De Smet voor de stage bij Bakkerij De Korenaar, tot ")
    )
    expect(access).to_contain_text("tot en met 30 mei 2030")  # 30 days to sign the report
    assert_accessible(mine, "the sharing screen")
    screenshot(mine, "internship-4-pupil-sharing")
    mine.once("dialog", lambda dialog: dialog.accept())
    access.get_by_role("button", name="Beëindigen: Jan Peeters").click()
    expect(mine.get_by_role("status").filter(has_text="beëindigd")).to_have_text(
        "De stage bij Bakkerij De Korenaar is beëindigd."
    )
    expect(access).to_have_count(0)
    expect(card).to_contain_text("Beëindigd")

    # His access log says who proposed whom, who agreed and who ended it.
    mine.get_by_role("link", name="Toegangslog").click()
    heading(mine, "Toegangslog")
    log = mine.get_by_role("list").filter(has_text="stelde een stage voor")
    expect(log).to_contain_text(
        re.compile(
            r"Mevr\. De Smet \(coördinator\) stelde een stage voor: Jan Peeters "
            r"\(Bakkerij De Korenaar\), 1 mrt 2030 – 30 apr 2030: Bekijken, Reflecteren, Bijdragen"
        )
    )
    expect(log).to_contain_text("Daan ging akkoord met de stage: Jan Peeters (Bakkerij De")
    expect(log).to_contain_text("Daan beëindigde de stage")
    screenshot(mine, "internship-6-pupil-access-log")


def test_with_a_standing_consent_the_supervisor_is_invited_at_once(people, smtp, screenshot):
    pupil, coordinator, admin = people("Daan"), people("Mevr. De Smet"), people("Beheer")
    school_with(admin, pupil, coordinator)
    jan = supervisor_address()

    # Daan lets his school arrange internships, on his sharing screen.
    mine = pupil.open("/people")
    heading(mine, "Wie mag meekijken")
    consent = mine.get_by_role("switch", name="Het Baken mag stages voor mij regelen")
    expect(consent).not_to_be_checked()
    consent.check()
    expect(mine.get_by_role("status").filter(has_text="Het Baken")).to_have_text(
        "Het Baken mag nu stages voor je regelen."
    )
    expect(consent).to_be_checked()
    screenshot(mine, "internship-5-pupil-consent")

    page = coordinator.open(f"/dossier/{pupil.dossier}/internships")
    heading(page, "Stage")
    page.get_by_label("English").check()
    propose(page, jan)
    expect(page.get_by_role("status").filter(has_text="Goedgekeurd")).to_have_text(
        "Goedgekeurd: Jan Peeters krijgt een link per e-mail."
    )
    expect(internship_card(page)).to_contain_text("Goedgekeurd")
    mail = mail_to(smtp, jan)
    assert mail["Subject"] == "Daan's internship at Bakkerij De Korenaar"

    # Switched off again, the next proposal waits for him.
    mine.reload()
    consent = mine.get_by_role("switch", name="Het Baken mag stages voor mij regelen")
    consent.uncheck()
    expect(mine.get_by_role("status").filter(has_text="Het Baken")).to_have_text(
        "Het Baken vraagt het je voortaan eerst."
    )
    propose(page, supervisor_address())
    expect(page.get_by_role("status").filter(has_text="Verstuurd")).to_have_text(
        "Verstuurd. Wacht op akkoord van Daan."
    )


def test_a_proposal_appears_on_the_pupils_open_sharing_screen(people):
    pupil, coordinator, admin = people("Daan"), people("Mevr. De Smet"), people("Beheer")
    school_with(admin, pupil, coordinator)
    page = pupil.open("/people")
    heading(page, "Wie mag meekijken")
    expect(page.get_by_text("Stages om over te beslissen")).to_have_count(0)
    coordinator.post(f"/dossiers/{pupil.dossier}/internships", {
        "workplace": "Bakkerij De Korenaar", "supervisor_name": "Jan Peeters",
        "supervisor_email": supervisor_address(), "starts_on": "2030-03-01",
        "ends_on": "2030-04-30", "scopes": ["view", "reflect"],
    })  # fmt: skip
    # No reload: the question is there to decide on.
    expect(page.get_by_text("Stages om over te beslissen")).to_be_visible()
    expect(page.get_by_text(re.compile("vraagt of Jan Peeters"))).to_be_visible()


def test_a_proposal_made_before_the_live_stream_began_still_appears(people):
    pupil, coordinator, admin = people("Daan"), people("Mevr. De Smet"), people("Beheer")
    school_with(admin, pupil, coordinator)
    release = pupil.hold_dossier_streams()
    # The proposal is made once the screen has loaded its internships: between load and stream.
    loaded = f"/dossiers/{pupil.dossier}/internships"
    with pupil.context.expect_event(
        "requestfinished", lambda r: r.method == "GET" and r.url.endswith(loaded)
    ):
        page = pupil.open("/people")
    heading(page, "Wie mag meekijken")
    coordinator.post(f"/dossiers/{pupil.dossier}/internships", {
        "workplace": "Bakkerij De Korenaar", "supervisor_name": "Jan Peeters",
        "supervisor_email": supervisor_address(), "starts_on": "2030-03-01",
        "ends_on": "2030-04-30", "scopes": ["view", "reflect"],
    })  # fmt: skip
    expect(page.get_by_text("Stages om over te beslissen")).to_have_count(0)
    # The stream begins after the proposal: the screen loads again and shows it.
    release()
    expect(page.get_by_text("Stages om over te beslissen")).to_be_visible()
