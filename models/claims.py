"""Claims on requests just made: the same decision sent twice (a retry, a double click) takes
effect once (schema/extensions.py: `OneEffect`)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class RequestClaim(Model):
    # SHA-256 of who sent it and what exactly (the document, its variables, the operation name)
    fingerprint = fields.CharField(max_length=64, primary_key=True)
    claimed_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "request_claim"
        table_description = "Decisions being made or just made, for refusing their duplicates"
