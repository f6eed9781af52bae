"""The built-in frameworks against their sources.

Each package in competencies/packages/ has an excerpt of its source's structure in
tests/fixtures/frameworks/<stem>.json: where it was read, the date it was checked, the
top-level items with their headings and number of parts, statements copied from the
source, what is not confirmed (and must say so), and the identifiers already shipped
(dossiers link to them, so they never change)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from competencies.builtin import PACKAGES, builtin_packages, sync_builtin
from competencies.case import SCHEMA, validate_package
from competencies.models import Framework, FrameworkItem

SOURCES = Path(__file__).resolve().parent / "fixtures" / "frameworks"
STEMS = sorted(p.stem for p in builtin_packages())


def _package(stem: str) -> dict:
    return json.loads((PACKAGES / f"{stem}.json").read_text(encoding="utf-8"))


def _source(stem: str) -> dict:
    return json.loads((SOURCES / f"{stem}.json").read_text(encoding="utf-8"))


def _tree(package: dict) -> tuple[dict, dict[str, list[dict]]]:
    """Items by identifier, and the children of each node (the document too) in order."""
    items = {i["identifier"]: i for i in package["CFItems"]}
    children: dict[str, list[tuple[int, dict]]] = {}
    for a in package["CFAssociations"]:
        if a["associationType"] == "isChildOf":
            child = items[a["originNodeURI"]["identifier"]]
            children.setdefault(a["destinationNodeURI"]["identifier"], []).append(
                (a["sequenceNumber"], child)
            )
    return items, {k: [c for _, c in sorted(v, key=lambda p: p[0])] for k, v in children.items()}


def test_every_package_has_a_source_excerpt_and_every_excerpt_a_package():
    assert sorted(p.stem for p in SOURCES.glob("*.json")) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_the_package_names_its_sources_and_the_date_checked(stem):
    source, description = _source(stem), _package(stem)["CFDocument"]["description"]
    for url in source["urls"]:
        assert url.removeprefix("http://").removeprefix("https://") in description
    assert f"Stand: {source['checked']}" in description


@pytest.mark.parametrize("stem", STEMS)
def test_the_tree_has_the_sources_parts_in_order(stem):
    source, package = _source(stem), _package(stem)
    _, children = _tree(package)
    top = children[package["CFDocument"]["identifier"]]
    assert [i["humanCodingScheme"] for i in top] == [t["code"] for t in source["top"]]
    for item, expected in zip(top, source["top"], strict=True):
        if "heading" in expected:
            assert item["fullStatement"].casefold() == expected["heading"].casefold()
        assert len(children.get(item["identifier"], [])) == expected["children"], item[
            "humanCodingScheme"
        ]
    below = sum(t["children"] for t in source["top"])
    assert len(package["CFItems"]) == len(top) + below  # no level beyond the source's


@pytest.mark.parametrize("stem", STEMS)
def test_statements_copied_from_the_source_appear_verbatim(stem):
    source, package = _source(stem), _package(stem)
    by_code = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    for sample in source["statements"]:
        assert by_code[sample["code"]]["fullStatement"] == sample["text"]
    for sample in source.get("notes", []):  # the law's words, quoted beside our heading
        assert sample["text"] in by_code[sample["code"]]["notes"]


@pytest.mark.parametrize("stem", [s for s in STEMS if "unverified" in _source(s)])
def test_what_the_source_does_not_confirm_says_so(stem):
    unverified = _source(stem)["unverified"]
    by_code = {i["humanCodingScheme"]: i for i in _package(stem)["CFItems"]}
    for code in unverified["codes"]:
        assert unverified["marker"] in by_code[code].get("notes", ""), code
    confirmed = set(by_code) - set(unverified["codes"])
    for code in confirmed:
        assert unverified["marker"] not in by_code[code].get("notes", ""), code


@pytest.mark.parametrize("stem", [s for s in STEMS if "shipped" in _source(s)])
def test_shipped_identifiers_and_codes_never_change(stem):
    by_code = {i["humanCodingScheme"]: i["identifier"] for i in _package(stem)["CFItems"]}
    for code, identifier in _source(stem)["shipped"].items():
        assert by_code.get(code) == identifier, code


def test_links_to_other_frameworks_point_at_built_in_items():
    everything = {i["identifier"] for s in STEMS for i in _package(s)["CFItems"]}
    links = [
        a
        for s in STEMS
        for a in _package(s)["CFAssociations"]
        if a["associationType"] != "isChildOf"
    ]
    assert links  # the SBL indicators and kerndoel 61 point at related items
    for link in links:
        assert link["destinationNodeURI"]["identifier"] in everything, link["identifier"]


@pytest.mark.parametrize("stem", STEMS)
def test_every_package_is_valid_case(stem):
    package = _package(stem)
    jsonschema.Draft4Validator(SCHEMA).validate(package)
    validate_package(package)


def test_sync_builtin_loads_every_package_with_all_its_items(session):
    results = sync_builtin(session)
    assert sorted(r.framework.identifier for r in results) == sorted(
        _package(s)["CFDocument"]["identifier"] for s in STEMS
    )
    for stem in STEMS:
        package = _package(stem)
        framework = session.scalar(
            select(Framework).where(Framework.identifier == package["CFDocument"]["identifier"])
        )
        assert framework.is_builtin
        live = session.scalars(
            select(FrameworkItem).where(
                FrameworkItem.framework_id == framework.id, FrameworkItem.retired_at.is_(None)
            )
        ).all()
        assert {i.identifier for i in live} == {i["identifier"] for i in package["CFItems"]}
