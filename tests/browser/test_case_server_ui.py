"""Importing a framework straight from a CASE server on a phone: the address, the server's
frameworks to choose from, the import and what it repaired, in Dutch; a private address is
refused in words. A learning line its maker publishes is served to other tools."""

from __future__ import annotations

import json
import re
import uuid

import requests
from playwright.sync_api import expect

from tests.browser.people_flows import fits_the_phone, heading
from tests.case_provider import CaseProvider, load_fixture, opensalt_as_served


def _other_framework() -> dict:
    package = load_fixture("opensalt-Utf8TestFramework.json")
    old, new = package["CFDocument"]["identifier"], str(uuid.uuid4())
    return json.loads(json.dumps(package).replace(old, new))


def test_a_framework_is_fetched_from_a_case_server_chosen_and_imported(
    people, live_server, monkeypatch
):
    coordinator = people("Fatima", profile={"role": "coordinator"})
    page = coordinator.open("/frameworks")
    heading(page, "Mijn kaders")
    page.get_by_role("link", name="Kaders beheren").click()
    heading(page, "Kaders beheren")
    server = page.get_by_role("region", name="Van een CASE-server")
    address = server.get_by_label("Adres van de CASE-server")

    # By default a private address is refused, in words, before anything is fetched.
    monkeypatch.setitem(live_server.app.config, "CASE_FETCH_ALLOW_PRIVATE", False)
    address.fill("http://10.0.0.1/")
    server.get_by_role("button", name="Kaders ophalen").click()
    expect(server.get_by_role("alert")).to_contain_text("niet op het openbare internet")

    # The test's own CASE server runs on this machine, as on a closed intranet.
    monkeypatch.setitem(live_server.app.config, "CASE_FETCH_ALLOW_PRIVATE", True)
    title = "Sequence Number Test"
    with CaseProvider([opensalt_as_served(str(uuid.uuid4())), _other_framework()]) as provider:
        address.fill(provider.url)
        server.get_by_role("button", name="Kaders ophalen").click()
        choices = server.get_by_role("group", name="Kies een kader")
        expect(choices.get_by_role("radio")).to_have_count(2)
        expect(choices).to_contain_text("OpenSALT Testing")
        fits_the_phone(page)

        server.get_by_role("button", name="Importeren").click()  # nothing chosen yet
        expect(server.get_by_role("alert")).to_contain_text("Kies eerst een kader.")
        choices.get_by_role("radio", name=re.compile(title)).check()
        server.get_by_role("button", name="Importeren").click()

        summary = server.get_by_role("status")
        expect(summary).to_contain_text(f"Geïmporteerd: {title} (2 onderdelen).")
        summary.get_by_text(re.compile(r"ding\(en\) hersteld bij het inlezen")).click()
        repairs = summary.get_by_role("listitem")
        expect(repairs.filter(has_text="CFDocument.lastChangeDateTime")).to_contain_text(
            "zonder tijdzone; gelezen als UTC"
        )
        expect(repairs.filter(has_text="CFAssociations[0].sequenceNumber")).to_contain_text(
            "een getal stond als tekst"
        )
        fits_the_phone(page)

    # It is there, in the order the server's sequence numbers give.
    summary.get_by_role("link", name="Bekijken").click()
    heading(page, title)
    expect(page.locator(".item-tree .item-text")).to_have_text(
        ["SNT.2 Second added item, but should be first", "SNT.1 First Added Item"]
    )


def test_a_learning_line_is_published_for_other_tools_and_taken_back(people, live_server):
    teacher = people("Sanne")
    line = teacher.post("/frameworks", {"title": "Leerlijn rekenen"})
    teacher.post(f"/frameworks/{line['id']}/items", {"full_statement": "Breuken vergelijken"})
    package = f"{live_server.url}/ims/case/v1p0/CFPackages/{line['identifier']}"
    page = teacher.open(f"/framework/{line['id']}")
    heading(page, "Leerlijn rekenen")
    public = page.get_by_role("switch", name="Deze leerlijn is openbaar")
    expect(public).not_to_be_checked()
    assert requests.get(package, timeout=10).status_code == 404

    public.check()
    expect(page.get_by_role("status")).to_have_text("De leerlijn is openbaar.")
    served = requests.get(package, timeout=10).json()
    assert [i["fullStatement"] for i in served["CFItems"]] == ["Breuken vergelijken"]

    public.uncheck()
    expect(page.get_by_role("status")).to_have_text("De leerlijn is weer privé.")
    assert requests.get(package, timeout=10).status_code == 404
