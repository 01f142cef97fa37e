"""The warning rules an office keeps in `policies/warnings.toml` (or the file named by
`CADRE_WARNING_RULES`): which conditions make a cadre, or a jurisdiction (L1), red or yellow.

This module reads and checks the file's shape; `rules/warnings.py` knows what each condition
means and turns it into SQL. A file that cannot be understood stops the server at start, with the
rule and the reason, rather than warning about nothing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).with_name("warnings.toml")


class WarningLevel(StrEnum):
    RED = "RED"
    YELLOW = "YELLOW"
    GREEN = "GREEN"


class WarningRulesError(ValueError):
    """The warnings file cannot be used as it is."""


@dataclass(frozen=True, slots=True)
class WarningRule:
    """One rule of the file: `when` names a condition, `params` are its numbers and lists."""

    id: str
    level: WarningLevel
    when: str
    at_least: int = 1
    within_years: int | None = None
    within_days: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WarningRules:
    cadre: tuple[WarningRule, ...]
    unit: tuple[WarningRule, ...]


def _rule(entry: Mapping[str, Any], where: str) -> WarningRule:
    values = dict(entry)
    rule_id = values.pop("id", None)
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise WarningRulesError(f"{where}: every rule needs an `id`")
    where = f"{where} {rule_id!r}"
    try:
        level = WarningLevel(values.pop("level", None))
    except ValueError:
        raise WarningRulesError(f"{where}: `level` must be RED or YELLOW") from None
    if level is WarningLevel.GREEN:
        raise WarningRulesError(f"{where}: `level` must be RED or YELLOW (GREEN is no warning)")
    when = values.pop("when", None)
    if not isinstance(when, str):
        raise WarningRulesError(f"{where}: `when` must name a condition")
    at_least = values.pop("at_least", 1)
    if not isinstance(at_least, int) or isinstance(at_least, bool) or at_least < 1:
        raise WarningRulesError(f"{where}: `at_least` must be a whole number of 1 or more")
    years = values.pop("within_years", None)
    days = values.pop("within_days", None)
    if years is not None and days is not None:
        raise WarningRulesError(f"{where}: give `within_years` or `within_days`, not both")
    for span in (years, days):
        if span is not None and (not isinstance(span, int) or isinstance(span, bool) or span < 1):
            raise WarningRulesError(f"{where}: `within_years` / `within_days` must be 1 or more")
    return WarningRule(rule_id, level, when, at_least, years, days, values)


def parse_rules(text: str, source: str = "warnings") -> WarningRules:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WarningRulesError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(document) - {"cadre", "unit"}
    if unknown:
        raise WarningRulesError(f"{source}: unknown section(s) {sorted(unknown)}")
    cadre = tuple(_rule(e, f"{source} [[cadre]]") for e in document.get("cadre", []))
    unit = tuple(_rule(e, f"{source} [[unit]]") for e in document.get("unit", []))
    ids = [r.id for r in (*cadre, *unit)]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise WarningRulesError(f"{source}: rule ids must be unique: {repeated}")
    return WarningRules(cadre, unit)


@cache
def load_rules(path: str | None = None) -> WarningRules:
    """The rules of `path` (the shipped file when None), read once per process."""
    file = Path(path) if path else SHIPPED
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise WarningRulesError(f"cannot read the warning rules {file}: {exc}") from None
    return parse_rules(text, str(file))
