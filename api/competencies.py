"""Competency frameworks (CASE), the dossier's choice of them, links and coverage."""

from __future__ import annotations

import uuid

from flask import current_app, request
from flask.views import MethodView
from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from api.evidence import present, present_many
from api.schemas import (
    CaseDocumentOut,
    CaseServerIn,
    CoverageOut,
    CoverageQuery,
    DossierFrameworksIn,
    EvidenceOut,
    FoundItemOut,
    FrameworkChangeIn,
    FrameworkCreateIn,
    FrameworkDetailOut,
    FrameworkOut,
    ImportOut,
    ItemCreateIn,
    ItemOut,
    LinkIn,
    SearchQuery,
)
from app import access, throttle
from app.auth import acting_user
from app.db import db
from app.errors import Invalid
from app.input import json_body_limit
from competencies import case, case_client, services
from competencies.models import Framework
from media import serving

PREFIX = ""
blp = Blueprint("competencies", __name__, description="Competency frameworks and coverage")


def _framework_out(framework: Framework, item_count: int | None = None) -> dict:
    user = acting_user()
    return {
        "id": framework.id,
        "identifier": framework.identifier,
        "title": framework.title,
        "creator": framework.creator,
        "description": framework.description,
        "language": framework.language,
        "version": framework.version,
        "is_builtin": framework.is_builtin,
        "item_count": item_count if item_count is not None else len(services.live_items(framework)),
        "editable": access.may_change_framework(user.id, framework),
        "public": not framework.private,
    }


@blp.route("/frameworks")
class Frameworks(MethodView):
    @blp.response(200, FrameworkOut(many=True))
    @login_required
    def get(self):
        """All frameworks on this instance: built-in, imported and made in the app."""
        return [
            _framework_out(f, n) for f, n in services.list_frameworks(db.session(), acting_user())
        ]

    @blp.arguments(FrameworkCreateIn)
    @blp.response(201, FrameworkDetailOut)
    @login_required
    def post(self, data):
        """Start a learning line of your own; add competencies to it afterwards."""
        framework = services.create_framework(db.session(), acting_user(), **data)
        return {**_framework_out(framework), "items": [], "levels": []}


@blp.route("/frameworks/import", methods=["POST"])
@blp.response(201, ImportOut)
@blp.alt_response(200, schema=ImportOut, description="An existing framework was updated")
@login_required
@json_body_limit("MAX_CASE_BYTES")
def import_framework():
    """Import a CASE 1.0 CFPackage, sent as a JSON body or as a `file` in a form.

    A package with the identifier of a framework already here updates it in place.
    """
    upload = request.files.get("file")
    raw = (
        upload.read(current_app.config["MAX_FORM_MEMORY_SIZE"] * 20)
        if upload
        else request.get_data()
    )
    if not raw:
        raise Invalid("Send a CASE package as JSON or as a file.", code="invalid_case")
    result = case.import_package(db.session(), case.parse_package(raw), created_by=acting_user().id)
    return _import_out(result), 201 if result.created else 200


#: Warnings listed in an import's answer; warning_count says how many there were.
MAX_WARNINGS_SHOWN = 100


def _import_out(result: case.ImportResult) -> dict:
    return {
        "framework": _framework_out(result.framework),
        "created": result.created,
        "items_added": result.items_added,
        "items_updated": result.items_updated,
        "items_retired": result.items_retired,
        "warnings": result.warnings[:MAX_WARNINGS_SHOWN],
        "warning_count": len(result.warnings),
    }


@blp.route("/frameworks/case-server/documents", methods=["POST"])
@blp.arguments(CaseServerIn)
@blp.response(200, CaseDocumentOut(many=True))
@login_required
@throttle.outgoing_fetches
def case_server_documents(data):
    """The frameworks a CASE server offers (its CASE 1.0 CFDocuments), to choose one.

    `url` is the server's address, or a direct `.../ims/case/v1p0/CFPackages/{id}`.
    Private, local and reserved addresses are refused (unless CASE_FETCH_ALLOW_PRIVATE).
    """
    return case_client.list_documents(case_client.parse_source(data["url"], data["document"]))


