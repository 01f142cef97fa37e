"""State of the public channel's flood protection, shared by every server process through the
database: token buckets of the rate limits, and the proofs of work already spent.

A bucket is named by a keyed hash of (day, action, client address) under `CADRE_RECEIPT_KEY`, so
no address is stored, and a bucket untouched for an hour (full again) is deleted."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ThrottleBucket(Model):
    bucket = fields.CharField(max_length=64, primary_key=True)
    tokens = fields.FloatField()
    at = fields.FloatField(description="Unix time of the last take, in seconds")
    granted = fields.BooleanField(default=True, description="Whether the last take was granted")

    class Meta:
        table = "throttle_bucket"
        table_description = "Rate-limit token buckets of the public operations (no addresses)"


class SpentProof(Model):
    digest = fields.CharField(max_length=64, primary_key=True)
    expires_at = fields.FloatField(description="Unix time after which the challenge is refused")

    class Meta:
        table = "spent_proof"
        table_description = "Proof-of-work challenges already used for a submission (no replay)"
