"""Command line: `finews-bot <command>` (also `python -m bot`).

Each command parses its arguments and calls into the domain layer; heavy imports
are local so `finews-bot parse` starts fast and does not need the Telegram stack.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli_db import PLAIN_HELP, ConfigOpt
from bot.cli_db import database_or_exit as _database_or_exit
from bot.cli_db import existing_database_or_exit as _existing_database_or_exit
from bot.cli_ingest import import_, poll
from bot.cli_outlets import outlets_app
from bot.config import ConfigError, Settings, load_config

if TYPE_CHECKING:
    from bot.article import Article

app = typer.Typer(
    help="finews-bot: Chinese financial news, summarized, pushed to Telegram.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    **PLAIN_HELP,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True, **PLAIN_HELP)
app.add_typer(db_app, name="db")
stocks_app = typer.Typer(
    help="The stock directory (names -> tickers).", no_args_is_help=True, **PLAIN_HELP
)
app.add_typer(stocks_app, name="stocks")
app.add_typer(outlets_app, name="outlets")

NO_TOKEN = (
    "no Telegram bot token: `finews-bot run` will not start. Set FINEWS_BOT_TOKEN "
    "or [telegram] token (create a bot with @BotFather)."
)


def _load(config: Path | None) -> Settings:
    """The settings, or the config's problem on stderr and exit status 2."""
    try:
        return load_config(config)
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def _settings(config: Path | None) -> Settings:
    from bot.logs import register_secret, setup_logging

    settings = _load(config)
    setup_logging(settings.logging.level, sql=settings.database.echo)
    register_secret(settings.telegram.token)
    return settings


def _dump(obj: object) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _parse_or_exit(file: Path) -> Article:
    """The parsed post, or its error on stderr and exit status 1."""
    from bot.parser import ParseError, parse_file

    try:
        return parse_file(file)
    except (OSError, ParseError) as exc:
        typer.echo(f"{file}: {exc}", err=True)
        raise typer.Exit(1) from None


