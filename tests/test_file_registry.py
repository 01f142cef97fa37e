"""The registries of the cadre's file and of deadlines stay complete as the system grows, and the
access condition they send as SQL is the one `restrict()` applies."""

from __future__ import annotations

import pytest
from strawberry import relay
from tortoise import fields
from tortoise.models import Model

import models
from api.sql import fetch
from models import AuditCommission, Case, Tipoff
from policies.principal import load_principal
from policies.resources import AUDIT, CASE, TIPOFF, Resource
from policies.scope import resolve_scope, restrict
from schema import NODE_TYPES
from schema.file.deadline_sources import DEADLINE_SOURCES, DeadlineKind
from schema.file.timeline_sources import TIMELINE_SOURCES, TimelineKind
from schema.file.union import Statement
from tests.conftest import World

# Node types that are not records in a cadre's file, and why.
NOT_IN_A_FILE = {
    "OrgUnit": "a unit of the tree, not a record about a cadre",
    "Cadre": "the owner of the file itself",
    "RoleAssignment": "a user's role, administration (J7)",
    "AuditPlan": "a jurisdiction's yearly plan; the audits it leads to are on the file",
}
# Date columns named like deadlines that are not deadlines, and why.
NOT_A_DEADLINE: dict[str, str] = {}


def _node_names() -> set[str]:
    names = set()
    for node_type in NODE_TYPES:
        definition = getattr(node_type, "__strawberry_definition__", None)
        if definition is not None and issubclass(node_type, relay.Node):
            names.add(definition.name)
    return names


def test_every_node_type_about_a_cadre_is_on_the_timeline() -> None:
    covered = {s.node for s in TIMELINE_SOURCES} | {c for s in TIMELINE_SOURCES for c in s.covers}
    missing = _node_names() - covered - set(NOT_IN_A_FILE)
    assert not missing, f"add a TimelineSource for {sorted(missing)} (or say why not)"


def test_every_record_named_by_a_source_is_a_node_type() -> None:
    names = _node_names()
    named = {s.node for s in TIMELINE_SOURCES} | {c for s in TIMELINE_SOURCES for c in s.covers}
    named |= {s.node for s in DEADLINE_SOURCES if s.node}
    assert named <= names, sorted(named - names)


def test_every_kind_has_a_source() -> None:
    assert {s.kind for s in TIMELINE_SOURCES} == set(TimelineKind)
    assert {s.kind for s in DEADLINE_SOURCES} == set(DeadlineKind)
    assert len({s.name for s in TIMELINE_SOURCES}) == len(TIMELINE_SOURCES)
    assert len({s.name for s in DEADLINE_SOURCES}) == len(DEADLINE_SOURCES)


def _due_columns() -> set[str]:
    """Every date column of every model whose name says it is a deadline."""
    found = set()
    for name in models.__all__:
        model = getattr(models, name)
        if not (isinstance(model, type) and issubclass(model, Model)):
            continue
        meta = model._meta
        for column, field in meta.fields_map.items():
            if isinstance(field, fields.DateField) and ("due" in column or column == "correct_by"):
                found.add(f"{meta.db_table}.{field.source_field or column}")
    return found


def test_every_due_date_of_the_system_is_a_deadline() -> None:
    columns = {c for s in DEADLINE_SOURCES for c in s.columns}
    missing = _due_columns() - columns - set(NOT_A_DEADLINE)
    assert not missing, f"add a DeadlineSource for {sorted(missing)} (or say why not)"
    assert columns <= _due_columns()


USERS = (
    "city.supervisor",
    "city.selector",
    "city.deputy",
    "county-a.supervisor",
    "county-b.supervisor",
    "discipline.officer",
    "audit.bureau",
    "admin",
)
TABLES: tuple[tuple[Resource, type[Model], str, str, str | None, str | None], ...] = (
    (TIPOFF, Tipoff, "tipoff", "jurisdiction_id", None, "subject_cadre_id"),
    (CASE, Case, "supervision_case", "jurisdiction_id", "referred_to_id", "cadre_id"),
    (AUDIT, AuditCommission, "audit_commission", "managing_unit_id", "addressed_unit_id", None),
)


@pytest.mark.parametrize("user", USERS)
async def test_the_scope_sent_as_sql_admits_what_restrict_admits(world: World, user: str) -> None:
    principal = await load_principal(user)
    assert principal is not None
    for resource, model, table, jurisdiction, addressee, subject in TABLES:
        scope = await resolve_scope(principal, resource, "read")
        expected = {r.id for r in await restrict(model.all(), scope, resource)}
        statement = Statement()
        condition = scope.sql(
            resource,
            statement.bind,
            jurisdiction=f"x.{jurisdiction}",
            addressee=f"x.{addressee}" if addressee else None,
            subject=f"x.{subject}" if subject else None,
            record="x.id",
        )
        if condition is None:
            assert expected == set(), (user, resource)
            continue
        rows = await fetch(f"SELECT x.id FROM {table} x WHERE {condition}", statement.params)
        assert {r["id"] for r in rows} == expected, (user, resource)
