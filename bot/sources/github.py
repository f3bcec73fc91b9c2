"""`github` source: the site's repository (`_posts/`) read through the GitHub REST API.

The site's generator commits its posts to the repository every few minutes, often
dozens at a time, while the feed lists only the 10 newest; the commit history lists
every one. A poll:

1. asks for the branch head with the stored ETag (`GET /commits/{branch}`, SHA media
   type): an unchanged branch costs this one request, answered 304;
2. lists what changed since the last head seen (`GET /compare/{base}...{head}`): its
   files carry each post's path, status and blob SHA. The compare answer lists at most
   300 files; a larger batch is read commit by commit (`GET /commits/{sha}`, paged);
3. reads the content of each post not yet stored with that blob SHA: from the compare
   patch when it rebuilds the exact blob (an added file's patch is its whole text), else
   from the raw host (or the contents API).

`source_items` digests are blob SHAs, so a file rewritten with the same bytes costs
nothing, an edited one updates its article (never pushed twice), and a `modified` file
this source never stored (a post older than its first poll) is left alone.

A rewritten history (the compare answers 404, or the old head is no longer an ancestor:
a force-push) is handled by re-listing the last `relist_commits` commits that touched
`_posts/`, taking only posts dated no earlier than the day before the last poll; what
was stored already is recognized by blob SHA and by article id, so nothing is pushed
again. The first poll reads the same bounded window as the archive (stored, not pushed).
A post whose content cannot be read is kept in the cursor and retried on later polls
(given up after `missing_retries` polls answering 404); so is one that was read but could
not be stored (ingest hands it back through `retry_later`), and one whose bytes are not
the blob listed (a body cut short on the way, a CDN's empty 200: kept, it would be
recorded under that blob and never read again), until `missing_retries` polls have read
the same other bytes, which are then taken as the host serves them (with a warning). A file
larger than `max_bytes` is given up at once, recorded with its blob SHA: read again only
once edited.

Rate limits are `github_api`'s: a poll that hits one fails with the reset time, and the
next poll waits for it. A batch read commit by commit that runs out of budget midway
keeps what it read (the cursor's head becomes the last commit read) and goes on from
there after the reset, so a long outage without a token still catches up; a first poll so
cut short stays the first (`FetchResult.partial`): the rest of its window is the archive.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import PurePosixPath
from typing import Any

import httpx

from bot.config import ENV_GITHUB_TOKEN, SourceConfig
from bot.parser.meta import date_from_filename
from bot.sources.base import (
    GONE,
    BodyTooLarge,
    Candidate,
    FetchResult,
    PollContext,
    PostGone,
    Skipped,
    SourceError,
)
from bot.sources.github_api import COMPARE_FILES_CAP, GitHub, blob_sha
from bot.sources.jekyll_dir import SUFFIXES

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Change:
    """The net change of one post file over a range of commits."""

    status: str  # "added" or "modified" (renamed counts as added)
    sha: str  # blob SHA at the range's head
    patch: str | None = None  # the added file's whole text as a diff, when GitHub sent it


def _is_post(cfg: SourceConfig, path: str) -> bool:
    return path.startswith(cfg.posts_dir.rstrip("/") + "/") and path.lower().endswith(SUFFIXES)


def merge_files(cfg: SourceConfig, changes: dict[str, Change], files: list[dict[str, Any]]) -> None:
    """Fold one commit's (or one comparison's) file list into the net changes so far."""
    for f in files:
        path, status, sha = f.get("filename") or "", f.get("status"), f.get("sha")
        if status == "renamed" and f.get("previous_filename"):
            changes.pop(f["previous_filename"], None)
        if status == "removed":
            changes.pop(path, None)
            continue
        if not _is_post(cfg, path) or not sha:
            continue
        before = changes.get(path)
        fresh = status in ("added", "renamed", "copied")
        if before is not None and before.status == "added":
            changes[path] = Change("added", sha, f.get("patch") if fresh else None)
        else:
            changes[path] = Change("added" if fresh else "modified", sha, f.get("patch"))


def text_from_patch(patch: str | None, sha: str) -> bytes | None:
    """An added file's bytes rebuilt from its patch, only if they hash to its blob SHA."""
    if not patch or not patch.startswith("@@ -0,0 "):
        return None
    lines = patch.split("\n")[1:]
    newline = True
    if lines and lines[-1].startswith("\\"):  # "\ No newline at end of file"
        lines.pop()
        newline = False
    if not all(line.startswith("+") for line in lines):
        return None
    data = ("\n".join(line[1:] for line in lines) + ("\n" if newline else "")).encode()
    return data if blob_sha(data) == sha else None


