"""The append-only access log (J8). Each entry carries the hash of the one before it, so an edited,
inserted or deleted entry breaks the chain (`cadre-api verify-log`). `prev_hash` is unique: two
writers that raced for the same predecessor cannot both succeed, so the chain never forks."""

from __future__ import annotations

import hashlib
import json

from tortoise import fields
from tortoise.models import Model

GENESIS = "0" * 64


class AccessLogEntry(Model):
    id = fields.BigIntField(primary_key=True)
    # Fixed-format UTC text: the hashed bytes never depend on a driver's datetime handling.
    at = fields.CharField(max_length=32, db_index=True)
    user_id = fields.IntField(null=True)
    username = fields.CharField(max_length=64, default="")
    roles = fields.CharField(max_length=500, default="")
    action = fields.CharField(max_length=64)
    resource = fields.CharField(max_length=64)
    record_ids = fields.TextField(default="")
    detail = fields.TextField(default="")
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)
    # The chain the entry belongs to and its place in it (api/access_log.py); "" for entries
    # written before chains were per writer and keyed (one plain SHA-256 chain).
    writer = fields.CharField(max_length=64, default="", db_default="")
    seq = fields.BigIntField(default=0, db_default=0)
    # The id of the key the entry is MACed under (api/access_log.py `key_id`); "" for entries
    # written before keys had ids (their chain's key is found from its first link).
    key_id = fields.CharField(max_length=16, default="", db_default="")

    class Meta:
        table = "access_log"
        unique_together = (("writer", "seq"),)

    def compute_hash(self) -> str:
        return entry_hash(
            at=self.at,
            user_id=self.user_id,
            username=self.username,
            roles=self.roles,
            action=self.action,
            resource=self.resource,
            record_ids=self.record_ids,
            detail=self.detail,
            prev_hash=self.prev_hash,
        )


class RetiredLogKey(Model):
    """A log key `cadre-api rotate-log-key` retired: the database refuses new entries under it
    (a trigger, migration 0016), so a server still running with the old key cannot extend the
    log behind the rotation's seal."""

    key_id = fields.CharField(max_length=16, primary_key=True)
    retired_at = fields.CharField(max_length=32)

    class Meta:
        table = "access_log_retired_key"


def entry_hash(
    *,
    at: str,
    user_id: int | None,
    username: str,
    roles: str,
    action: str,
    resource: str,
    record_ids: str,
    detail: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [at, user_id, username, roles, action, resource, record_ids, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()
