"""The account lifecycle on a phone: the code after signing up, the banner of an unconfirmed
account, the link in the verification mail, and a forgotten password."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.browser.flows import PASSWORD, log_out, sign_up, unique_email
from tests.browser.people_flows import assert_accessible
from tests.live import SERVERS, mailed_code


def _last_mail_body(address: str) -> str:
    bodies = [
        m["body"]
        for server in SERVERS
        for m in server.app.extensions.get("mail_outbox", [])
        if m["to"] == address
    ]
    assert bodies, f"no mail to {address}"
    return bodies[-1]


def test_a_forgotten_password_is_reset_with_the_mailed_link(page: Page):
    email = sign_up(page, "Lotte")
    log_out(page)
    page.get_by_role("button", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", name="Wachtwoord vergeten")).to_be_visible()
    assert_accessible(page, "forgotten password")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_text("Als er een account bij dit adres hoort")).to_be_visible()

    link = re.search(r"https?://\S+#/reset/\S+", _last_mail_body(email)).group(0)
    page.goto("/" + link[link.index("#") :])
    expect(page.get_by_role("heading", name="Nieuw wachtwoord kiezen")).to_be_visible()
    assert_accessible(page, "choose a new password")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("qwertyuiop")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_text("Dit wachtwoord is een van de meest gebruikte").first).to_be_visible()
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een nieuw lang wachtwoord")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_text("Je nieuwe wachtwoord is opgeslagen. Log ermee in.")).to_be_visible()

    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill("een nieuw lang wachtwoord")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()


def test_an_unconfirmed_account_is_asked_for_the_code_and_the_mailed_link_confirms_it(page: Page):
    email = unique_email("Noor")
    r = page.request.post(
        "/api/v1/auth/register", data={"email": email, "password": PASSWORD, "display_name": "Noor"}
    )
    assert r.status == 202
    # Logging in with the password works; the banner asks for the code.
    page.goto("/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    banner = page.get_by_role("region", name="Bevestig je e-mailadres")
    expect(banner).to_contain_text("kan niemand je toevoegen of uitnodigen")
    assert_accessible(page, "timeline with the banner of an unconfirmed address")
    banner.get_by_label("Code uit de mail").fill("12345")
    banner.get_by_role("button", name="Bevestigen").click()
    expect(banner.get_by_text("Vul de 6 cijfers uit de mail in.")).to_be_visible()
    banner.get_by_role("button", name="Stuur een nieuwe code").click()
    expect(page.get_by_role("status")).to_have_text(
        "We stuurden een nieuwe code. Alleen de nieuwste code werkt."
    )

    # The link in the newest mail confirms the address in one tap.
    link = re.search(r"https?://\S+#/verify\?\S+", _last_mail_body(email)).group(0)
    assert mailed_code(email) in link
    page.goto("/" + link[link.index("#") :])
    # Sign-up is complete: the first screen asks who she is; she puts it off.
    expect(page.get_by_role("heading", name="Wie ben je?")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Je e-mailadres is bevestigd.")
    page.get_by_role("button", name="Later").click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    expect(page.get_by_role("region", name="Bevestig je e-mailadres")).to_have_count(0)
    assert urlsplit(page.url).fragment in ("/", "")