def _file_day(path: str) -> date | None:
    day = date_from_filename(PurePosixPath(path).name)
    return day.date() if day else None


def _per_commit(
    gh: GitHub, commits: list[dict[str, Any]], start: str | None, head: str
) -> tuple[dict[str, Change], str]:
    """Fold the commits' own file lists, oldest first. When the rate limit runs out after
    some of them, the changes up to the last one read are returned with its SHA: the
    poll stores those, and the next one (after the reset) goes on from there."""
    changes: dict[str, Change] = {}
    reached = start
    for commit in commits:
        try:
            files = gh.commit_files(commit["sha"])
        except SourceError as exc:
            if exc.retry_at is None or reached is None:
                raise
            log.info("%s: %s; the rest of the batch is read after it", gh.cfg.name, exc)
            return changes, reached
        merge_files(gh.cfg, changes, files)
        reached = commit["sha"]
    return changes, head


def _range_changes(
    gh: GitHub, base: str, head: str, cmp: dict[str, Any]
) -> tuple[dict[str, Change], str]:
    """(net post changes of base..head, the commit they reach): the compare's files, or
    every commit's when the compare's list is capped."""
    changes: dict[str, Change] = {}
    files = cmp.get("files") or []
    if len(files) < COMPARE_FILES_CAP:
        merge_files(gh.cfg, changes, files)
        return changes, head
    total = int(cmp.get("total_commits") or len(cmp.get("commits") or []))
    log.info("%s: %d+ files changed; reading %d commits one by one", gh.cfg.name, len(files), total)
    return _per_commit(gh, gh.compare_commits(base, head, total), base, head)


def _relist(gh: GitHub, head: str) -> tuple[dict[str, Change], str]:
    """The posts changed by the last `relist_commits` commits touching the posts dir."""
    cfg = gh.cfg
    commits = gh.recent_commits(head, cfg.posts_dir, cfg.relist_commits + 1)
    if len(commits) <= cfg.relist_commits:  # the whole history: nothing older to diff from
        return _per_commit(gh, list(reversed(commits)), None, head)
    base = commits[-1]["sha"]
    return _range_changes(gh, base, head, gh.compare(base, head))


def _changes(
    gh: GitHub, ctx: PollContext, base: str | None, head: str, cursor: dict[str, Any]
) -> tuple[dict[str, Change], str, date | None]:
    """(changes to consider, the commit they reach, oldest post day taken when unseen
    or None for any)."""
    cfg = gh.cfg
    if ctx.first_poll and not base:  # a first poll cut short went on from where it stopped
        return *_relist(gh, head), None
    cmp: dict[str, Any] = {"status": "no head seen before"}
    if base:
        try:
            cmp = gh.compare(base, head)
        except PostGone:
            cmp = {"status": "old head unknown"}
    if base and cmp.get("status") in ("ahead", "identical"):
        return *_range_changes(gh, base, head, cmp), None
    since = datetime.fromisoformat(cursor["at"]) if cursor.get("at") else datetime.now(UTC)
    log.warning(
        "%s: history of %s was rewritten (%s..%s: %s); re-listing the last %d commits",
        cfg.name,
        cfg.repo,
        (base or "-")[:10],
        head[:10],
        cmp.get("status"),
        cfg.relist_commits,
    )
    return *_relist(gh, head), (since - timedelta(days=1)).date()


def _read(gh: GitHub, ref: str, path: str, change: Change) -> tuple[bytes | None, str, bool]:
    """(bytes or None, why not, gone) of one post at `ref`. A rate-limited read (the
    contents API) is not an error of the post: it waits in the cursor for the reset.
    `BodyTooLarge` is raised: such a file is given up, not retried."""
    data = text_from_patch(change.patch, change.sha)
    if data is not None:
        return data, "", False
    try:
        return gh.raw(ref, path), "", False
    except PostGone as exc:
        return None, str(exc), True
    except BodyTooLarge:
        raise
    except SourceError as exc:
        return None, "" if exc.retry_at is not None else str(exc), False


def _not_the_blob(change: Change, data: bytes) -> str:
    return (
        f"content read is not blob {change.sha[:12]} ({len(data)} bytes: cut short or "
        "changed on the way); read again on the next polls"
    )


