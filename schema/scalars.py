"""Scalars with the contract's wire formats. `Decimal` is a string of yuan such as "12500.00":
never a float, so no amount is ever rounded on its way in or out."""

from __future__ import annotations

import decimal
import re
from typing import Any

import strawberry
from strawberry.types.scalar import ScalarDefinition

_DECIMAL = re.compile(r"^-?\d{1,16}(\.\d{1,8})?$")


def parse_decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('Decimal is a string of digits such as "12500.00", not a float')
    text = str(value).strip()
    if not _DECIMAL.match(text):
        raise ValueError(f"{value!r} is not a decimal number")
    return decimal.Decimal(text)


def serialize_decimal(value: decimal.Decimal) -> str:
    """Two decimals (yuan and fen), or as many as the value needs (a share such as "0.3333")."""
    text = f"{value:.2f}"
    if decimal.Decimal(text) != value:
        text = format(value.normalize(), "f")
    return text


DecimalScalar: ScalarDefinition = strawberry.scalar(
    name="Decimal",
    description='A decimal amount in yuan, as a string such as "12500.00".',
    serialize=serialize_decimal,
    parse_value=parse_decimal,
)

SCALAR_MAP: dict[object, ScalarDefinition] = {decimal.Decimal: DecimalScalar}
