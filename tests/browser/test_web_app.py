"""The web app in a real browser on a phone-sized screen, in Dutch unless switched."""

from __future__ import annotations

import random
import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from app.demo import demo_photo
from media import services as media_services
from tests.browser.flows import (
    PASSWORD,
    log_out,
    open_add_screen,
    sign_up,
    timeline_entries,
    unique_email,
    uploaded,
)
from tests.live import mailed_code

#: One second of test picture as VP8/WebM, which every Chromium plays.
WEBM_CLIP = "ffmpeg -v error -f lavfi -i testsrc=size=320x240:rate=10:duration=1 -c:v libvpx"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "foto.jpg"
    path.write_bytes(demo_photo(random.Random(1), (1200, 900), gps=True))
    return path


def test_sign_up_in_dutch_and_add_a_photo_with_the_camera(page: Page, photo, screenshot):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_title("Bagage")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_be_visible()
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_visible()
    screenshot(page, "login")

    sign_up(page, "Sanne")
    expect(page.get_by_text("Nog niets in je dossier")).to_be_visible()
    open_add_screen(page)

    camera = page.get_by_label("Maak een foto of video")
    expect(camera).to_have_attribute("capture", "environment")
    camera.set_input_files(photo)
    expect(page.get_by_text(re.compile(r"Gekozen: foto\.jpg"))).to_be_visible()
    page.get_by_label("Titel (niet verplicht)").fill("Rekenles met de kralenketting")
    screenshot(page, "add-photo")

    # A slow mobile uplink, so the progress bar has something to show.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 24 * 1024},
    )
    page.get_by_role("button", name="Opslaan").click()
    # Saved on the device at once; the timeline shows the upload going.
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    progress = page.get_by_role("progressbar")
    expect(progress).to_be_visible()
    expect(progress).to_have_accessible_name(re.compile(r"Uploaden: [1-9]\d?%"))
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    expect(page.get_by_role("status")).to_have_text("Toegevoegd aan je dossier.")
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    entries = timeline_entries(page)
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Rekenles met de kralenketting")
    uploaded(page, entries.first)
    thumbnail = entries.first.locator("img")  # alt="": the title next to it names the link
    expect(thumbnail).to_have_attribute("loading", "lazy")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )

    page.set_viewport_size({"width": 360, "height": 740})
    expect(entries.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "timeline-360")


def test_a_new_photo_shows_in_the_timeline_while_the_server_is_still_busy_with_it(
    page: Page, photo, screenshot, monkeypatch, live_server
):
    """The owner's first thumbnail comes ahead of the full job (faces, every size), which
    may wait behind a class's burst of photos; here it waits until the test lets it run."""
    held = []
    run_full_job = media_services.process_evidence
    monkeypatch.setattr(media_services, "process_evidence", lambda i, **_kw: held.append(i))
    sign_up(page, "Sanne")
    open_add_screen(page)
    page.get_by_label("Maak een foto of video").set_input_files(photo)
    page.get_by_label("Titel (niet verplicht)").fill("Stage bij de bakker")
    page.get_by_role("button", name="Opslaan").click()
    entries = timeline_entries(page)
    expect(entries).to_have_count(1)
    uploaded(page, entries.first)
    expect(entries.first).to_contain_text("Wordt verwerkt…")
    thumbnail = entries.first.locator("img")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    screenshot(page, "first-thumbnail")

    with live_server.app.app_context():
        run_full_job(held[0], final_attempt=True)
    # The timeline asks again for items still being processed, every few seconds.
    expect(entries.first).not_to_contain_text("Wordt verwerkt…", timeout=15_000)
    expect(entries.first.locator("img")).to_be_visible()


def test_a_note_needs_a_title_or_text(page: Page):
    sign_up(page, "Daan")
    open_add_screen(page)
    page.get_by_label("Notitie").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_have_text("Een notitie heeft een titel of tekst nodig.")
    expect(page.get_by_label("Titel", exact=True)).to_have_attribute("aria-invalid", "true")

    page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_text("Nog niets in je dossier")).to_be_visible()
    expect(timeline_entries(page)).to_have_count(0)

    open_add_screen(page)
    page.get_by_label("Tekst").fill("Deze week elke dag om 8 uur aanwezig.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Toegevoegd aan je dossier.")
    entries = timeline_entries(page)
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Notitie")
    expect(entries.first).to_contain_text("Deze week elke dag om 8 uur aanwezig.")


def test_a_text_file_named_like_a_photo_is_refused_in_dutch(page: Page, screenshot):
    sign_up(page, "Fatima")
    open_add_screen(page)
    page.get_by_label("Kies uit galerij of bestanden").set_input_files(
        {
            "name": "photo.jpg",
            "mimeType": "image/jpeg",
            "buffer": b"Dit is geen foto, maar tekst.\n",
        }
    )
    page.get_by_label("Titel (niet verplicht)").fill("Mijn werkstuk")
    page.get_by_role("button", name="Opslaan").click()
    # The server refuses it: the item stays, with the reason, and can be retried or removed.
    entry = timeline_entries(page).first
    expect(entry).to_contain_text("Niet geüpload")
    expect(entry).to_contain_text("Dit soort bestand wordt niet ondersteund")
    expect(entry).to_contain_text("Mijn werkstuk")
    screenshot(page, "unsupported-file")
    page.reload()
    expect(entry).to_contain_text("Dit soort bestand wordt niet ondersteund")
    entry.get_by_role("button", name="Opnieuw proberen").click()
    expect(entry).to_contain_text("Dit soort bestand wordt niet ondersteund")
    page.once("dialog", lambda dialog: dialog.accept())
    entry.get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_role("status")).to_have_text("Verwijderd van dit apparaat.")
    expect(page.get_by_text("Nog niets in je dossier")).to_be_visible()


