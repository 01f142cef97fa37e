"""`statistics(unitCode, year)`: a jurisdiction's dashboard, counted by the database over what the
caller may read (J3-J5), logged as a read (J8), with the jurisdictions directly below it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

import strawberry
from tortoise.expressions import Q
from tortoise.fields import DatetimeField

from api.errors import BadUserInput
from models import (
    AuditRating,
    CaseOutcome,
    CaseStatus,
    SelectionStatus,
    TipoffChannel,
    TipoffStatus,
)
from policies.resources import Resource
from rules.calendar import office_today
from rules.statistics import Counted, Narrow, Tally, Unit, UnitTree, by_key, tally
from rules.warnings import Reason, reasons
from schema.audits.types import AuditCommission as AuditCommissionType
from schema.cases.queries import overdue_condition as overdue_case
from schema.cases.types import Case as CaseType
from schema.daily.instruments import Admonishment as AdmonishmentType
from schema.daily.instruments import InquiryLetter as InquiryLetterType
from schema.daily.instruments import Talk as TalkType
from schema.dashboard.warnings import Warning_, rules_in_force, shown_to
from schema.info import Info
from schema.protected import protection_of
from schema.selection.types import Selection as SelectionType
from schema.tipoffs.queries import overdue_condition as overdue_tipoff
from schema.tipoffs.types import Tipoff as TipoffType
from schema.units.types import OrgUnit as OrgUnitType


def _decided() -> Q:
    return Q(status=SelectionStatus.DECIDED)  # as `selections(filter: {status: DECIDED})`


def _counted(
    name: str,
    cls: type,
    unit: str,
    dated: str,
    keys: tuple[str, ...] = (),
    narrower: tuple[tuple[str, Narrow], ...] = (),
    *,
    instant: bool = True,
) -> Counted:
    """What a list of `cls` shows, counted: the resource and model the protected layer declares
    for the type, so a count and its list cannot disagree about whose records they are; each of
    `narrower` is a count of the same records under a list filter's own condition. `dated` holds
    an instant unless `instant` is False (a day)."""
    protection = protection_of(cls)
    timestamped = isinstance(protection.model._meta.fields_map[dated], DatetimeField)
    return Counted(
        name, protection.resource, protection.model, unit, dated, keys, timestamped, narrower
    )


# What is counted: each kind, the column that places it under a jurisdiction, and its date.
COUNTED = (
    _counted("tipoffs", TipoffType, "jurisdiction_id", "received_at", ("status", "channel"),
             (("tipoffs_overdue", overdue_tipoff),)),  # the list's own `overdue`
    _counted("cases", CaseType, "jurisdiction_id", "opened_at", ("status", "outcome"),
             (("cases_overdue", overdue_case),)),
    _counted("audits", AuditCommissionType, "managing_unit_id", "created_at",
             ("result__rating",)),
    _counted("selections", SelectionType, "managing_unit_id", "created_at", (),
             (("selections_decided", _decided),)),
    _counted("talks", TalkType, "jurisdiction_id", "held_on", instant=False),
    _counted("inquiry_letters", InquiryLetterType, "jurisdiction_id", "sent_on", instant=False),
    _counted("admonishments", AdmonishmentType, "jurisdiction_id", "issued_on", instant=False),
)  # fmt: skip


@strawberry.type(description="A count of records sharing one value (a status, channel …).")
class KeyCount:
    key: str = strawberry.field(description="The value, e.g. a status such as `ROUTED`.")
    count: int = strawberry.field(description="How many records have it.")


def _counts(pairs: Sequence[tuple[str, int]]) -> list[KeyCount]:
    return [KeyCount(key=k, count=n) for k, n in pairs]


@strawberry.type(description="Tip-offs received in the year.")
class TipoffCounts:
    total: int = strawberry.field(description="All tip-offs received in the year.")
    by_status: list[KeyCount] = strawberry.field(description="Per `TipoffStatus`, every value.")
    by_channel: list[KeyCount] = strawberry.field(description="Per `TipoffChannel`, every value.")
    overdue: int = strawberry.field(
        description="Of those, how many have routing or the acceptance notice past its deadline "
        "today (as `tipoffs(filter: {overdue: true})`)."
    )


@strawberry.type(description="Cases opened in the year.")
class CaseCounts:
    total: int = strawberry.field(description="All cases opened in the year.")
    by_status: list[KeyCount] = strawberry.field(description="Per `CaseStatus`, every value.")
    by_outcome: list[KeyCount] = strawberry.field(
        description="Decided cases per `CaseOutcome`, every value."
    )
    overdue: int = strawberry.field(
        description="Of those, how many are open past their conclusion deadline today."
    )


@strawberry.type(description="Daily supervision instruments used in the year (D4).")
class InstrumentCounts:
    talks: int = strawberry.field(description="Talks held in the year.")
    inquiry_letters: int = strawberry.field(description="Letters of inquiry sent in the year.")
    admonishments: int = strawberry.field(description="Admonishments issued in the year.")


@strawberry.type(description="Economic-responsibility audits commissioned in the year (D7).")
class AuditCounts:
    total: int = strawberry.field(description="All commissions made in the year.")
    by_rating: list[KeyCount] = strawberry.field(
        description="Commissions answered with a result, per `AuditRating`, every value."
    )


@strawberry.type(description="Selections started in the year (S1-S9).")
class SelectionCounts:
    total: int = strawberry.field(description="All selections started in the year.")
    decided: int = strawberry.field(description="Of those, how many are decided.")


@dataclass
class Tallies:
    """Everything counted for one request, shared by an entry and the entries below it."""

    tree: UnitTree
    kinds: dict[str, list[Tally]]
    unit_reasons: dict[int, list[Reason]]


@strawberry.type(
    description="A jurisdiction's dashboard for a year: counts of what the caller may read "
    "under it (J3-J5), the jurisdiction itself and every unit below it included."
)
class Statistics:
    year: int = strawberry.field(description="The calendar year counted (the offices' days).")
    _unit: strawberry.Private[Unit]
    _tallies: strawberry.Private[Tallies]

    @strawberry.field(description="The unit counted.")
    def unit(self) -> OrgUnitType:
        return OrgUnitType.of(self._unit)

    def _units(self) -> frozenset[int]:
        return self._tallies.tree.subtree(self._unit.id)

    def _total(self, kind: str) -> int:
        units = self._units()
        return sum(t.count for t in self._tallies.kinds[kind] if t.unit_id in units)

    def _by(self, kind: str, position: int, known: type[object]) -> list[KeyCount]:
        values = [str(v) for v in known]  # type: ignore[attr-defined]
        return _counts(by_key(self._tallies.kinds[kind], self._units(), position, values))

    @strawberry.field(description="Tip-offs received in the year.")
    def tipoffs(self) -> TipoffCounts:
        return TipoffCounts(
            total=self._total("tipoffs"),
            by_status=self._by("tipoffs", 0, TipoffStatus),
            by_channel=self._by("tipoffs", 1, TipoffChannel),
            overdue=self._total("tipoffs_overdue"),
        )

    @strawberry.field(description="Cases opened in the year.")
    def cases(self) -> CaseCounts:
        return CaseCounts(
            total=self._total("cases"),
            by_status=self._by("cases", 0, CaseStatus),
            by_outcome=self._by("cases", 1, CaseOutcome),
            overdue=self._total("cases_overdue"),
        )

    @strawberry.field(description="Talks, letters of inquiry and admonishments of the year.")
    def instruments(self) -> InstrumentCounts:
        return InstrumentCounts(
            talks=self._total("talks"),
            inquiry_letters=self._total("inquiry_letters"),
            admonishments=self._total("admonishments"),
        )

    @strawberry.field(description="Audits commissioned in the year.")
    def audits(self) -> AuditCounts:
        return AuditCounts(
            total=self._total("audits"), by_rating=self._by("audits", 0, AuditRating)
        )

    @strawberry.field(description="Selections started in the year.")
    def selections(self) -> SelectionCounts:
        return SelectionCounts(
            total=self._total("selections"), decided=self._total("selections_decided")
        )

    @strawberry.field(
        description="L1: the jurisdiction's own warning (the unit rules of the warnings file, "
        "such as repeated founded major cases of the cadres it manages in three years), from "
        "the cases the caller may read; GREEN when none holds."
    )
    def warning(self) -> Warning_:
        return Warning_.of(self._tallies.unit_reasons.get(self._unit.id, []))

    @strawberry.field(
        description="One entry per jurisdiction directly below this unit (J4 oversight), by "
        "code; units below that are not jurisdictions (townships) count in their committee's."
    )
    def per_unit(self) -> list[Statistics]:
        return [
            Statistics(year=self.year, _unit=unit, _tallies=self._tallies)
            for unit in self._tallies.tree.jurisdictions_below(self._unit.id)
        ]


# How a count is named in the access log (J8: a number is a read): resource `statistics`, one
# record per kind counted, `<kind>:<unit>/<year>`, under the roles that granted it.
STATISTICS = Resource("statistics")


async def statistics(info: Info, unit_code: str, year: int) -> Statistics | None:
    info.context.require_principal()
    if not 1949 <= year <= 9998:
        raise BadUserInput("`year` must be a calendar year from 1949", argument="year")
    tree = await UnitTree.of(unit_code)
    if tree is None:
        return None
    root, path = tree.root, tree.path
    scoped = [(c, await info.context.scope(c.resource, "read")) for c in COUNTED]
    kinds = await tally(scoped, path, year)
    for counted, scope in scoped:
        if not scope.empty:
            logged = f"{counted.resource.kind}:{root.code}/{year}"
            info.context.record_read(STATISTICS, "read", scope, [logged])
    jurisdictions = [u.id for u in tree.units.values() if u.is_jurisdiction]
    unit_reasons = await reasons(
        rules_in_force(info.context).unit,
        jurisdictions,
        info.context.read_scope,
        office_today(),
        shown_to(info),
    )
    return Statistics(year=year, _unit=root, _tallies=Tallies(tree, kinds, unit_reasons))


@strawberry.type
class StatisticsQueries:
    @strawberry.field(
        description="A jurisdiction's dashboard for a calendar year: counts by kind, status, "
        "channel and outcome, overdue work, instruments, audits and selections, and `perUnit` "
        "for the jurisdictions directly below. Counts only what the caller may read (a user "
        "linked to a cadre gets counts without that cadre's sensitive records, J5); each call "
        "is logged as a read (J8). Null for an unknown unit code."
    )
    async def statistics(
        self,
        info: Info,
        unit_code: Annotated[
            str, strawberry.argument(description="The unit's code, e.g. `county-a`.")
        ],
        year: Annotated[int, strawberry.argument(description="The calendar year, e.g. 2026.")],
    ) -> Statistics | None:
        return await statistics(info, unit_code, year)
