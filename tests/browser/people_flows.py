"""Several people, each in their own phone browser, for the competency and people screens.

People are signed up and given access through the API (their context's cookie jar), so the
tests spend their time on what they are about. Fixtures here are imported by the test modules
that use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import AXE, BrowserProblems
from tests.browser.flows import PASSWORD, unique_email
from tests.live import SMTP_INBOXES, mailed_code
from tests.waiting import wait_until

API = "/api/v1"


@dataclass
class Person:
    """Someone signed up in their own browser context, with the API at hand."""

    name: str
    email: str
    context: BrowserContext
    me: dict
    pages: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.me["id"]

    @property
    def dossier(self) -> str:
        return self.me["dossiers"][0]["id"]

    def call(self, method: str, path: str, json=None, multipart=None, expected=(200, 201, 204)):
        headers = {"X-CSRF-Token": self.me["csrf_token"]}
        kwargs = {"headers": headers}
        if json is not None:
            kwargs["data"] = json
        if multipart is not None:
            kwargs["multipart"] = multipart
        response = self.context.request.fetch(API + path, method=method, **kwargs)
        assert response.status in expected, f"{method} {path}: {response.status} {response.text()}"
        return response.json() if response.status != 204 else None

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, json=None, **kwargs):
        return self.call("POST", path, json=json if json is not None else {}, **kwargs)

    def note(self, title: str, text: str = "") -> dict:
        return self.call(
            "POST",
            f"/dossiers/{self.dossier}/evidence",
            multipart={"title": title, "description": text},
        )

    def hold_dossier_streams(self):
        """Keep this person's live dossier streams from reaching the server until the returned
        function is called: what happens meanwhile falls between a screen's load and its stream."""
        held = []
        pattern = "**/api/v1/dossiers/*/events*"

        def hold(route) -> None:
            held.append(route)

        self.context.route(pattern, hold)

        def release() -> None:
            for route in held:
                route.continue_()
            self.context.unroute(pattern)

        return release

    def open(self, hash_: str = "/") -> Page:
        page = self.context.new_page()
        self.pages.append(page)
        page.goto(f"/#{hash_}")
        return page


@pytest.fixture
def people(browser, phone, live_server):
    """people("Daan") → a Person signed up in a phone context of their own (signed_up=False:
    no account yet); every context is closed afterwards and must not have logged an error.
    They answered the first screen ("Wie ben je?") with `profile` ({"role", "sector"}), or
    put it off with "Later"."""
    made: list[tuple[BrowserContext, BrowserProblems]] = []

    def _make(name: str, signed_up: bool = True, profile: dict | None = None) -> Person:
        context = browser.new_context(**phone, base_url=live_server.url)
        context.set_default_timeout(10_000)
        problems = BrowserProblems()
        context.on("page", problems.watch)
        made.append((context, problems))
        if not signed_up:  # someone who has no account yet
            return Person(name=name, email=unique_email(name), context=context, me={})
        email = unique_email(name)
        response = context.request.post(
            f"{API}/auth/register",
            data={"email": email, "password": PASSWORD, "display_name": name},
        )
        assert response.status == 202, response.text()
        response = context.request.post(
            f"{API}/auth/verify", data={"email": email, "code": mailed_code(email)}
        )
        assert response.status == 200, response.text()
        headers = {"X-CSRF-Token": response.json()["csrf_token"]}
        if profile is not None:
            response = context.request.put(f"{API}/me/profile", data=profile, headers=headers)
        else:
            response = context.request.post(f"{API}/me/profile/later", headers=headers)
        assert response.status == 200, response.text()
        me = response.json()
        return Person(name=name, email=me["email"], context=context, me=me)

    yield _make
    failures = []
    for context, problems in made:
        context.close()
        failures.extend(problems)
    assert not failures, failures


@pytest.fixture(scope="session")
def builtins(live_server):
    """The built-in frameworks, as `flask competencies sync-builtin` loads them."""
    from app.db import db
    from competencies.builtin import sync_builtin

    with live_server.app.app_context():
        sync_builtin(db.session())
        db.commit()


def framework_named(person: Person, prefix: str) -> dict:
    return next(f for f in person.get("/frameworks") if f["title"].startswith(prefix))


def competency(person: Person, framework_id: str, code: str) -> dict:
    items = person.get(f"/frameworks/{framework_id}")["items"]
    return next(i for i in items if i["human_code"] == code)


def organisation_with(
    admin: Person, member: Person, role: str, name: str, kind: str = "education"
) -> dict:
    """A new organisation of `admin`'s that `member` joined in `role` (offered and accepted)."""
    organisation = admin.post("/organisations", {"name": name, "kind": kind})
    offer = admin.post(
        f"/organisations/{organisation['id']}/members", {"email": member.email, "role": role}
    )
    member.post(f"/memberships/{offer['id']}/accept", {})
    return organisation


def share(owner: Person, other: Person, scopes: list[str], role: str) -> dict:
    """`other` works where `owner` does (an organisation of `other`'s), and the owner lets
    them in from that shared organisation."""
    kind = "work" if role == "employer" else "education"
    organisation = organisation_with(other, owner, "student", f"Stage {other.name}", kind)
    result = owner.post(
        f"/dossiers/{owner.dossier}/grants",
        {
            "user_id": other.id,
            "organisation_id": organisation["id"],
            "scopes": scopes,
            "role": role,
        },
    )
    return result["grant"]


def count_taps(page: Page) -> None:
    """From now on, count every pointer press on the page (window.__taps)."""
    page.evaluate(
        "window.__taps = 0;"
        "document.addEventListener('pointerdown', () => { window.__taps += 1; }, true);"
    )


def taps(page: Page) -> int:
    return page.evaluate("window.__taps")


def bell(page: Page, unread: int):
    name = f"Meldingen: {unread} ongelezen" if unread else "Meldingen"
    return page.get_by_role("banner").get_by_role("link", name=name, exact=True)


def axe_serious(page: Page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async () => {
            // Contrast is judged on what a reader sees once a message has faded in, not mid-fade.
            const fading = document.getAnimations().filter(
                (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            await Promise.all(fading.map((a) => a.finished.catch(() => null)));
            const result = await axe.run(document, {
                runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def assert_accessible(page: Page, screen: str) -> None:
    bad = axe_serious(page)
    assert not bad, f"{screen}: {bad}"


def fits_the_phone(page: Page) -> None:
    """Nothing scrolls sideways at 360 px."""
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", name=text, level=1)).to_be_visible()


@pytest.fixture
def smtp(live_server):
    """A real SMTP server (aiosmtpd) that the live server's mail goes to; yields the messages."""
    from tests.conftest import smtp_server

    with smtp_server() as (port, received):
        config = live_server.app.config
        old = {k: config[k] for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS", "MAIL_BACKEND")}
        config.update(
            SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, MAIL_BACKEND="smtp"
        )
        SMTP_INBOXES.append(received)
        yield received
        SMTP_INBOXES.remove(received)
        config.update(old)


def invitation_mail(mails: list, to: str):
    """The first mail with an invitation link to `to` (someone signed up got a code before)."""
    return wait_until(
        lambda: next((m for m in mails if m["To"] == to and "#/invitation/" in mail_text(m)), None),
        what=f"an invitation to {to}",
    )


def mail_text(mail) -> str:
    return mail.get_payload(decode=True).decode()


def invitation_token(mails: list, to: str) -> str:
    body = mail_text(invitation_mail(mails, to))
    return re.search(r"#/invitation/([A-Za-z0-9_-]+)", body).group(1)
