"""`Warning`: a cadre's (or a jurisdiction's, L1) red, yellow or green warning and its reasons,
from the rules of `policies/warnings.toml`, counting only records the caller may read."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import strawberry
from strawberry import relay
from tortoise.expressions import Q

from api.context import Context
from policies.resources import Resource
from policies.scope import Scope
from policies.warnings import WarningLevel as WarningLevelModel
from rules.calendar import office_today
from rules.warnings import (
    CompiledRules,
    Reason,
    Shown,
    active_rules,
    level_condition,
    level_of,
    reasons,
)
from schema.info import Info


@strawberry.enum(
    name="WarningLevel",
    description="红黄绿预警: RED when a red rule of the warnings file holds, else YELLOW when a "
    "yellow one does, else GREEN.",
)
class WarningLevel(Enum):
    RED = strawberry.enum_value("RED", description="A red rule holds: needs attention now.")
    YELLOW = strawberry.enum_value(
        "YELLOW", description="A yellow rule holds and no red one: watch closely."
    )
    GREEN = strawberry.enum_value("GREEN", description="No rule holds.")


@strawberry.type(description="One warning rule that holds, with the records behind it.")
class WarningReason:
    rule: str = strawberry.field(description="The rule's id in the warnings file.")
    level: WarningLevel = strawberry.field(description="The level this rule raises the warning to.")
    detail: str = strawberry.field(
        description="What holds, in words: how many records, since when, and their days."
    )
    records: list[strawberry.ID] = strawberry.field(
        description="Global ids of the records behind the reason (cases, audit commissions, "
        "letters, admonishments, information), each readable by the caller through `node`."
    )

    @classmethod
    def of(cls, reason: Reason) -> WarningReason:
        return cls(
            rule=reason.rule,
            level=WarningLevel[reason.level.name],
            detail=reason.detail,
            records=[strawberry.ID(str(relay.GlobalID(t, str(i)))) for t, i in reason.records],
        )


@strawberry.type(name="Warning", description="A red, yellow or green warning and why.")
class Warning_:
    level: WarningLevel = strawberry.field(
        description="The highest level of the rules that hold; GREEN when none does."
    )
    reasons: list[WarningReason] = strawberry.field(
        description="Every rule that holds, red ones first; empty when GREEN."
    )

    @classmethod
    def of(cls, found: Sequence[Reason]) -> Warning_:
        ordered = sorted(found, key=lambda r: (r.level is not WarningLevelModel.RED, r.rule))
        return cls(
            level=WarningLevel[level_of(found).name],
            reasons=[WarningReason.of(r) for r in ordered],
        )


def rules_in_force(context: Context) -> CompiledRules:
    return active_rules(context.settings.warning_rules)


def shown_to(info: Info) -> Shown:
    """Notes the records a reason names as read by the caller (J8)."""

    def shown(resource: Resource, scope: Scope, ids: list[int]) -> None:
        info.context.record_read(resource, "read", scope, ids)

    return shown


async def cadre_warning(info: Info, cadre_id: int) -> Warning_:
    """A cadre's warning, computed for every cadre of the page together (one statement per rule)."""

    async def load(ids: list[int]) -> list[Warning_]:
        found = await reasons(
            rules_in_force(info.context).cadre,
            ids,
            info.context.read_scope,
            office_today(),
            shown_to(info),
        )
        return [Warning_.of(found.get(i, [])) for i in ids]

    warning: Warning_ = await info.context.loaders.get("cadre-warning", load).load(cadre_id)
    return warning


async def warning_condition(context: Context, level: WarningLevel) -> Q:
    """The WHERE condition on cadres for `CadreFilter.warningLevel`, within the caller's scope
    (`context`: the request's, as the list and the compiled page both have it)."""
    return await level_condition(
        WarningLevelModel[level.name], rules_in_force(context), context.read_scope, office_today()
    )
