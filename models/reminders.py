"""Reminder digests (`cadre-api remind`): one per office day, so that a job run twice the same day
sends and logs nothing twice."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ReminderDigest(Model):
    id = fields.IntField(primary_key=True)
    day = fields.DateField(unique=True)  # the offices' day it was made for
    working_days = fields.SmallIntField()  # how far ahead it looked
    body = fields.TextField()  # the digest, as the JSON the command printed
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "reminder_digest"
