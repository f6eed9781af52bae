"""Competency search understands Dutch: stems, accents, codes first, ranked, every word.

Run on SQLite (FTS5) and on PostgreSQL (DATABASE_URL, the `dutch` configuration): the same
answers are expected from both.
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from sqlalchemy import text

from app.db import db
from competencies import search
from tests.test_competencies import builtins  # noqa: F401 - fixture

URL = "/api/v1/competencies"


def _package(title: str, items: list[tuple[str, str, str]]) -> dict:
    """A CASE package of (code, statement, notes) items, all directly under the document."""
    doc = str(uuid.uuid4())
    cf_items, associations = [], []
    for n, (code, statement, notes) in enumerate(items, start=1):
        identifier = str(uuid.uuid4())
        cf_items.append(
            {
                "identifier": identifier,
                "uri": f"urn:uuid:{identifier}",
                "fullStatement": statement,
                "humanCodingScheme": code,
                "notes": notes,
                "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
            }
        )
        link = str(uuid.uuid4())
        associations.append(
            {
                "identifier": link,
                "uri": f"urn:uuid:{link}",
                "associationType": "isChildOf",
                "sequenceNumber": n,
                "originNodeURI": {"title": statement, "identifier": identifier,
                                  "uri": f"urn:uuid:{identifier}"},
                "destinationNodeURI": {"title": title, "identifier": doc, "uri": f"urn:uuid:{doc}"},
                "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
            }
        )  # fmt: skip
    return {
        "CFDocument": {
            "identifier": doc,
            "uri": f"urn:uuid:{doc}",
            "creator": "School",
            "title": title,
            "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
        },
        "CFItems": cf_items,
        "CFAssociations": associations,
    }


def _import(api, title, items) -> str:
    response = api.post("/api/v1/frameworks/import", json=_package(title, items))
    assert response.status_code == 201, response.json
    return response.json["framework"]["id"]


def _find(api, q, **params) -> list[str]:
    """The statements found, best first."""
    response = api.get(URL, query_string={"q": q, **params})
    assert response.status_code == 200, response.json
    return [i["full_statement"] for i in response.json]


LEERLIJN = [
    ("R.1", "Rekenvaardigheid in de praktijk", ""),
    ("T.1", "Vertaalt een tekst naar eenvoudige taal", ""),
    ("G.1", "Een gesprek voeren", ""),
    ("G.2", "Gesprekken met ouders plannen", ""),
    ("A.1", "Réflectie op eigen handelen", ""),
    ("A.2", "Cooperatie met collega's", ""),
    ("P.1", "Plannen", "Bij voorkeur in gesprekken met ouders en de mentor."),
]


@pytest.fixture
def leerlijn(register):
    api = register("Sanne")
    return api, _import(api, "Leerlijn zoeken", LEERLIJN)


def test_a_word_finds_compounds_and_other_forms_of_it(leerlijn):
    api, framework = leerlijn
    assert _find(api, "rekenen", framework_id=[framework]) == ["Rekenvaardigheid in de praktijk"]
    assert _find(api, "gesprek", framework_id=[framework])[:2] == [
        "Een gesprek voeren",
        "Gesprekken met ouders plannen",
    ]
    assert "Een gesprek voeren" in _find(api, "gesprekken", framework_id=[framework])


def test_a_word_is_not_found_inside_another_word(leerlijn):
    api, framework = leerlijn
    vertaalt = ["Vertaalt een tekst naar eenvoudige taal"]
    assert _find(api, "taal", framework_id=[framework]) == vertaalt
    assert _find(api, "vertaalt", framework_id=[framework]) == vertaalt
    assert _find(api, "aalt", framework_id=[framework]) == []  # the old substring search found it


def test_accents_and_case_do_not_matter(leerlijn):
    api, framework = leerlijn
    assert _find(api, "reflectie", framework_id=[framework]) == ["Réflectie op eigen handelen"]
    assert _find(api, "RÉFLECTIE", framework_id=[framework]) == ["Réflectie op eigen handelen"]
    assert _find(api, "coöperatie", framework_id=[framework]) == ["Cooperatie met collega's"]


def test_every_word_must_match_and_statements_rank_above_notes(leerlijn):
    api, framework = leerlijn
    # "Plannen" is shorter, and mentions talks with parents in its notes only.
    assert _find(api, "gesprekken ouders", framework_id=[framework]) == [
        "Gesprekken met ouders plannen",
        "Plannen",
    ]
    assert _find(api, "mentor plannen", framework_id=[framework]) == ["Plannen"]
    assert _find(api, "gesprek rekenen", framework_id=[framework]) == []


def test_a_code_finds_its_item_first(register, builtins):  # noqa: F811
    api = register("Daan")
    found = api.get(URL, query_string={"q": "SBL.3"}).json
    assert found[0]["full_statement"] == "Vakinhoudelijke en didactische competentie"
    framework = _import(
        api,
        "Leerlijn codes",
        [
            ("BE.10", "Onderzoek doen", ""),
            ("X.2", "Begeleiden", "Zie be 1 in de oude lijst."),
            ("BE.1", "Beroepshouding tonen in de stage en daarbuiten bij elke opdracht", ""),
        ],
    )
    found = _find(api, "BE.1", framework_id=[framework])
    assert found[:2] == [
        "Beroepshouding tonen in de stage en daarbuiten bij elke opdracht",
        "Onderzoek doen",
    ]
    assert _find(api, "be.1", framework_id=[framework])[0].startswith("Beroepshouding")


def test_items_made_changed_and_retired_in_the_app_are_found_as_they_are_now(register):
    api = register("Piet")
    framework = api.post("/api/v1/frameworks", json={"title": "Mijn leerlijn"}).json["id"]
    item = api.post(
        f"/api/v1/frameworks/{framework}/items", json={"full_statement": "Veilig werken"}
    ).json
    assert _find(api, "veiligheid", framework_id=[framework]) == ["Veilig werken"]
    api.patch(f"/api/v1/framework-items/{item['id']}", json={"full_statement": "Netjes werken"})
    assert _find(api, "veilig", framework_id=[framework]) == []
    assert _find(api, "netjes", framework_id=[framework]) == ["Netjes werken"]
    api.delete(f"/api/v1/framework-items/{item['id']}")
    assert _find(api, "netjes", framework_id=[framework]) == []
    # A private learning line stays its maker's (others' searches may find other frameworks).
    api.post(f"/api/v1/frameworks/{framework}/items", json={"full_statement": "Netjes opruimen"})
    assert _find(api, "opruimen", framework_id=[framework]) == ["Netjes opruimen"]
    found = register("Els").get(URL, query_string={"q": "netjes opruimen"}).json
    assert framework not in {i["framework"]["id"] for i in found}


def test_a_dossier_searches_its_chosen_frameworks_first_others_on_request(register):
    api = register("Fleur")
    chosen = _import(api, "Gekozen kader", [("C.1", "Plannen", "Ook gesprekken voeren.")])
    other = _import(api, "Ander kader", [("O.1", "Gesprekken voeren met ouders", "")])
    api.put(f"/api/v1/dossiers/{api.dossier_id}/frameworks", json={"framework_ids": [chosen]})
    mine = api.get(URL, query_string={"q": "gesprekken", "dossier_id": api.dossier_id}).json
    assert [i["framework"]["title"] for i in mine] == ["Gekozen kader"]
    wider = api.get(
        URL,
        query_string={"q": "gesprekken", "dossier_id": api.dossier_id, "everywhere": "true"},
    ).json
    titles = [i["framework"]["title"] for i in wider]
    # The chosen framework's item first, though the other one matches in its statement.
    assert titles[0] == "Gekozen kader"
    assert "Ander kader" in titles
    assert str(other) in {i["framework"]["id"] for i in wider}


@pytest.mark.parametrize(
    "q",
    [
        '"', "*", "(", ")", "NEAR", "a NEAR b", "NEAR(a b)", '"reken', "reken*", "^reken",
        "text : reken", "{text notes} : reken", 'item_id : "x"', "a:*", "& | ! <->", "'",
        "\\", "%", "_", "...", "—", "🙂", "AND OR NOT", "de", "x" * 200,
    ],
)  # fmt: skip
def test_odd_queries_give_an_answer_not_an_error(leerlijn, q):
    api, framework = leerlijn
    response = api.get(URL, query_string={"q": q})
    assert response.status_code == 200
    assert isinstance(response.json, list)
    assert _find(api, f"{q[:150]} rekenen", framework_id=[framework]) in (
        [],
        ["Rekenvaardigheid in de praktijk"],
    )


def test_too_long_or_empty_queries_are_refused_clearly(leerlijn):
    api, _ = leerlijn
    for q in ["x" * 1000, ""]:
        response = api.get(URL, query_string={"q": q})
        assert response.status_code in (400, 422)
        assert response.json["error"]["fields"]["q"]


def test_the_sqlite_index_can_be_rebuilt_for_rows_written_before_it(app, leerlijn):
    api, framework = leerlijn
    with app.app_context():
        connection = db.session.connection()
        if connection.dialect.name != "sqlite":
            pytest.skip("PostgreSQL indexes its rows itself")
        connection.execute(text("DELETE FROM framework_items_fts"))
        assert _find(api, "rekenen", framework_id=[framework]) == []
        assert search.rebuild_sqlite_index(connection) >= len(LEERLIJN)
        found = _find(api, "rekenen", framework_id=[framework])
        assert found == ["Rekenvaardigheid in de praktijk"]


def test_little_words_a_query_adds_are_not_required(leerlijn):
    """Words such as "het", "over" and "kunnen" say little; PostgreSQL's Dutch search leaves
    them out of a query, and SQLite does the same, so both find the same."""
    api, framework = leerlijn
    assert _find(api, "het rekenen", framework_id=[framework]) == [
        "Rekenvaardigheid in de praktijk"
    ]
    assert _find(api, "gesprekken over ouders", framework_id=[framework])[0] == (
        "Gesprekken met ouders plannen"
    )
    # Only little words: nothing to search by, so nothing found (not everything).
    assert _find(api, "de", framework_id=[framework]) == []


def test_an_item_with_very_long_notes_is_imported_and_found(register):
    """Notes as long as a request may carry: the index takes their start, the import works
    (PostgreSQL refuses a text vector over 1 MB)."""
    words = [
        "".join(w)
        for w in itertools.product(
            "bdfgklmn", "aeiou", "mnprst", "aeiou", "klmnprt", "aeiou", "nst"
        )
    ]
    notes = " ".join(words)[:900_000]  # over 100,000 different words
    api = register("Lotte")
    framework = _import(api, "Lange toelichting", [("L.1", "Lang verhaal", notes)])
    assert _find(api, f"lang {words[0]}", framework_id=[framework]) == ["Lang verhaal"]
