"""Configuration fails fast instead of running insecurely."""

from __future__ import annotations

import pytest

import config as config_module
from config import Config, ConfigError


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(Config, "ENV_NAME", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Config()


def test_production_refuses_a_short_secret_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "too-short")
    monkeypatch.setattr(Config, "ENV_NAME", "production")
    with pytest.raises(ConfigError, match="32 characters"):
        Config().validate()


def test_development_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path)
    first = Config().SECRET_KEY
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert first == Config().SECRET_KEY
    assert len(first) >= 32


def test_unknown_storage_backend_is_refused(monkeypatch):
    cfg = Config()
    cfg.STORAGE_BACKEND = "ftp"
    with pytest.raises(ConfigError, match="STORAGE_BACKEND"):
        cfg.validate()


def test_postgres_urls_use_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@localhost/db")
    monkeypatch.setattr(Config, "SQLALCHEMY_DATABASE_URI", "postgresql://u@localhost/db")
    assert Config().SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@localhost/db"


def test_an_unknown_time_zone_is_refused():
    cfg = Config()
    cfg.TIMEZONE = "Europe/Utrecht"
    with pytest.raises(ConfigError, match="TIMEZONE"):
        cfg.validate()


def test_production_session_cookie_is_host_only_and_secure(monkeypatch):
    """`__Host-` makes the browser refuse the cookie unless it is Secure, on Path=/ and bound to
    this host (no Domain), so a sibling subdomain cannot plant or read a session."""
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setattr(Config, "ENV_NAME", "production")
    cfg = Config()
    assert cfg.SESSION_COOKIE_NAME == "__Host-bagage_session"
    assert cfg.SESSION_COOKIE_SECURE is True
    assert getattr(cfg, "SESSION_COOKIE_DOMAIN", None) in (None, False)


def test_production_refuses_push_to_local_endpoints(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setattr(Config, "ENV_NAME", "production")
    cfg = Config()
    cfg.VAPID_PRIVATE_KEY = "set"
    cfg.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    with pytest.raises(ConfigError, match="PUSH_ALLOW_LOCAL_ENDPOINTS"):
        cfg.validate()
