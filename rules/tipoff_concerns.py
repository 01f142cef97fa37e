"""J5 before routing: whom an unrouted tip-off may concern, by what it names.

A tip-off waiting in a queue names its subject only in words (name, post, unit). Before it is
routed to a cadre it is matched against every cadre linked to a user account; a linked user whose
cadre it may concern never sees it (`policies.resources.TIPOFF.naming`), in lists or by id, and
cannot route, transfer or reveal it (`NOT_FOUND`). When in doubt, hide: a false match costs a
colleague one tip-off, a missed one costs the reporter.

Text is compared in one form (`normalise`): full-width forms folded (Unicode NFKC), traditional
characters simplified with OpenCC (the OpenCC project's own Python package, with its dictionaries
built in: nothing downloaded at run time), spaces and punctuation dropped, case folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc
from tortoise.backends.base.client import BaseDBAsyncClient

from api.sql import sql_for
from models import Tipoff, TipoffConcern, TipoffStatus

_NOISE = re.compile(r"[\W_]+", re.UNICODE)
_SOMEONE = "某"  # 张某: "a certain Zhang"


@cache
def _simplify() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str | None) -> str:
    """One form for comparing names, posts and units: NFKC (full-width → half-width),
    traditional → simplified, no spaces or punctuation, case folded."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    return _NOISE.sub("", _simplify().convert(folded)).casefold()


@dataclass(frozen=True, slots=True)
class Named:
    """What a tip-off names, normalised."""

    name: str
    post: str
    unit: str

    @classmethod
    def of(cls, tipoff: Tipoff) -> Named:
        return cls(
            normalise(tipoff.subject_name),
            normalise(tipoff.subject_post),
            normalise(tipoff.subject_unit_text),
        )

    @property
    def empty(self) -> bool:
        return not (self.name or self.post)


@dataclass(frozen=True, slots=True)
class Linked:
    """A cadre linked to an account, normalised: name, its pinyin, post, work unit name and
    code."""

    cadre_id: int
    name: str
    pinyin: str
    post: str
    units: tuple[str, ...]

    @classmethod
    @lru_cache(maxsize=65_536)
    def of(
        cls, cadre_id: int, name: str, pinyin: str, post: str, unit: tuple[str, str] | None
    ) -> Linked:
        """From a cadre's stored name, pinyin, post and work unit (name, code); remembered, so a
        cadre unchanged since the last submission is not normalised again."""
        units = (normalise(unit[0]), normalise(unit[1])) if unit else ()
        return cls(
            cadre_id,
            normalise(name),
            normalise(pinyin),
            normalise(post),
            tuple(u for u in units if u),
        )


def _overlaps(a: str, b: str) -> bool:
    return bool(a and b) and (a in b or b in a)


def may_concern(named: Named, cadre: Linked) -> bool:
    """J5: whether a tip-off naming `named` may be about `cadre`. When in doubt, yes:

    * the name: either contains the other (王建国 / 王建国书记), or its pinyin (wangjianguo), or
      "surname + 某" (王某) with the post or the unit pointing the same way;
    * the post: the tip-off names the cadre's whole post, or a part of it (县委书记 of 甲县县委
      书记) in the cadre's unit or with no unit named.
    """
    unit_points = bool(named.unit) and any(_overlaps(named.unit, u) for u in cadre.units)
    unit_open = not named.unit or unit_points or named.unit in cadre.post
    if named.name:
        if len(named.name) >= 2 and _overlaps(named.name, cadre.name):
            return True
        if named.name.isascii() and _overlaps(named.name, cadre.pinyin) and len(named.name) >= 4:
            return True
        surname = named.name.removesuffix(_SOMEONE)
        vague = surname != named.name and bool(surname) and cadre.name.startswith(surname)
        if vague and (unit_points or _overlaps(named.post, cadre.post)):
            return True
    if len(named.post) >= 2 and cadre.post:
        if cadre.post in named.post:
            return True
        if named.post in cadre.post and unit_open:
            return True
    return False


_LINKED = """SELECT c.id, c.name, c.name_pinyin, c.post, u.name AS unit_name, u.code AS unit_code
FROM cadre c LEFT JOIN org_unit u ON u.id = c.work_unit_id
WHERE c.id IN (SELECT cadre_id FROM app_user WHERE cadre_id IS NOT NULL AND is_active)"""


async def _linked_cadres(conn: BaseDBAsyncClient, only: int | None = None) -> list[Linked]:
    """Every cadre linked to an active account (or only `only`), with its work unit: one
    statement, written as SQL (it runs on every public submission)."""
    sql, args = (_LINKED, []) if only is None else (_LINKED + " AND c.id = $1", [only])
    rows = await conn.execute_query_dict(sql_for(conn, sql), args)
    return [
        Linked.of(
            r["id"],
            r["name"],
            r["name_pinyin"],
            r["post"],
            None if r["unit_code"] is None else (r["unit_name"], r["unit_code"]),
        )
        for r in rows
    ]


async def _record(pairs: Iterable[tuple[int, int]], conn: BaseDBAsyncClient) -> None:
    found = sorted(set(pairs))
    if not found:
        return
    known = set(
        await TipoffConcern.filter(
            tipoff_id__in={t for t, _ in found}, cadre_id__in={c for _, c in found}
        )
        .using_db(conn)
        .values_list("tipoff_id", "cadre_id")
    )
    await TipoffConcern.bulk_create(
        [TipoffConcern(tipoff_id=t, cadre_id=c) for t, c in found if (t, c) not in known],
        using_db=conn,
    )


async def note_concerns(tipoff: Tipoff, conn: BaseDBAsyncClient) -> None:
    """When an unrouted tip-off arrives: the linked cadres it may concern (J5)."""
    named = Named.of(tipoff)
    if tipoff.subject_cadre_id is not None or named.empty:
        return
    linked = await _linked_cadres(conn)
    await _record(((tipoff.id, c.cadre_id) for c in linked if may_concern(named, c)), conn)


async def note_linked_cadre(cadre_id: int, conn: BaseDBAsyncClient) -> None:
    """When an account is linked to a cadre: the tip-offs still waiting to be routed that may
    concern that cadre (J5)."""
    linked = await _linked_cadres(conn, only=cadre_id)
    if not linked:
        return
    waiting = await Tipoff.filter(
        status=TipoffStatus.RECEIVED, subject_cadre_id__isnull=True
    ).using_db(conn)
    await _record(
        ((t.id, c.cadre_id) for t in waiting for c in linked if may_concern(Named.of(t), c)),
        conn,
    )