def test_edit_and_delete_an_item(page: Page):
    sign_up(page, "Peter")
    open_add_screen(page)
    page.get_by_label("Notitie").check()
    page.get_by_label("Titel", exact=True).fill("Feedback eerste week")
    page.get_by_role("button", name="Opslaan").click()
    uploaded(page, timeline_entries(page).first)
    timeline_entries(page).first.get_by_role("link").click()

    expect(page.get_by_role("heading", name="Feedback eerste week", level=1)).to_be_visible()
    page.get_by_label("Titel", exact=True).fill("Feedback tweede week")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Opgeslagen.")
    expect(page.get_by_role("heading", name="Feedback tweede week", level=1)).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_role("status")).to_have_text("Verwijderd.")
    expect(page.get_by_text("Nog niets in je dossier")).to_be_visible()


def test_a_video_shows_a_play_marker_and_plays_from_the_item(page: Page, tmp_path, screenshot):
    video = tmp_path / "clip.webm"
    subprocess.run([*WEBM_CLIP.split(), str(video)], check=True)
    sign_up(page, "Noor")
    open_add_screen(page)
    page.get_by_label("Kies uit galerij of bestanden").set_input_files(video)
    page.get_by_role("button", name="Opslaan").click()
    entry = timeline_entries(page).first
    uploaded(page, entry)
    expect(entry).to_contain_text("Video")
    expect(entry.locator(".play")).to_be_visible()
    screenshot(page, "timeline-video")

    # It plays right in the timeline (the converted copy, inline), or from the item itself.
    entry.get_by_role("button", name="Hier afspelen: Video").click()
    inline = entry.locator("video")
    expect(inline).to_have_attribute("playsinline", re.compile(".*"))
    page.wait_for_function("v => v.readyState >= 2 && !v.paused", arg=inline.element_handle())
    inline.evaluate("v => v.pause()")

    entry.get_by_role("link").click()
    player = page.locator("video")
    expect(player).to_be_visible()
    expect(player).to_have_attribute("controls", "")
    page.wait_for_function("v => v.readyState >= 1 && v.duration > 0", arg=player.element_handle())
    screenshot(page, "item-video")


def _add_notes(page: Page, count: int) -> None:
    me = page.request.get("/api/v1/me").json()
    for n in range(count):
        response = page.request.post(
            f"/api/v1/dossiers/{me['dossiers'][0]['id']}/evidence",
            multipart={"title": f"Notitie {n + 1}", "client_uid": f"load-more-{n:04d}"},
            headers={"X-CSRF-Token": me["csrf_token"]},
        )
        assert response.status == 201, response.text()


def test_scrolling_down_loads_the_next_page(page: Page):
    sign_up(page, "Bram")
    _add_notes(page, 23)
    page.reload()
    entries = timeline_entries(page)
    expect(entries).to_have_count(20)
    expect(entries.first).to_contain_text("Notitie 23")
    page.mouse.wheel(0, 20_000)
    expect(entries).to_have_count(23)
    expect(entries.last).to_contain_text("Notitie 1")
    expect(page.get_by_role("button", name="Meer laden")).to_have_count(0)


def test_load_more_button_moves_focus_to_the_next_page(page: Page):
    sign_up(page, "Bas")
    _add_notes(page, 23)
    page.reload()
    entries = timeline_entries(page)
    expect(entries).to_have_count(20)
    # As a keyboard user would: the button without scrolling the list end into view first.
    page.get_by_role("button", name="Meer laden").dispatch_event("click")
    expect(entries).to_have_count(23)
    expect(entries.nth(20).get_by_role("link")).to_be_focused()
    expect(page.get_by_role("button", name="Meer laden")).to_have_count(0)


def test_log_out_and_stay_logged_out_after_a_reload(page: Page):
    sign_up(page, "Sem")
    log_out(page)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_have_count(0)


def test_log_in_again_and_wrong_password(page: Page):
    email = sign_up(page, "Lotte")
    log_out(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill("niet het goede wachtwoord")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Het e-mailadres of het wachtwoord klopt niet.")
    expect(page.get_by_label("E-mailadres")).to_have_value(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()


def test_switch_the_login_screen_to_english(page: Page):
    page.goto("/")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("sanne@example.nl")
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")


def test_an_english_account_gets_the_app_in_english(page: Page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="No account yet? Create one").click()
    page.get_by_label("Your name").fill("Emma")
    email = unique_email("Emma")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account", exact=True).click()
    expect(page.get_by_role("heading", name="Confirm your e-mail address")).to_be_visible()
    page.get_by_label("Code from the mail").fill(mailed_code(email))
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    page.get_by_role("button", name="Later").click()
    expect(page.get_by_role("heading", name="My dossier")).to_be_visible()
    expect(page.get_by_text("Nothing in your dossier yet")).to_be_visible()

    # The account's locale decides, also on a browser that never chose a language.
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.get_by_role("heading", name="My dossier")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
