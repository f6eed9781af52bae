"""Phone-size screenshots of the web app's main screens, for the README.

Starts the app on a free port with a fresh SQLite database and the demo data
(app.demo.seed_demo), drives Debian's Chromium through the screens and writes PNGs (360×740
CSS pixels at device scale 2) into docs/screenshots/. Needs the built web app (`make web`).

    .venv/bin/python scripts/screenshots.py
    .venv/bin/python scripts/screenshots.py --only reports,cv,account

--only takes the parts to shoot (default all): app, people, growth, reports, cv, account,
accounts (signing up with the mailed code, a forgotten password, a throttled login, changing
the password), team (the team around the pupil, at 390×844: the caseload, proposing and
agreeing to an internship, the workplace link, capturing for someone, a report to sign),
standards (a verifiable credential in Mijn bewijzen, checked on the CV and on the verify screen;
a framework from a CASE server; a Mahara export imported).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
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
from tests.live import LiveServer, mailed_code  # noqa: E402

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


PARTS = (
    "app", "first", "people", "growth", "reports", "cv", "account", "accounts", "team", "standards",
    "faces",
)  # fmt: skip


def chosen_parts(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description="Phone-size screenshots for the README.")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}"
    )
    parts = [p.strip() for p in parser.parse_args(argv).only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    return parts


def main() -> None:
    parts = chosen_parts()
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
        if "app" in parts:
            app_screens(browser, server, photo)
        if "first" in parts:
            first_minute_screens(browser, server, photo)
        if "people" in parts:
            people_screens(browser, server, photo)
        if "growth" in parts:
            growth_screens(browser, server)
        if "team" in parts:
            team_screens(browser, server, photo)
        if "reports" in parts:
            report_screens(browser, server)
        if "cv" in parts:
            cv_screens(browser, server)
        if "account" in parts:
            account_screens(browser, server)
        if "accounts" in parts:
            lifecycle_screens(browser, server)
        if "standards" in parts:
            standards_screens(browser, server, photo)
        if "faces" in parts:
            faces_screens(browser, server)
        browser.close()
    server.stop()


def app_screens(browser, server, photo: Path) -> None:
    """Sanne's own dossier: log in, the timeline, capture, an item, offline, the queue, English."""
    context = _phone(browser, server)
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
    context.close()


# --- the first minute (issue 17) ------------------------------------------------------------
# A new teacher signs up, says who she is, takes a photo and links it to her own framework.


def first_minute_screens(browser, server, photo: Path) -> None:
    from tests.live import mailed_code

    context = _phone(browser, server)
    page = context.new_page()
    email = f"juf.{random.randrange(10**6)}@voorbeeld.nl"
    page.goto("/")
    page.get_by_role("button", name="Nog geen account? Maak er een").click()
    page.get_by_label("Je naam").fill("Lotte Peeters")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill("vlinder-koffie-7-regen")
    page.get_by_role("button", name="Account maken", exact=True).click()
    page.get_by_label("Code uit de mail").fill(mailed_code(email))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Wie ben je?")).to_be_visible()
    page.get_by_role("radio", name=re.compile("^Leraar")).check()
    page.get_by_role("radio", name="Vlaanderen: kleuter- of lager onderwijs").check()
    quiet(page)
    shoot(page, "onboarding")
    page.get_by_role("button", name="Klaar").click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()

    with page.expect_file_chooser() as chooser:
        page.get_by_text("Foto", exact=True).click()
    chooser.value.set_files(photo)
    title = page.get_by_label("Titel (mag je aanpassen)")
    expect(title).to_be_visible()
    wait_for_images(page)
    quiet(page)
    shoot(page, "capture-title")
    page.get_by_role("button", name="Klaar").click()
    expect(title).to_have_count(0)

    page.goto("/#/frameworks")
    expect(page.get_by_role("heading", name="Met welke kaders werkt je dossier?")).to_be_visible()
    quiet(page)
    shoot(page, "frameworks-own")

    page.goto("/#/")
    page.locator("#main .entry").first.get_by_role("link").first.click()
    page.get_by_role("button", name="Koppel competentie").click()
    expect(page.get_by_label("Zoek een competentie")).to_be_focused()
    page.keyboard.type("opvoeden")
    expect(page.get_by_role("button", name=re.compile(r"^FG\.2 "))).to_be_visible()
    page.evaluate("document.getElementById('links-heading').scrollIntoView()")
    quiet(page)
    shoot(page, "search-word-form")
    page.get_by_role("button", name=re.compile(r"^FG\.2 ")).click()
    me = context.request.get("/api/v1/me").json()
    page.goto(f"/#/dossier/{me['dossiers'][0]['id']}/coverage")
    expect(page.get_by_role("progressbar").first).to_have_attribute("aria-valuenow", "1")
    page.wait_for_function("() => document.getAnimations().length === 0")
    quiet(page)
    shoot(page, "coverage-rings")
    context.close()


