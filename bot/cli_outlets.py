"""`finews-bot outlets …`: the operator's side of outlets renamed on the site.

`bot.ops.silent` logs the followed outlets that stopped publishing once a day; `rename`
moves their subscriptions to the outlet's new slug (`bot.subscriptions.outlets`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli_db import PLAIN_HELP, ConfigOpt

outlets_app = typer.Typer(help="Outlets renamed on the site.", no_args_is_help=True, **PLAIN_HELP)

SHOWN = 20  # chats listed by name; the rest are counted


def _chats(pairs: list[tuple[int, int]]) -> str:
    names = [f"chat {c}" + (f" topic {t}" if t else "") for c, t in pairs[:SHOWN]]
    more = f" and {len(pairs) - SHOWN} more" if len(pairs) > SHOWN else ""
    return ", ".join(names) + more


@outlets_app.command("rename")
def rename(
    old: Annotated[str, typer.Argument(help="the slug the outlet no longer posts under")],
    new: Annotated[str, typer.Argument(help="its new slug (as in /category/<slug>.html)")],
    config: ConfigOpt = None,
) -> None:
    """Move every subscription to outlet OLD onto NEW (subscribers are not told).

    A chat that follows NEW already keeps one subscription; running it again moves
    nothing. `[[channels]]` routes naming OLD are the config's: edit them there."""
    from bot.cli import _database_or_exit, _settings
    from bot.storage.db import make_engine, opening
    from bot.storage.migrate import upgrade
    from bot.subscriptions.outlets import rename_outlet

    settings = _settings(config)
    with _database_or_exit("outlets rename"), opening(settings.database.url):
        engine = make_engine(settings.database.url)
        try:
            upgrade(engine)
            done = rename_outlet(engine, old, new)
        except ValueError as exc:
            typer.echo(f"outlets rename: {exc}", err=True)
            raise typer.Exit(2) from None
        finally:
            engine.dispose()
    typer.echo(
        f"{old} -> {new} ({done.name}): {len(done.moved)} subscriptions moved, "
        f"{len(done.merged)} merged"
    )
    if done.moved:
        typer.echo(f"  moved: {_chats(done.moved)}")
    if done.merged:
        typer.echo(f"  merged: {_chats(done.merged)} (already followed {new})")
    for chat in done.managed:
        typer.echo(
            f"  chat {chat}: a [[channels]] route names {old}: "
            f"change it to {new} in the config's categories and restart"
        )
    if done.name == new:
        typer.echo(f"  note: no post of {new} is stored yet; check the slug", err=True)
