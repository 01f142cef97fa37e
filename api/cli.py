"""The `cadre-api` command: serve, migrate, seed, token, export-schema, verify-log,
log-checkpoint, rotate-log-key, remind, reseal-reporters."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from api.settings import Settings, get_settings


def _run(settings: Settings, job: Callable[[], Awaitable[Any]]) -> Any:
    from api.db import close_db, init_db

    async def main() -> Any:
        await init_db(settings)
        try:
            return await job()
        finally:
            await close_db()

    return asyncio.run(main())


async def migrate_database(settings: Settings, to: str | None = None) -> None:
    """Apply every migration, or go up or down to `to` (a migration's name: `0015_page_indexes`,
    its own down path undoing each later one)."""
    from tortoise.migrations.api import migrate

    from api.db import close_db, tortoise_config

    try:
        await migrate(config=tortoise_config(settings), target=f"models.{to}" if to else None)
    finally:
        await close_db()


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    to: str | None = args.to
    if to is not None and to not in migration_names():
        print(f"error: no migration is named {to!r}", file=sys.stderr)
        return 2
    asyncio.run(migrate_database(settings, to))
    print(f"database schema is at {to}" if to else "database schema is up to date", file=sys.stderr)
    return 0


def migration_names() -> list[str]:
    import pkgutil

    import models.migrations

    return sorted(i.name for i in pkgutil.iter_modules(models.migrations.__path__))


def _sqlite_file(settings: Settings) -> Path | None:
    if settings.database_url.startswith("sqlite://"):
        return Path(settings.database_url.removeprefix("sqlite://") or "cadre.sqlite3")
    return None


def serve_banner(host: str, port: int, settings: Settings) -> str:
    """Where the server answers, named by the address it really binds."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    base = f"http://{shown}:{port}"
    lines = [f"cadre-api on {base} (bound to {host}:{port})", f"  GraphQL  {base}/graphql"]
    if settings.graphiql_enabled:
        lines[-1] += "  (GraphiQL in a browser; token: cadre-api token city.supervisor)"
    lines.append(f"  public reporting page  {base}/report")
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.logs import logging_config

    sqlite = _sqlite_file(settings)
    if sqlite is not None and (not sqlite.exists() or sqlite.stat().st_size == 0):
        asyncio.run(migrate_database(settings))
    from api.access_log import refuse_retired_key

    _run(settings, refuse_retired_key)  # a retired CADRE_LOG_KEY: say so before serving
    print(serve_banner(args.host, args.port, settings), file=sys.stderr, flush=True)
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=logging_config(settings),
        access_log=False,
    )
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    if args.world == "demo":
        from demo.world import seed_demo

        added = _run(settings, lambda: seed_demo(settings))
    else:
        from demo.scale import AlreadySeeded, seed_scale

        try:
            added = _run(settings, lambda: seed_scale(args.cadres, args.units))
        except AlreadySeeded as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print("added " + ", ".join(f"{n} {kind}" for kind, n in added.items()), file=sys.stderr)
    return 0


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from api.auth import issue_token
    from models import User

    async def known() -> bool:
        return await User.exists(username=args.username, is_active=True)

    if not _run(settings, known):
        print(
            f"error: no active user {args.username!r} (run `cadre-api seed demo`?)", file=sys.stderr
        )
        return 1
    print(issue_token(args.username, settings, ttl_seconds=args.ttl))
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from schema import schema

    sys.stdout.write(schema.as_str() + "\n")
    return 0


def _kept_checkpoint(file: str | None) -> dict[str, Any] | None:
    """The checkpoint (or rotation seal) in `file`; ValueError saying why it cannot be used."""
    import json

    if file is None:
        return None
    try:
        saved = json.loads(Path(file).read_text())
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the checkpoint {file}: {exc}") from None
    if not isinstance(saved, dict):
        raise ValueError(f"{file} is not a checkpoint")
    return saved


def cmd_verify_log(args: argparse.Namespace, settings: Settings) -> int:
    from api.access_log import verify

    try:
        saved = _kept_checkpoint(args.checkpoint)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = _run(settings, lambda: verify(saved))
    for problem in result.problems:
        print(problem)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    print(
        f"{result.entries} entries in {len(result.heads)} chains, "
        f"{'intact' if result.ok else 'BROKEN'}"
    )
    return 0 if result.ok else 1


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    import json
    import logging

    from api.reminders import remind

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.days < 0:
        print("error: --days must not be negative", file=sys.stderr)
        return 2
    digest, made = _run(settings, lambda: remind(args.days))
    text = json.dumps(digest, ensure_ascii=False, indent=2)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    if not made:
        print(
            f"today's reminders were made earlier ({digest['day']}): nothing sent again",
            file=sys.stderr,
        )
    return 0


def cmd_log_checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from api.access_log import checkpoint

    print(json.dumps(_run(settings, checkpoint), separators=(",", ":")))
    return 0


