"""The Casbin enforcer over `model.conf` and `policy.csv`: what each role grants.

The policy is static configuration, reviewed like code, so every decision about a
(role, object, action) is computed once per process and then served from a cache.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

import casbin

HERE = Path(__file__).parent


class Reach(StrEnum):
    UNIT = "unit"
    SUBTREE = "subtree"
    BELOW = "below"  # strictly below: the acts of a superior (J4 take-over, S9 check, revoke)
    ADDRESSED = "addressed"


@cache
def enforcer() -> casbin.Enforcer:
    return casbin.Enforcer(str(HERE / "model.conf"), str(HERE / "policy.csv"))


@cache
def reaches(role: str, obj: str, act: str) -> frozenset[Reach]:
    """The reaches with which `role` may do `act` on `obj` (empty: not at all)."""
    e = enforcer()
    return frozenset(reach for reach in Reach if e.enforce(role, obj, act, reach.value))


@cache
def actions_of(role: str) -> tuple[tuple[str, Reach], ...]:
    """Every `obj:act` that `role` grants, with its reach, in policy order."""
    rules = enforcer().get_implicit_permissions_for_user(role)
    return tuple((f"{obj}:{act}", Reach(reach)) for _, obj, act, reach in rules)


def grants(role: str, obj: str, act: str) -> bool:
    """Whether `role` grants `act` on `obj` with any reach."""
    return bool(reaches(role, obj, act))


@cache
def administers(role: str) -> bool:
    """Whether `role` manages accounts or assigns roles (an administrator's role, J7)."""
    return bool(reaches(role, "user", "manage") or reaches(role, "role", "assign"))


def held_apart(role: str, other: str) -> bool:
    """J7: an administrator's role is held alone: never together with any other role, by one
    account or by the accounts of one person."""
    return role != other and (administers(role) or administers(other))


def known_roles() -> frozenset[str]:
    return frozenset(rule[0] for rule in enforcer().get_policy())