@blp.route("/frameworks/import-from-server", methods=["POST"])
@blp.arguments(CaseServerIn)
@blp.response(201, ImportOut)
@blp.alt_response(200, schema=ImportOut, description="An existing framework was updated")
@login_required
@throttle.outgoing_fetches
def import_from_server(data):
    """Import (or update) a framework straight from a CASE server's CFPackages/{document}.

    Without `document` the server must offer one framework only (else 422 choose_document).
    """
    source = case_client.parse_source(data["url"], data["document"])
    package = case_client.fetch_package(source)
    result = case.import_package(db.session(), package, created_by=acting_user().id)
    return _import_out(result), 201 if result.created else 200


@blp.route("/frameworks/<uuid:framework_id>", methods=["PATCH"])
@blp.arguments(FrameworkChangeIn)
@blp.response(200, FrameworkOut)
@login_required
def change_framework(data, framework_id: uuid.UUID):
    """Publish a learning line you made, or take it back: public, anyone may read it, also
    other tools through this instance's CASE 1.0 API; private, only those who see a dossier
    that uses it."""
    framework = services.get_framework(db.session(), framework_id, acting_user())
    access.require_framework_maker(acting_user(), framework)
    if "public" in data:  # a change names what changes; nothing named, nothing changes
        services.publish_framework(db.session(), framework, data["public"])
    return _framework_out(framework)


@blp.route("/frameworks/<uuid:framework_id>", methods=["GET"])
@blp.response(200, FrameworkDetailOut)
@login_required
def framework_detail(framework_id: uuid.UUID):
    """A framework with its competencies in reading order and its rating scale."""
    framework = services.get_framework(db.session(), framework_id, acting_user())
    items = case.tree_order(
        sorted(services.live_items(framework), key=lambda i: (i.position, i.human_code))
    )
    return {
        **_framework_out(framework),
        "items": items,
        "levels": services.rating_levels(db.session(), framework.id),
    }


@blp.route("/frameworks/<uuid:framework_id>/case", methods=["GET"])
@blp.response(200, description="A CASE 1.0 CFPackage")
@login_required
@serving.serves_files
def export_framework(framework_id: uuid.UUID):
    """The framework as a CASE 1.0 CFPackage, to import elsewhere."""
    framework = services.get_framework(db.session(), framework_id, acting_user())
    package = case.export_package(db.session(), framework)
    # The identifier may come from an imported package: serving makes it a safe file name.
    return serving.send(
        current_app.json.dumps(package).encode(), content_type="application/json",
        filename=f"{framework.identifier}.json",
    )  # fmt: skip


@blp.route("/frameworks/<uuid:framework_id>/items", methods=["POST"])
@blp.arguments(ItemCreateIn)
@blp.response(201, ItemOut)
@login_required
def add_item(data, framework_id: uuid.UUID):
    """Add a competency to a framework you made (at a position among its siblings)."""
    framework = services.get_framework(db.session(), framework_id, acting_user())
    access.require_framework_maker(acting_user(), framework)
    item = services.add_item(db.session(), framework, **data)
    return item


@blp.route("/framework-items/<uuid:item_id>")
class FrameworkItemView(MethodView):
    @blp.arguments(ItemCreateIn(partial=True))
    @blp.response(200, ItemOut)
    @login_required
    def patch(self, changes, item_id: uuid.UUID):
        """Change a competency's wording, or move it (parent_id, position)."""
        item = services.get_item(db.session(), item_id, acting_user())
        access.require_framework_maker(acting_user(), item.framework)
        services.update_item(db.session(), item, changes)
        return item

    @blp.response(204)
    @login_required
    def delete(self, item_id: uuid.UUID):
        """Retire a competency: evidence linked to it keeps its link."""
        item = services.get_item(db.session(), item_id, acting_user())
        access.require_framework_maker(acting_user(), item.framework)
        services.retire_item(db.session(), item)


@blp.route("/competencies", methods=["GET"])
@blp.arguments(SearchQuery, location="query")
@blp.response(200, FoundItemOut(many=True))
@login_required
def search(query):
    """Find competencies by words, in Dutch or English: stems ("rekenen" finds
    "rekenvaardigheid"), accents and case are ignored; a code ("SBL.3") comes first.

    With `dossier_id` the dossier's chosen frameworks are searched; `everywhere=true` adds
    the other frameworks, ranked after the chosen ones.
    """
    framework_ids = list(query["framework_id"])
    chosen = None
    if query.get("dossier_id"):
        dossier = access.viewable_dossier(db.session(), acting_user(), query["dossier_id"])
        chosen = [f.id for f in services.dossier_frameworks(db.session(), dossier)]
        if not query["everywhere"]:
            if not chosen:
                return []
            framework_ids = chosen
    return services.search_items(
        db.session(),
        acting_user(),
        query["q"],
        framework_ids=framework_ids or None,
        chosen_framework_ids=chosen,
        limit=query["limit"],
    )


