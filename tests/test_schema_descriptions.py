"""Every type, field, argument, input field and enum value of the SDL has a capitalised description.

The check is graphql-schema-linter's own description rules, run by node over the SDL that
`cadre-api export-schema` prints, installed reproducibly from `tools/schema-lint/package-lock.json`
(`npm ci --prefix tools/schema-lint`, which `.ci/run` does). In CI a missing node or linter fails
the test; on a developer machine without node it is skipped with the command to run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

LINT = Path(__file__).resolve().parent.parent / "tools" / "schema-lint"
LINTER = LINT / "node_modules" / "graphql-schema-linter" / "lib" / "cli.js"
DESCRIPTION_RULES = (
    "types-have-descriptions",
    "fields-have-descriptions",
    "arguments-have-descriptions",
    "input-object-values-have-descriptions",
    "enum-values-have-descriptions",
    "descriptions-are-capitalized",
)


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the schema linter cannot run in CI: {why}")
    pytest.skip(why)


def lint(sdl: str) -> list[dict[str, object]]:
    """The linter's errors for this SDL under the description rules."""
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not installed (the schema linter runs on node 20)")
    if not LINTER.exists():
        _unavailable(f"the schema linter is not installed: run `npm ci --prefix {LINT}`")
    result = subprocess.run(
        [
            str(node),
            str(LINTER),
            "--stdin",
            "--format",
            "json",
            "--rules",
            ",".join(DESCRIPTION_RULES),
        ],
        input=sdl,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=LINT,
    )
    assert result.stdout, f"the linter printed nothing: {result.stderr}"
    errors: list[dict[str, object]] = json.loads(result.stdout)["errors"]
    return errors


def test_the_linter_finds_a_missing_description() -> None:
    sdl = '"""A thing."""\ntype Query {\n  """What it is."""\n  seen: Int\n  bare(x: Int): Int\n}\n'
    rules = sorted(str(e["rule"]) for e in lint(sdl))
    assert rules == ["arguments-have-descriptions", "fields-have-descriptions"]


def test_every_part_of_the_schema_is_described_with_a_capital_letter() -> None:
    from schema import schema

    errors = lint(schema.as_str() + "\n")
    assert [e["message"] for e in errors] == []


def test_an_enum_value_without_a_description_is_refused_when_the_schema_is_built() -> None:
    from enum import StrEnum

    from schema.enums import described_enum

    class Colour(StrEnum):
        RED = "RED"
        BLUE = "BLUE"

    with pytest.raises(ValueError, match="Colour: no description for BLUE"):
        described_enum(Colour, name="Colour", description="A colour.", values={Colour.RED: "Red."})
