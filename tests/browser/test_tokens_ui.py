"""Keys for scripts on Mijn gegevens: a read-only key reads but changes nothing, its secret is
shown once, and revoking it stops it at once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.people_flows import API, assert_accessible
from tests.browser.test_account_ui import account_screen


def test_a_read_only_key_is_made_shown_once_and_revoked(
    people, browser, phone, live_server, screenshot
):
    sanne = people("Sanne")
    page = account_screen(sanne)
    section = page.get_by_role("region", name="Sleutels voor scripts")
    expect(section.get_by_text("Je hebt geen sleutels.")).to_be_visible()

    section.get_by_role("button", name="Sleutel maken").click()
    expect(section.get_by_text("Geef de sleutel een naam.")).to_be_visible()
    section.get_by_label("Naam van de sleutel").fill("Back-up op mijn laptop")
    expect(section.get_by_label("Alleen lezen")).to_be_checked()
    section.get_by_role("button", name="Sleutel maken").click()

    secret = section.get_by_label("Je nieuwe sleutel “Back-up op mijn laptop”")
    expect(secret).to_be_focused()
    token = secret.input_value()
    assert token.startswith("bgg_")
    keys = section.get_by_role("list", name="Je sleutels").get_by_role("listitem")
    expect(keys).to_have_count(1)
    expect(keys.first).to_contain_text("Back-up op mijn laptop · Alleen lezen")
    expect(keys.first).to_contain_text("nog niet gebruikt")
    assert_accessible(page, "keys for scripts")
    section.scroll_into_view_if_needed()
    screenshot(page, "tokens")

    # The script reads with it, but may change nothing.
    script = browser.new_context(base_url=live_server.url)
    bearer = {"Authorization": f"Bearer {token}"}
    assert script.request.get(f"{API}/me", headers=bearer).ok
    refused = script.request.post(f"{API}/auth/tokens", headers=bearer, data={"name": "meer"})
    assert refused.status == 403

    # Gone after a reload: the secret is shown only once.
    page.reload()
    section = page.get_by_role("region", name="Sleutels voor scripts")
    expect(section.get_by_role("list", name="Je sleutels")).to_contain_text("laatst gebruikt")
    expect(section.locator("#token-secret")).to_have_count(0)

    page.once("dialog", lambda dialog: dialog.accept())
    section.get_by_role("button", name="Intrekken").click()
    expect(section.get_by_text("Je hebt geen sleutels.")).to_be_visible()
    assert script.request.get(f"{API}/me", headers=bearer).status == 401
    script.close()
