"""Notifications in the app, the choices about them, and push subscriptions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema


class NotificationOut(Schema):
    id = fields.UUID()
    kind = fields.String()
    dossier_id = fields.UUID(allow_none=True)
    payload = fields.Dict()
    created_at = fields.DateTime()
    read = fields.Method("_read")

    def _read(self, notification) -> bool:
        return notification.read_at is not None


class NotificationsOut(Schema):
    unread = fields.Integer()
    items = fields.List(fields.Nested(NotificationOut))


class MarkReadIn(InSchema):
    ids = fields.List(fields.UUID(), load_default=None, allow_none=True)


class NotificationChoiceSchema(Schema):
    in_app = fields.Boolean(load_default=True)
    push = fields.Boolean(load_default=True)


class NotificationSettingsIn(InSchema):
    settings = fields.Dict(
        keys=fields.String(), values=fields.Nested(NotificationChoiceSchema), required=True,
        metadata={"description": "on_behalf_evidence, reflection, mention, invitation"},
    )  # fmt: skip


class NotificationSettingsOut(Schema):
    settings = fields.Dict(keys=fields.String(), values=fields.Nested(NotificationChoiceSchema))


class PushKeysSchema(Schema):
    p256dh = fields.String(required=True, validate=validate.Length(min=10, max=200))
    auth = fields.String(required=True, validate=validate.Length(min=8, max=100))


class PushSubscriptionIn(InSchema):
    endpoint = fields.Url(required=True, require_tld=False, validate=validate.Length(max=1000))
    keys = fields.Nested(PushKeysSchema, required=True)


class PushUnsubscribeIn(InSchema):
    endpoint = fields.String(required=True)


class PushKeyOut(Schema):
    public_key = fields.String(
        allow_none=True, metadata={"description": "applicationServerKey; null: push is off"}
    )
