"""A real browser against a live server: Debian's Chromium driven by Playwright.

The live server (tests/live.py) is its own app with its own media folder, on DATABASE_URL when
set (CI's PostgreSQL run) and on a SQLite file of its own otherwise. It cannot share the
suite's `app` fixture: that one binds the session to a per-test transaction on one connection,
which a server thread must not use.

The web app must have been built (`make web`, which `make test` runs first).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from app.demo import demo_photo
from tests.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "mobile_web"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Set to a folder to keep screenshots of the screens the tests pass through.
SCREENSHOT_DIR = os.environ.get("BAGAGE_SCREENSHOT_DIR")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (make test installs it)")
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _transaction():
    """Replaces the suite's per-test transaction: these tests talk to the live server only."""
    yield


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    """The app on a free port in a daemon thread, with a fresh media folder."""
    if not (WEB / "static" / "dist" / "index.html").exists() or not AXE.exists():
        pytest.fail("The web app is not built: run `make web` (make test does it first).")
    server = LiveServer(tmp_path_factory.mktemp("browser")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def phone(playwright) -> dict:
    """A Pixel 7 in the Netherlands."""
    device = dict(playwright.devices["Pixel 7"])
    device.pop("default_browser_type", None)
    device.update(locale="nl-NL", timezone_id="Europe/Amsterdam")
    return device


class BrowserProblems(list):
    """Uncaught errors and console errors (CSP violations among them) seen on the page."""

    def watch(self, page) -> None:
        page.on("pageerror", lambda exc: self.append(f"page error: {exc}"))
        page.on("console", self._console)

    def _console(self, message) -> None:
        # A failed API call (401 before login, 415 for a bad file) is logged too; that is expected.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.append(f"console: {message.text}")


@pytest.fixture
def page(browser, phone, live_server):
    """A new phone context per test; fails the test if the page logged an error."""
    context = browser.new_context(**phone, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = BrowserProblems()
    problems.watch(page)
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def screenshot():
    """screenshot(page, name): keep a picture when BAGAGE_SCREENSHOT_DIR is set."""

    def _take(page, name: str) -> None:
        if SCREENSHOT_DIR:
            Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)

    return _take


@pytest.fixture
def photo(tmp_path):
    """A camera-sized JPEG, as a phone would take it (a module may bring its own)."""
    path = tmp_path / "klaslokaal.jpg"
    path.write_bytes(demo_photo(random.Random(7), (1600, 1200)))
    return path


# Several people, each in a browser of their own (the competency and people screens).
from tests.browser.people_flows import builtins, people, smtp  # noqa: E402, F401
