"""`finews-bot poll --once` and `finews-bot import DIR`: posts fetched and stored
without running the bot (registered on the main app by `bot.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli_db import ConfigOpt, database_or_exit


def poll(
    once: Annotated[
        bool, typer.Option("--once", help="required: poll every source once and exit")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Poll every configured source once now and print what was new (--once is required).

    Continuous polling is `finews-bot run`'s (each source at its interval, one replica
    polling). Without --once nothing is polled: a `poll` started as a service and
    restarted each time it exits would poll every source back to back."""
    from bot.cli import _settings
    from bot.ingest import poll_all_once

    if not once:
        again = f"finews-bot poll --once --config {config}" if config else "finews-bot poll --once"
        typer.echo(
            f"finews-bot poll: add --once to poll every source once now ({again}); "
            "`finews-bot run` polls continuously",
            err=True,
        )
        raise typer.Exit(2)
    settings = _settings(config)
    if not any(s.enabled for s in settings.sources):  # all disabled polls nothing, too
        typer.echo("no enabled [[sources]] configured: nothing to poll", err=True)
        raise typer.Exit(2)
    failed = False
    with database_or_exit("poll"):
        reports = poll_all_once(settings)
    for report in reports:
        typer.echo(report.line())
        failed = failed or report.error is not None
    raise typer.Exit(1 if failed else 0)


def import_(
    directory: Path,
    config: ConfigOpt = None,
    source: Annotated[str, typer.Option(help="source name recorded on the articles")] = "import",
) -> None:
    """Backfill a _posts directory (stored without pushing to subscribers).

    Exit status 1 when any file could not be imported (the others are stored), as
    `poll --once` does for a failed source, so a script or cron job notices."""
    from bot.backfill import import_dir
    from bot.cli import _settings

    settings = _settings(config)
    if not directory.is_dir():
        typer.echo(f"{directory}: not a directory", err=True)
        raise typer.Exit(2)
    if not 1 <= len(source) <= 64:  # articles.source, as a source name in the config
        typer.echo(f"--source {source!r}: 1 to 64 characters", err=True)
        raise typer.Exit(2)
    with database_or_exit("import"):
        result = import_dir(settings, directory, source=source, progress=sys.stderr.isatty())
    typer.echo(result.line())
    raise typer.Exit(1 if result.failed else 0)