@app.command()
def parse(
    file: Path,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Parse one Jekyll post file and print the Article."""
    article = _parse_or_exit(file)
    if as_json:
        _dump(article.to_json())
    else:
        typer.echo(
            f"{article.title}\n{article.category_name} ({article.category}) "
            f"{article.published_at.isoformat()}\n"
        )
        typer.echo("\n\n".join(article.paragraphs))


@app.command()
def preview(
    file: Path,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    config: ConfigOpt = None,
) -> None:
    """Parse, summarize and render one post as the push message."""
    from bot.render import render_push, render_text
    from bot.summarizer import summarize

    settings = _load(config) if config else Settings()
    article = _parse_or_exit(file)
    summary = summarize(
        article, max_chars=settings.summary.max_chars, max_figures=settings.summary.max_figures
    )
    message = render_push(article, summary)
    if as_json:
        data = {k: v for k, v in article.to_json().items() if k not in ("paragraphs",)}
        data.update(summary.to_json())
        data["message_html"] = message.html
        data["button"] = list(message.button) if message.button else None
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        typer.echo(render_text(message.html))
        if message.button:
            typer.echo(f"\n[{message.button[0]}] {message.button[1]}")


@app.command()
def stories(
    files: Annotated[list[Path], typer.Argument(help="post files")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Group posts into stories, in published order, as the running bot would."""
    from bot.stories import MemoryIndex, features_of

    parsed = [(_parse_or_exit(f), str(f)) for f in files]
    index = MemoryIndex()
    clusters: dict[str, list[str]] = {}
    order = sorted(range(len(parsed)), key=lambda i: (parsed[i][0].published_at, i))
    for i in order:
        article, name = parsed[i]
        decision = index.group(features_of(article))
        clusters.setdefault(decision.story_id, []).append(name)
    if as_json:
        typer.echo(json.dumps({"clusters": list(clusters.values())}, ensure_ascii=False))
        return
    for members in clusters.values():
        typer.echo("  ".join(members))


@db_app.command("upgrade")
def db_upgrade(config: ConfigOpt = None) -> None:
    """Apply database migrations."""
    from bot.storage.db import make_engine, opening, redact_url
    from bot.storage.migrate import upgrade

    settings = _settings(config)
    with _database_or_exit("db upgrade"), opening(settings.database.url):
        upgrade(make_engine(settings.database.url))
    typer.echo(f"database at head: {redact_url(settings.database.url)}")


@stocks_app.command("update")
def stocks_update(
    config: ConfigOpt = None,
    url: Annotated[str | None, typer.Option(help="listing URL (default: Eastmoney's)")] = None,
) -> None:
    """Refresh stock names from a public listing (A shares, Hong Kong, US-listed Chinese)."""
    import httpx

    from bot.stocks.update import DEFAULT_URL, fetch_listing
    from bot.storage.db import make_engine, opening, session_scope
    from bot.storage.migrate import upgrade
    from bot.storage.stocks import upsert_names
    from bot.subscriptions.codes import follow_all

    settings = _settings(config)
    source = url or DEFAULT_URL
    # The database first: one that is down is one line, before the listing is read for nothing.
    with _database_or_exit("stocks update"), opening(settings.database.url):
        engine = make_engine(settings.database.url)
        upgrade(engine)
    try:
        names = fetch_listing(source)
    except (httpx.HTTPError, ValueError) as exc:
        typer.echo(f"stocks update: cannot read {source}: {exc}", err=True)
        raise typer.Exit(1) from None
    if not names:
        typer.echo(f"stocks update: {source} listed no stocks; nothing changed", err=True)
        raise typer.Exit(1)
    with (
        _database_or_exit("stocks update"),
        opening(settings.database.url),
        session_scope(engine) as session,
    ):
        changed = upsert_names(session, names)
        moved = follow_all(session)
    typer.echo(f"stocks update: {len(names)} stocks listed, {changed} names new or changed")
    if moved:
        typer.echo(f"stocks update: {moved} subscriptions moved to their stock's new code")


@db_app.command("purge")
def db_purge(
    config: ConfigOpt = None,
    days: Annotated[
        int | None, typer.Option(min=1, help="default: [retention] days of the config")
    ] = None,
) -> None:
    """Delete old articles now (what the scheduled retention job does)."""
    from bot.ops.retention import purge_all
    from bot.storage.db import make_engine, opening

    settings = _settings(config)
    _existing_database_or_exit(settings, "db purge")
    keep = days or settings.retention.days
    max_age = settings.delivery.max_article_age_hours
    # The purge itself inside opening(): a database that answers the first connection
    # and then fails (lost mid-purge, never migrated) is one line too, not a traceback.
    with _database_or_exit("db purge"), opening(settings.database.url):
        engine = make_engine(settings.database.url)
        try:
            result = purge_all(engine, keep, max_age)
        finally:
            engine.dispose()
    typer.echo(
        f"purged {result['articles']} articles, {result['article_tickers']} ticker rows, "
        f"{result['deliveries']} deliveries older than {keep} days "
        f"({result['kept_pending']} old articles kept: deliveries pending)"
    )


app.command()(poll)
app.command("import")(import_)


@app.command("check-config")
def check_config(
    file: Annotated[
        Path | None, typer.Argument(help="config TOML (or give it as --config)")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="config TOML, as for every command")
    ] = None,
) -> None:
    """Validate a config file without starting anything."""
    if file is not None and config is not None and file != config:
        typer.echo(f"check-config: two config files ({file}, {config}): give one", err=True)
        raise typer.Exit(2)
    file = file or config
    if file is None:
        typer.echo(
            "check-config: give the config file: finews-bot check-config --config FILE", err=True
        )
        raise typer.Exit(2)
    try:
        settings = load_config(file)
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    token = "set" if settings.telegram.token else "missing (set FINEWS_BOT_TOKEN)"
    typer.echo(f"{file}: OK, {len(settings.sources)} source(s), token {token}")
    if not settings.telegram.token:  # valid, but `run` would refuse to start
        typer.echo(f"warning: {NO_TOKEN}", err=True)
        raise typer.Exit(1)


