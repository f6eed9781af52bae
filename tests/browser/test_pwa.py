"""The progressive web app: offline queue, resumable uploads, progress, service worker,
manifest, share target, accessibility, language, and capture in three taps."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import time

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

import mobile_web
from app.demo import demo_photo
from tests.browser.flows import (
    PASSWORD,
    log_out,
    me,
    open_add_screen,
    open_menu,
    sign_up,
    timeline_entries,
    uploaded,
    wait_for_service_worker,
)
from tests.browser.people_flows import assert_accessible
from tests.media_files import make_video

CHUNK = 256 * 1024


@pytest.fixture(scope="module")
def big_video(tmp_path_factory):
    """A few MB of H.264 (lossless, so it is big), as a phone would record it."""
    path = tmp_path_factory.mktemp("video") / "stage-les.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
         "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p",
         "-movflags", "+faststart", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    assert path.stat().st_size > 2_000_000
    return path


def set_chunk_size(page: Page, size: int) -> None:
    page.evaluate("size => localStorage.setItem('bagage.chunkSize', String(size))", size)


def tap_photo(page: Page, files) -> int:
    """Tap "Foto" and take the picture: one tap in the app, two in the camera (shutter and
    confirm), which the browser sees as the file chooser being answered. Returns the taps."""
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Foto", exact=True).click()
    assert chooser.value.element.get_attribute("capture") == "environment"
    chooser.value.set_files(files)
    return 1 + 2


def thumbnail_loaded(page: Page, entry) -> None:
    image = entry.locator("picture img")
    expect(image).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15_000
    )


def newest_item(page: Page) -> dict:
    dossier = me(page)["dossiers"][0]["id"]
    items = page.request.get(f"/api/v1/dossiers/{dossier}/evidence?limit=1").json()["items"]
    assert items, "nothing arrived on the server"
    return items[0]


# --- the "must hold" -----------------------------------------------------------------


def test_a_photo_taken_offline_survives_a_reload_and_uploads_when_back_online(page: Page, photo):
    sign_up(page, "Sanne")
    wait_for_service_worker(page)
    page.context.set_offline(True)

    tap_photo(page, photo)
    entry = timeline_entries(page).first
    expect(entry).to_contain_text("Wacht op verbinding")
    expect(entry.locator("img")).to_be_visible()  # the photo itself, from the device

    # Still offline: the app shell comes from the service worker, the item from IndexedDB.
    page.reload()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    expect(page.get_by_text("Je bent offline.")).to_be_visible()
    expect(timeline_entries(page)).to_have_count(1)
    expect(entry).to_contain_text("Wacht op verbinding")
    assert page.evaluate("navigator.onLine") is False

    page.context.set_offline(False)
    uploaded(page, entry)
    expect(timeline_entries(page)).to_have_count(1)
    thumbnail_loaded(page, entry)
    expect(entry.locator("picture source")).to_have_attribute("type", "image/webp")
    assert newest_item(page)["kind"] == "photo"


def dossier_titles(page: Page) -> list[str]:
    dossier = me(page)["dossiers"][0]["id"]
    items = page.request.get(f"/api/v1/dossiers/{dossier}/evidence").json()["items"]
    return sorted(item["title"] for item in items)


def test_a_photo_gets_a_suggested_title_that_one_tap_keeps(page: Page, photo, tmp_path):
    """Not "Foto" for every capture: a title with the day, the start of the previous title
    reused when that ended in a day; the toast says it is saved (online)."""
    sign_up(page, "Ilse")
    tap_photo(page, photo)
    expect(page.locator(".toast")).to_have_text("Opgeslagen.")
    title = page.get_by_label("Titel (mag je aanpassen)")
    expect(title).to_have_value(re.compile(r"^Foto, \d{1,2} [a-z]{3}\.?$"))
    suggested = title.input_value()
    entry = timeline_entries(page).first
    expect(entry).to_contain_text(suggested)

    title.fill("Les 3B, 12 okt")  # the day it was, as she writes it
    page.get_by_role("button", name="Klaar").click()
    expect(title).to_have_count(0)
    expect(page.locator(".toast")).to_have_text("Titel opgeslagen.")
    expect(entry).to_contain_text("Les 3B, 12 okt")
    uploaded(page, entry)

    # The next photo starts like the last title, with today's day: one tap keeps it.
    second = tmp_path / "bord.jpg"
    second.write_bytes(demo_photo(random.Random(8), (1200, 900)))
    tap_photo(page, second)
    expect(title).to_have_value(suggested.replace("Foto", "Les 3B"))
    page.get_by_role("button", name="Klaar").click()
    expect(title).to_have_count(0)
    uploaded(page, timeline_entries(page).first)
    assert dossier_titles(page) == sorted(["Les 3B, 12 okt", suggested.replace("Foto", "Les 3B")])


def test_offline_the_toast_says_when_it_is_sent_and_the_title_travels_along(page: Page, photo):
    sign_up(page, "Joost")
    wait_for_service_worker(page)
    page.context.set_offline(True)
    tap_photo(page, photo)
    expect(page.locator(".toast")).to_have_text("Wordt verstuurd zodra je online bent.")
    title = page.get_by_label("Titel (mag je aanpassen)")
    expect(title).to_have_value(re.compile(r"^Foto, "))  # made on the phone, no network needed
    title.fill("Tafel gedekt voor twaalf")
    page.get_by_role("button", name="Klaar").click()
    entry = timeline_entries(page).first
    expect(entry).to_contain_text("Tafel gedekt voor twaalf")
    expect(entry).to_contain_text("Wacht op verbinding")
    page.context.set_offline(False)
    uploaded(page, entry)
    assert newest_item(page)["title"] == "Tafel gedekt voor twaalf"


def test_a_waiting_photo_that_is_open_turns_into_the_uploaded_item(page: Page, photo):
    sign_up(page, "Noor")
    wait_for_service_worker(page)
    page.context.set_offline(True)
    tap_photo(page, photo)
    timeline_entries(page).first.get_by_role("link").first.click()
    expect(page.get_by_text("Wacht op verbinding")).to_be_visible()

    page.context.set_offline(False)
    # The open screen moves on to the item on the server by itself.
    page.wait_for_url(re.compile(r"#/item/"), timeout=60_000)
    assert page.url.endswith(f"#/item/{newest_item(page)['id']}")
    expect(page.get_by_text("Wacht op verbinding")).to_have_count(0)
    expect(page.get_by_role("heading", name="Bewerken")).to_be_visible()


def test_a_screen_loaded_on_demand_opens_offline_too(page: Page):
    """The CV screen is a chunk of its own; the service worker has it before it is needed."""
    sign_up(page, "Noor")
    wait_for_service_worker(page)
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    open_menu(page)
    page.get_by_role("link", name="Mijn cv").click()
    expect(page.get_by_role("heading", name="Mijn cv", level=1)).to_be_visible()


def test_three_taps_from_the_home_screen_to_a_queued_photo(page: Page, photo):
    sign_up(page, "Daan")
    page.goto("/")  # the installed app opens here (start_url)
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    taps = tap_photo(page, photo)
    entry = timeline_entries(page).first
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("Foto")
    assert taps == 3
    uploaded(page, entry)


# --- uploads -------------------------------------------------------------------------------


def progress_at_least(page: Page, percent: int) -> None:
    page.wait_for_function(
        "percent => document.querySelector('.entry progress')?.value >= percent",
        arg=percent,
        timeout=30_000,
    )


def test_an_interrupted_video_upload_resumes_after_errors_a_server_restart_and_a_reload(
    page: Page, big_video, live_server
):
    sign_up(page, "Noor")
    set_chunk_size(page, CHUNK)
    patches: list[dict] = []
    aborted: list[int] = []

    def route(route_):
        request = route_.request
        if request.method != "PATCH":
            return route_.continue_()
        patches.append({"offset": int(request.headers["upload-offset"])})
        if len(patches) in (3, 6):  # the connection drops, twice
            aborted.append(len(patches))
            return route_.abort("connectionreset")
        return route_.continue_()

    page.route("**/api/v1/uploads/*", route)
    page.get_by_label("Galerij").set_input_files(big_video)
    entry = timeline_entries(page).first
    progress = entry.get_by_role("progressbar")
    expect(progress).to_be_visible()
    progress_at_least(page, 20)
    live_server.restart()  # a deploy, or a crash: requests in between find nobody listening
    progress_at_least(page, 50)
    # Closing the app mid-upload: the upload URL is in IndexedDB, so it continues from there.
    sent_before_reload = len(patches)
    page.reload()
    uploaded(page, timeline_entries(page).first)
    assert len(aborted) == 2
    resumed = patches[sent_before_reload:]
    assert resumed and resumed[0]["offset"] > 0, "after the reload it started again from zero"
    offsets = [p["offset"] for p in patches]
    assert 0 not in offsets[1:], offsets  # it never started over
    # Every chunk once, plus a few sent again: two dropped, one cut off by the reload, and
    # one or two that met the restart.
    chunks = -(-big_video.stat().st_size // CHUNK)
    assert len(patches) <= chunks + 6, offsets

    item = newest_item(page)
    original = page.request.get(item["media"]["original"]["url"])
    assert original.ok
    assert (
        hashlib.sha256(original.body()).hexdigest()
        == hashlib.sha256(big_video.read_bytes()).hexdigest()
    )


def test_the_progress_bar_advances_during_an_upload(page: Page, big_video):
    sign_up(page, "Emre")
    set_chunk_size(page, CHUNK)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 20, "downloadThroughput": -1}
    # A slow mobile uplink: the 3 MB video would take over ten seconds.
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": 256 * 1024})
    page.get_by_label("Galerij").set_input_files(big_video)
    progress = timeline_entries(page).first.get_by_role("progressbar")
    expect(progress).to_have_accessible_name(re.compile(r"Uploaden: \d{1,2}%"))
    first = progress.evaluate("p => p.value")
    assert first < 50
    page.wait_for_function(
        "([p, first]) => p.value >= first + 10", arg=[progress.element_handle(), first]
    )
    expect(progress).to_have_accessible_name(re.compile(r"Uploaden: [1-9]\d%"))
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": -1})
    uploaded(page, timeline_entries(page).first)


def test_a_refused_item_shows_the_reason_and_a_lost_session_keeps_the_queue(page: Page, photo):
    email = sign_up(page, "Lotte")
    wait_for_service_worker(page)
    page.context.set_offline(True)
    tap_photo(page, photo)
    entry = timeline_entries(page).first
    expect(entry).to_contain_text("Wacht op verbinding")

    # Meanwhile the session ends (logged out elsewhere, or expired).
    session = me(page)
    page.request.post("/api/v1/auth/logout", headers={"X-CSRF-Token": session["csrf_token"]})
    page.context.set_offline(False)
    expect(page.get_by_text("Je bent niet meer ingelogd.")).to_be_visible()
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    uploaded(page, timeline_entries(page).first)
    expect(timeline_entries(page)).to_have_count(1)


def test_a_4k_hevc_video_from_a_phone_plays_in_the_browser(page: Page, tmp_path):
    assert page.evaluate("MediaSource.isTypeSupported('video/mp4; codecs=\"avc1.42E01E\"')"), (
        "this Chromium cannot play H.264"
    )
    video = make_video(
        tmp_path / "IMG_0420.MOV", seconds=1, size="3840x2160", rate=8, codec="libx265"
    )
    sign_up(page, "Ilse")
    page.get_by_label("Galerij").set_input_files(video)
    entry = timeline_entries(page).first
    uploaded(page, entry)
    expect(entry.locator(".play")).to_be_visible()
    thumbnail_loaded(page, entry)
    entry.get_by_role("link").click()
    player = page.locator("video")
    expect(player).to_be_visible()
    page.wait_for_function(
        "v => v.readyState >= 2 && v.videoWidth > 0", arg=player.element_handle(), timeout=20_000
    )
    width, height = player.evaluate("v => [v.videoWidth, v.videoHeight]")
    assert min(width, height) <= 720  # the playable copy, not the 4K original


# --- installable, offline, updates, sharing ------------------------------------------------


def test_installable_and_the_app_shell_opens_offline(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    wait_for_service_worker(page)

    response = page.request.get("/manifest.webmanifest")
    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    assert response.headers["cache-control"] == "no-cache"
    manifest = json.loads(response.body())
    assert manifest["name"] == "Bagage" and manifest["short_name"] == "Bagage"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["lang"] == "nl" and manifest["theme_color"] and manifest["background_color"]
    sizes = {}
    for icon in manifest["icons"]:
        fetched = page.request.get(icon["src"])
        assert fetched.ok, icon
        if icon["type"] == "image/png":
            picture = Image.open(io.BytesIO(fetched.body()))
            assert f"{picture.width}x{picture.height}" == icon["sizes"]
            sizes.setdefault(icon["sizes"], set()).add(icon["purpose"])
    assert sizes == {"192x192": {"any"}, "512x512": {"any", "maskable"}}
    share = manifest["share_target"]
    assert share["action"] == "/share-target" and share["method"] == "POST"
    assert share["enctype"] == "multipart/form-data"
    assert set(share["params"]["files"][0]["accept"]) == {"image/*", "video/*", "audio/*"}

    worker = page.request.get("/sw.js")
    assert worker.ok and worker.headers["cache-control"] == "no-cache"
    assert worker.headers["content-type"].startswith("text/javascript")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    # Chromium's own verdict on installability (manifest, icons, service worker).
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito profiles; that is the browser's mode, not the app's.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    expect(page.get_by_role("button", name="Inloggen", exact=True)).to_be_visible()
    page.context.set_offline(False)


def test_logging_out_forgets_the_copy_kept_for_offline_use(page: Page):
    sign_up(page, "Sem")
    wait_for_service_worker(page)
    log_out(page)
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert page.evaluate("caches.has('bagage-thumbnails')") is False
    page.context.set_offline(False)


def test_a_new_version_waits_until_the_person_refreshes(page: Page, tmp_path, monkeypatch):
    page.goto("/")
    wait_for_service_worker(page)
    # The next deploy: the same app with a service worker of other bytes.
    next_build = tmp_path / "dist"
    shutil.copytree(mobile_web.DIST, next_build)
    with (next_build / "sw.js").open("a") as worker:
        worker.write("\n// the next version\n")
    monkeypatch.setattr(mobile_web, "DIST", next_build)

    page.evaluate("window.stillTheOldPage = true")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    refresh = page.get_by_role("button", name="Nieuwe versie beschikbaar — vernieuwen")
    expect(refresh).to_be_visible(timeout=15_000)
    # Until then the old version keeps running: the new one waits (a reload follows only its
    # taking over, see mobile_web/src/main.js), and nothing has reloaded.
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r.waiting)")
    assert page.evaluate("window.stillTheOldPage") is True
    refresh.click()
    page.wait_for_function("() => window.stillTheOldPage === undefined", timeout=15_000)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    expect(refresh).to_have_count(0)
    assert page.evaluate(
        "navigator.serviceWorker.getRegistration().then(r => !r.waiting && !!r.active)"
    )


def test_files_shared_to_bagage_are_queued_and_uploaded(page: Page):
    sign_up(page, "Fatima")
    wait_for_service_worker(page)
    jpeg = demo_photo(random.Random(3), (800, 600))
    # What the phone's share sheet does: a multipart POST navigation to the share_target.
    page.evaluate(
        """data => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const form = document.createElement("form");
            form.method = "post";
            form.action = "/share-target";
            form.enctype = "multipart/form-data";
            const input = document.createElement("input");
            input.type = "file";
            input.name = "files";
            const files = new DataTransfer();
            files.items.add(new File([bytes], "gedeeld.jpg", { type: "image/jpeg" }));
            input.files = files.files;
            const text = document.createElement("input");
            text.name = "text";
            text.value = "Gedeeld vanuit de galerij";
            form.append(input, text);
            document.body.append(form);
            form.submit();
        }""",
        base64.b64encode(jpeg).decode(),
    )
    page.wait_for_url(re.compile(r"/(\?shared=1)?(#.*)?$"))
    entry = timeline_entries(page).first
    uploaded(page, entry)
    thumbnail_loaded(page, entry)
    assert newest_item(page)["description"] == "Gedeeld vanuit de galerij"

    # Without the service worker the server answers a share by opening the app.
    answer = page.request.post("/share-target", multipart={"text": "x"}, max_redirects=0)
    assert answer.status == 303 and answer.headers["location"].endswith("/")


# --- language and accessibility ------------------------------------------------------------


def test_switch_the_language_to_english_and_back(page: Page):
    sign_up(page, "Emma")
    open_menu(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="My dossier")).to_be_visible()
    expect(page.get_by_text("Photo", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("The language has been changed.")
    assert me(page)["locale"] == "en"

    page.evaluate("localStorage.clear()")  # the account decides, not this browser
    page.reload()
    expect(page.get_by_role("heading", name="My dossier")).to_be_visible()
    open_menu(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("De taal is gewijzigd.")  # the account too
    assert me(page)["locale"] == "nl"


def test_no_serious_accessibility_violations_on_the_main_screens(page: Page, photo, tmp_path):
    page.goto("/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(page, "login")

    sign_up(page, "Anouk")
    # A video and a sound recording, so their players in the timeline are checked too.
    session = me(page)
    for name, clip in (("clip.webm", tmp_path / "clip.webm"), ("geluid.m4a", tmp_path / "g.m4a")):
        source = "testsrc=size=320x240:rate=10" if name.endswith("webm") else "sine=frequency=440"
        codec = ["-c:v", "libvpx"] if name.endswith("webm") else ["-c:a", "aac"]
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-t", "1", *codec,
             str(clip)],
            check=True, timeout=60,
        )  # fmt: skip
        response = page.request.post(
            f"/api/v1/dossiers/{session['dossiers'][0]['id']}/evidence",
            multipart={
                "file": {
                    "name": name,
                    "mimeType": "application/octet-stream",
                    "buffer": clip.read_bytes(),
                }
            },
            headers={"X-CSRF-Token": session["csrf_token"]},
        )
        assert response.status == 201, response.text()
    page.reload()
    tap_photo(page, photo)
    entry = timeline_entries(page).first
    uploaded(page, entry)
    thumbnail_loaded(page, entry)
    expect(page.locator(".entry audio")).to_have_count(1)
    page.get_by_role("button", name=re.compile("^Hier afspelen")).click()
    expect(page.locator(".entry video")).to_have_count(1)
    assert_accessible(page, "timeline")
    open_menu(page)
    assert_accessible(page, "menu")
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Filters").click()
    assert_accessible(page, "timeline with date filters")

    entry.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Foto", level=1)).to_be_visible()
    assert_accessible(page, "detail")
    page.get_by_role("link", name="Terug naar mijn dossier").click()

    open_add_screen(page)
    assert_accessible(page, "add")
    page.get_by_label("Notitie").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "add with an error")
    page.get_by_role("link", name="Annuleren").click()

    page.get_by_label("Galerij").set_input_files(
        {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo at all\n"}
    )
    refused = timeline_entries(page).first
    expect(refused).to_contain_text("Dit soort bestand wordt niet ondersteund")
    assert_accessible(page, "queue item with an error")
    refused.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Foto", level=1)).to_be_visible()
    assert_accessible(page, "queued item detail")


# --- more of the queue and the timeline ------------------------------------------------------


def add_note(page: Page, text: str) -> None:
    page.get_by_role("link", name="Notitie", exact=True).click()
    page.get_by_label("Tekst").fill(text)
    page.get_by_role("button", name="Opslaan").click()


def test_background_sync_makes_the_open_app_send_its_queue(page: Page):
    sign_up(page, "Joost")
    wait_for_service_worker(page)
    sync_tags = "() => navigator.serviceWorker.ready.then(r => r.sync.getTags())"

    # Offline, a capture asks the browser for a sync when the connection is back.
    page.context.set_offline(True)
    add_note(page, "Oudergesprek voorbereid.")
    expect(timeline_entries(page).first).to_contain_text("Wacht op verbinding")
    assert page.evaluate(sync_tags) == ["bagage-upload"]
    page.context.set_offline(False)
    uploaded(page, timeline_entries(page).first)

    # Online but the server cannot be reached: the app backs off (2 s, 4 s, then 8 s, ...).
    calls: list[tuple[str, float]] = []

    def server_down_three_times(route_):
        if route_.request.method != "POST":
            return route_.continue_()
        if len([c for c in calls if c[0] == "refused"]) < 3:
            calls.append(("refused", time.monotonic()))
            return route_.abort("connectionrefused")
        calls.append(("sent", time.monotonic()))
        return route_.continue_()

    def is_note_post(request) -> bool:
        return request.method == "POST" and request.url.endswith("/evidence")

    page.route("**/api/v1/dossiers/*/evidence", server_down_three_times)
    with page.expect_event("requestfailed", predicate=is_note_post):
        add_note(page, "Drie doelen voor de stage.")
    entry = timeline_entries(page).first
    expect(entry).to_contain_text("nieuwe poging om")
    for _later_try in range(2):  # 2 s later, then 4 s after that; the next one waits 8 s
        with page.expect_event("requestfailed", predicate=is_note_post):
            pass
    assert page.evaluate(sync_tags) == []  # online: no sync that would undo the backoff

    # The browser fires a sync event (here through DevTools); the service worker tells the
    # open page, which sends at once instead of waiting out its backoff.
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    origin = page.evaluate("location.origin")
    page.wait_for_function("() => true")  # lets the DevTools events arrive
    registration = next(r for r in registrations if r["scopeURL"] == f"{origin}/")
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": origin,
            "registrationId": registration["registrationId"],
            "tag": "bagage-upload",
            "lastChance": False,
        },
    )
    uploaded(page, entry)
    refused_at = [t for kind, t in calls if kind == "refused"][-1]
    sent_at = next(t for kind, t in calls if kind == "sent")
    assert sent_at - refused_at < 6, calls  # the backoff alone would have waited 8 s or more


def test_a_file_too_large_for_the_server_is_refused_before_it_is_queued(
    page: Page, photo, live_server, monkeypatch
):
    monkeypatch.setitem(live_server.app.config, "MAX_IMAGE_BYTES", 20_000)
    sign_up(page, "Mila")
    tap_photo(page, photo)
    expect(page.get_by_role("alert")).to_contain_text(
        re.compile(
            r"klaslokaal\.jpg: Dit bestand is te groot \(\d+(,\d)? kB\)\. "
            r"Het mag hoogstens 20 kB zijn\."
        )
    )
    expect(timeline_entries(page)).to_have_count(0)


def test_filter_the_timeline_by_kind_and_date(page: Page):
    sign_up(page, "Youssef")
    session = me(page)
    for n, (title, day) in enumerate(
        [("Maart", "2026-03-10"), ("Mei", "2026-05-10"), ("Juli", "2026-07-10")]
    ):
        response = page.request.post(
            f"/api/v1/dossiers/{session['dossiers'][0]['id']}/evidence",
            multipart={
                "title": title,
                "client_uid": f"filter-{n:04d}",
                "occurred_at": f"{day}T10:00:00+02:00",
            },
            headers={"X-CSRF-Token": session["csrf_token"]},
        )
        assert response.status == 201, response.text()
    page.reload()
    entries = timeline_entries(page)
    expect(entries).to_have_count(3)
    page.get_by_role("button", name="Filters").click()
    page.get_by_label("Vanaf").fill("2026-04-01")
    expect(entries).to_have_count(2)
    page.get_by_label("Tot en met").fill("2026-06-30")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Mei")
    page.get_by_label("Toon").select_option(label="Foto's")
    expect(page.get_by_text("Niets gevonden van deze soort.")).to_be_visible()
    page.get_by_role("button", name="Filters wissen").click()
    expect(entries).to_have_count(3)


def test_a_queued_item_can_get_its_title_before_it_is_uploaded(page: Page, photo):
    sign_up(page, "Tess")
    wait_for_service_worker(page)
    page.context.set_offline(True)
    tap_photo(page, photo)
    timeline_entries(page).first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Foto", level=1)).to_be_visible()
    expect(page.get_by_text("Wacht op verbinding")).to_be_visible()
    page.get_by_label("Titel (niet verplicht)").fill("Lokaal ingericht voor groepswerk")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Opgeslagen.")
    page.get_by_role("link", name="Terug naar mijn dossier").click()
    entry = timeline_entries(page).first
    expect(entry).to_contain_text("Lokaal ingericht voor groepswerk")
    page.context.set_offline(False)
    uploaded(page, entry)
    assert newest_item(page)["title"] == "Lokaal ingericht voor groepswerk"


def test_removing_an_item_while_it_uploads_leaves_the_queue_working(page: Page, photo):
    sign_up(page, "Ruben")
    set_chunk_size(page, 64 * 1024)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 20, "downloadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": 4 * 1024})
    tap_photo(page, photo)  # 86 kB: some 20 seconds at this speed
    entry = timeline_entries(page).first
    expect(entry.get_by_role("progressbar")).to_be_visible()
    entry.get_by_role("link").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_role("status")).to_have_text("Verwijderd van dit apparaat.")
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    expect(timeline_entries(page)).to_have_count(0)
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": -1})

    add_note(page, "Na het verwijderen gaat de rest gewoon door.")
    uploaded(page, timeline_entries(page).first)
    expect(timeline_entries(page)).to_have_count(1)
    dossier = me(page)["dossiers"][0]["id"]
    items = page.request.get(f"/api/v1/dossiers/{dossier}/evidence").json()["items"]
    assert [i["kind"] for i in items] == ["note"]
