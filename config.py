"""Settings from the environment, validated when the app starts.

Development gets safe defaults (SQLite and media under ``instance/``, a generated secret
key kept in ``instance/``). Production (``BAGAGE_ENV=production``) refuses to start without
an explicit ``SECRET_KEY``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from py_vapid import Vapid02

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("BAGAGE_INSTANCE_DIR", BASE_DIR / "instance"))

MiB = 1024 * 1024
#: The limits people read (quota, largest file) are decimal, as the app shows them: 1 GB = 10⁹ B.
MB = 1000 * 1000
GB = 1000 * MB


class ConfigError(RuntimeError):
    """A setting is missing or invalid; the app must not start."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _usable_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's)."""
    if hasattr(os, "sched_getaffinity"):  # not on macOS
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def normalize_database_url(url: str) -> str:
    """postgres:// and postgresql:// URLs use the psycopg (3) driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def keep_once(path: Path, make) -> bytes:
    """The contents of `path`, made by `make()` the first time. Processes that start at once
    (a web process and its workers) all end up with the first one's contents: each writes a
    file of its own and links it into place, which only one of them can do."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            with os.fdopen(fd, "wb") as out:  # mkstemp makes it readable by us only
                out.write(make())
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            os.unlink(draft)
    return path.read_bytes()