@app.command()
def run(config: ConfigOpt = None) -> None:
    """Start everything: migrations, polling, the bot and the delivery loop."""
    from telegram.error import InvalidToken

    from bot.app import run_forever
    from bot.ops.http import ListenError
    from bot.storage.db import DatabaseUnavailable
    from bot.storage.locks import AlreadyRunning

    settings = _settings(config)
    if not settings.telegram.token:
        typer.echo(NO_TOKEN + "\nTo try finews-bot offline first, run: finews-bot demo", err=True)
        raise typer.Exit(2)
    try:
        run_forever(settings)
    except InvalidToken:
        typer.echo(
            "The Bot API rejected the token: check FINEWS_BOT_TOKEN (from @BotFather)"
            " and [telegram] base_url.",
            err=True,
        )
        raise typer.Exit(2) from None
    except AlreadyRunning as exc:
        typer.echo(f"finews-bot run: {exc}", err=True)
        raise typer.Exit(1) from None
    except ListenError as exc:
        typer.echo(f"finews-bot run: {exc}", err=True)
        raise typer.Exit(2) from None
    except DatabaseUnavailable as exc:
        typer.echo(f"finews-bot run: {exc}", err=True)
        raise typer.Exit(1) from None


@app.command()
def demo(
    data_dir: Annotated[Path | None, typer.Option(help="keep the demo database here")] = None,
) -> None:
    """Run the whole pipeline offline on bundled posts and print what a subscriber gets."""
    from bot.demo import run_demo

    if data_dir is not None:
        try:  # a file in the way, no permission: the operator's path, not a traceback
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            typer.echo(f"finews-bot demo: cannot use --data-dir {data_dir}: {exc}", err=True)
            raise typer.Exit(1) from None
    run_demo(data_dir)


@app.command()
def stats(
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Sources, chats, subscriptions and outbox health."""
    from bot.logs import redact
    from bot.ops.stats import collect_stats
    from bot.ops.stats_text import format_stats
    from bot.storage.db import make_engine, redact_url, tables_missing

    settings = _settings(config)
    _existing_database_or_exit(settings, "stats")  # never leave an empty data/ behind
    try:
        configured = {s.name: s.kind for s in settings.sources}
        engine = make_engine(settings.database.url)
        data = collect_stats(
            engine,
            tz=settings.delivery.timezone,
            sources=configured,
            silent_days=settings.outlets.silent_days,
        )
    except Exception as exc:  # unreachable server, or a database never migrated
        first = redact(str(exc).splitlines()[0])[:300]
        typer.echo(f"cannot read {redact_url(settings.database.url)}: {first}", err=True)
        if tables_missing(first):  # not for a file it cannot open, a full disk, a server down
            typer.echo(
                "(a new database needs `finews-bot db upgrade`, or `finews-bot run` once)",
                err=True,
            )
        raise typer.Exit(1) from None
    if as_json:
        _dump(data)
    else:
        typer.echo(format_stats(data))


@app.command()
def healthcheck(config: ConfigOpt = None) -> None:
    """Exit 0 if the bot is healthy, 1 if not (for Docker HEALTHCHECK and scripts)."""
    from bot.logs import redact
    from bot.ops.health import probe

    settings = _settings(config)
    if not settings.http.enabled:  # else it asks the running bot's /healthz
        _existing_database_or_exit(settings, "healthcheck")
    with _database_or_exit("healthcheck"):
        ok, report = probe(settings)
    typer.echo(redact(json.dumps(report, ensure_ascii=False)))
    raise typer.Exit(0 if ok else 1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
