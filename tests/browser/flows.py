"""What a person does in the web app, as small steps the browser tests share."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.live import mailed_code

PASSWORD = "correct horse battery"


def unique_email(name: str) -> str:
    return f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{uuid.uuid4().hex[:8]}@example.nl"


def sign_up(page: Page, name: str = "Sanne") -> str:
    email = unique_email(name)
    page.goto("/")
    page.get_by_role("button", name="Nog geen account? Maak er een").click()
    page.get_by_label("Je naam").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Account maken", exact=True).click()
    verify_email(page, email)
    # The first screen asks who you are; these tests put it off.
    expect(page.get_by_role("heading", name="Wie ben je?")).to_be_visible()
    page.get_by_role("button", name="Later").click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    return email


def verify_email(page: Page, email: str) -> None:
    """The step after "Account maken": the code from the mail."""
    expect(page.get_by_role("heading", name="Bevestig je e-mailadres")).to_be_visible()
    page.get_by_label("Code uit de mail").fill(mailed_code(email))
    page.get_by_role("button", name="Bevestigen").click()


def wait_for_service_worker(page: Page) -> None:
    """The service worker is installed, has precached the app, and controls the page."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def open_add_screen(page: Page) -> None:
    page.get_by_role("link", name="Toevoegen").click()
    expect(page.get_by_role("heading", name="Toevoegen aan je dossier")).to_be_visible()


def timeline_entries(page: Page):
    return page.get_by_role("list", name="Mijn dossier").get_by_role("listitem")


def open_menu(page: Page, name: str = "Menu") -> None:
    page.get_by_role("button", name=name, exact=True).click()


def log_out(page: Page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()


def me(page: Page) -> dict:
    response = page.request.get("/api/v1/me")
    assert response.ok, response.text()
    return response.json()


def uploaded(page: Page, entry) -> None:
    """The entry is an item on the server now (its link opens the item, not the queue).

    In tests the media job runs inside the upload's last request, so a video's conversion
    (seconds on a busy two-core machine) happens before this can be true.
    """
    expect(entry.get_by_role("link")).to_have_attribute(
        "href", re.compile(r"^#/item/"), timeout=60_000
    )