# --- competencies and people (issues 5 and 6) ------------------------------------------------
# Daan's internship from the demo: his coordinator and employer look along, add evidence,
# reflect and talk. A little more happens first through the API, as they would do it.


def _phone(browser, server, viewport=VIEWPORT):
    context = browser.new_context(
        base_url=server.url,
        viewport=viewport,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(15_000)
    return context


def _log_in(context, email: str) -> dict:
    response = context.request.post(
        "/api/v1/auth/login", data={"email": email, "password": DEMO_PASSWORD}
    )
    assert response.ok, response.text()
    return response.json()


def _call(context, me: dict, method: str, path: str, **kwargs) -> dict:
    response = context.request.fetch(
        f"/api/v1{path}", method=method, headers={"X-CSRF-Token": me["csrf_token"]}, **kwargs
    )
    assert response.ok, response.text()
    return response.json() if response.status != 204 else {}


def faces_screens(browser, server) -> None:
    """A class photo: the pupil sees the faces and keeps one; the coordinator sees them blurred."""
    from tests.face_pictures import group_photo

    daan_context, fatima_context = _phone(browser, server), _phone(browser, server)
    daan = _log_in(daan_context, "leerling@demo.bagage.nl")
    _log_in(fatima_context, "coordinator@demo.bagage.nl")
    dossier = daan["dossiers"][0]["id"]
    picture = io.BytesIO()
    group_photo((1600, 1200), faces=4, face_fraction=(0.10, 0.13), seed=7).image.save(
        picture, "JPEG", quality=90
    )
    jpeg = {"name": "IMG_2050.jpg", "mimeType": "image/jpeg", "buffer": picture.getvalue()}
    item = _call(
        daan_context, daan, "POST", f"/dossiers/{dossier}/evidence",
        multipart={"title": "Kringgesprek op stage", "file": jpeg},
    )  # fmt: skip
    faces = _call(daan_context, daan, "GET", f"/evidence/{item['id']}/faces")["faces"]
    _call(daan_context, daan, "PATCH", f"/faces/{faces[0]['id']}", data={"keep_visible": True})

    page = daan_context.new_page()
    page.goto(f"/#/item/{item['id']}")
    expect(page.get_by_role("heading", name="Gezichten")).to_be_visible()
    wait_for_images(page)
    quiet(page)
    shoot(page, "faces-owner")
    page.goto("/#/account")
    expect(page.get_by_role("heading", name="Je eigen gezicht")).to_be_visible()
    page.get_by_role("heading", name="Je eigen gezicht").scroll_into_view_if_needed()
    quiet(page)
    page.screenshot(path=str(OUT / "faces-account.png"))

    page = fatima_context.new_page()
    page.goto(f"/#/item/{item['id']}")
    expect(page.get_by_role("heading", name="Kringgesprek op stage")).to_be_visible()
    expect(page.get_by_role("heading", name="Gezichten")).to_have_count(0)
    wait_for_images(page)
    quiet(page)
    shoot(page, "faces-coordinator")
    for context in (daan_context, fatima_context):
        context.close()


def people_screens(browser, server, photo: Path) -> None:
    daan_context, fatima_context, peter_context = (_phone(browser, server) for _ in range(3))
    daan = _log_in(daan_context, "leerling@demo.bagage.nl")
    fatima = _log_in(fatima_context, "coordinator@demo.bagage.nl")
    peter = _log_in(peter_context, "werkgever@demo.bagage.nl")
    dossier = daan["dossiers"][0]["id"]
    jpeg = {"name": "IMG_2040.jpg", "mimeType": "image/jpeg", "buffer": photo.read_bytes()}
    added = _call(
        peter_context, peter, "POST", f"/dossiers/{dossier}/evidence",
        multipart={"title": "Daan aan de snijtafel", "file": jpeg},
    )  # fmt: skip
    other = {**jpeg, "name": "IMG_2041.jpg", "buffer": demo_photo(random.Random(9), (1600, 1200))}
    _call(
        peter_context, peter, "POST", f"/dossiers/{dossier}/messages/attachment",
        multipart={"body": "De mise-en-place van vrijdag, netjes op tijd klaar.", "file": other},
    )  # fmt: skip
    _call(
        fatima_context, fatima, "POST", f"/dossiers/{dossier}/messages",
        data={"body": "@Daan Jansen mooi! Vertel je vrijdag hoe het ging?",
              "mentions": [daan["id"]]},
    )  # fmt: skip
    reply = {"body": "Ja, ik neem de foto's mee.", "mentions": []}
    _call(daan_context, daan, "POST", f"/dossiers/{dossier}/messages", data=reply)
    frameworks = _call(daan_context, daan, "GET", f"/dossiers/{dossier}/frameworks")
    skills = next(f for f in frameworks if f["title"].startswith("Werknemersvaardigheden"))

    page = daan_context.new_page()
    page.goto("/#/")
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()
    expect(page.locator(".added-by").first).to_contain_text("toegevoegd door Peter Willems")
    wait_for_images(page)
    quiet(page)
    shoot(page, "people-timeline")

    page.get_by_role("link", name="Meldingen: 2 ongelezen").click()
    expect(page.get_by_role("heading", name="Meldingen", exact=True)).to_be_visible()
    quiet(page)
    shoot(page, "notifications")

    evidence = _call(daan_context, daan, "GET", f"/dossiers/{dossier}/evidence")["items"]
    on_time = next(i for i in evidence if i["title"] == "Op tijd begonnen")
    page.goto(f"/#/item/{on_time['id']}")
    page.get_by_role("heading", name="Competenties").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('links-heading').scrollIntoView()")
    shoot(page, "detail-reflections")
    page.get_by_role("button", name="Koppel competentie").click()
    expect(page.get_by_label("Zoek een competentie")).to_be_focused()
    page.keyboard.type("samenwerken")
    expect(page.get_by_role("button", name=re.compile(r"^WV\.5"))).to_be_visible()
    page.evaluate("document.getElementById('links-heading').scrollIntoView()")
    shoot(page, "link-competency")

    page.goto(f"/#/dossier/{dossier}/coverage/{skills['id']}")
    expect(page.get_by_role("progressbar").first).to_be_visible()
    page.wait_for_function("() => document.getAnimations().length === 0")  # the rings have filled
    shoot(page, "coverage")

    item = on_time["competencies"][0]
    page.goto(f"/#/dossier/{dossier}/competency/{item['framework_id']}/{item['item_id']}")
    chart = page.get_by_role("img", name="Grafiek van de niveaus per rol door de tijd")
    expect(chart).to_be_visible()
    page.evaluate("document.getElementById('perspectives-heading').scrollIntoView()")
    shoot(page, "perspectives")

    page.goto(f"/#/item/{added['id']}")
    expect(page.get_by_role("heading", name="Toegevoegd namens jou")).to_be_visible()
    wait_for_images(page)
    page.evaluate("document.getElementById('review-heading').scrollIntoView()")
    shoot(page, "on-behalf")

    page.goto(f"/#/dossier/{dossier}/conversation")
    expect(page.get_by_role("log")).to_contain_text("Ja, ik neem de foto's mee.")
    wait_for_images(page)
    shoot(page, "conversation")

    page.goto("/#/people")
    expect(page.get_by_role("heading", name="Toegang die je gaf")).to_be_visible()
    shoot(page, "people")

    page.goto("/#/frameworks")
    expect(page.get_by_role("heading", name="Met welke kaders werkt je dossier?")).to_be_visible()
    shoot(page, "frameworks")

    theirs = fatima_context.new_page()
    theirs.goto(f"/#/d/{dossier}")
    expect(theirs.get_by_role("heading", name=re.compile("^Dossier van Daan"))).to_be_visible()
    wait_for_images(theirs)
    quiet(theirs)
    shoot(theirs, "shared-dossier")
    for context in (daan_context, fatima_context, peter_context):
        context.close()


# --- growth (issue 8) ----------------------------------------------------------------------
# The teacher at 0,8 fte with this school year's log and a goal.


def growth_screens(browser, server) -> None:
    context = _phone(browser, server)
    me = _log_in(context, "leraar@demo.bagage.nl")
    dossier = me["dossiers"][0]["id"]
    _call(context, me, "PUT", "/me/growth-settings", data={"fte": 0.8})
    year = _call(context, me, "GET", f"/dossiers/{dossier}/growth/overview")["school_year"]
    found = _call(context, me, "GET", "/competencies?q=differenti")
    goal = _call(
        context, me, "POST", f"/dossiers/{dossier}/goals",
        data={"title": "Beter differentiëren in de rekenles", "school_year": year,
              "target_date": f"{year + 1}-06-30", "status": "in_progress",
              "planned_activities": "Cursus rekendidactiek, twee keer collegiale consultatie.",
              "competency_ids": [i["id"] for i in found[:2]]},
    )  # fmt: skip
    _call(
        context, me, "POST", f"/goals/{goal['id']}/progress",
        data={"model": "korthagen", "content": {
            "handelen": "Drie niveaus bij het automatiseren.",
            "terugblikken": "De snelle groep was sneller klaar dan gedacht.",
            "bewustwording": "Ik plan te weinig verrijking."}},
    )  # fmt: skip
    for kind, title, month, hours, cost, provider, planned in (
        ("course", "Rekendidactiek groep 3-5", 9, 12.5, 249.95, "Hogeschool Utrecht", False),
        ("peer_observation", "Collegiale consultatie bij Mirjam", 10, 2, 0, "", False),
        ("intervision", "Intervisie onderbouw", 11, 6, 0, "", False),
        ("conference", "Onderwijscongres", 3, 8, 120, "", True),
    ):
        _call(
            context, me, "POST", f"/dossiers/{dossier}/activities",
            data={"kind": kind, "title": title, "hours": hours, "cost": cost,
                  "provider": provider, "planned": planned, "goal_ids": [goal["id"]],
                  "on_date": f"{year if month >= 8 else year + 1}-{month:02d}-15"},
        )  # fmt: skip

    page = context.new_page()
    page.goto("/#/growth")
    # The demo's own log and the activities above: the hours done depend on today's date.
    expect(page.get_by_text(re.compile(r"van 66,4 uur gedaan\."))).to_be_visible()
    page.evaluate("document.getElementById('growth-overview').scrollIntoView()")
    shoot(page, "growth")
    page.evaluate("document.getElementById('growth-log').scrollIntoView()")
    shoot(page, "growth-log")
    page.goto(f"/#/growth/goal/{goal['id']}")
    expect(page.get_by_role("heading", name="Beter differentiëren in de rekenles")).to_be_visible()
    page.evaluate("document.getElementById('goal-progress').scrollIntoView()")
    shoot(page, "growth-goal")
    context.close()


# --- internship reports, the online CV and my data (issues 9, 10 and 7) ----------------------
# Daan's report as the demo has it: written by the coordinator Fatima, confirmed by the
# employer Peter; Daan's CV with his kitchen work; Daan taking his data along.


def report_screens(browser, server) -> None:
    context = _phone(browser, server)
    fatima = _log_in(context, "coordinator@demo.bagage.nl")
    shared = _call(context, fatima, "GET", "/shared-dossiers")
    daan = next(s["dossier"]["id"] for s in shared if s["owner"]["display_name"].startswith("Daan"))
    # The demo's report waits for Peter's signature (the team part shows it so): he signs.
    peter_context = _phone(browser, server)
    peter = _log_in(peter_context, "werkgever@demo.bagage.nl")
    report = _call(peter_context, peter, "GET", f"/dossiers/{daan}/reports")[0]
    _call(peter_context, peter, "POST", f"/reports/{report['id']}/signoff")
    peter_context.close()
    page = context.new_page()
    page.goto(f"/#/dossier/{daan}/reports")
    expect(page.get_by_role("heading", name="Stageverslagen")).to_be_visible()
    expect(page.get_by_text("Ondertekend door iedereen")).to_be_visible()
    quiet(page)
    shoot(page, "reports")

    page.get_by_role("link", name=re.compile("^Stageverslag keuken")).click()
    expect(page.get_by_role("heading", name="Stageverslag keuken")).to_be_visible()
    expect(page.locator(".report-tile").first).to_be_visible()
    wait_for_images(page)
    page.evaluate("document.querySelector('#app h1').scrollIntoView()")
    shoot(page, "report")

    preview = page.frame_locator(".report-frame")
    expect(preview.get_by_text("Daan Jansen").first).to_be_visible()
    page.wait_for_function(
        """() => { const d = document.querySelector('.report-frame').contentDocument;
                   return d && [...d.images].every(i => i.complete && i.naturalWidth > 0); }"""
    )
    page.evaluate("document.getElementById('report-preview-heading').scrollIntoView()")
    shoot(page, "report-preview")

    page.evaluate("document.getElementById('report-signoff-heading').scrollIntoView()")
    expect(page.get_by_text(re.compile(r"Peter Willems, bevestigd op"))).to_be_visible()
    shoot(page, "report-signoff")
    context.close()


def cv_screens(browser, server) -> None:
    context = _phone(browser, server)
    _log_in(context, "leerling@demo.bagage.nl")
    page = context.new_page()
    page.goto("/#/cv")
    expect(page.get_by_role("heading", name="Mijn cv")).to_be_visible()
    expect(page.get_by_label("Kop (optioneel)")).to_have_value("Keukenhulp in opleiding")
    wait_for_images(page)
    quiet(page)
    shoot(page, "cv")

    page.goto("/#/cv/links")
    page.get_by_label("Voor wie? (optioneel)").fill("Vacature De Gouden Lepel")
    page.get_by_role("button", name="Link maken").click()
    address = page.locator("[data-copy-link]")
    expect(address).to_have_value(re.compile("/cv/"))
    url = address.input_value()

    recruiter = _phone(browser, server)  # a fresh browser: no account, no cookies
    public = recruiter.new_page()
    public.goto(url)
    expect(public.get_by_role("heading", name=re.compile("^Daan Jansen"))).to_be_visible()
    wait_for_images(public)
    shoot(public, "cv-public")
    recruiter.close()

    page.get_by_role("button", name="Vernieuwen").click()
    expect(page.get_by_text("1 keer bekeken")).to_be_visible()
    quiet(page)
    page.evaluate("document.activeElement.blur(); getSelection().removeAllRanges()")
    address.evaluate("input => input.setSelectionRange(0, 0)")
    page.evaluate("document.getElementById('cv-links-heading').scrollIntoView()")
    shoot(page, "cv-links")
    context.close()


def account_screens(browser, server) -> None:
    context = _phone(browser, server)
    _log_in(context, "leerling@demo.bagage.nl")
    page = context.new_page()
    page.goto("/#/account")
    expect(page.get_by_role("heading", name="Mijn gegevens", exact=True)).to_be_visible()
    expect(page.get_by_text("Er staat nog geen export klaar.")).to_be_visible()
    page.get_by_role("button", name="Download al mijn gegevens").click()
    expect(page.get_by_text("Je export is klaar.")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("link", name=re.compile("^Download de zip"))).to_be_visible()
    quiet(page)
    page.evaluate("document.activeElement.blur()")
    page.evaluate("document.querySelector('.account-exports').scrollIntoView({block: 'end'})")
    shoot(page, "account")
    context.close()


def lifecycle_screens(browser, server) -> None:
    """A new pupil signs up and types the mailed code; a forgotten password; a throttled login;
    changing the password on Mijn gegevens."""
    context = _phone(browser, server)
    page = context.new_page()
    email = "jesse@example.nl"
    page.goto("/")
    page.get_by_role("button", name="Nog geen account? Maak er een").click()
    page.get_by_label("Je naam").fill("Jesse")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill("qwertyuiop")
    page.get_by_role("button", name="Account maken", exact=True).click()
    expect(page.get_by_text("Dit wachtwoord is een van de meest gebruikte").first).to_be_visible()
    shoot(page, "signup-common-password")
    page.get_by_label("Wachtwoord", exact=True).fill(f"{DEMO_PASSWORD}-jesse")
    page.get_by_role("button", name="Account maken", exact=True).click()
    expect(page.get_by_role("heading", name="Bevestig je e-mailadres")).to_be_visible()
    page.get_by_label("Code uit de mail").fill(mailed_code(email))
    shoot(page, "signup-code")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Mijn dossier")).to_be_visible()

    page.goto("/#/account")
    form = page.get_by_role("region", name="Wachtwoord wijzigen")
    form.scroll_into_view_if_needed()
    quiet(page)
    shoot(page, "password-change")
    context.close()

    context = _phone(browser, server)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("button", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", name="Wachtwoord vergeten")).to_be_visible()
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_text("Als er een account bij dit adres hoort")).to_be_visible()
    shoot(page, "password-forgotten")
    page.goto("/")
    for _ in range(6):
        context.request.post("/api/v1/auth/login", data={"email": email, "password": "gok"})
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(f"{DEMO_PASSWORD}-jesse")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Te veel pogingen")
    shoot(page, "login-throttled")
    context.close()


# --- the team around the pupil (issue 15) ----------------------------------------------------
# Fatima's pupils at Het Baken, as the demo has them; at the size of a larger phone.

PHONE = {"width": 390, "height": 844}


def team_screens(browser, server, photo: Path) -> None:
    fatima_context = _phone(browser, server, PHONE)
    fatima = _log_in(fatima_context, "coordinator@demo.bagage.nl")
    page = fatima_context.new_page()
    page.goto("/#/people/mine")
    pupils = page.get_by_role("list", name="Mijn leerlingen").get_by_role("listitem")
    expect(pupils).to_have_count(6)
    wait_for_images(page)
    quiet(page)
    shoot(page, "caseload")

    shared = _call(fatima_context, fatima, "GET", "/shared-dossiers")
    sem = next(s["dossier"]["id"] for s in shared if s["owner"]["display_name"].startswith("Sem"))
    page.goto(f"/#/dossier/{sem}/internships")
    form = page.get_by_role("form", name="Stagebegeleider uitnodigen")
    form.get_by_label("Bedrijf").fill("Hoveniersbedrijf Groen")
    form.get_by_label("Naam van de stagebegeleider").fill("Wim Groen")
    form.get_by_label("E-mailadres van de stagebegeleider").fill("wim@hovenier-groen.example")
    form.get_by_label("Eerste stagedag").fill("2027-02-01")
    form.get_by_label("Laatste stagedag").fill("2027-04-30")
    page.evaluate("document.activeElement.blur()")
    # The form from its heading, below the app's bar.
    form.evaluate("form => scrollTo(0, form.getBoundingClientRect().top + scrollY - 72)")
    shoot(page, "internship-propose")

    page.goto("/#/")
    page.get_by_role("button", name="Foto", exact=True).click()
    expect(page.get_by_role("dialog", name="Voor wie?")).to_be_visible()
    wait_for_images(page)
    shoot(page, "capture-for")
    fatima_context.close()

    lars_context = _phone(browser, server, PHONE)
    lars = _log_in(lars_context, "lars@demo.bagage.nl")
    [garage] = _call(
        lars_context, lars, "GET", f"/dossiers/{lars['dossiers'][0]['id']}/internships"
    )["items"]
    page = lars_context.new_page()
    page.goto(f"/#/internship/{garage['id']}")
    expect(page.get_by_role("heading", name="Een stage voor jou")).to_be_visible()
    quiet(page)
    shoot(page, "internship-approve")
    lars_context.close()

    # Joke van Dam has no account: the link the demo mailed her (to the test outbox here).
    mailed = [m["body"] for m in server.app.extensions.get("mail_outbox", [])
              if m["to"] == "joke@bakkerij-vandam.demo.bagage.nl"]  # fmt: skip
    link = re.search(r"#/werkplek/[A-Za-z0-9_-]+", mailed[0]).group(0)
    joke_context = _phone(browser, server, PHONE)
    page = joke_context.new_page()
    page.goto(f"/{link}")
    expect(
        page.get_by_role("heading", name=re.compile("^Welkom bij de stage van Noor"))
    ).to_be_visible()
    quiet(page)
    shoot(page, "workplace-welcome")
    joke_context.close()

    peter_context = _phone(browser, server, PHONE)
    peter = _log_in(peter_context, "werkgever@demo.bagage.nl")
    [daan] = _call(peter_context, peter, "GET", "/caseload")["items"]
    report = _call(peter_context, peter, "GET", f"/dossiers/{daan['dossier_id']}/reports")[0]
    page = peter_context.new_page()
    page.goto(f"/#/report/{report['id']}")
    expect(page.get_by_role("heading", name="Stageverslag keuken")).to_be_visible()
    page.evaluate("document.getElementById('report-signoff-heading').scrollIntoView()")
    quiet(page)
    shoot(page, "report-awaiting")
    peter_context.close()


def standards_screens(browser, server, photo: Path) -> None:
    """Daan's credential (Peter's level, from the demo) in Mijn bewijzen, checked by a recruiter
    on his CV and on the verify screen; a framework read from a CASE server; a Mahara export."""
    from tests.case_provider import CaseProvider, opensalt_as_served
    from tests.leap2a_files import MaharaExport

    context = _phone(browser, server)
    me = _log_in(context, "leerling@demo.bagage.nl")
    page = context.new_page()
    page.goto("/#/credentials")
    expect(page.get_by_role("heading", name="Mijn bewijzen")).to_be_visible()
    expect(page.get_by_role("link", name="Zet op LinkedIn")).to_be_visible()
    quiet(page)
    shoot(page, "credentials")

    dossier = me["dossiers"][0]["id"]
    link = _call(context, me, "POST", f"/dossiers/{dossier}/cv/links", data={})
    [credential] = _call(context, me, "GET", f"/dossiers/{dossier}/credentials")
    signed = context.request.get(f"/api/v1/credentials/{credential['id']}/download/json").text()
    recruiter = _phone(browser, server)
    public = recruiter.new_page()
    public.goto("/" + link["url"].split("://", 1)[1].split("/", 1)[1])
    item = public.locator(".credentials li").first
    item.get_by_role("button", name="Controleer").click()
    expect(item.locator("output")).to_contain_text("Echt")
    item.scroll_into_view_if_needed()
    wait_for_images(public)
    shoot(public, "cv-credential")
    checker = recruiter.new_page()
    checker.goto("/#/verify")
    checker.get_by_label("Plak de credential (JSON of JWT)").fill(signed)
    checker.get_by_role("button", name="Controleer").click()
    verdict = checker.get_by_role("heading", name="Geldig", exact=True)
    expect(verdict).to_be_visible()
    checker.evaluate("document.activeElement.blur()")
    checker.wait_for_timeout(300)  # the result is focused and scrolled to; then centre it
    verdict.evaluate("heading => heading.scrollIntoView({block: 'start'})")
    shoot(checker, "verify")
    recruiter.close()

    # A CASE server on this machine stands in for one on the internet.
    server.app.config["CASE_FETCH_ALLOW_PRIVATE"] = True
    page.goto("/#/frameworks/manage")
    case = page.get_by_role("region", name="Van een CASE-server")
    with CaseProvider([opensalt_as_served()]) as provider:
        case.get_by_label("Adres van de CASE-server").fill(provider.url)
        case.get_by_role("button", name="Kaders ophalen").click()
        case.get_by_role("group", name="Kies een kader").get_by_role("radio").first.check()
        case.get_by_role("button", name="Importeren").click()
        summary = case.get_by_role("status")
        summary.get_by_text(re.compile(r"hersteld bij het inlezen")).click()
        summary.scroll_into_view_if_needed()
        quiet(page)
        shoot(page, "case-server")

    export = MaharaExport(name="Daan Jansen")
    board = export.file("bord.jpg", photo.read_bytes(), "image/jpeg", artefact_type="image",
                        description="Het bord na de rekenles", tags=["rekenen"])  # fmt: skip
    export.comment(board, "<p>Mooi overzichtelijk bord!</p>", author="Jan Mentor")
    journal = export.journal("Stagejournaal")
    export.post(journal, "Eerste stagedag", "<p>Voor het eerst voor de klas.</p>")
    export.page("Mijn stageportfolio")
    saved = photo.parent / "mahara-export-leap-user7.zip"
    saved.write_bytes(export.zip())
    page.goto("/#/account")
    page.get_by_label("Export uit Mahara (Leap2A) of Bagage (zip)").set_input_files(saved)
    page.get_by_role("button", name="Importeren", exact=True).click()
    result = page.get_by_role("status").filter(has_text="Geïmporteerd uit Mahara")
    expect(result).to_be_visible(timeout=60_000)
    result.scroll_into_view_if_needed()
    shoot(page, "mahara-import")
    context.close()


if __name__ == "__main__":
    main()
