"""Configuration fails fast instead of running insecurely."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

import config as config_module
from config import Config, ConfigError

KEY = "x3W4bQ0Yl0Qb9k3Gx2f1c5Hq7m8N9p0r1s2t3u4v5w4="


@pytest.fixture(autouse=True)
def _encryption_key(monkeypatch):
    """Production needs them; tests of other settings give them."""
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", KEY)
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEYS", SEED)


SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="


def test_production_refuses_to_start_without_a_credential_signing_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.delenv("CREDENTIAL_SIGNING_KEYS")
    monkeypatch.setattr(Config, "ENV_NAME", "production")
    with pytest.raises(ConfigError, match="CREDENTIAL_SIGNING_KEYS"):
        Config()


def test_credential_keys_must_be_ed25519_and_development_keeps_one(monkeypatch, tmp_path):
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEYS", "not-a-key")
    with pytest.raises(ConfigError, match="Ed25519"):
        Config().validate()
    monkeypatch.delenv("CREDENTIAL_SIGNING_KEYS")
    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path)
    (first,) = Config().CREDENTIAL_SIGNING_KEYS
    assert (tmp_path / "credential_signing_key").read_text().strip() == first
    assert (first,) == Config().CREDENTIAL_SIGNING_KEYS
    assert (tmp_path / "credential_signing_key").stat().st_mode & 0o077 == 0
    config_module.parse_signing_key(first)


def test_production_refuses_to_start_without_an_encryption_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS")
    monkeypatch.setattr(Config, "ENV_NAME", "production")
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS"):
        Config()


def test_encryption_keys_must_be_fernet_keys_and_the_first_encrypts(monkeypatch):
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", "not-a-key")
    with pytest.raises(ConfigError, match="Fernet"):
        Config().validate()
    newer = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhmb29iYXJiYXpxdXg="
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", f" {newer}, {KEY} ")
    cfg = Config()
    cfg.validate()
    assert (newer, KEY) == cfg.DATA_ENCRYPTION_KEYS


def test_development_encryption_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS")
    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path)
    (first,) = Config().DATA_ENCRYPTION_KEYS
    assert (tmp_path / "data_encryption_key").read_text().strip() == first
    assert (first,) == Config().DATA_ENCRYPTION_KEYS
    assert (tmp_path / "data_encryption_key").stat().st_mode & 0o077 == 0


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


def test_processes_starting_at_once_keep_one_development_key(tmp_path, monkeypatch):
    """A web process and its workers that start together must share one key: with two, the
    words one encrypts cannot be read by the other."""
    import threading

    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path / "instance")
    together = threading.Barrier(8)
    generate = Fernet.generate_key

    def slow_generate() -> bytes:
        together.wait(timeout=10)  # everyone is making a key at the same moment
        return generate()

    monkeypatch.setattr(config_module.Fernet, "generate_key", staticmethod(slow_generate))
    keys: list[str] = []
    starts = [
        threading.Thread(target=lambda: keys.append(config_module._development_encryption_key()))
        for _ in range(8)
    ]
    for thread in starts:
        thread.start()
    for thread in starts:
        thread.join(timeout=20)
    path = tmp_path / "instance" / "data_encryption_key"
    assert len(keys) == 8
    assert set(keys) == {path.read_text().strip()}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in path.parent.iterdir()] == ["data_encryption_key"]


@pytest.mark.parametrize(
    "key", ["JOB_STALLED_AFTER_SECONDS", "JOB_MAX_ATTEMPTS", "JOBS_SWEEP_INTERVAL_SECONDS"]
)
def test_the_sweep_of_stalled_jobs_needs_positive_settings(monkeypatch, key):
    monkeypatch.setattr(Config, key, 0)  # a sweep every 0 s, or giving up before trying
    with pytest.raises(ConfigError, match=key):
        Config().validate()


def test_the_limits_people_read_are_round_decimal_figures():
    """The app shows sizes in decimal units (1 GB = 10⁹ bytes): a quota of 10 GiB would read
    "10,7 GB", so the defaults are stated in GB and MB."""
    assert Config.DOSSIER_QUOTA_BYTES == 10 * 10**9
    assert Config.MAX_UPLOAD_BYTES == 10**9
    assert Config.MAX_IMAGE_BYTES == 50 * 10**6
    assert Config.IMPORT_MAX_BYTES == 20 * 10**9


@pytest.mark.parametrize(
    "key, value",
    [
        ("PASSWORD_HASH_TIME_COST", 0),
        ("PASSWORD_HASH_PARALLELISM", 0),
        ("PASSWORD_HASH_MEMORY_KIB", 4),  # argon2 needs 8 KiB per lane
    ],
)
def test_password_hashing_needs_a_cost_argon2_accepts(monkeypatch, key, value):
    monkeypatch.setattr(Config, key, value)
    with pytest.raises(ConfigError, match=key):
        Config().validate()


@pytest.mark.parametrize("key, value", [("DATABASE_POOL_SIZE", 0), ("DATABASE_MAX_OVERFLOW", -1)])
def test_the_database_pool_needs_room_for_a_connection(monkeypatch, key, value):
    monkeypatch.setattr(Config, key, value)
    with pytest.raises(ConfigError, match=key):
        Config().validate()


def test_a_web_process_keeps_as_many_database_connections_as_configured(app):
    """A busy process answers dozens of requests at once, each holding a connection: with
    SQLAlchemy's default of 5 the rest were opened and closed per request, or waited."""
    from app.db import db

    with app.app_context():
        assert db.engine.pool.size() == app.config["DATABASE_POOL_SIZE"] == 30
        assert db.engine.pool._max_overflow == app.config["DATABASE_MAX_OVERFLOW"]  # noqa: SLF001


def test_a_negative_number_of_active_requests_is_refused(monkeypatch):
    monkeypatch.setattr(Config, "WEB_ACTIVE_REQUESTS", -1)
    with pytest.raises(ConfigError, match="WEB_ACTIVE_REQUESTS"):
        Config().validate()
