"""Relay connections with keyset cursors: each page is `WHERE key > cursor ORDER BY key LIMIT n+1`,
never OFFSET, so deep pages cost what the first one does and rows cannot shift between pages.
`totalCount` is counted only when asked for, over the same restricted queryset."""

from __future__ import annotations

import base64
import binascii
import datetime
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

import strawberry
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from api.errors import BadUserInput
from policies.scope import Scope, restrict
from schema.bounds import database_id
from schema.protected import protection_of, show

if TYPE_CHECKING:
    from schema.info import Info

T = TypeVar("T")
M = TypeVar("M", bound=Model)

DEFAULT_PAGE = 20
MAX_PAGE = 100

First = Annotated[
    int | None,
    strawberry.argument(
        description=(
            "How many records to return: 20 when left out, at most 100 (`BAD_USER_INPUT` above)."
        )
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description=(
            "Start after the record with this cursor (`pageInfo.endCursor` of the last page)."
        )
    ),
]


@strawberry.type(description="Where a page of a connection lies in the whole list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="Whether records follow this page: ask again with `after: endCursor`."
    )
    has_previous_page: bool = strawberry.field(
        description="Whether records precede this page, i.e. whether it was asked with `after`."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the first record on this page, `null` when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description=(
            "The cursor of the last record on this page, to pass as `after` for the next page; "
            "`null` when the page is empty."
        )
    )


@strawberry.type(description="One record of a connection's page with its cursor (Relay).")
class Edge(Generic[T]):
    cursor: str = strawberry.field(
        description=(
            "An opaque position in the list: pass it as `after` to continue after this record."
        )
    )
    node: T = strawberry.field(description="The record.")


@strawberry.type(
    description=(
        "A page of a list (Relay connection), ordered and paginated in the database with keyset "
        "cursors: `first` (default 20, at most 100) records after the cursor `after`. It holds "
        "only what the caller may read (J3-J7); a list the caller's roles grant nothing of is "
        "empty."
    )
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The records of this page, in order.")
    page_info: PageInfo = strawberry.field(
        description="Whether more pages follow, and their cursors."
    )
    _count: strawberry.Private[Callable[[], Awaitable[int]] | None]

    @strawberry.field(
        description=(
            "How many records match the filter that the caller may see, on all pages; counted "
            "only when asked for."
        )
    )
    async def total_count(self) -> int:
        return 0 if self._count is None else await self._count()

    @classmethod
    def empty(cls) -> Connection[T]:
        return cls(
            edges=[],
            page_info=PageInfo(
                has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
            ),
            _count=None,
        )


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 0:
        raise BadUserInput("`first` must not be negative", argument="first")
    if first > MAX_PAGE:
        raise BadUserInput(f"`first` may be at most {MAX_PAGE}", argument="first")
    return first


def encode_cursor(kind: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(kind: str, cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadUserInput("malformed cursor", argument="after") from None
    prefix, _, key = text.partition(":")
    if prefix != kind or not key:
        raise BadUserInput("malformed cursor", argument="after")
    return key


def connection(
    edges: list[Edge[T]],
    *,
    has_next: bool,
    after: str | None,
    count: Callable[[], Awaitable[int]] | None,
) -> Connection[T]:
    """A connection holding one keyset page (`after`: the cursor it was asked after)."""
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )


async def paginate(
    queryset: QuerySet[M],
    *,
    kind: str,
    key: str,
    first: int | None,
    after: str | None,
    to_node: Callable[[M], T],
    on_page: Callable[[Sequence[M]], None] | None = None,
    parse_key: Callable[[str], object] = str,
    newest_by: str | None = None,
) -> Connection[T]:
    """One page of `queryset` ordered by the unique column `key`; `parse_key` turns a cursor's
    text back into the column's type (`int` for ids). With `newest_by` (a date column) the page
    is newest first instead: by that day, then by `key` (an id), both descending, the cursor
    holding both."""
    size = page_size(first)
    page_qs = queryset
    if after is not None:
        page_qs = page_qs.filter(_after(kind, after, key, parse_key, newest_by))
    order = (key,) if newest_by is None else (f"-{newest_by}", f"-{key}")
    rows: list[M] = [] if size == 0 else list(await page_qs.order_by(*order).limit(size + 1))
    has_next = len(rows) > size
    rows = rows[:size]
    if on_page is not None:
        on_page(rows)

    def cursor(row: M) -> str:
        at = str(getattr(row, key))
        if newest_by is not None:
            at = f"{getattr(row, newest_by).isoformat()}|{at}"
        return encode_cursor(kind, at)

    edges = [Edge(cursor=cursor(r), node=to_node(r)) for r in rows]

    async def count() -> int:
        return await queryset.count()

    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )


def _after(
    kind: str,
    after: str,
    key: str,
    parse_key: Callable[[str], object],
    newest_by: str | None,
) -> Q:
    """The keyset condition for the rows after the cursor `after`."""
    text = decode_cursor(kind, after)

    def parse(key_text: str) -> object:
        value = parse_key(key_text)
        if isinstance(value, int) and database_id(str(value)) is None:
            raise ValueError("beyond the id column")
        return value

    conditions: list[dict[str, Any]]
    try:
        if newest_by is None:
            conditions = [{f"{key}__gt": parse(text)}]
        else:
            day_text, _, key_text = text.partition("|")
            day, value = datetime.date.fromisoformat(day_text), parse(key_text)
            conditions = [{f"{newest_by}__lt": day}, {newest_by: day, f"{key}__lt": value}]
    except ValueError:
        raise BadUserInput("malformed cursor", argument="after") from None
    return Q(*(Q(**c) for c in conditions), join_type=Q.OR)


async def restricted_page(
    info: Info,
    cls: type[T],
    queryset: QuerySet[M],
    *,
    first: int | None,
    after: str | None,
    kind: str | None = None,
    narrow: Callable[[QuerySet[M]], QuerySet[M] | Awaitable[QuerySet[M]]] | None = None,
    key: str = "id",
    parse_key: Callable[[str], object] = int,
    page: list[M] | None = None,
    to_node: Callable[[M, Scope], T] | None = None,
    newest_by: str | None = None,
) -> Connection[T]:
    """The one way a list is served (see `schema.protected`): the caller's read scope for `cls`
    as a WHERE clause (an empty connection, without a query, when it grants nothing), the
    client's filter (`narrow`) inside it, a keyset page, and the records shown noted for the
    access log (J8). `kind` names the cursors (default: the resource's kind); `page`, when given,
    receives the page's rows (to preload what nested fields will need); `to_node` replaces the
    type's `present` where a list shows more than the row (a year, say); `newest_by` (a date
    column) lists newest first (see `paginate`)."""
    protection = protection_of(cls)
    resource = protection.resource
    scope = await info.context.scope(resource, protection.act)
    if scope.q(resource) is None:
        return Connection.empty()
    qs = restrict(queryset, scope, resource)
    if narrow is not None:
        narrowed = narrow(qs)
        # a queryset is awaitable itself (that runs it): only a coroutine is awaited here
        qs = narrowed if isinstance(narrowed, QuerySet) else await narrowed

    def node(row: M) -> T:
        (obj,) = show(info, cls, scope, [row], present=to_node)
        assert obj is not None
        return obj

    return await paginate(
        qs,
        kind=kind or resource.kind,
        key=key,
        first=first,
        after=after,
        parse_key=parse_key,
        on_page=page.extend if page is not None else None,
        to_node=node,
        newest_by=newest_by,
    )
