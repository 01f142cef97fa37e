"""Schema extensions: the access log of reads (J8), a refused token short-circuit, and one effect
per decision however often it is sent."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import FieldNode, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType
from tortoise.exceptions import IntegrityError

from api import access_log
from api.context import Context
from api.errors import ErrorCode, Forbidden, NotFound, PreconditionFailed, is_outage
from models import AccessLogEntry, RequestClaim

log = logging.getLogger("cadre_api")
REFUSALS = (Forbidden, NotFound, PreconditionFailed)
_ACTION_MAX = AccessLogEntry._meta.fields_map["action"].max_length  # type: ignore[attr-defined]
_RESOURCE_MAX = AccessLogEntry._meta.fields_map["resource"].max_length  # type: ignore[attr-defined]


def _named(reads: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """The entry's action and resource: every `kind:act` and kind read, or, when an operation
    read more kinds than the columns hold (a cadre's file, the deadlines), each act over `*`:
    the kinds are named with their records in `record_ids` all the same."""
    keys = list(reads)
    action = "+".join(act for act, _ in keys)
    resource = ",".join(kind for _, kind in keys)
    if len(action) <= _ACTION_MAX and len(resource) <= _RESOURCE_MAX:
        return action, resource
    acts = dict.fromkeys(act.rpartition(":")[2] for act, _ in keys)
    return "+".join(f"*:{act}" for act in acts), "*"


def _fault(message: str, exc: Exception) -> GraphQLError:
    """An error of ours outside any field: SERVICE_UNAVAILABLE when the database cannot be
    reached (the app maps it), else INTERNAL."""
    if is_outage(exc):
        return GraphQLError(message, original_error=exc)
    log.error("%s", message, exc_info=exc)
    return GraphQLError(message, extensions={"code": ErrorCode.INTERNAL.value})


class RefuseBadToken(SchemaExtension):
    """A token that is present but expired, forged or malformed refuses the whole operation."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context) and context.auth_error is not None:
            self.execution_context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        context.auth_error,
                        extensions={"code": ErrorCode.UNAUTHENTICATED.value},
                    )
                ],
            )
        yield


class LogReads(SchemaExtension):
    """Writes what the operation showed of protected records to the access log, once, when it
    ends. If the entry cannot be written the data is withheld: no unrecorded read (J8)."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context):
            return
        await self._log_refusals(context)
        if not context.reads:
            return
        principal = context.principal
        assert principal is not None
        reads = context.reads
        roles = sorted({role for used, _ in reads.values() for role in used})
        action, resource = _named(reads)
        try:
            # One entry for the whole operation: `kind:id,id;kind:id`, in the order shown.
            await access_log.append(
                access_log.Actor(principal.user_id, principal.username, ",".join(roles)),
                action,
                resource,
                [
                    f"{resource}:" + ",".join(str(i) for i in dict.fromkeys(ids))
                    for (_, resource), (_, ids) in reads.items()
                ],
                {"operation": self.execution_context.operation_name}
                if self.execution_context.operation_name
                else None,
                separator=";",
            )
        except Exception as exc:
            # Raised, not set as the result: strawberry returns the result it already holds
            # once this hook has run, so only an exception withholds the data (fail closed).
            raise _fault("the access log is unavailable", exc) from exc
        finally:
            context.reads.clear()

    async def _log_refusals(self, context: Context) -> None:
        """A refused decision is attributable too: who tried what, and which rule said no."""
        result = self.execution_context.result
        principal = context.principal
        if (
            principal is None
            or self.execution_context.operation_type is not OperationType.MUTATION
            or not isinstance(result, GraphQLExecutionResult)
            or not result.errors
        ):
            return
        refused = [
            {
                "field": ".".join(str(p) for p in (error.path or [])),
                **{k: v for k, v in error.original_error.extensions.items() if k != "argument"},
            }
            for error in result.errors
            if isinstance(error.original_error, REFUSALS)
        ]
        if refused:
            await access_log.append(
                access_log.Actor(principal.user_id, principal.username, principal.roles_label),
                "refused",
                "operation",
                (),
                {"operation": self.execution_context.operation_name, "refused": refused},
            )


REPEATABLE = frozenset({"acceptAuditCommission", "submitAuditResult"})
"""Mutations whose contract makes a repeat harmless (accepting twice; the same idempotency key
returns the stored result): they answer every repeat themselves."""


class OneEffect(SchemaExtension):
    """A decision sent twice (a retry, a double click, ten identical calls at once) takes effect
    once: the first claims the request (who sent it, and exactly what: the document, its variables,
    the operation name) before it runs; an identical one within `duplicate_window_seconds` is
    CONFLICT without running. A decision that fails gives its claim back, so it may be sent again
    at once. Public (anonymous) operations are not claimed: no address is kept."""

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        context = ec.context
        if (
            ec.operation_type is not OperationType.MUTATION
            or not isinstance(context, Context)
            or context.principal is None
            or ec.result is not None
            or _root_fields(ec) <= REPEATABLE
        ):
            yield
            return
        text = json.dumps(
            [context.principal.user_id, ec.query, ec.variables, ec.operation_name],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        fingerprint = hashlib.sha256(text.encode()).hexdigest()
        window = datetime.timedelta(seconds=context.settings.duplicate_window_seconds)
        now = datetime.datetime.now(datetime.UTC)
        try:
            claimed = await _claim(fingerprint, now, window)
        except Exception as exc:  # the database cannot be reached, say: reported as such
            ec.result = GraphQLExecutionResult(
                data=None, errors=[_fault("could not claim the request", exc)]
            )
            yield
            return
        if not claimed:
            ec.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "the same request was just made (a retry or a double click?); it takes "
                        "effect once. If it failed, send it again in "
                        f"{context.settings.duplicate_window_seconds} seconds",
                        extensions={"code": ErrorCode.CONFLICT.value},
                    )
                ],
            )
            yield
            return
        yield
        result = ec.result
        if not isinstance(result, GraphQLExecutionResult) or result.errors:
            with contextlib.suppress(Exception):  # it expires anyway
                await RequestClaim.filter(fingerprint=fingerprint, claimed_at=now).delete()


async def _claim(fingerprint: str, now: datetime.datetime, window: datetime.timedelta) -> bool:
    """Whether this request is the first of its kind within `window`."""
    try:
        await RequestClaim.create(fingerprint=fingerprint, claimed_at=now)
    except IntegrityError:
        renewed = await RequestClaim.filter(
            fingerprint=fingerprint, claimed_at__lt=now - window
        ).update(claimed_at=now)
        return bool(renewed)
    return True


async def forget_expired_claims(window: datetime.timedelta) -> int:
    """Delete the claims older than `window`: they refuse nothing any more. Run by the server
    every minute (`api.housekeeping`), never on a request's path, so that a decision costs the
    same statements every time."""
    now = datetime.datetime.now(datetime.UTC)
    return await RequestClaim.filter(claimed_at__lt=now - window).delete()


def _root_fields(ec: ExecutionContext) -> frozenset[str]:
    """The root fields of the operation being run (what a mutation decides)."""
    document = ec.graphql_document
    if document is None:
        return frozenset()
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            ec.operation_name is None
            or (definition.name is not None and definition.name.value == ec.operation_name)
        ):
            return frozenset(
                s.name.value
                for s in definition.selection_set.selections
                if isinstance(s, FieldNode)
            )
    return frozenset()
