"""The `cadre-api` command as clients use it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from api.auth import decode_token
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def cli(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CADRE_")}
    environment.pop("DATABASE_URL", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        cwd=folder,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    assert cli(folder, "migrate").returncode == 0
    first = cli(folder, "seed", "demo")
    assert first.returncode == 0, first.stderr
    assert (
        "added 9 units, 116 cadres, 10 users, 10 roles, 1 audit commissions, 4 tip-offs, "
        "3 committee rolls, 6 selections" in first.stderr
    )
    return folder


def test_seeding_the_demo_world_twice_adds_nothing(seeded: Path) -> None:
    again = cli(seeded, "seed", "demo")
    assert again.returncode == 0
    assert (
        "added 0 units, 0 cadres, 0 users, 0 roles, 0 audit commissions, 0 tip-offs, "
        "0 committee rolls, 0 selections" in again.stderr
    )


def test_token_prints_one_line_that_serve_would_accept(seeded: Path) -> None:
    result = cli(seeded, "token", "county-a.supervisor")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    secret = (seeded / ".cadre-secret").read_text()
    settings = Settings(CADRE_JWT_SECRET=secret)
    assert decode_token(lines[0], settings) == "county-a.supervisor"


def test_token_for_an_unknown_user_fails_and_prints_no_token(seeded: Path) -> None:
    result = cli(seeded, "token", "nobody")
    assert result.returncode == 1
    assert result.stdout == ""


def test_export_schema_prints_the_committed_sdl(seeded: Path) -> None:
    result = cli(seeded, "export-schema")
    assert result.stdout == (ROOT / "schema" / "schema.graphql").read_text()


def test_verify_log_reports_an_intact_chain(seeded: Path) -> None:
    result = cli(seeded, "verify-log")
    assert result.returncode == 0
    assert "intact" in result.stdout


def test_verify_log_exits_1_when_entries_after_a_kept_checkpoint_were_removed(
    tmp_path: Path,
) -> None:
    # Given a log with entries and a checkpoint printed and kept in a file
    folder = tmp_path
    assert cli(folder, "migrate").returncode == 0
    assert cli(folder, "seed", "demo").returncode == 0
    printed = cli(folder, "log-checkpoint")
    assert printed.returncode == 0, printed.stderr
    kept = folder / "kept.json"
    kept.write_text(printed.stdout)
    assert cli(folder, "verify-log", "--checkpoint", str(kept)).returncode == 0
    # When the newest entry the checkpoint saw is removed from the database
    with closing(sqlite3.connect(folder / "cadre.sqlite3")) as db, db:
        db.execute(
            "DELETE FROM access_log WHERE id = (SELECT MAX(id) FROM access_log "
            "WHERE action != 'log:checkpoint')"
        )
    # Then the chain alone still verifies, but not against the kept checkpoint
    assert cli(folder, "verify-log").returncode == 0
    result = cli(folder, "verify-log", "--checkpoint", str(kept))
    assert result.returncode == 1
    assert "BROKEN" in result.stdout


def test_rotate_log_key_seals_the_old_keys_chains_and_the_old_key_writes_no_more(
    tmp_path: Path,
) -> None:
    # Given a log written under the (development) key being replaced
    folder = tmp_path
    assert cli(folder, "migrate").returncode == 0
    assert cli(folder, "seed", "demo").returncode == 0
    old = (folder / ".cadre-log-key").read_text().strip()
    new = {"CADRE_LOG_KEY": "new-log-key-" + "n" * 40}
    # When the rotation is asked without the old key, or with a wrong one
    missing = cli(folder, "rotate-log-key", env=new)
    wrong = cli(folder, "rotate-log-key", env={**new, "CADRE_LOG_KEYS_RETIRED": "w" * 40})
    # Then it refuses and says why, without a traceback
    for refused in (missing, wrong):
        assert refused.returncode == 2
        assert "Traceback" not in refused.stderr
    assert "set CADRE_LOG_KEY to the new key and CADRE_LOG_KEYS_RETIRED" in missing.stderr
    assert "a wrong key?" in wrong.stderr
    # When it is given the old key
    rotated = cli(folder, "rotate-log-key", env={**new, "CADRE_LOG_KEYS_RETIRED": old})
    assert rotated.returncode == 0, rotated.stderr
    assert "every server must run with the new CADRE_LOG_KEY" in rotated.stderr
    seal = folder / "seal.json"
    seal.write_text(rotated.stdout)
    # Then the log verifies under the new key alone, also against the seal kept outside
    check = cli(folder, "verify-log", "--checkpoint", str(seal), env=new)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "intact" in check.stdout
    # and a command or a server still on the old key cannot write to the log any more
    for late in (cli(folder, "log-checkpoint"), cli(folder, "serve", "--port", "0")):
        assert late.returncode == 2
        assert "rotate-log-key` retired it" in late.stderr
        assert "Traceback" not in late.stderr
    # and after a second rotation, each retired key destroyed, the log verifies under the third
    newer = {"CADRE_LOG_KEY": "newer-log-key-" + "m" * 40}
    again = cli(
        folder, "rotate-log-key", env={**newer, "CADRE_LOG_KEYS_RETIRED": new["CADRE_LOG_KEY"]}
    )
    assert again.returncode == 0, again.stdout + again.stderr
    check = cli(folder, "verify-log", env=newer)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_scale_world_is_the_same_for_the_same_arguments(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        assert cli(folder, "migrate").returncode == 0
        result = cli(folder, "seed", "scale", "--cadres", "300", "--units", "20")
        assert result.returncode == 0, result.stderr
        with closing(sqlite3.connect(folder / "cadre.sqlite3")) as db:
            rows = db.execute(
                "SELECT code, name, managing_unit_id, work_unit_id FROM cadre ORDER BY code"
            ).fetchall()
        outputs.append(rows)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 300


def test_production_refuses_to_start_with_a_development_secret(tmp_path: Path) -> None:
    result = cli(tmp_path, "migrate", env={"CADRE_ENV": "production", "CADRE_JWT_SECRET": "dev-x"})
    assert result.returncode == 2
    assert "refuses" in result.stderr
