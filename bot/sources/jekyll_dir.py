"""`jekyll-dir` source: a directory of Jekyll posts (`_posts/**/*.md`), e.g. a git checkout.

New and changed files are found by content digest (stored in `source_items`, so
a restart re-reads nothing into the database). To avoid hashing every file on
every poll, files whose (mtime, size) did not change since the last poll of this
process are skipped before reading; after a restart each file is hashed once.
Storage is asked only about the other files, `BATCH` keys at a time (a checkout of
the site holds every post ever published: its seen set is never loaded whole). The
stat cache is trusted while the database has seen at least as many of this source's
items as the cache holds (one count per poll): a fresh or emptied database is read
into again.

With `git_pull = true` the checkout is updated first with `git pull --ff-only`
(bounded by `git_timeout`); a failing pull is logged when its streak starts, once more
(ERROR) after `failing_report_after` failed pulls in a row, and when it works again; the
poll goes on over the current checkout.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bot.config import SourceConfig
from bot.sources.base import Candidate, FetchResult, PollContext, Skipped, SourceError, digest_of

log = logging.getLogger(__name__)

SUFFIXES = (".md", ".markdown")

# (source name, root) -> {relative path: (mtime_ns, size)} of files handled by this process.
# Trusted only while the database knows as many items (a fresh database re-reads everything).
_stat_cache: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
BATCH = 500  # files looked up in storage at a time


def git_pull(cfg: SourceConfig, path: Path) -> str | None:
    """Run `git pull --ff-only` in the checkout; returns an error text or None."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(path), "pull", "--ff-only", "--quiet"],
            capture_output=True,
            text=True,
            timeout=cfg.git_timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"git pull timed out after {cfg.git_timeout:g} s"
    except OSError as exc:
        return f"git pull could not run: {exc}"
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        return f"git pull failed ({proc.returncode}): {detail[-1] if detail else 'no output'}"
    return None


def _pulled(cfg: SourceConfig, cursor: dict, error: str | None) -> None:
    """Tell a failing pull as a failing source is told: when its streak starts, once more
    after `failing_report_after` failed pulls (each poll succeeds over a checkout that no
    longer changes: without this second line a pull broken for days went unnoticed), and
    when it works again. The streak is counted in the cursor (`git_failures`)."""
    failures = int(cursor.get("git_failures") or 0) + 1 if error else 0
    if error and failures == 1:
        log.warning("%s: %s; polling the current checkout", cfg.name, error)
    elif error and failures == cfg.failing_report_after:
        log.error(
            "%s: git pull has failed for %d polls in a row: %s; posts committed since are "
            "not read until the checkout pulls again",
            cfg.name,
            failures,
            error,
        )
    elif not error and cursor.get("git_error"):
        log.info("%s: git pull works again", cfg.name)
    cursor["git_error"] = error
    cursor["git_failures"] = failures


def file_time(st: os.stat_result) -> datetime:
    """A file's mtime as an aware datetime: the 'time seen' of an undated post."""
    return datetime.fromtimestamp(st.st_mtime, UTC).replace(microsecond=0)


def post_files(root: Path) -> list[Path]:
    """Post files under `root`, oldest name first (Jekyll names start with the date)."""
    files = [
        p
        for p in root.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(files, key=lambda p: (p.name, str(p)))


def fetch(client: httpx.Client | None, cfg: SourceConfig, ctx: PollContext) -> FetchResult:
    from bot.parser import decode_post  # the parser loads lazily, as in bot.ingest

    assert cfg.path
    root = Path(cfg.path).expanduser()
    if not root.is_dir():
        raise SourceError(f"{root} is not a directory")
    cursor = dict(ctx.cursor)
    if cfg.git_pull:
        _pulled(cfg, cursor, git_pull(cfg, root))
    result = FetchResult(cursor=cursor)
    cache = _stat_cache.setdefault((cfg.name, str(root.resolve())), {})
    if cache and ctx.seen_count() < len(cache):
        cache.clear()  # not the database these files were read into: read them again
    stamps: dict[str, tuple[int, int]] = {}
    files = post_files(root)
    for start in range(0, len(files), BATCH):
        _batch(files[start : start + BATCH], root, ctx, cache, stamps, result, decode_post)

    # Remembered only once ingest committed the candidates, and not for a file it could
    # not store, so that one is read again next poll.
    def retry_later(key: str) -> None:
        stamps.pop(key, None)

    result.retry_later = retry_later
    result.on_stored = lambda: cache.update(stamps)
    return result


def _batch(
    paths: list[Path],
    root: Path,
    ctx: PollContext,
    cache: dict[str, tuple[int, int]],
    stamps: dict[str, tuple[int, int]],
    result: FetchResult,
    decode: Callable[[bytes], str],
) -> None:
    """Files whose stat changed (or this process has not read) are hashed and compared
    with what storage holds for them; the new and changed ones become candidates."""
    todo: list[tuple[Path, str, os.stat_result]] = []
    for path in paths:
        key = path.relative_to(root).as_posix()
        try:
            st = path.stat()
        except OSError as exc:
            result.skipped.append(Skipped(key=key, reason=f"unreadable: {exc}"))
            continue
        if cache.get(key) == (st.st_mtime_ns, st.st_size):
            result.unchanged += 1
        else:
            todo.append((path, key, st))
    known = ctx.seen_many(key for _, key, _ in todo) if todo else {}
    for path, key, st in todo:
        stamp = (st.st_mtime_ns, st.st_size)
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.skipped.append(Skipped(key=key, reason=f"unreadable: {exc}"))
            continue
        digest = digest_of(data)
        if known.get(key) == digest:
            cache[key] = stamp
            result.unchanged += 1
            continue
        result.candidates.append(
            Candidate(
                key=key, digest=digest, text=decode(data), filename=path.name, seen_at=file_time(st)
            )
        )
        stamps[key] = stamp


def forget(source: str) -> None:
    """Drop the in-process stat cache (tests simulating a restart)."""
    for k in [k for k in _stat_cache if k[0] == source]:
        del _stat_cache[k]
