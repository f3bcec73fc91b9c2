"""The CLI's shared pieces: the `--config` option, and the database guards (a database
a command cannot use is one line and exit 1, never a traceback; a command that only
reads never creates an empty one).

Shared by `bot.cli` and the modules of its commands (`bot.cli_outlets`, `bot.cli_ingest`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from bot.config import Settings

# Every Typer app of the CLI: click's plain help (typer's rich panels show `<bool>`
# after each flag, as if `--once` took a value), as wide as the terminal up to 120
# columns (click stops at 80: the command list cut every summary short, `Exit 0 if the
# bot is healthy, 1 if not (for Docker...`, however wide the terminal).
PLAIN_HELP: dict[str, Any] = {
    "rich_markup_mode": None,
    "context_settings": {"max_content_width": 120},
}
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="config TOML (default: embedded defaults)")
]


def existing_database_or_exit(settings: Settings, command: str) -> None:
    """Commands that read the bot's database: run elsewhere, a relative data_dir would
    give them an empty new one (and SQL errors); say where they looked, exit 1."""
    from bot.storage.db import missing_sqlite_file, opening

    with database_or_exit(command), opening(settings.database.url):
        path = missing_sqlite_file(settings.database.url)
    if path is not None:
        typer.echo(
            f"finews-bot {command}: no database at {path.resolve()}: a relative data_dir or "
            "SQLite path is read from the working directory; run this where the bot runs, "
            "or give it an absolute path",
            err=True,
        )
        raise typer.Exit(1)


@contextlib.contextmanager
def database_or_exit(command: str) -> Iterator[None]:
    """A database that cannot be opened (`DatabaseUnavailable`): one line, exit status 1."""
    from bot.storage.db import DatabaseUnavailable

    try:
        yield
    except DatabaseUnavailable as exc:
        typer.echo(f"finews-bot {command}: {exc}", err=True)
        raise typer.Exit(1) from None
