"""Same-story grouping benchmark: one new article against 100,000 stored in the window.

The stored articles are made from the corpus headlines and leads (halves of two
different posts joined, their numbers redrawn), so their bigrams are those of real
financial news and LSH keys collide as often as real headlines make them. Every
stored article has its story keys in `story_keys`, as the pipeline writes them.

Timed, per new article (half are rewrites of a stored one, half are fresh):
- indexed: what `bot.pipeline.group` does: features and keys of the new article,
  one indexed query for the candidates of the window, their features, the decision;
- brute force: the same decision against every stored article (features already
  in memory, which flatters it: no database read at all), for the first
  BRUTE_SAMPLES new articles (each takes seconds at 100,000).

    python bench/stories.py [--quick] [--pg-url postgresql+psycopg://...]

Goal: indexed p95 < 5 ms on SQLite. `--quick` stores 10,000 (brute force then
compares with 10,000 too).
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.article import Article
from bot.parser import parse_file
from bot.pipeline import FEATURES, _lead_only, group
from bot.storage.db import make_engine, session_scope
from bot.storage.migrate import upgrade
from bot.storage.models import ArticleRow, StoryKey
from bot.stories import Known, decide, features_of, keys_of
from bot.stories.shingles import lead_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NOW = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)
_NUM = re.compile(r"\d+(?:\.\d+)?")
BRUTE_SAMPLES = 40


def templates() -> list[tuple[str, str]]:
    out = []
    for f in sorted(CORPUS.glob("*/*.md")):
        try:
            a = parse_file(f)
        except Exception:
            continue
        out.append((a.title, lead_of(a)[:160]))
    return out


def _renumber(text: str, rnd: random.Random) -> str:
    return _NUM.sub(lambda m: str(round(rnd.uniform(1, 999), rnd.choice((0, 2)))), text)


def _fragments(texts: list[str], n: int, rnd: random.Random) -> str:
    parts = []
    for text in rnd.sample(texts, n):
        size = rnd.randint(4, 9)
        start = rnd.randrange(max(len(text) - size, 1))
        parts.append(text[start : start + size])
    return "".join(parts)


def synthetic(i: int, tpl: list[tuple[str, str]], rnd: random.Random) -> Article:
    """A headline of three fragments and a lead of ten, from random corpus posts."""
    title = _renumber(_fragments([t for t, _ in tpl], 3, rnd), rnd)
    lead = _renumber(_fragments([lead for _, lead in tpl], 10, rnd), rnd)
    return Article(
        id=f"s{i}",
        title=title,
        published_at=NOW - timedelta(seconds=rnd.uniform(0, 23 * 3600)),
        category="emnews",
        category_name="东财滚动新闻",
        paragraphs=(lead,),
    )


def fill(engine: sa.Engine, stored: list[Article]) -> None:
    t0 = time.perf_counter()
    rows, keys = [], []
    for a in stored:
        rows.append(
            dict(
                id=a.id,
                title=a.title,
                published_at=a.published_at,
                category=a.category,
                category_name=a.category_name,
                paragraphs=list(a.paragraphs),
                tickers=[],
                stock_names={},
                figures=[],
                source="bench",
                content_hash=a.id,
                fetched_at=NOW,
                story_id=a.id,
            )
        )
        keys += [
            dict(key=k, article_id=a.id, published_at=a.published_at)
            for k in keys_of(features_of(a))
        ]
    with engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(sa.insert(ArticleRow), rows[i : i + 5000])
        for i in range(0, len(keys), 50000):
            conn.execute(sa.insert(StoryKey), keys[i : i + 50000])
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("ANALYZE"))
    print(
        f"stored {len(stored):,} articles, {len(keys):,} story keys "
        f"({len(keys) / len(stored):.1f} per article) in {time.perf_counter() - t0:.0f} s"
    )


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1]


def run(engine: sa.Engine, n_stored: int, n_new: int) -> None:
    rnd = random.Random(7)
    tpl = templates()
    stored = [synthetic(i, tpl, rnd) for i in range(n_stored)]
    fill(engine, stored)
    known = [Known(features_of(a), a.id) for a in stored]
    news = []
    for j in range(n_new):
        if j % 2:  # a rewrite of a stored article: new figures, same words
            base = rnd.choice(stored)
            news.append(
                Article(
                    id=f"n{j}",
                    title=_renumber(base.title, rnd),
                    published_at=NOW,
                    category="emnews",
                    category_name="东财滚动新闻",
                    paragraphs=base.paragraphs,
                )
            )
        else:
            news.append(synthetic(n_stored + j, tpl, rnd))
    for a in stored[-FEATURES.size :]:  # what this process would hold after ingesting them
        FEATURES.get(_lead_only(a))
    gc.collect()
    gc.freeze()  # as `finews-bot run` does with its start-up heap (here: the fixture)
    warm, cold, brute, agree = [], [], [], 0
    with session_scope(engine) as s:
        for a in news:
            t0 = time.perf_counter()
            g = group(s, a)
            warm.append((time.perf_counter() - t0) * 1000)
            saved = dict(FEATURES._items)
            FEATURES.clear()  # a restarted process: every candidate's features rebuilt
            t0 = time.perf_counter()
            group(s, a)
            cold.append((time.perf_counter() - t0) * 1000)
            FEATURES._items.update(saved)
            if len(brute) < BRUTE_SAMPLES:  # seconds each at 100,000: a sample is enough
                t0 = time.perf_counter()
                b = decide(features_of(a), known, {})
                brute.append((time.perf_counter() - t0) * 1000)
                agree += g is not None and g.decision.story_id == b.story_id
    pw, pc, pb = p95(warm), p95(cold), p95(brute)
    print(
        f"{engine.dialect.name}: {n_stored:,} stored, {n_new} new: "
        f"indexed p95 {pw:.2f} ms (median {statistics.median(warm):.2f}; features cache cold "
        f"p95 {pc:.2f}) | brute force p95 {pb:.1f} ms (median {statistics.median(brute):.1f}) "
        f"| ratio {pb / pw:.0f}x | same decision as brute force {agree}/{len(brute)}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--pg-url", help="also run on this PostgreSQL database (emptied first)")
    args = ap.parse_args()
    n_stored = 10_000 if args.quick else 100_000
    n_new = 100 if args.quick else 200
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        run(engine, n_stored, n_new)
        engine.dispose()
    if args.pg_url:
        engine = make_engine(args.pg_url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade(engine)
        run(engine, n_stored, n_new)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
