"""Refusing operations that are too deep, too wide or costly in other ways (QUERY_TOO_COMPLEX)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.language import Node
from graphql.validation import ASTValidationRule

from api.errors import ErrorCode


def too_complex(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value})


def _depth(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str],
    memo: dict[str, int],
) -> int:
    """Field depth below `selection_set`, fragments expanded (each measured once)."""
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue  # introspection is bounded by the schema itself
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, visiting, memo))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, visiting, memo))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visiting or name not in fragments:
                continue  # cycles and unknown fragments are reported by the standard rules
            if name not in memo:
                memo[name] = _depth(
                    fragments[name].selection_set, fragments, visiting | {name}, memo
                )
            deepest = max(deepest, memo[name])
    return deepest


def limits_rule(max_depth: int, max_aliases: int) -> type[ASTValidationRule]:
    class OperationLimits(ASTValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            fragments = {
                d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
            }
            for definition in node.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    depth = _depth(definition.selection_set, fragments, frozenset(), {})
                    if depth > max_depth:
                        self.report_error(
                            too_complex(
                                f"the operation is nested {depth} levels deep; "
                                f"at most {max_depth} are allowed"
                            )
                        )

            aliases = 0
            for child in _walk(node):
                if isinstance(child, FieldNode) and child.alias is not None:
                    aliases += 1
                directives = getattr(child, "directives", None) or ()
                counts = Counter(d.name.value for d in directives)
                repeated = sorted(name for name, n in counts.items() if n > 1)
                if repeated:
                    self.report_error(
                        too_complex(f"directive @{repeated[0]} is repeated on one location")
                    )
            if aliases > max_aliases:
                self.report_error(
                    too_complex(f"the operation has {aliases} aliases; at most {max_aliases}")
                )

    return OperationLimits


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for key in node.keys:
        value = getattr(node, key, None)
        if isinstance(value, Node):
            yield from _walk(value)
        elif isinstance(value, tuple | list):
            for item in value:
                if isinstance(item, Node):
                    yield from _walk(item)
