"""Tolerant reading of CASE packages as real servers publish them.

CASE producers (OpenSALT among them) write numbers as strings, `null` for fields they leave
empty, dates without a time zone, unknown extra fields, and `CFItemType` sometimes only as
the `CFItemTypeURI` link. None of that changes what the framework says, so it is repaired
here, before validation, and every repair is reported as a warning. What the framework *is*
(identifiers, required fields, associations between known nodes, the tree) is not repaired:
validation refuses it as before.

`normalise_package` is pure: it takes the parsed JSON and returns a repaired copy plus the
warnings, each `{"path", "code", "message"}` (the code lets the app say it in Dutch).
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from typing import Any

#: Where each part of a package is described in the CASE 1.0 CFPackage schema.
_SECTIONS = {
    "CFDocument": "CFPackageDocument",
    "CFItems": "CFPackageItem",
    "CFAssociations": "CFPackageAssociation",
    "CFRubrics": "CFRubric",
}
_DEFINITIONS = {
    "CFConcepts": "CFConcept",
    "CFSubjects": "CFSubject",
    "CFLicenses": "CFLicense",
    "CFItemTypes": "CFItemType",
    "CFAssociationGroupings": "CFAssociationGrouping",
}
#: Nested parts: (field, definition, is a list).
_NESTED = {
    "CFRubric": [("CFRubricCriteria", "CFRubricCriterion", True)],
    "CFRubricCriterion": [
        ("CFRubricCriterionLevels", "CFRubricCriterionLevel", True),
        ("CFItemURI", "LinkURI", False),
    ],
    "CFPackageAssociation": [
        ("originNodeURI", "LinkGenURI", False),
        ("destinationNodeURI", "LinkGenURI", False),
        ("CFAssociationGroupingURI", "LinkURI", False),
    ],
    "CFPackageItem": [("CFDocumentURI", "LinkURI", False)],
    "CFPackageDocument": [("CFPackageURI", "LinkURI", False), ("licenseURI", "LinkURI", False)],
}
_NUMBER = re.compile(r"^\s*[+-]?\d+(\.\d+)?\s*$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MESSAGES = {
    "null_dropped": "null for an optional field: left out",
    "number_from_text": "a number written as text ({value!r}): read as {number}",
    "text_from_number": "text written as a number ({value}): read as '{value}'",
    "date_without_zone": "a date and time without time zone ({value}): read as UTC",
    "date_only": "a date without a time ({value}): read as midnight UTC",
    "list_from_text": "one text where a list is expected: read as a list of one",
    "item_type_from_link": "CFItemType missing: taken from CFItemTypeURI ('{value}')",
    "item_type_link": "CFItemType given as a link: its title ('{value}') is the type",
    "unknown_field_dropped": "a field CASE 1.0 does not have here: left out",
    "definitions_reshaped": "CFDefinitions in another shape: read as lists",
    "link_title_missing": "a link without a title: the title is left empty",
}


class _Repairs:
    def __init__(self) -> None:
        self.warnings: list[dict] = []

    def add(self, path: list, code: str, **values: Any) -> None:
        self.warnings.append(
            {"path": _path(path), "code": code, "message": MESSAGES[code].format(**values)}
        )


def _path(parts: list) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "package"


def normalise_package(raw: Any, schema: dict) -> tuple[Any, list[dict]]:
    """A copy of `raw` with representation repaired, and a warning for each repair.
    Anything that is not a JSON object is returned as it is, for validation to refuse."""
    if not isinstance(raw, dict):
        return raw, []
    package = copy.deepcopy(raw)
    repairs = _Repairs()
    definitions = schema["definitions"]
    for key in list(package):
        if key not in schema["properties"]:
            del package[key]
            repairs.add([key], "unknown_field_dropped")
        elif package[key] is None:
            del package[key]
            repairs.add([key], "null_dropped")
    for section, name in _SECTIONS.items():
        value = package.get(section)
        if isinstance(value, dict) and section == "CFDocument":
            _object(value, name, [section], definitions, repairs)
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    _object(entry, name, [section, index], definitions, repairs)
    if "CFDefinitions" in package:
        package["CFDefinitions"] = _definitions(package["CFDefinitions"], definitions, repairs)
    for index, item in enumerate(package.get("CFItems") or []):
        if isinstance(item, dict):
            _item_type(item, ["CFItems", index], repairs)
    return package, repairs.warnings


def _definitions(value: Any, definitions: dict, repairs: _Repairs) -> Any:
    """OpenSALT writes an empty CFDefinitions as `[]` (allowed), some producers a section as
    null or as an object keyed by identifier."""
    if not isinstance(value, dict):
        return value
    for key in list(value):
        section = value[key]
        path = ["CFDefinitions", key]
        if key not in _DEFINITIONS:
            del value[key]
            repairs.add(path, "unknown_field_dropped")
            continue
        if section is None:
            del value[key]
            repairs.add(path, "null_dropped")
            continue
        if isinstance(section, dict) and all(isinstance(v, dict) for v in section.values()):
            value[key] = section = list(section.values())
            repairs.add(path, "definitions_reshaped")
        if isinstance(section, list):
            for index, entry in enumerate(section):
                if isinstance(entry, dict):
                    _object(entry, _DEFINITIONS[key], [*path, index], definitions, repairs)
    return value


def _object(obj: dict, name: str, path: list, definitions: dict, repairs: _Repairs) -> None:
    definition = definitions[name]
    properties = definition.get("properties", {})
    required = set(definition.get("required", []))
    closed = definition.get("additionalProperties") is False
    for key in list(obj):
        value = obj[key]
        where = [*path, key]
        spec = properties.get(key)
        if spec is None:
            if closed:
                del obj[key]
                repairs.add(where, "unknown_field_dropped")
            elif value is None:
                del obj[key]
                repairs.add(where, "null_dropped")
            continue
        types = _types(spec, definitions)
        if value is None:
            if "null" in types:
                continue
            if key in required and name in ("LinkURI", "LinkGenURI") and key == "title":
                obj[key] = ""
                repairs.add(where, "link_title_missing")
            elif key not in required:
                del obj[key]
                repairs.add(where, "null_dropped")
            continue
        obj[key] = _value(value, spec, types, where, repairs)
    for key, nested, many in _NESTED.get(name, []):
        value = obj.get(key)
        if many and isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    _object(entry, nested, [*path, key, index], definitions, repairs)
        elif not many and isinstance(value, dict):
            _object(value, nested, [*path, key], definitions, repairs)


def _types(spec: dict, definitions: dict) -> set[str]:
    """The JSON types a property may have (through $ref and oneOf)."""
    if "$ref" in spec:
        return _types(definitions[spec["$ref"].rsplit("/", 1)[-1]], definitions)
    if "oneOf" in spec:
        return set().union(*(_types(option, definitions) for option in spec["oneOf"]))
    kind = spec.get("type")
    return set(kind) if isinstance(kind, list) else {kind} if kind else set()


def _value(value: Any, spec: dict, types: set[str], path: list, repairs: _Repairs) -> Any:
    if isinstance(value, str) and types & {"integer", "number"} and "string" not in types:
        if _NUMBER.match(value):
            number = float(value)
            if number.is_integer():
                number = int(number)
            elif "number" not in types:
                return value  # 1.5 where a whole number belongs: validation says so
            repairs.add(path, "number_from_text", value=value, number=number)
            return number
        return value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and types == {"string"}
        and spec.get("format") is None
    ):
        repairs.add(path, "text_from_number", value=value)
        return str(value)
    if isinstance(value, str) and "array" in types and "string" not in types:
        repairs.add(path, "list_from_text")
        return [value]
    if isinstance(value, str) and _is_datetime_field(spec):
        return _zoned(value, path, repairs)
    return value


def _is_datetime_field(spec: dict) -> bool:
    """lastChangeDateTime: a date and time. (statusStartDate may be a date alone.)"""
    return spec.get("format") == "date-time"


def _zoned(value: str, path: list, repairs: _Repairs) -> str:
    text = value.strip()
    if _DATE_ONLY.match(text):
        try:
            moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            return value
        repairs.add(path, "date_only", value=value)
        return moment.isoformat()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return value  # not a date we can read: kept as it came
    if moment.tzinfo is not None:
        return value
    repairs.add(path, "date_without_zone", value=value)
    return moment.replace(tzinfo=UTC).isoformat()


def _item_type(item: dict, path: list, repairs: _Repairs) -> None:
    """`CFItemType` is the type's title; producers also (or only) give the link to it."""
    given = item.get("CFItemType")
    if isinstance(given, dict):
        title = given.get("title")
        item.setdefault("CFItemTypeURI", given)
        if isinstance(title, str) and title:
            item["CFItemType"] = title
            repairs.add([*path, "CFItemType"], "item_type_link", value=title)
        else:
            del item["CFItemType"]
            repairs.add([*path, "CFItemType"], "unknown_field_dropped")
        return
    link = item.get("CFItemTypeURI")
    title = link.get("title") if isinstance(link, dict) else None
    if not given and isinstance(title, str) and title:
        item["CFItemType"] = title
        repairs.add([*path, "CFItemType"], "item_type_from_link", value=title)
