"""`finews-bot import DIR`: backfill a `_posts` directory into the database.

History is not news: every post is stored with push=False, so nothing here ever
reaches a subscriber. Unlike a poll (`bot.ingest`), there is no source state, no
seen set and no backoff: the directory is read once, start to end, with a progress
bar, and a post that cannot be read, or whose row cannot be stored, is counted and
named in the result (one log line), never stopping the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bot.config import Settings
from bot.pipeline import Limits, Outcome, process
from bot.sources.jekyll_dir import file_time, post_files
from bot.storage.db import check_writable, make_engine, opening, session_scope

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ImportResult:
    source: str
    files: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    duration: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.source}: {self.files} files, {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.failed} failed ({self.duration:.1f} s)"
        )


def import_dir(
    settings: Settings, dir: str | Path, source: str = "import", progress: bool = True
) -> ImportResult:
    """Backfill a `_posts` directory; stored with push=False (history is not news)."""
    from tqdm import tqdm

    from bot.parser import decode_post, parse_post
    from bot.storage.migrate import upgrade

    started = time.monotonic()
    result = ImportResult(source=source)
    limits = Limits(max_chars=settings.summary.max_chars, max_figures=settings.summary.max_figures)
    with opening(settings.database.url):
        engine = make_engine(settings.database.url)
    try:
        with opening(settings.database.url):
            upgrade(engine)
            check_writable(engine, settings.database.url)  # else each write fails, as in `run`
        files = post_files(Path(dir))
        result.files = len(files)
        bar: Iterable[Path] = tqdm(files, unit="post", disable=not progress, desc=source)
        for path in bar:
            try:
                text = decode_post(path.read_bytes())
                seen_at = file_time(path.stat())
                article = parse_post(text, filename=path.name, seen_at=seen_at)
            except Exception as exc:
                result.failed += 1
                result.failures.append((str(path), str(exc)))
                log.warning("%s: rejected %s: %s", source, path, exc)
                continue
            try:
                with session_scope(engine) as s:
                    outcome = process(s, article, source=source, push=False, limits=limits)
            except (sa.exc.OperationalError, sa.exc.InterfaceError):
                raise  # the database is unreachable: no post can be stored
            except Exception as exc:  # this row (odd data, a bug): the others still are
                result.failed += 1
                result.failures.append((str(path), f"could not store {article.id}: {exc}"))
                log.error("%s: could not store %s (%s): %s", source, path, article.id, exc)
                continue
            if outcome is Outcome.NEW:
                result.new += 1
            elif outcome is Outcome.UPDATED:
                result.updated += 1
            else:
                result.unchanged += 1
    finally:
        engine.dispose()
    result.duration = time.monotonic() - started
    return result
