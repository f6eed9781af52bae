"""Passwords in the web app: too many wrong guesses on the login screen say when to try again,
and the account screen changes the password, logging out everywhere else."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.accounts.hashing import HashSlots
from tests.browser.flows import PASSWORD, log_out, sign_up
from tests.browser.people_flows import API, assert_accessible, heading
from tests.browser.test_account_ui import account_screen
from tests.test_password_capacity import HeldVerify

NEW = "een nieuwe lange zin als wachtwoord"


def _log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_too_many_wrong_passwords_tell_when_to_try_again(page: Page, screenshot):
    email = sign_up(page, "Lotte")
    log_out(page)
    _log_in(page, email, "niet het goede wachtwoord")
    expect(page.get_by_role("alert")).to_have_text("Het e-mailadres of het wachtwoord klopt niet.")
    for _ in range(4):
        guess = page.request.post(
            f"{API}/auth/login", data={"email": email, "password": "nog een gok erbij"}
        )
        assert guess.status == 401

    _log_in(page, email, PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(
        re.compile(r"^Te veel pogingen\. Probeer het over \d+ minu(ut|ten) opnieuw\.$")
    )
    expect(page.get_by_role("heading", name="Mijn dossier")).to_have_count(0)
    screenshot(page, "login-throttled")

    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        re.compile(r"^Too many attempts\. Try again in \d+ minutes?\.$")
    )


def test_a_login_while_the_server_checks_many_passwords_says_to_try_again_soon(
    page: Page, live_server, monkeypatch, screenshot
):
    email = sign_up(page, "Bram")
    log_out(page)
    # One password check at a time, and one under way for somebody else.
    monkeypatch.setitem(live_server.app.extensions, "password_hash_slots", HashSlots(1, 0.3))
    held = HeldVerify(monkeypatch)
    held.login_in_background(live_server, email)
    try:
        _log_in(page, email, PASSWORD)
        expect(page.get_by_role("alert")).to_have_text(
            "Er loggen nu heel veel mensen tegelijk in. Probeer het over een paar seconden opnieuw."
        )
        screenshot(page, "login-busy")
    finally:
        held.finish()
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()


def test_change_my_password_on_the_account_screen(people, browser, phone, live_server):
    sanne = people("Sanne")
    # Signed in on a second device, with a script's token as well.
    laptop = browser.new_context(**phone, base_url=live_server.url)
    assert laptop.request.post(
        f"{API}/auth/login", data={"email": sanne.email, "password": PASSWORD}
    ).ok
    token = sanne.post("/auth/tokens", {"name": "Script"})["token"]

    page = account_screen(sanne)
    section = page.get_by_role("region", name="Wachtwoord wijzigen")
    current = section.get_by_label("Huidig wachtwoord")
    new = section.get_by_label("Nieuw wachtwoord")
    submit = section.get_by_role("button", name="Wachtwoord wijzigen")

    current.fill("niet mijn wachtwoord")
    new.fill(NEW)
    submit.click()
    expect(section.get_by_text("Dit is niet je huidige wachtwoord.")).to_be_visible()
    expect(current).to_have_attribute("aria-invalid", "true")
    assert laptop.request.get(f"{API}/me").ok  # nothing changed yet
    assert_accessible(page, "change password")

    current.fill(PASSWORD)
    new.fill(NEW)
    submit.click()
    expect(section.get_by_role("status")).to_have_text(
        "Je wachtwoord is gewijzigd. Je andere sessies en tokens zijn beëindigd."
    )
    expect(current).to_have_value("")

    # This phone stays signed in; the laptop and the token are out.
    page.reload()
    heading(page, "Mijn gegevens")
    assert laptop.request.get(f"{API}/me").status == 401
    bearer = {"Authorization": f"Bearer {token}"}
    assert laptop.request.get(f"{API}/me", headers=bearer).status == 401
    login = laptop.request.post(f"{API}/auth/login", data={"email": sanne.email, "password": NEW})
    assert login.ok
    laptop.close()
