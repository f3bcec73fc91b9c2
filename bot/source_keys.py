"""Which `[[sources]]` keys each kind reads, so a key written on a source of another kind
(`repo` on a feed, `url` on a github source: a wrong kind or a pasted block) is refused at
load instead of being ignored in silence. Read from the fetchers in `bot.sources`."""

from __future__ import annotations

from collections.abc import Iterable

# Keys every kind reads (the scheduler, the backoff, the health check).
COMMON = frozenset({"name", "kind", "interval", "enabled", "max_backoff", "failing_report_after"})

_HTTP = ("feed", "jekyll-site", "github")  # the kinds that fetch over HTTP (bot.sources.base)

KEY_KINDS: dict[str, tuple[str, ...]] = {
    "url": ("feed", "jekyll-site"),
    "path": ("jekyll-dir",),
    "git_pull": ("jekyll-dir",),
    "git_timeout": ("jekyll-dir",),
    "categories": ("jekyll-site",),
    "timeout": _HTTP,
    "deadline": _HTTP,
    "max_bytes": _HTTP,
    "retries": _HTTP,
    "retry_wait": _HTTP,
    "missing_retries": _HTTP,
    "fallback": ("feed",),
    "gap_retries": ("feed",),
    "repo": ("github",),
    "branch": ("github",),
    "api_url": ("github",),
    "raw_url": ("github",),
    "posts_dir": ("github",),
    "relist_commits": ("github",),
}


def foreign_keys(kind: str, written: Iterable[str]) -> str | None:
    """One line for the keys in `written` (the ones the operator set) that `kind` does
    not read, naming the kinds that do; None when there are none."""
    wrong = [k for k in KEY_KINDS if k in set(written) and kind not in KEY_KINDS[k]]
    if not wrong:
        return None
    return "; ".join(
        f"{key} is for kind {', '.join(repr(k) for k in KEY_KINDS[key])}, not {kind!r}"
        for key in wrong
    )