def fetch(client: httpx.Client, cfg: SourceConfig, ctx: PollContext) -> FetchResult:
    from bot.parser import decode_post  # the parser loads lazily, as in bot.ingest

    cursor = dict(ctx.cursor)
    gh = GitHub.open(client, cfg, os.environ.get(ENV_GITHUB_TOKEN), cursor.get("rate") or {})
    pending: dict[str, dict[str, Any]] = dict(cursor.get("pending") or {})
    try:
        try:
            branch = cfg.branch or cursor.get("branch") or gh.default_branch()
            base = cursor.get("head") if cursor.get("branch") == branch else None
            head, etag = gh.head(branch, cursor.get("etag") if base else None)
        except PostGone as exc:
            raise SourceError(f"{cfg.repo}: repository or branch not found ({exc})") from None
        result = FetchResult(cursor=cursor)
        if head is None and not pending:
            result.not_modified = True
            return result
        work: dict[str, tuple[str, Change]] = {
            path: (p["ref"], Change("added", p["sha"])) for path, p in pending.items()
        }
        oldest: date | None = None
        if head is not None and head != base:
            changes, reached, oldest = _changes(gh, ctx, base, head, cursor)
            for path, change in changes.items():
                if path in pending:  # edited before it was stored: still new here
                    change.status = "added"
                work[path] = (reached, change)
            cursor.update(branch=branch, head=reached, at=datetime.now(UTC).isoformat())
            if reached != head:  # a part of the batch is left: no 304 on the next poll
                result.partial = True
                etag = None
                cursor.pop("etag", None)
        if etag:
            cursor["etag"] = etag
        still: dict[str, dict[str, Any]] = {}
        offered: dict[str, dict[str, Any]] = {}  # candidates, kept again if ingest cannot store one
        ignored = 0
        limited = False  # a read was rate limited: the other files wait for the next poll
        known = ctx.seen_many(work)  # this batch's paths only
        for path in sorted(work, key=lambda p: (PurePosixPath(p).name, p)):
            ref, change = work[path]
            seen = known.get(path)
            if seen == change.sha:
                result.unchanged += 1
                continue
            old = seen is None and (
                change.status == "modified"
                or (oldest is not None and (day := _file_day(path)) is not None and day < oldest)
            )
            if old:  # a post from before this source's first poll: not news
                ignored += 1
                continue
            try:
                data, error, gone = (None, "", False) if limited else _read(gh, ref, path, change)
            except BodyTooLarge as exc:  # as large on every read: one warning, then left alone
                reason = f"{exc}; given up until the file changes"
                result.skipped.append(Skipped(key=path, reason=reason, digest=change.sha))
                continue
            tries = int((pending.get(path) or {}).get("tries", 0)) + 1
            if data is not None and blob_sha(data) != change.sha:
                if tries <= cfg.missing_retries:
                    still[path] = {"ref": ref, "sha": change.sha, "tries": tries}
                    result.skipped.append(Skipped(path, _not_the_blob(change, data), tries == 1))
                    continue
                log.warning(
                    "%s: %s: %d reads gave %d bytes that are not blob %s; taken as the host "
                    "serves them",
                    cfg.name,
                    path,
                    tries,
                    len(data),
                    change.sha[:12],
                )
            if data is None:
                # rate limited (a read's 429, the API budget): no more reads this poll
                limited = limited or not (error or gone)
                given_up = gone and tries > cfg.missing_retries
                if not given_up:
                    still[path] = {"ref": ref, "sha": change.sha, "tries": tries}
                result.skipped.append(
                    Skipped(
                        key=path,
                        reason=f"content unreadable: {error or 'rate limited'}",
                        log=tries == 1 and bool(error),
                        digest=GONE if given_up else None,
                    )
                )
                continue
            name = PurePosixPath(path).name
            offered[path] = {"ref": ref, "sha": change.sha, "tries": 0}
            result.candidates.append(
                Candidate(key=path, digest=change.sha, text=decode_post(data), filename=name)
            )
        if ignored:
            log.debug(
                "%s: %d changed posts older than the first poll left alone", cfg.name, ignored
            )
        cursor["pending"] = still
        result.partial = result.partial or limited
        result.retry_later = lambda path: still.__setitem__(path, offered[path])
        return result
    finally:
        cursor["rate"] = gh.rate()
        cursor["cost"] = gh.cost()
        log.debug("%s: poll cost %d requests, %d bytes", cfg.name, gh.requests, gh.bytes)
