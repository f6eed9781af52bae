"""How the schemas appear in the OpenAPI document.

A PATCH body is its POST schema loaded with `partial=True`: every field may be left out, and a
field left out keeps its value (marshmallow fills in no default). The document shows it so: as a
component of its own, `XxxUpdateIn`, with nothing required and no defaults.
"""

from __future__ import annotations

from apispec.ext.marshmallow import MarshmallowPlugin, resolver


def _is_partial(schema, field_name: str | None = None) -> bool:
    """Whether `schema` (or its field `field_name`) is loaded partially."""
    partial = getattr(schema, "partial", None)
    if partial is None or isinstance(partial, bool):
        return bool(partial)
    return field_name is None or field_name in partial


def schema_name(schema) -> str:
    name = resolver(schema)
    if _is_partial(schema):
        return name.removesuffix("In").removesuffix("Create") + "UpdateIn"
    return name


def _no_default_when_partial(self, field, ret, **_kwargs) -> dict:
    if _is_partial(field.parent, field.name):
        ret.pop("default", None)
    return {}


class SchemaPlugin(MarshmallowPlugin):
    def __init__(self) -> None:
        super().__init__(schema_name_resolver=schema_name)

    def init_spec(self, spec) -> None:
        super().init_spec(spec)
        self.converter.add_attribute_function(_no_default_when_partial)
