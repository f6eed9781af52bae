"""Phone-size screenshots of the web app's main screens, for the README.

Starts the app on a free port with a fresh SQLite database and the demo data
(app.demo.seed_demo), drives Debian's Chromium through the screens and writes PNGs (360×740
CSS pixels at device scale 2) into docs/screenshots/. Needs the built web app (`make web`).

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.pop("DATABASE_URL", None)  # always a throw-away database of its own

from PIL import Image  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from app.db import db  # noqa: E402
from app.demo import DEMO_PASSWORD, demo_photo, seed_demo  # noqa: E402
from app.jobs import huey  # noqa: E402
from tests.live import LiveServer  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 360, "height": 740}


def shoot(page: Page, name: str) -> None:
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="initial")
    # 256 colours are plenty for an interface picture and keep the README light.
    with Image.open(path) as picture:
        small = picture.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


def quiet(page: Page) -> None:
    """No passing message over the screen."""
    expect(page.locator(".toast")).to_be_empty(timeout=10_000)


def wait_for_images(page: Page) -> None:
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete && (i.naturalWidth > 0 || !i.src))"
    )


def main() -> None:
    if not (ROOT / "mobile_web" / "static" / "dist" / "index.html").exists():
        raise SystemExit("Build the web app first: make web")
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bagage-screens-"))
    huey.immediate = True  # thumbnails are made while seeding
    server = LiveServer(work)
    with server.app.app_context():
        seed_demo(db.session(), photo_size=(1600, 1200))
        db.commit()
    server.start()
    photo = work / "IMG_2031.jpg"
    photo.write_bytes(demo_photo(random.Random(5), (1600, 1200)))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(
            base_url=server.url,
            viewport=VIEWPORT,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
        )
        context.set_default_timeout(15_000)
        page = context.new_page()

        page.goto("/")
        expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
        shoot(page, "login")

        page.get_by_label("E-mailadres").fill("leraar@demo.bagage.nl")
        page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen", exact=True).click()
        expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        wait_for_images(page)
        shoot(page, "timeline")

        page.get_by_role("link", name="Toevoegen").click()
        page.get_by_label("Maak een foto of video").set_input_files(photo)
        page.get_by_label("Titel (niet verplicht)").fill("Rekenhoek in groep 4")
        page.get_by_label("Titel (niet verplicht)").blur()
        page.evaluate("window.scrollTo(0, 0)")
        wait_for_images(page)
        shoot(page, "capture")
        page.get_by_role("link", name="Annuleren").click()

        page.get_by_role("link", name="Rekenles met de kralenketting").click()
        expect(page.get_by_role("heading", name="Rekenles met de kralenketting")).to_be_visible()
        wait_for_images(page)
        shoot(page, "detail")
        page.get_by_role("link", name="Terug naar mijn dossier").click()

        context.set_offline(True)
        page.reload()
        page.get_by_role("link", name="Notitie", exact=True).click()
        page.get_by_label("Tekst").fill("Nagesprek met de mentor: meer differentiëren.")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("Wacht op verbinding")).to_be_visible()
        quiet(page)
        shoot(page, "offline")
        context.set_offline(False)
        expect(page.get_by_text("Wacht op verbinding")).to_have_count(0)

        # The queue: one upload going slowly, one refused by the server.
        page.evaluate("localStorage.setItem('bagage.chunkSize', String(64 * 1024))")
        page.get_by_label("Galerij").set_input_files(
            {"name": "verslag.jpg", "mimeType": "image/jpeg", "buffer": b"geen foto\n"}
        )
        expect(page.get_by_text("Niet geüpload")).to_be_visible()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        slow = {"offline": False, "latency": 40, "downloadThroughput": -1}
        cdp.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": 6 * 1024})
        page.get_by_label("Foto", exact=True).set_input_files(photo)
        quiet(page)
        page.wait_for_function(
            "() => { const p = document.querySelector('.entry progress'); return p?.value >= 5; }"
        )
        shoot(page, "queue")
        cdp.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": -1})
        expect(page.locator(".entry progress")).to_have_count(0)

        page.get_by_role("button", name="Menu", exact=True).click()
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", name="My dossier")).to_be_visible()
        page.keyboard.press("Escape")
        page.evaluate("document.activeElement.blur()")
        quiet(page)
        shoot(page, "timeline-en")
        page.get_by_role("button", name="Menu", exact=True).click()
        shoot(page, "menu-en")

        browser.close()
    server.stop()


if __name__ == "__main__":
    main()
