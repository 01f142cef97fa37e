"""Every ```graphql block of README.md runs, as written, against a fresh demo world.

A block is one operation. Its first line `# as USERNAME` names the caller (none: anonymous). A
variable `$name` takes the latest value of a field called `name` in an earlier block's answer (an
alias names it: `selectionId: id`); in GraphiQL the reader puts it into the Variables pane. The
blocks run in order, over HTTP, on a server of their own (`cadre-api migrate`, `seed demo`,
`serve`), so that what the README does to the world is nobody else's business; a block that answers
with an error fails the test.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse

from api.auth import issue_token
from tests.conftest import make_settings
from tests.databases import postgres_database, postgres_required, sqlite_database
from tests.live_server import cadre_api, live_server

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```graphql\n(.*?)^```", re.MULTILINE | re.DOTALL)
CALLER = re.compile(r"\A\s*#\s*as\s+(\S+)")


@dataclass(frozen=True)
class Example:
    line: int
    caller: str | None
    document: str

    @property
    def variables(self) -> list[str]:
        (operation,) = [
            d for d in parse(self.document).definitions if isinstance(d, OperationDefinitionNode)
        ]
        return [v.variable.name.value for v in operation.variable_definitions or ()]


def examples(text: str) -> list[Example]:
    found = []
    for match in FENCE.finditer(text):
        document = match.group(1)
        caller = CALLER.match(document)
        line = text.count("\n", 0, match.start()) + 2
        found.append(Example(line, caller.group(1) if caller else None, document))
    return found


def remember(values: dict[str, Any], data: Any) -> None:
    """Every field of an answer by its name (or alias), the later ones winning."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(value, dict | list):
                values[key] = value
            remember(values, value)
    elif isinstance(data, list):
        for item in data:
            remember(values, item)


@asynccontextmanager
async def _database(backend: str, tmp: Path) -> AsyncIterator[str]:
    database = sqlite_database(tmp) if backend == "sqlite" else postgres_database()
    try:
        url = await database.__aenter__()
    except OSError as exc:
        if postgres_required():
            pytest.fail(f"PostgreSQL is required here and cannot be reached: {exc}")
        pytest.skip(f"PostgreSQL not reachable ({exc})")
    try:
        yield url
    finally:
        await database.__aexit__(None, None, None)


def test_the_readme_has_examples_each_naming_one_operation() -> None:
    found = examples(README.read_text())
    assert len(found) >= 20
    for example in found:
        assert example.variables is not None, example.line  # parses, exactly one operation


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_every_graphql_example_in_the_readme_runs_against_the_demo_world(
    backend: str, tmp_path: Path
) -> None:
    found = examples(README.read_text())
    async with _database(backend, tmp_path) as url:
        settings = make_settings(url)
        cadre_api(settings, "migrate", cwd=tmp_path)
        cadre_api(settings, "seed", "demo", cwd=tmp_path)
        values: dict[str, Any] = {}
        with live_server(settings, tmp_path) as base:
            async with httpx.AsyncClient(base_url=base, timeout=60) as http:
                for example in found:
                    where = f"README.md line {example.line} (as {example.caller or 'anonymous'})"
                    missing = [v for v in example.variables if v not in values]
                    assert not missing, f"{where}: no earlier answer gives {missing}"
                    headers = {}
                    if example.caller:
                        token = issue_token(example.caller, settings)
                        headers["Authorization"] = f"Bearer {token}"
                    response = await http.post(
                        "/graphql",
                        json={
                            "query": example.document,
                            "variables": {v: values[v] for v in example.variables},
                        },
                        headers=headers,
                    )
                    body = response.json()
                    assert "errors" not in body, f"{where}: {body['errors']}"
                    assert body["data"], where
                    remember(values, body["data"])
