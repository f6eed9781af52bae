"""Command-line tasks: `flask seed-demo`."""

from __future__ import annotations

import click
from flask import Flask


def register_cli(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Load demo people and evidence (safe to run again)."""
        from app.db import db
        from app.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo

        created = seed_demo(db.session())
        db.commit()
        click.echo(f"Demo data: {len(created)} new people.")
        for person in DEMO_PEOPLE:
            click.echo(f"  {person['email']}  /  {DEMO_PASSWORD}")
