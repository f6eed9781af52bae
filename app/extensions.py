"""Flask extensions, created unbound and attached in create_app()."""

from flask_migrate import Migrate

from app.auth import login_manager
from app.db import db
from app.throttle import limiter

migrate = Migrate()

__all__ = ["db", "limiter", "login_manager", "migrate"]
