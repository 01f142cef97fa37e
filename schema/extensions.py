"""Schema extensions: the access log of reads (J8) and a refused token short-circuit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from api import access_log
from api.context import Context
from api.errors import ErrorCode, Forbidden, NotFound, PreconditionFailed
from models import AccessLogEntry

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
            self.execution_context.result = GraphQLExecutionResult(
                data=None,
                errors=[GraphQLError("the access log is unavailable", original_error=exc)],
            )
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