def _development_secret_key() -> str:
    """A random key generated once and kept in instance/, so sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    return keep_once(path, lambda: secrets.token_urlsafe(48).encode()).decode().strip()


def _development_encryption_key() -> str:
    """Like the secret key: generated once into instance/, so stored words stay readable."""
    path = INSTANCE_DIR / "data_encryption_key"
    return keep_once(path, Fernet.generate_key).decode().strip()


def _development_vapid_key() -> str:
    """A VAPID key kept in instance/ so development has working push without setup."""

    def make() -> bytes:
        key = Vapid02()
        key.generate_keys()
        return key.private_pem()

    return keep_once(INSTANCE_DIR / "vapid_private.pem", make).decode()


def _development_credential_key() -> str:
    """An Ed25519 seed (base64) kept in instance/: credentials issued in development keep
    verifying across restarts."""
    path = INSTANCE_DIR / "credential_signing_key"
    return keep_once(path, lambda: base64.b64encode(secrets.token_bytes(32))).decode().strip()


def parse_signing_key(text: str) -> Ed25519PrivateKey:
    """One entry of CREDENTIAL_SIGNING_KEYS: a PKCS#8 PEM (newlines may be written as \\n)
    or the 32-byte seed in base64 (standard or url-safe)."""
    text = text.strip()
    try:
        if "BEGIN" in text:
            key = serialization.load_pem_private_key(
                text.replace("\\n", "\n").encode(), password=None
            )
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError("not an Ed25519 key")
            return key
        url_safe = text.replace("+", "-").replace("/", "_").rstrip("=")
        seed = base64.urlsafe_b64decode(url_safe + "=" * (-len(url_safe) % 4))
        return Ed25519PrivateKey.from_private_bytes(seed)
    except (ValueError, TypeError, binascii.Error):
        raise ConfigError(
            "CREDENTIAL_SIGNING_KEYS must be Ed25519 keys: PEM, or a 32-byte seed in base64, "
            "comma-separated"
        ) from None


class Config:
    ENV_NAME = os.environ.get("BAGAGE_ENV", "development")
    TESTING = False

    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'bagage.sqlite3'}"
    )
    #: Database connections one process keeps open, and how many more it may open for a
    #: moment. A request holds one from start to end, so a busy web process wants about as
    #: many as it answers requests at once: with too few, requests wait for one, and every
    #: connection beyond the kept ones is opened and closed again per request.
    DATABASE_POOL_SIZE = _int("DATABASE_POOL_SIZE", 30)
    DATABASE_MAX_OVERFLOW = _int("DATABASE_MAX_OVERFLOW", 10)
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(INSTANCE_DIR / "media"))
    # S3-compatible object storage (STORAGE_BACKEND=s3). Credentials may also come from the
    # usual AWS variables or an instance role, as boto3 finds them.
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    S3_REGION = os.environ.get("S3_REGION", "")
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    #: Professionalisation entitlement (Dutch primary education's collective agreement):
    #: hours per year for a full-time job, and the personal budget in euros.
    GROWTH_HOURS_FULL_TIME = float(os.environ.get("GROWTH_HOURS_FULL_TIME", "83"))
    GROWTH_BUDGET_EUROS = float(os.environ.get("GROWTH_BUDGET_EUROS", "500"))
    #: "pro_rata": hours and budget × the person's FTE (the CAO PO); "fixed": the full-time
    #: amounts for everyone, whatever their working time (sectors that grant a flat amount).
    GROWTH_ENTITLEMENT_RULE = os.environ.get("GROWTH_ENTITLEMENT_RULE", "pro_rata")
    #: Unspent budget may be saved and spent in this many school years after its own (CAO PO: 3).
    GROWTH_SAVING_YEARS = _int("GROWTH_SAVING_YEARS", 3)
    #: The school year starts on the first of this month (August).
    SCHOOL_YEAR_START_MONTH = _int("SCHOOL_YEAR_START_MONTH", 8)
    #: Where the days of report periods and school years begin and end (IANA time zone).
    TIMEZONE = os.environ.get("TIMEZONE", "Europe/Amsterdam")
    #: Finished exports (and imports waiting for their job) are kept here.
    EXPORT_DIR = os.environ.get("EXPORT_DIR", str(INSTANCE_DIR / "exports"))
    #: A finished export (its zip) is deleted this many hours after it was made.
    EXPORT_RETENTION_HOURS = _int("EXPORT_RETENTION_HOURS", 72)
    #: Full exports one person may start in any 24 hours (0: no limit); one at a time.
    EXPORTS_PER_DAY = _int("EXPORTS_PER_DAY", 5)
    #: Largest Bagage export accepted for import (through a resumable upload).
    IMPORT_MAX_BYTES = _int("IMPORT_MAX_BYTES", 20 * GB)
    #: Uploads are spooled here first; on the same disk as MEDIA_ROOT a store is a rename.
    UPLOAD_TMP_DIR = os.environ.get("UPLOAD_TMP_DIR", str(INSTANCE_DIR / "tmp"))

    # Upload limits. MAX_CONTENT_LENGTH caps a whole request; the per-kind limits are
    # checked on the file itself.
    MAX_UPLOAD_BYTES = _int("MAX_UPLOAD_BYTES", GB)
    MAX_IMAGE_BYTES = _int("MAX_IMAGE_BYTES", 50 * MB)
    MAX_IMAGE_PIXELS = _int("MAX_IMAGE_PIXELS", 60_000_000)
    #: Largest JSON request body; uploads and imports have their own limits.
    MAX_JSON_BYTES = _int("MAX_JSON_BYTES", MiB)
    #: Largest CASE package sent as a JSON body to import a framework.
    MAX_CASE_BYTES = _int("MAX_CASE_BYTES", 10 * MiB)
    # Importing from a CASE server (`flask competencies import URL`, the app's "Van een
    # CASE-server"): the largest answer read, and how long connecting, each read and the
    # whole answer may take.
    CASE_FETCH_MAX_BYTES = _int("CASE_FETCH_MAX_BYTES", 10 * MiB)
    CASE_FETCH_CONNECT_TIMEOUT_SECONDS = _int("CASE_FETCH_CONNECT_TIMEOUT_SECONDS", 5)
    CASE_FETCH_READ_TIMEOUT_SECONDS = _int("CASE_FETCH_READ_TIMEOUT_SECONDS", 20)
    CASE_FETCH_TOTAL_SECONDS = _int("CASE_FETCH_TOTAL_SECONDS", 60)
    #: Also fetch from private, loopback and link-local addresses (a closed intranet).
    CASE_FETCH_ALLOW_PRIVATE = os.environ.get("CASE_FETCH_ALLOW_PRIVATE", "0") in ("1", "true")
    MAX_FORM_MEMORY_SIZE = 500_000
    MAX_FORM_PARTS = 100

    MAX_MEDIA_SECONDS = _int("MAX_MEDIA_SECONDS", 3 * 3600)
    #: Per-dossier storage quota in bytes (0: no quota); 10 GB, which the app shows as "10 GB".
    DOSSIER_QUOTA_BYTES = _int("DOSSIER_QUOTA_BYTES", 10 * GB)
    #: Unfinished resumable uploads are deleted after this many hours.
    UPLOAD_EXPIRY_HOURS = _int("UPLOAD_EXPIRY_HOURS", 24)
    VIDEO_MAX_HEIGHT = _int("VIDEO_MAX_HEIGHT", 720)
    MEDIA_JOB_TIMEOUT_SECONDS = _int("MEDIA_JOB_TIMEOUT_SECONDS", 300)
    #: A background job (media processing, export, import) whose worker has been quiet this
    #: long (no heartbeat; a running job beats every few seconds) is queued again ...
    JOB_STALLED_AFTER_SECONDS = _int("JOB_STALLED_AFTER_SECONDS", 120)
    #: ... until it has been started this often: then it is marked failed, with a reason.
    JOB_MAX_ATTEMPTS = _int("JOB_MAX_ATTEMPTS", 5)
    #: How often a worker's maintenance loop looks for stalled jobs.
    JOBS_SWEEP_INTERVAL_SECONDS = _int("JOBS_SWEEP_INTERVAL_SECONDS", 30)
    #: Seconds between runs of the worker's outbox relay, which hands the queue what a
    #: request could not (the queue was unreachable at its commit).
    OUTBOX_RELAY_INTERVAL_SECONDS = _int("OUTBOX_RELAY_INTERVAL_SECONDS", 5)
    #: The relay leaves messages younger than this to the request that is handing them over.
    OUTBOX_RELAY_GRACE_SECONDS = _int("OUTBOX_RELAY_GRACE_SECONDS", 10)
    #: Delivered outbox messages (and the keys of sent mail) are kept this long.
    OUTBOX_KEEP_HOURS = _int("OUTBOX_KEEP_HOURS", 72)
    OUTBOX_PRUNE_INTERVAL_SECONDS = 3600
    #: A worker process records that it is alive this often (GET /readyz, flask worker-status).
    WORKER_HEARTBEAT_SECONDS = _int("WORKER_HEARTBEAT_SECONDS", 10)
    #: A worker heard from longer ago than this is reported as stale.
    WORKER_STALE_AFTER_SECONDS = _int("WORKER_STALE_AFTER_SECONDS", 60)
    #: How long each check of GET /readyz may take before it counts as failed.
    READY_CHECK_TIMEOUT_SECONDS = _int("READY_CHECK_TIMEOUT_SECONDS", 2)

    # E-mail: without SMTP_HOST messages are printed to the log (development).
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = _int("SMTP_PORT", 587)
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "1") not in ("0", "false", "no")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Bagage <no-reply@localhost>")
    #: "smtp" (SMTP_HOST, or the log when it is empty) or "memory": kept in a list on the
    #: app (app.extensions["mail_outbox"]) so tests can read the codes; never in production.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    #: Minutes an e-mailed verification code or password-reset link stays valid.
    ACCOUNT_CODE_MINUTES = _int("ACCOUNT_CODE_MINUTES", 30)
    #: Wrong verification codes after which a code no longer works (a new one can be sent).
    ACCOUNT_CODE_MAX_ATTEMPTS = _int("ACCOUNT_CODE_MAX_ATTEMPTS", 5)
    #: The address people reach the app at, for links in e-mails.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    INVITATION_DAYS = _int("INVITATION_DAYS", 14)
    #: Days after an internship's last day that its supervisor keeps access, to sign the report.
    INTERNSHIP_SIGNING_DAYS = _int("INTERNSHIP_SIGNING_DAYS", 30)
    #: Live events reach every web process through Redis when REDIS_URL is set.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Web Push: a PEM private key (generated into instance/ in development) and a contact.
    VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:beheer@localhost")
    #: Push endpoints only on these hosts (and their subdomains; `*.x` only subdomains),
    #: e.g. fcm.googleapis.com,updates.push.services.mozilla.com,*.notify.windows.com,
    #: web.push.apple.com. Empty: any host on the public internet.
    PUSH_ALLOWED_HOSTS = [
        h.strip() for h in os.environ.get("PUSH_ALLOWED_HOSTS", "").split(",") if h.strip()
    ]
    #: Development only (a push service on this machine): allow http and local addresses.
    PUSH_ALLOW_LOCAL_ENDPOINTS = os.environ.get("PUSH_ALLOW_LOCAL_ENDPOINTS", "0") in ("1", "true")
    #: The name credentials are issued in (the instance or the organisation running it).
    CREDENTIAL_ISSUER_NAME = os.environ.get("CREDENTIAL_ISSUER_NAME", "Bagage")
    #: Addresses of the accounts that act for the issuer: they may revoke any credential.
    CREDENTIAL_ADMINS = [
        a.strip().lower() for a in os.environ.get("CREDENTIAL_ADMINS", "").split(",") if a.strip()
    ]
    #: Verifying credentials (POST /api/v1/credentials/verify): may the verifier fetch issuer
    #: keys (did:web, key documents, JWKs) and status lists from the network? Only https to
    #: public addresses, no redirects, with a timeout and a size limit. Off: only what this
    #: instance holds, and the verdict says what could not be checked.
    CREDENTIALS_FETCH_REMOTE = os.environ.get("CREDENTIALS_FETCH_REMOTE", "1") in ("1", "true")
    CREDENTIALS_FETCH_TIMEOUT = float(os.environ.get("CREDENTIALS_FETCH_TIMEOUT", "5"))
    CREDENTIALS_FETCH_MAX_BYTES = _int("CREDENTIALS_FETCH_MAX_BYTES", MiB)
    #: The longest one fetched document may take, all of it (a server that drips its answer).
    CREDENTIALS_FETCH_TOTAL_SECONDS = _int("CREDENTIALS_FETCH_TOTAL_SECONDS", 15)
    #: Tests only (a server on this machine): also http and local addresses.
    CREDENTIALS_FETCH_ALLOW_LOCAL = os.environ.get("CREDENTIALS_FETCH_ALLOW_LOCAL", "0") in (
        "1",
        "true",
    )
    #: A credential to verify, as JSON: a baked PNG badge comes base64-encoded in it.
    MAX_CREDENTIAL_BYTES = _int("MAX_CREDENTIAL_BYTES", 4 * MiB)
    #: Credentials checked per client address (anyone may verify, no account needed).
    CREDENTIAL_CHECK_LIMIT = os.environ.get("CREDENTIAL_CHECK_LIMIT", "20 per minute;200 per hour")
    #: Requests that make the server fetch from an address the client chose (a CASE server,
    #: a credential's issuer), per signed-in person (else per client address).
    OUTGOING_FETCH_LIMIT = os.environ.get("OUTGOING_FETCH_LIMIT", "10 per minute;100 per hour")
    #: A live stream with nothing to say sends a keep-alive this often.
    LIVE_KEEPALIVE_SECONDS = _int("LIVE_KEEPALIVE_SECONDS", 15)

    #: Requests one web process works on at once; the others wait their turn (app.admission).
    #: Uploads, live streams and files on their way out are not counted. 0: no limit.
    WEB_ACTIVE_REQUESTS = _int("WEB_ACTIVE_REQUESTS", 1)
    #: argon2id at OWASP's recommended parameters: 2 passes over 19 MiB, one lane (about 20 ms
    #: of a core). Hashes of another cost still verify, and are hashed again at the next login.
    PASSWORD_HASH_TIME_COST = _int("PASSWORD_HASH_TIME_COST", 2)
    PASSWORD_HASH_MEMORY_KIB = _int("PASSWORD_HASH_MEMORY_KIB", 19456)
    PASSWORD_HASH_PARALLELISM = _int("PASSWORD_HASH_PARALLELISM", 1)
    #: Password hashes one process computes at once; the others wait
    #: PASSWORD_HASH_WAIT_SECONDS for a turn, then get 429 `busy`. By default the cores this
    #: process may use, shared among the node's WEB_CONCURRENCY processes.
    PASSWORD_HASH_CONCURRENCY = _int(
        "PASSWORD_HASH_CONCURRENCY",
        max(1, _usable_cores() // max(1, _int("WEB_CONCURRENCY", 1))),
    )
    PASSWORD_HASH_WAIT_SECONDS = float(os.environ.get("PASSWORD_HASH_WAIT_SECONDS", "2"))
    #: A login session unused this long ends.
    SESSION_IDLE_DAYS = _int("SESSION_IDLE_DAYS", 30)
    #: A login session ends this long after the login, however often it is used.
    SESSION_MAX_AGE_DAYS = _int("SESSION_MAX_AGE_DAYS", 30)
    #: How many reverse proxies (each adding X-Forwarded-For/-Proto/-Host/-Prefix) stand in
    #: front of the app; 0 ignores those headers, as anyone can send them. Throttles count per
    #: client address, which without this is the proxy's for everyone.
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
    #: Strict-Transport-Security max-age in production (browsers then only use https).
    HSTS_SECONDS = _int("HSTS_SECONDS", 365 * 86400)

    # Throttling (flask-limiter). Only refused password checks count, so people who type
    # their password right are never slowed down. Limits are "N per period", several
    # separated by ";". Counters are shared by all web processes through Redis
    # (RATELIMIT_STORAGE_URI, default REDIS_URL); without Redis each process counts alone.
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") not in ("0", "false", "no")
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "bagage"
    # An unreachable counter store (Redis down) must not fail a request: count in memory.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    #: Wrong passwords for one account from one client address: stops a single guesser quickly.
    LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS = os.environ.get(
        "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "5 per minute;20 per hour"
    )
    #: Wrong passwords for one account from all addresses together: slows a distributed
    #: attack. Its window is short on purpose, so guessers elsewhere can hold the real person
    #: up for minutes at most, never lock them out for long.
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "20 per 10 minutes")
    #: Wrong passwords from one client address over all accounts (password spraying). Generous,
    #: because a whole school may share one address.
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "100 per 10 minutes")
    #: Wrong passwords of a signed-in person confirming a step (delete account, change password).
    PASSWORD_CHECK_LIMIT = os.environ.get("PASSWORD_CHECK_LIMIT", "5 per minute;20 per hour")
    #: E-mails a public form may send (password reset, verification): per target address and
    #: per client address; every request counts.
    MAIL_LIMIT_PER_RECIPIENT = os.environ.get("MAIL_LIMIT_PER_RECIPIENT", "3 per hour")
    MAIL_LIMIT_PER_ADDRESS = os.environ.get("MAIL_LIMIT_PER_ADDRESS", "20 per hour")
    #: Wrong one-time codes or links (reset, verification) from one client address.
    CODE_CHECK_LIMIT = os.environ.get("CODE_CHECK_LIMIT", "10 per minute;50 per hour")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Browsers may send these origins as Origin on state-changing requests.
    TRUSTED_ORIGINS = [o for o in os.environ.get("TRUSTED_ORIGINS", "").split(",") if o]

    API_TITLE = "Bagage API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # The docs page is served with its assets from our own origin, no CDN.
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/api/v1/docs-assets/"

    def __init__(self) -> None:
        self.MAX_CONTENT_LENGTH = self.MAX_UPLOAD_BYTES + MiB
        self.SQLALCHEMY_DATABASE_URI = normalize_database_url(self.SQLALCHEMY_DATABASE_URI)
        production = self.ENV_NAME == "production"
        # `__Host-`: browsers keep the cookie only when Secure, on Path=/ and without Domain, so
        # no sibling subdomain can set or read a session. Plain http in development can't have it.
        self.SESSION_COOKIE_SECURE = production
        self.SESSION_COOKIE_NAME = "__Host-bagage_session" if production else "bagage_session"
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self._default_secret_key()
        # Comma-separated Fernet keys: the first encrypts, all decrypt (rotation).
        keys = os.environ.get("DATA_ENCRYPTION_KEYS") or self._default_encryption_key()
        self.DATA_ENCRYPTION_KEYS = tuple(k.strip() for k in keys.split(",") if k.strip())
        self.RATELIMIT_STORAGE_URI = (
            os.environ.get("RATELIMIT_STORAGE_URI") or self.REDIS_URL or "memory://"
        )
        # The cookie may not outlive the session it names. Set once at login, it ends when the
        # session's maximum age does: sending it again with every answer would change nothing.
        self.PERMANENT_SESSION_LIFETIME = timedelta(days=self.SESSION_MAX_AGE_DAYS)
        self.SESSION_REFRESH_EACH_REQUEST = False
        self.VAPID_PRIVATE_KEY = self.VAPID_PRIVATE_KEY or self._default_vapid_key()
        # Comma-separated Ed25519 keys: the first signs credentials, all stay published
        # (rotation: a credential signed with an older key keeps verifying).
        keys = os.environ.get("CREDENTIAL_SIGNING_KEYS") or self._default_credential_key()
        self.CREDENTIAL_SIGNING_KEYS = tuple(k.strip() for k in keys.split(",") if k.strip())

    def _default_secret_key(self) -> str:
        if self.ENV_NAME == "production":
            raise ConfigError("SECRET_KEY must be set when BAGAGE_ENV=production")
        return _development_secret_key()

    def _default_vapid_key(self) -> str:
        """Production runs without push until a key is set; development makes one."""
        return "" if self.ENV_NAME == "production" else _development_vapid_key()

    def _default_credential_key(self) -> str:
        if self.ENV_NAME == "production":
            raise ConfigError("CREDENTIAL_SIGNING_KEYS must be set when BAGAGE_ENV=production")
        return _development_credential_key()

    def _default_encryption_key(self) -> str:
        if self.ENV_NAME == "production":
            raise ConfigError("DATA_ENCRYPTION_KEYS must be set when BAGAGE_ENV=production")
        return _development_encryption_key()

    def validate(self) -> None:
        if not self.DATA_ENCRYPTION_KEYS:
            raise ConfigError("DATA_ENCRYPTION_KEYS must hold at least one key")
        for key in self.DATA_ENCRYPTION_KEYS:
            try:
                Fernet(key)
            except (ValueError, TypeError):
                raise ConfigError(
                    "DATA_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded "
                    "bytes), comma-separated"
                ) from None
        if not self.CREDENTIAL_SIGNING_KEYS:
            raise ConfigError("CREDENTIAL_SIGNING_KEYS must hold at least one key")
        for key in self.CREDENTIAL_SIGNING_KEYS:
            parse_signing_key(key)
        if self.STORAGE_BACKEND not in {"local", "s3"}:
            raise ConfigError(
                f"STORAGE_BACKEND must be 'local' or 's3', got {self.STORAGE_BACKEND!r}"
            )
        if self.STORAGE_BACKEND == "s3" and not self.S3_BUCKET:
            raise ConfigError("S3_BUCKET must be set when STORAGE_BACKEND=s3")
        if self.GROWTH_ENTITLEMENT_RULE not in {"pro_rata", "fixed"}:
            raise ConfigError(
                "GROWTH_ENTITLEMENT_RULE must be 'pro_rata' or 'fixed', "
                f"got {self.GROWTH_ENTITLEMENT_RULE!r}"
            )
        if self.GROWTH_SAVING_YEARS < 0:
            raise ConfigError("GROWTH_SAVING_YEARS must be 0 or more")
        if self.MAX_UPLOAD_BYTES <= 0 or self.MAX_IMAGE_PIXELS <= 0 or self.MAX_JSON_BYTES <= 0:
            raise ConfigError("upload limits must be positive")
        if self.MAIL_BACKEND not in {"smtp", "memory"}:
            raise ConfigError(f"MAIL_BACKEND must be 'smtp' or 'memory', got {self.MAIL_BACKEND!r}")
        if self.ENV_NAME == "production" and self.MAIL_BACKEND != "smtp":
            raise ConfigError(
                "MAIL_BACKEND=memory keeps mail from reaching anyone; not in production"
            )
        if self.ENV_NAME == "production" and self.PUSH_ALLOW_LOCAL_ENDPOINTS:
            raise ConfigError("PUSH_ALLOW_LOCAL_ENDPOINTS must be off in production")
        if self.ENV_NAME == "production" and self.CREDENTIALS_FETCH_ALLOW_LOCAL:
            raise ConfigError("CREDENTIALS_FETCH_ALLOW_LOCAL must be off in production")
        if min(self.SESSION_IDLE_DAYS, self.SESSION_MAX_AGE_DAYS) <= 0:
            raise ConfigError("SESSION_IDLE_DAYS and SESSION_MAX_AGE_DAYS must be positive")
        case_limits = (
            self.CASE_FETCH_MAX_BYTES,
            self.CASE_FETCH_CONNECT_TIMEOUT_SECONDS,
            self.CASE_FETCH_READ_TIMEOUT_SECONDS,
            self.CASE_FETCH_TOTAL_SECONDS,
        )
        if min(case_limits) <= 0:
            raise ConfigError("CASE_FETCH_MAX_BYTES and the CASE_FETCH_*_SECONDS must be positive")
        if self.TRUSTED_PROXIES < 0:
            raise ConfigError("TRUSTED_PROXIES must be 0 or more")
        if min(self.JOB_STALLED_AFTER_SECONDS, self.JOB_MAX_ATTEMPTS,
               self.JOBS_SWEEP_INTERVAL_SECONDS) <= 0:  # fmt: skip
            raise ConfigError(
                "JOB_STALLED_AFTER_SECONDS, JOB_MAX_ATTEMPTS and JOBS_SWEEP_INTERVAL_SECONDS "
                "must be positive"
            )
        if (min(self.PASSWORD_HASH_TIME_COST, self.PASSWORD_HASH_PARALLELISM) < 1
                or self.PASSWORD_HASH_MEMORY_KIB < 8 * self.PASSWORD_HASH_PARALLELISM):  # fmt: skip
            raise ConfigError(
                "PASSWORD_HASH_TIME_COST and PASSWORD_HASH_PARALLELISM must be at least 1, and "
                "PASSWORD_HASH_MEMORY_KIB at least 8 per lane"
            )
        if self.DATABASE_POOL_SIZE < 1 or self.DATABASE_MAX_OVERFLOW < 0:
            raise ConfigError(
                "DATABASE_POOL_SIZE must be at least 1 and DATABASE_MAX_OVERFLOW not negative"
            )
        if self.WEB_ACTIVE_REQUESTS < 0:
            raise ConfigError("WEB_ACTIVE_REQUESTS must be 0 (no limit) or more")
        if self.PASSWORD_HASH_CONCURRENCY < 1 or self.PASSWORD_HASH_WAIT_SECONDS < 0:
            raise ConfigError(
                "PASSWORD_HASH_CONCURRENCY must be at least 1 and "
                "PASSWORD_HASH_WAIT_SECONDS not negative"
            )
        if self.ENV_NAME == "production" and len(self.SECRET_KEY) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production")
        try:
            ZoneInfo(self.TIMEZONE)
        except (ValueError, ZoneInfoNotFoundError):
            raise ConfigError(
                f"TIMEZONE must be an IANA time zone (Europe/Amsterdam), got {self.TIMEZONE!r}"
            ) from None


class TestConfig(Config):
    TESTING = True
    # Cheap hashing keeps the suite fast; production uses the argon2 defaults above.
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_KIB = 1024
    # Tests read verification codes and reset links from the app's outbox.
    MAIL_BACKEND = "memory"
    # Tests never reach the network; those that fetch turn it on for a server of their own.
    CREDENTIALS_FETCH_REMOTE = False

    def __init__(self) -> None:
        super().__init__()
        # Each test starts from empty counters (tests/conftest.py resets them); a shared
        # Redis would carry counts over between runs and machines.
        self.RATELIMIT_STORAGE_URI = "memory://"

    def _default_secret_key(self) -> str:
        return secrets.token_urlsafe(48)

    def _default_encryption_key(self) -> str:
        return Fernet.generate_key().decode()

    def _default_vapid_key(self) -> str:
        return ""  # tests that push set their own key

    def _default_credential_key(self) -> str:
        return base64.b64encode(secrets.token_bytes(32)).decode()
