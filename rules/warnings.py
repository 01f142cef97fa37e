"""Warnings (红黄绿预警): what each condition of `policies/warnings.toml` means, as SQL.

A rule holds for a cadre (or, L1, a jurisdiction) when at least `at_least` records of its kind,
within its window, are about them. The same records serve three purposes, so they cannot disagree:

* `matching(...)`: the ids of the cadres a rule holds for, a subquery that `level_condition` puts
  in the cadre list's WHERE clause (`CadreFilter.warningLevel`), so pages and counts are SQL;
* `reasons(...)`: for a page of cadres, each rule that holds with its records (one statement per
  rule, whatever the page size);
* `unit_counts(...)`: for L1, the qualifying records per jurisdiction.

Every query is restricted to what the caller may read of that kind of record (the `Scope` the
caller passes): a warning never shows, or counts, a record the caller could not open (J3-J5).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet, ValuesQuery

from models import (
    Admonishment,
    AdmonishmentStatus,
    AuditCommission,
    AuditRating,
    Case,
    CaseMeasure,
    CaseOutcome,
    CaseStatus,
    InquiryLetter,
    InquiryStatus,
    Severity,
    SupervisionInformation,
)
from policies.resources import (
    ADMONISHMENT,
    AUDIT,
    CASE,
    INQUIRY_LETTER,
    SUPERVISION_INFORMATION,
    Resource,
)
from policies.scope import Scope, ScopeOf, restrict
from policies.warnings import WarningLevel, WarningRule, WarningRules, WarningRulesError
from rules.calendar import office_date, office_day_start

Shown = Callable[[Resource, Scope, list[int]], None]


@dataclass(frozen=True, slots=True)
class Condition:
    """A kind of record that can make a warning hold, and how to find it."""

    resource: Resource  # whose read scope restricts it
    model: type[Model]
    node_type: str  # the GraphQL type of the records (for their global ids)
    subject: str  # the column naming the cadre (or, for unit conditions, the jurisdiction)
    dated: str  # the record's day for the window and the details
    noun: str  # "founded case(s)"
    where: Callable[[WarningRule, datetime.date], Q]
    params: Mapping[str, type[Any]]  # the names the rule may set, with their enum (or bool)
    timestamped: bool = False  # `dated` holds an instant rather than a day


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    level: WarningLevel
    detail: str
    records: tuple[tuple[str, int], ...]  # (node type, id)


def _values(rule: WarningRule, name: str) -> list[str]:
    return [str(v) for v in rule.params.get(name, [])]


def _founded(rule: WarningRule, _: datetime.date) -> Q:
    return Q(status=CaseStatus.DECIDED, outcome__in=_values(rule, "outcomes"))


def _poor_audit(rule: WarningRule, _: datetime.date) -> Q:
    return Q(result__rating__in=_values(rule, "ratings"))


def _not_improved(rule: WarningRule, _: datetime.date) -> Q:
    return Q(status=AdmonishmentStatus.REVIEWED, improved=False)


def _reply_overdue(rule: WarningRule, today: datetime.date) -> Q:
    return Q(status=InquiryStatus.AWAITING_REPLY, reply_due__lt=today)


def _review_overdue(rule: WarningRule, today: datetime.date) -> Q:
    return Q(status=AdmonishmentStatus.CORRECTING, correct_by__lt=today)


def _information(rule: WarningRule, _: datetime.date) -> Q:
    return Q(severity__in=_values(rule, "severities"))


def _major_case(rule: WarningRule, _: datetime.date) -> Q:
    measures = [Q(measures__contains=m) for m in _values(rule, "measures")]
    founded = Q(status=CaseStatus.DECIDED, outcome__in=_values(rule, "outcomes"))
    if measures:
        founded &= Q(*measures, join_type=Q.OR)
    if rule.params.get("referred"):
        return Q(founded, Q(status=CaseStatus.REFERRED), join_type=Q.OR)
    return founded


CADRE_CONDITIONS: dict[str, Condition] = {
    "founded_cases": Condition(
        CASE, Case, "Case", "cadre_id", "decided_at", "founded case(s)", _founded,
        {"outcomes": CaseOutcome}, timestamped=True,
    ),
    "admonishment_not_improved": Condition(
        ADMONISHMENT, Admonishment, "Admonishment", "cadre_id", "reviewed_on",
        "admonishment(s) reviewed as not improved", _not_improved, {},
    ),
    "inquiry_reply_overdue": Condition(
        INQUIRY_LETTER, InquiryLetter, "InquiryLetter", "cadre_id", "reply_due",
        "inquiry letter(s) with the reply overdue", _reply_overdue, {},
    ),
    "admonishment_review_overdue": Condition(
        ADMONISHMENT, Admonishment, "Admonishment", "cadre_id", "correct_by",
        "admonishment(s) with the review overdue", _review_overdue, {},
    ),
    "supervision_information": Condition(
        SUPERVISION_INFORMATION, SupervisionInformation, "SupervisionInformation", "cadre_id",
        "received_on", "piece(s) of {severities} supervision information", _information,
        {"severities": Severity},
    ),
    "audit_rating": Condition(
        AUDIT, AuditCommission, "AuditCommission", "cadre_id", "result__submitted_at",
        "audit(s) rated {ratings}", _poor_audit, {"ratings": AuditRating}, timestamped=True,
    ),
}  # fmt: skip

UNIT_CONDITIONS: dict[str, Condition] = {
    "major_founded_cases": Condition(
        CASE, Case, "Case", "original_jurisdiction_id", "opened_at", "major founded case(s)",
        _major_case, {"outcomes": CaseOutcome, "measures": CaseMeasure, "referred": bool},
        timestamped=True,
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: WarningRule
    condition: Condition

    def since(self, today: datetime.date) -> datetime.date | None:
        """The first day that counts: the same day `within_years` years back (28 February for
        29 February), or `within_days` days back; None when every day counts."""
        years, days = self.rule.within_years, self.rule.within_days
        if years is not None:
            try:
                return today.replace(year=today.year - years)
            except ValueError:
                return today.replace(year=today.year - years, day=28)
        return None if days is None else today - datetime.timedelta(days=days)

    def records(self, scope: Scope, today: datetime.date) -> QuerySet[Model] | None:
        """The qualifying records the scope admits; None when it admits none of their kind."""
        if scope.empty:
            return None
        c = self.condition
        qs = c.model.filter(c.where(self.rule, today), **{f"{c.subject}__isnull": False})
        since = self.since(today)
        if since is not None:
            start = office_day_start(since) if c.timestamped else since
            qs = qs.filter(**{f"{c.dated}__gte": start})
        return restrict(qs, scope, c.resource)

    def describe(self, days: Sequence[object], today: datetime.date) -> str:
        c = self.condition
        lists = {
            k: "/".join(_values(self.rule, k)) for k, kind in c.params.items() if kind is not bool
        }
        noun = c.noun.format(**lists)
        since = self.since(today)
        window = "" if since is None else f" since {since}"
        dates = sorted(
            {str(office_date(d) if isinstance(d, datetime.datetime) else d) for d in days if d}
        )
        listed = f" ({', '.join(dates)})" if dates else ""
        return f"{len(days)} {noun}{window}{listed}"


def _compile(rule: WarningRule, conditions: Mapping[str, Condition], where: str) -> CompiledRule:
    condition = conditions.get(rule.when)
    if condition is None:
        raise WarningRulesError(
            f"{where} rule {rule.id!r}: unknown condition {rule.when!r}; known: "
            f"{sorted(conditions)}"
        )
    for name, value in rule.params.items():
        kind = condition.params.get(name)
        if kind is None:
            raise WarningRulesError(f"rule {rule.id!r}: {rule.when} takes no {name!r}")
        if kind is bool:
            if not isinstance(value, bool):
                raise WarningRulesError(f"rule {rule.id!r}: {name!r} must be true or false")
            continue
        allowed = {str(v) for v in kind}
        if not isinstance(value, list) or not value or not set(map(str, value)) <= allowed:
            raise WarningRulesError(
                f"rule {rule.id!r}: {name!r} must be a list of {sorted(allowed)}"
            )
    return CompiledRule(rule, condition)


@dataclass(frozen=True, slots=True)
class CompiledRules:
    cadre: tuple[CompiledRule, ...]
    unit: tuple[CompiledRule, ...]

    def at(self, level: WarningLevel) -> tuple[CompiledRule, ...]:
        return tuple(r for r in self.cadre if r.rule.level is level)


def compile_rules(rules: WarningRules) -> CompiledRules:
    """Check every rule against the conditions known here; a bad rule stops the server."""
    return CompiledRules(
        cadre=tuple(_compile(r, CADRE_CONDITIONS, "[[cadre]]") for r in rules.cadre),
        unit=tuple(_compile(r, UNIT_CONDITIONS, "[[unit]]") for r in rules.unit),
    )


@cache
def active_rules(path: str = "") -> CompiledRules:
    from policies.warnings import load_rules

    return compile_rules(load_rules(path or None))


def _holding(rule: CompiledRule, records: QuerySet[Model]) -> ValuesQuery[Any]:
    """The subjects for which at least `at_least` of `records` exist."""
    subject = rule.condition.subject
    if rule.rule.at_least == 1:
        return records.values(subject)
    return (
        records.group_by(subject)
        .annotate(n=Count("id"))
        .filter(n__gte=rule.rule.at_least)
        .values(subject)
    )


async def matching(
    rules: Iterable[CompiledRule], scope_of: ScopeOf, today: datetime.date
) -> Q | None:
    """`id IN (cadres the rule holds for)` for each rule, OR-ed; None when none can hold."""
    parts: list[Q] = []
    for rule in rules:
        records = rule.records(await scope_of(rule.condition.resource), today)
        if records is not None:
            parts.append(Q(id__in=Subquery(_holding(rule, records))))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q(*parts, join_type=Q.OR)


async def level_condition(
    level: WarningLevel, rules: CompiledRules, scope_of: ScopeOf, today: datetime.date
) -> Q:
    """The WHERE condition on cadres for a warning level: RED when a red rule holds; YELLOW when
    a yellow one does and no red one; GREEN when none does."""
    red = await matching(rules.at(WarningLevel.RED), scope_of, today)
    yellow = await matching(rules.at(WarningLevel.YELLOW), scope_of, today)
    nothing = Q(id__in=[])
    if level is WarningLevel.RED:
        return red or nothing
    if level is WarningLevel.YELLOW:
        if yellow is None:
            return nothing
        return yellow if red is None else Q(yellow, ~red)
    condition = Q()
    for holds in (red, yellow):
        if holds is not None:
            condition &= ~holds
    return condition


async def reasons(
    rules: Iterable[CompiledRule],
    subjects: Sequence[int],
    scope_of: ScopeOf,
    today: datetime.date,
    shown: Shown,
) -> dict[int, list[Reason]]:
    """For each subject, the rules that hold with the records behind them; one statement per rule
    (never per subject). `shown` is told which records the reasons name (J8)."""
    found: dict[int, list[Reason]] = defaultdict(list)
    if not subjects:
        return found
    for rule in rules:
        c = rule.condition
        scope = await scope_of(c.resource)
        records = rule.records(scope, today)
        if records is None:
            continue
        rows = await records.filter(**{f"{c.subject}__in": list(subjects)}).values(
            "id", c.subject, c.dated
        )
        per_subject: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r["id"]):
            per_subject[row[c.subject]].append(row)
        named: list[int] = []
        for subject, mine in per_subject.items():
            if len(mine) < rule.rule.at_least:
                continue
            named += [r["id"] for r in mine]
            found[subject].append(
                Reason(
                    rule=rule.rule.id,
                    level=rule.rule.level,
                    detail=rule.describe([r[c.dated] for r in mine], today),
                    records=tuple((c.node_type, r["id"]) for r in mine),
                )
            )
        shown(c.resource, scope, named)
    return found


def level_of(found: Sequence[Reason]) -> WarningLevel:
    levels = {r.level for r in found}
    for level in (WarningLevel.RED, WarningLevel.YELLOW):
        if level in levels:
            return level
    return WarningLevel.GREEN
