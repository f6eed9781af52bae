"""Checking a badge in the web app (#/verify), without an account, on a phone: paste a
credential or choose a badge file and read "Geldig" or "Niet geldig" with every check."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.people_flows import assert_accessible, fits_the_phone, heading

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openbadges"


def check_row(page: Page, name: str):
    return page.locator(".verdict-checks li").filter(has_text=name)


def test_a_recruiter_checks_a_pasted_badge_and_a_baked_png_without_an_account(
    page: Page, screenshot
):
    page.goto("/")
    page.get_by_role("link", name="Een badge controleren").click()
    heading(page, "Badge controleren")
    page.get_by_label("Plak de credential (JSON of JWT)").fill(
        (FIXTURES / "simple.json").read_text()
    )
    page.get_by_role("button", name="Controleer").click()
    expect(page.get_by_role("heading", name="Geldig", exact=True)).to_be_visible()
    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("Teamwork")
    expect(verdict).to_contain_text("Example Corp")
    expect(check_row(page, "Handtekening")).to_contain_text("in orde")
    expect(check_row(page, "Handtekening")).to_contain_text("De handtekening klopt")
    # The key came from the credential itself: said so, as a note, not hidden.
    expect(check_row(page, "Sleutel van de uitgever")).to_contain_text("let op")
    assert_accessible(page, "credential verified")
    fits_the_phone(page)
    screenshot(page, "credential-valid")

    page.get_by_label("Bestand kiezen (PNG, SVG of JSON)").set_input_files(
        str(FIXTURES / "simple-jwt.png")
    )
    expect(page.get_by_text("Gekozen: simple-jwt.png")).to_be_visible()
    page.get_by_role("button", name="Controleer").click()
    expect(page.get_by_role("heading", name="Geldig", exact=True)).to_be_visible()
    expect(check_row(page, "Bestand")).to_contain_text("Gelezen uit een PNG-badge.")
    expect(check_row(page, "Handtekening")).to_contain_text("De handtekening van de JWT klopt.")


def test_an_expired_or_tampered_badge_is_not_valid_and_says_why(page: Page, screenshot):
    page.goto("/#/verify")
    heading(page, "Badge controleren")
    page.get_by_label("Bestand kiezen (PNG, SVG of JSON)").set_input_files(
        str(FIXTURES / "simple-err-expired.json")
    )
    page.get_by_role("button", name="Controleer").click()
    expect(page.get_by_role("heading", name="Niet geldig")).to_be_visible()
    expect(check_row(page, "Vervaldatum")).to_contain_text("Deze credential is verlopen.")
    expect(check_row(page, "Handtekening")).to_contain_text("in orde")
    screenshot(page, "credential-expired")

    tampered = (FIXTURES / "simple.json").read_text().replace("Teamwork Badge", "Leader Badge")
    page.get_by_label("Plak de credential (JSON of JWT)").fill(tampered)
    page.get_by_role("button", name="Controleer").click()
    expect(page.get_by_role("heading", name="Niet geldig")).to_be_visible()
    expect(check_row(page, "Handtekening")).to_contain_text("gewijzigd of vervalst")
    assert_accessible(page, "credential refused")

    page.get_by_label("Plak de credential (JSON of JWT)").fill("zomaar wat tekst")
    page.get_by_role("button", name="Controleer").click()
    expect(check_row(page, "Bestand")).to_contain_text("Dit is geen credential")

    # A recruiter who reads English switches the screen and checks again.
    page.get_by_role("button", name="English").click()
    heading(page, "Check a badge")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_role("heading", name="Not valid")).to_be_visible()
    expect(check_row(page, "File")).to_contain_text("This is not a credential")
