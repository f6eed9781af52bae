"""The internship report as a school trusts it: the school's name, logo and address; STARR
and Korthagen parts by their names; Dutch numbers in Dutch; a warning for chosen evidence
outside the period; roles named once."""

from __future__ import annotations

import pytest

from tests.test_reports import _pdf_text, internship  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("storage")


def _report(author, pupil, **fields) -> dict:
    body = {"title": "Stageverslag keuken", "period_start": "2026-10-01",
            "period_end": "2026-11-30", **fields}  # fmt: skip
    r = author.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json=body)
    assert r.status_code == 201, r.json
    return r.json


def test_starr_parts_carry_their_names_in_either_language(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    report = _report(coordinator, pupil)
    dutch = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "<dt>Situatie</dt><dd>Eerste week</dd>" in dutch
    assert "<dt>Reflectie</dt><dd>Vroeg opstaan helpt mij.</dd>" in dutch
    assert "situatie" not in dutch and "reflectie" not in dutch  # never the raw keys
    english = _pdf_text(pupil.get(f"/api/v1/reports/{report['id']}/pdf?lang=en").data)
    assert "Situation Eerste week" in english and "Reflection Vroeg opstaan" in english
    assert "situatie" not in english.lower()


def test_korthagen_phases_are_numbered_and_named(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    note = pupil.upload(None, title="Gesprek", occurred_at="2026-10-08T08:00:00+00:00").json
    pupil.post(f"/api/v1/evidence/{note['id']}/reflections", json={
        "model": "korthagen", "content": {"handelen": "Ik vroeg om hulp.",
                                          "uitproberen": "Volgende keer eerder."}})  # fmt: skip
    report = _report(coordinator, pupil, language="en")
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "<dt>1. Action</dt><dd>Ik vroeg om hulp.</dd>" in html
    assert "<dt>5. Trial</dt><dd>Volgende keer eerder.</dd>" in html
    assert "handelen" not in html


def test_hours_are_written_as_the_reader_writes_numbers(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    report = _report(coordinator, pupil, hours=64.5)
    dutch = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "64,5 uur" in dutch and "64.5" not in dutch
    english = pupil.get(f"/api/v1/reports/{report['id']}/preview?lang=en").get_data(as_text=True)
    assert "64.5 hours" in english
    assert "64,5 uur" in _pdf_text(pupil.get(f"/api/v1/reports/{report['id']}/pdf").data)


def test_the_number_helper():
    from app.reports.render import format_number

    assert format_number(64.5, "nl") == "64,5" and format_number(64.5, "en") == "64.5"
    assert format_number(120.0, "nl") == "120" and format_number(1250.25, "nl") == "1.250,25"
    assert format_number(1250.25, "en") == "1,250.25"


def test_chosen_evidence_outside_the_period_is_kept_and_warned_about(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    items = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").json["items"]
    ids = {e["title"]: e["id"] for e in items}
    chosen = [ids["Om 8 uur begonnen"], ids["Buiten de stageperiode"]]
    report = _report(coordinator, pupil, evidence_ids=chosen)
    [warning] = report["warnings"]
    assert warning["code"] == "evidence_outside_period"
    assert [e["title"] for e in warning["evidence"]] == ["Buiten de stageperiode"]
    assert set(report["evidence_ids"]) == set(chosen)  # nothing dropped from the choice
    # Widening the period brings it in: the warning is gone.
    wider = pupil.patch(f"/api/v1/reports/{report['id']}", json={"period_end": "2026-12-31"})
    assert wider.json["warnings"] == []
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "Buiten de stageperiode" in html
    # Everything of the period (no choice): nothing to warn about.
    assert _report(pupil, pupil)["warnings"] == []


def test_a_role_is_named_once_even_when_the_name_already_says_it(register, internship):  # noqa: F811
    pupil, coordinator, employer = internship
    employer.patch("/api/v1/me", json={"display_name": "Peter (werkgever)"})
    report = _report(coordinator, pupil)
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "Peter (werkgever)" in html and "(werkgever) (werkgever)" not in html
    assert "Fatima (coördinator)" in html
