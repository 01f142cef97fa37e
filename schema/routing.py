"""Where an operation reads (primary or replica), what it is called in the metrics, and what the
other server processes hear after a mutation."""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from api.coherence import coherence
from api.context import Context
from api.metrics import OPERATION
from api.pg import replica_reads


class RouteReads(SchemaExtension):
    """A query of a signed-in user who has not written within CADRE_READ_YOUR_WRITES_SECONDS
    reads from the replica (api/pg.py); a mutation, everything anonymous, and every access-log
    entry use the primary. Must come after `LogReads` in the extension list, so that the read
    entry written when the operation ends is written with replica reads already off.

    After a mutation, every process sends its author's reads to the primary for the window
    (read-your-writes across servers), and on SQLite this process forgets what it cached."""

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        username = None
        if isinstance(context, Context):
            context.request.scope.setdefault("state", {})[OPERATION] = self._label()
            if context.principal is not None:
                username = context.principal.username
        kind = execution.operation_type
        with replica_reads(kind is OperationType.QUERY and coherence.replica_allowed(username)):
            yield
        if kind is OperationType.MUTATION:
            await coherence.after_mutation(username)

    def _label(self) -> str:
        """`query:cadres`: the operation's type and first root field (bounded by the schema)."""
        execution = self.execution_context
        document = execution.graphql_document
        name = execution.operation_name
        operations = [
            d
            for d in (document.definitions if document is not None else ())
            if isinstance(d, OperationDefinitionNode)
            and (name is None or d.name is None or d.name.value == name)
        ]
        if not operations:
            return "invalid"
        operation = operations[0]
        fields = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
        first = fields[0].name.value if fields else "fragment"
        return f"{operation.operation.value}:{first}"