def cmd_rotate_log_key(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from api.access_log import RotationRefused, rotate

    try:
        saved = _kept_checkpoint(args.checkpoint)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        seal = _run(settings, lambda: rotate(saved))
    except RotationRefused as exc:
        for problem in exc.problems:
            print(problem)
        print(f"error: {exc}", file=sys.stderr)
        return 1 if exc.broken else 2
    print(json.dumps(seal, separators=(",", ":")))
    retired = ", ".join(seal["retired"])
    print(
        f"retired key(s) {retired}; sealed {len(seal['sealed'])} chains under them and the heads "
        f"of {len(seal['heads'])} chains, signed under CADRE_LOG_KEY (key {seal['key']}).\n"
        "Next:\n"
        "  1. keep the seal printed above outside the database, with your checkpoints "
        "(`verify-log --checkpoint FILE` checks the log against it);\n"
        "  2. every server must run with the new CADRE_LOG_KEY: one still on a retired key "
        "cannot write the log any more (its reads fail closed) and will not start;\n"
        "  3. remove the retired key(s) from CADRE_LOG_KEYS_RETIRED and destroy them: the seal "
        "verifies their chains without them.",
        file=sys.stderr,
    )
    return 0


def cmd_reseal_reporters(args: argparse.Namespace, settings: Settings) -> int:
    from cryptography.exceptions import InvalidTag

    from rules.key_rotation import reseal_reporters

    if not settings.reporter_key_previous:
        print("error: set CADRE_REPORTER_KEY_PREVIOUS to the key being replaced", file=sys.stderr)
        return 2
    try:
        done = _run(settings, lambda: reseal_reporters(settings))
    except InvalidTag:
        print(
            "error: a reporter identity opens with neither key; nothing of its batch changed",
            file=sys.stderr,
        )
        return 1
    print(
        f"re-sealed {done.resealed} tip-offs; {done.already_current} already under the new key",
        file=sys.stderr,
    )
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cadre-api", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
    migrate = sub.add_parser("migrate", help="create or upgrade the database schema")
    migrate.add_argument(
        "--to",
        metavar="MIGRATION",
        help="go up or down to this migration (e.g. 0015_page_indexes) instead of the latest",
    )
    migrate.set_defaults(func=cmd_migrate)
    seed = sub.add_parser("seed", help="load a world")
    worlds = seed.add_subparsers(dest="world", required=True)
    worlds.add_parser("demo", help="the demo world of CONTRACT.md (idempotent)")
    scale = worlds.add_parser("scale", help="a large deterministic world")
    scale.add_argument("--cadres", type=int, required=True)
    scale.add_argument("--units", type=int, default=200)
    seed.set_defaults(func=cmd_seed)
    token = sub.add_parser("token", help="print a bearer token for a user")
    token.add_argument("username")
    token.add_argument("--ttl", type=int, default=None, help="lifetime in seconds")
    token.set_defaults(func=cmd_token)
    sub.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(
        func=cmd_export_schema
    )
    verify_log = sub.add_parser("verify-log", help="check the access log's hash chain")
    verify_log.add_argument(
        "--checkpoint",
        default=None,
        metavar="FILE",
        help="a checkpoint printed by `log-checkpoint`, kept outside the database",
    )
    verify_log.set_defaults(func=cmd_verify_log)
    remind = sub.add_parser(
        "remind",
        help="per jurisdiction, what falls due soon and what is overdue (once a day)",
    )
    remind.add_argument(
        "--days", type=int, default=5, help="how many official working days ahead (default 5)"
    )
    remind.add_argument("--json", default=None, help="write the digest here instead of stdout")
    remind.set_defaults(func=cmd_remind)
    sub.add_parser(
        "log-checkpoint", help="print the signed heads of the access log's chains (keep it)"
    ).set_defaults(func=cmd_log_checkpoint)
    rotate_log_key = sub.add_parser(
        "rotate-log-key",
        help="retire the access log's keys in CADRE_LOG_KEYS_RETIRED and seal their chains "
        "under CADRE_LOG_KEY (prints the seal: keep it)",
    )
    rotate_log_key.add_argument(
        "--checkpoint",
        default=None,
        metavar="FILE",
        help="the last checkpoint kept outside the database: the log must reach it first",
    )
    rotate_log_key.set_defaults(func=cmd_rotate_log_key)
    sub.add_parser(
        "reseal-reporters",
        help="re-seal reporter identities under CADRE_REPORTER_KEY (the old key in "
        "CADRE_REPORTER_KEY_PREVIOUS)",
    ).set_defaults(func=cmd_reseal_reporters)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValueError as exc:
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return 2
    from api.access_log import RetiredKeyError

    try:
        result: int = args.func(args, settings)
    except RetiredKeyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    raise SystemExit(main())
