"""Command-line tasks: `flask seed-demo`, `flask rotate-encryption-key`, ..."""

from __future__ import annotations

import json
import os
import uuid

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import or_, select

from app import clock
from app.crypto import rotate
from app.db import db
from app.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo
from app.errors import DomainError
from app.health import workers
from competencies.builtin import sync_builtin
from competencies.case import export_package, import_package, parse_package
from competencies.case_client import fetch_package, parse_source
from competencies.models import Framework


def register_cli(app: Flask) -> None:
    competencies = AppGroup("competencies", help="Competency frameworks (1EdTech CASE 1.0).")
    app.cli.add_command(competencies)

    @competencies.command("import")
    @click.argument("source")
    @click.option("--document", help="Which framework (CFDocument identifier) of a CASE server.")
    def import_command(source: str, document: str | None) -> None:
        """Import (or update) a framework from a CASE CFPackage JSON file, or straight from a
        CASE server: its address (https://...) or a direct .../CFPackages/{id} address.
        A server with several frameworks lists them; choose one with --document."""
        remote = source.startswith(("http://", "https://"))
        if not remote and not os.path.isfile(source):
            raise click.ClickException(f"No such file: {source}")
        try:
            if remote:
                package = fetch_package(parse_source(source, document))
            else:
                with open(source, "rb") as fh:
                    package = parse_package(fh.read())
            with db.unit_of_work() as session:
                result = import_package(session, package)
        except DomainError as exc:
            details = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in exc.fields.items())
            if exc.code == "choose_document":
                details = "choose one with --document:\n  " + "\n  ".join(exc.fields["document"])
            raise click.ClickException(f"{exc.message} {details}".strip()) from exc
        verb = "Imported" if result.created else "Updated"
        click.echo(
            f"{verb} '{result.framework.title}' ({result.framework.id}): "
            f"{result.items_added} added, {result.items_updated} updated, "
            f"{result.items_retired} retired."
        )
        if result.warnings:
            click.echo(f"{len(result.warnings)} repair(s) while reading the package:")
            for warning in result.warnings:
                click.echo(f"  warning: {warning['path']}: {warning['message']}")

    @competencies.command("export")
    @click.argument("framework_id")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True))
    def export_command(framework_id: str, path: str) -> None:
        """Write a framework as a CASE CFPackage JSON file (id or CASE identifier)."""
        try:
            as_uuid = uuid.UUID(framework_id)
        except ValueError as exc:
            raise click.ClickException(f"Not an id: {framework_id}") from exc
        framework = db.session.scalar(
            select(Framework).where(
                or_(Framework.id == as_uuid, Framework.identifier == str(as_uuid))
            )
        )
        if framework is None:
            raise click.ClickException(f"No framework {framework_id}")
        package = export_package(db.session(), framework)
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(package, fh, ensure_ascii=False, indent=2)
        click.echo(f"Wrote '{framework.title}' ({len(package['CFItems'])} items) to {path}")

    @competencies.command("sync-builtin")
    def sync_builtin_command() -> None:
        """Load or update the built-in frameworks (safe to run again)."""
        with db.unit_of_work() as session:
            for result in sync_builtin(session):
                click.echo(f"  {result.framework.title}: {len(result.framework.items)} items")

    @app.cli.command("rotate-encryption-key")
    def rotate_encryption_key() -> None:
        """Re-encrypt coaching notes and reflections with the first of DATA_ENCRYPTION_KEYS.
        Put the new key first, keep the old ones after it, run this, then drop the old."""
        with db.unit_of_work() as session:
            count = rotate(session, db.metadata, db.checkpoint)
        click.echo(f"Re-encrypted {count} values with the newest key.")

    @app.cli.command("worker-status")
    def worker_status_command() -> None:
        """The worker processes heard from in the last day and their last heartbeat; exits
        with 1 when none was heard from within WORKER_STALE_AFTER_SECONDS."""
        now = clock.now()
        stale_after = app.config["WORKER_STALE_AFTER_SECONDS"]
        alive = 0
        rows = workers()
        for row in rows:
            age = (now - row.seen_at).total_seconds()
            alive += age <= stale_after
            click.echo(
                f"{row.id}  started {row.started_at:%Y-%m-%d %H:%M:%S}Z  "
                f"last heartbeat {age:.0f}s ago  {row.tasks_done} tasks done"
                + ("" if age <= stale_after else "  STALE")
            )
        if not rows:
            click.echo("No worker has reported in the last day.")
        if not alive:
            raise SystemExit(1)

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Load demo people and evidence (safe to run again)."""
        with db.unit_of_work() as session:
            created = seed_demo(session)
        click.echo(f"Demo data: {len(created)} new people.")
        for person in DEMO_PEOPLE:
            click.echo(f"  {person['email']}  /  {DEMO_PASSWORD}")
