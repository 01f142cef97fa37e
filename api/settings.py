"""One typed settings object, read from the environment (and a `.env` file when present)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_FILE = ".cadre-secret"
DEV_REPORTER_KEY_FILE = ".cadre-reporter-key"
DEV_RECEIPT_KEY_FILE = ".cadre-receipt-key"
DEV_LOG_KEY_FILE = ".cadre-log-key"


def _development_secret(file: str = DEV_SECRET_FILE) -> str:
    """A key shared by every `cadre-api` command run in the same folder (`token` and `serve` agree
    on the signing key; stored reporter identities stay readable across restarts).

    Generated once and kept in a mode-0600 file, so that a newcomer needs no set-up and no secret
    is ever committed. Production refuses it (see `Settings._refuse_dev_secret`).
    """
    path = Path(file)
    if path.exists():
        return path.read_text().strip()
    value = "dev-" + secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(value)
    return value


class Settings(BaseSettings):
    # A refused value is never echoed into an error or a log: it may be a secret.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", hide_input_in_errors=True)

    env: Literal["development", "production", "test"] = Field(
        "development", validation_alias="CADRE_ENV"
    )
    database_url: str = Field("sqlite://cadre.sqlite3", validation_alias="DATABASE_URL")
    db_pool_max: int = Field(10, validation_alias="CADRE_DB_POOL_MAX")
    # A streaming replica of DATABASE_URL (PostgreSQL only): read-only operations read there.
    database_replica_url: str = Field("", validation_alias="DATABASE_REPLICA_URL")
    # The PostgreSQL server each process LISTENs on for role changes (default DATABASE_URL); must
    # reach the server directly or through a session-mode pooler, never a transaction-mode one.
    database_listen_url: str = Field("", validation_alias="CADRE_LISTEN_URL")
    # After a user's mutation, that user's reads go to the primary for this long (every server).
    read_your_writes_seconds: float = Field(5.0, validation_alias="CADRE_READ_YOUR_WRITES_SECONDS")
    # How long a server keeps a user's principal and unit subtrees between invalidations; 0: off.
    principal_cache_seconds: float = Field(300.0, validation_alias="CADRE_PRINCIPAL_CACHE_SECONDS")
    log_format: Literal["json", "text"] = Field("json", validation_alias="CADRE_LOG_FORMAT")
    log_level: str = Field("INFO", validation_alias="CADRE_LOG_LEVEL")
    # When set, GET /metrics requires `Authorization: Bearer <this>`.
    metrics_token: str = Field("", validation_alias="CADRE_METRICS_TOKEN")

    jwt_algorithm: Literal["HS256", "RS256"] = Field(
        "HS256", validation_alias="CADRE_JWT_ALGORITHM"
    )
    jwt_secret: str = Field("", validation_alias="CADRE_JWT_SECRET")
    jwt_private_key_file: str = Field("", validation_alias="CADRE_JWT_PRIVATE_KEY_FILE")
    jwt_public_key_file: str = Field("", validation_alias="CADRE_JWT_PUBLIC_KEY_FILE")
    jwt_jwks_file: str = Field("", validation_alias="CADRE_JWT_JWKS_FILE")
    jwt_issuer: str = Field("cadre-api", validation_alias="CADRE_JWT_ISSUER")
    jwt_audience: str = Field("cadre-api", validation_alias="CADRE_JWT_AUDIENCE")
    token_ttl_seconds: int = Field(8 * 3600, validation_alias="CADRE_TOKEN_TTL_SECONDS")

    introspection: bool | None = Field(None, validation_alias="CADRE_INTROSPECTION")
    graphiql: bool | None = Field(None, validation_alias="CADRE_GRAPHIQL")
    max_depth: int = Field(10, validation_alias="CADRE_MAX_DEPTH")
    max_aliases: int = Field(30, validation_alias="CADRE_MAX_ALIASES")
    max_tokens: int = Field(2000, validation_alias="CADRE_MAX_TOKENS")
    max_objects: int = Field(50_000, validation_alias="CADRE_MAX_OBJECTS")
    # "fast": compiled pages (schema/compiled.py) and the short field path (schema/execution.py);
    # "standard": graphql-core's own execution only (CI runs the whole suite both ways).
    execution: Literal["fast", "standard"] = Field("fast", validation_alias="CADRE_EXECUTION")
    duplicate_window_seconds: int = Field(10, validation_alias="CADRE_DUPLICATE_WINDOW_SECONDS")

    # J6: the key that encrypts reporters' names and contacts; never stored in the database.
    reporter_key: str = Field("", validation_alias="CADRE_REPORTER_KEY")
    # The public channel (/report, submitTipoff, tipoffStatus): the key of receipt hashes, of the
    # shared rate-limit buckets and of proof-of-work challenges (never stored in the database), and
    # the one it replaced while receipts are re-keyed on use (rotation); the
    # limits per client address; all clients together get `public_flood_factor` times the
    # per-address submissions an hour, and past that each submission carries a proof of work of
    # `proof_of_work_bits` leading zero bits (hashcash, SHA-256).
    receipt_key: str = Field("", validation_alias="CADRE_RECEIPT_KEY")
    receipt_key_previous: str = Field("", validation_alias="CADRE_RECEIPT_KEY_PREVIOUS")
    # During a key rotation: the key being replaced, still accepted for reading (never sealing).
    reporter_key_previous: str = Field("", validation_alias="CADRE_REPORTER_KEY_PREVIOUS")
    # J8: the key of the access log's chains and checkpoints; never stored in the database.
    log_key: str = Field("", validation_alias="CADRE_LOG_KEY")
    # Keys CADRE_LOG_KEY replaced (comma-separated): entries under them are still verified, never
    # written (`cadre-api rotate-log-key` retires them; once sealed they may be dropped).
    log_keys_retired: str = Field("", validation_alias="CADRE_LOG_KEYS_RETIRED")
    public_lookups_per_minute: int = Field(20, validation_alias="CADRE_PUBLIC_LOOKUPS_PER_MINUTE")
    submissions_per_hour: int = Field(10, validation_alias="CADRE_SUBMISSIONS_PER_HOUR")
    public_flood_factor: int = Field(50, validation_alias="CADRE_PUBLIC_FLOOD_FACTOR")
    proof_of_work_bits: int = Field(17, ge=8, le=32, validation_alias="CADRE_PROOF_OF_WORK_BITS")
    trust_proxy_headers: bool = Field(False, validation_alias="CADRE_TRUST_PROXY_HEADERS")
    routing_working_days: int = Field(5, validation_alias="CADRE_ROUTING_WORKING_DAYS")
    acknowledgement_working_days: int = Field(
        15, validation_alias="CADRE_ACKNOWLEDGEMENT_WORKING_DAYS"
    )
    conclusion_days: int = Field(90, validation_alias="CADRE_CONCLUSION_DAYS")
    office_timezone: str = Field("Asia/Shanghai", validation_alias="CADRE_OFFICE_TIMEZONE")
    sync_settle_seconds: int = Field(30, validation_alias="CADRE_SYNC_SETTLE_SECONDS")
    # An office's own warning rules (policies/warnings.toml is the shipped default).
    warning_rules: str = Field("", validation_alias="CADRE_WARNING_RULES")
    # D3: the day of the following year by which a top leader's yearly report is due ("MM-DD").
    top_leader_report_due: str = Field(
        "01-31",
        pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        validation_alias="CADRE_TOP_LEADER_REPORT_DUE",
    )

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def retired_log_keys(self) -> tuple[str, ...]:
        """CADRE_LOG_KEYS_RETIRED, one key per comma."""
        return tuple(key.strip() for key in self.log_keys_retired.split(",") if key.strip())

    @property
    def introspection_enabled(self) -> bool:
        return self.introspection if self.introspection is not None else not self.production

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else not self.production

    @model_validator(mode="after")
    def _refuse_dev_secret(self) -> Settings:
        if self.jwt_algorithm == "HS256" and not self.jwt_secret:
            if self.production:
                raise ValueError("production needs CADRE_JWT_SECRET (or RS256 keys)")
            self.jwt_secret = _development_secret()
        weak = self.jwt_secret.startswith("dev-") or len(self.jwt_secret) < 32
        if self.production and self.jwt_algorithm == "HS256" and weak:
            raise ValueError("production refuses a development or short CADRE_JWT_SECRET")
        self.reporter_key = self._key(
            self.reporter_key, "CADRE_REPORTER_KEY", DEV_REPORTER_KEY_FILE
        )
        self.receipt_key = self._key(self.receipt_key, "CADRE_RECEIPT_KEY", DEV_RECEIPT_KEY_FILE)
        self.log_key = self._key(self.log_key, "CADRE_LOG_KEY", DEV_LOG_KEY_FILE)
        if self.log_key in self.retired_log_keys:
            raise ValueError("CADRE_LOG_KEYS_RETIRED holds CADRE_LOG_KEY itself")
        if self.database_replica_url and not self.database_url.startswith(
            ("postgres://", "postgresql://")
        ):
            raise ValueError("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL")
        if self.jwt_algorithm == "RS256" and not (self.jwt_public_key_file or self.jwt_jwks_file):
            raise ValueError("RS256 needs CADRE_JWT_PUBLIC_KEY_FILE or CADRE_JWT_JWKS_FILE")
        return self

    def _key(self, value: str, name: str, dev_file: str) -> str:
        """A key kept outside the database: generated for development, required in production."""
        if not value:
            if self.production:
                raise ValueError(f"production needs {name}")
            return _development_secret(dev_file)
        if self.production and (value.startswith("dev-") or len(value) < 32):
            raise ValueError(f"production refuses a development or short {name}")
        return value


class SettingsError(ValueError):
    """Settings that cannot be used, described by the settings' names only, never their values."""


def describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors(include_input=False, include_url=False, include_context=False):
        names = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        parts.append(f"{names}: {message}" if names else message)
    return "; ".join(parts)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(describe(exc)) from None
