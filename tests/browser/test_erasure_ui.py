"""After a coach deletes their account, the pupil's phone shows "verwijderd account" where
the coach's name was: in the notifications, under the reflection and in the coaching notes."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.flows import PASSWORD
from tests.browser.people_flows import heading, share


def test_the_owner_reads_verwijderd_account_where_a_deleted_coach_was_named(people):
    owner, coach = people("Sanne"), people("Carla Coachman")
    share(owner, coach, ["view", "reflect"], "coach")
    item = owner.note("Kringgesprek")
    coach.post(f"/evidence/{item['id']}/reflections", json={"content": {"text": "Mooi gedaan."}})
    coach.post(
        f"/dossiers/{owner.dossier}/coaching-notes",
        json={"session_date": "2026-10-02", "body": "Eerste gesprek"},
    )
    coach.call("DELETE", "/me", json={"password": PASSWORD})

    page = owner.open("/notifications")
    heading(page, "Meldingen")
    expect(page.get_by_text("Carla Coachman")).to_have_count(0)
    expect(
        page.get_by_role("link", name=re.compile("^verwijderd account schreef een notitie"))
    ).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^verwijderd account \(coach\) reflecteerde")).click()
    heading(page, "Kringgesprek")
    expect(page.locator(".reflection-author")).to_contain_text("verwijderd account · coach")
    expect(page.get_by_text("Carla Coachman")).to_have_count(0)