@blp.route("/dossiers/<uuid:dossier_id>/frameworks")
class DossierFrameworks(MethodView):
    @blp.response(200, FrameworkOut(many=True))
    @login_required
    def get(self, dossier_id: uuid.UUID):
        """The frameworks this dossier works with."""
        dossier = access.viewable_dossier(db.session(), acting_user(), dossier_id)
        return [_framework_out(f) for f in services.dossier_frameworks(db.session(), dossier)]

    @blp.arguments(DossierFrameworksIn)
    @blp.response(200, FrameworkOut(many=True))
    @login_required
    def put(self, data, dossier_id: uuid.UUID):
        """Choose the frameworks (several at once); only the owner decides."""
        dossier = access.owned_dossier(db.session(), acting_user(), dossier_id)
        chosen = services.set_dossier_frameworks(
            db.session(), acting_user(), dossier, data["framework_ids"]
        )
        return [_framework_out(f) for f in chosen]


@blp.route("/dossiers/<uuid:dossier_id>/coverage", methods=["GET"])
@blp.arguments(CoverageQuery, location="query")
@blp.response(200, CoverageOut)
@login_required
@reading.logged
def dossier_coverage(query, dossier_id: uuid.UUID):
    """Per competency: how much evidence shows it, and the newest; gaps stand out."""
    user = acting_user()
    dossier = access.viewable_dossier(db.session(), user, dossier_id)
    framework = services.get_framework(db.session(), query["framework_id"], acting_user())
    a = access.access_to(db.session(), user, dossier)
    rows = services.coverage(
        db.session(), dossier, framework, access.visible_evidence_condition(a, user),
        access.readable_reflections_condition(a, user),
    )  # fmt: skip
    reading.record(dossier, "read_coverage", framework.id, framework.title)
    total, domains = services.coverage_progress(rows)
    return {
        "framework": framework,
        "competencies": total.competencies,
        "covered": total.covered,
        "domains": domains,
        "rows": rows,
    }


@blp.route("/dossiers/<uuid:dossier_id>/competencies/<uuid:item_id>/evidence", methods=["GET"])
@blp.response(200, EvidenceOut(many=True))
@login_required
@reading.logged
def evidence_for_competency(dossier_id: uuid.UUID, item_id: uuid.UUID):
    """The evidence in this dossier that shows a competency, newest first."""
    user = acting_user()
    dossier = access.viewable_dossier(db.session(), user, dossier_id)
    item = services.get_item(db.session(), item_id, acting_user())
    visible = access.visible_evidence_condition(access.access_to(db.session(), user, dossier), user)
    shown = services.evidence_for_item(db.session(), dossier, item, visible)
    reading.record(dossier, "read_competency_evidence", item.id, item.full_statement)
    return present_many(shown, user)


@blp.route("/evidence/<uuid:evidence_id>/competencies", methods=["POST"])
@blp.arguments(LinkIn)
@blp.response(201, EvidenceOut)
@login_required
def link(data, evidence_id: uuid.UUID):
    """Link the evidence to a competency or indicator, with an optional note on why."""
    user = acting_user()
    evidence = access.editable_evidence(db.session(), user, evidence_id)
    item = services.get_item(db.session(), data["item_id"], user)
    services.link_evidence(db.session(), user, evidence, item, data["note"])
    return present(evidence, user)


@blp.route("/evidence/<uuid:evidence_id>/competencies/<uuid:item_id>", methods=["DELETE"])
@blp.response(200, EvidenceOut)
@login_required
def unlink(evidence_id: uuid.UUID, item_id: uuid.UUID):
    """Remove a link."""
    user = acting_user()
    evidence = access.editable_evidence(db.session(), user, evidence_id)
    services.unlink_evidence(db.session(), evidence, item_id)
    return present(evidence, user)
