"""The whole shared corpus through the fake site's feed, then through a `_posts` copy:
every post is stored once, and both paths give the same article ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.sources import jekyll_dir
from bot.storage.models import ArticleRow
from tests.conftest import corpus_or_skip
from tests.fakes.site import FakeSite, SitePost
from tests.sources.conftest import quick


@pytest.mark.slow
def test_corpus_feed_then_posts_dir_stores_each_post_once(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    corpus = corpus_or_skip()
    files = sorted([*corpus.glob("posts/*.md"), *corpus.glob("long/*.md")])
    site_posts = [SitePost.from_file(f) for f in files if f.name[:4].isdigit()]
    undated = [f for f in files if not f.name[:4].isdigit()]
    posts_dir = tmp_path / "_posts"
    posts_dir.mkdir()
    for f in files:
        shutil.copyfile(f, posts_dir / f.name)
    jekyll_dir.forget("dir")
    settings = Settings()
    with FakeSite(posts=site_posts, feed_limit=len(site_posts)) as site:
        feed = poll_source(
            settings, sqlite_engine, quick("feed", "feed", url=site.url("/feed.xml"))
        )
    assert feed.error is None and feed.skipped == 0
    assert feed.new == len(site_posts)
    with sqlite_engine.connect() as conn:
        feed_ids = set(conn.execute(sa.select(ArticleRow.id)).scalars())

    local = poll_source(settings, sqlite_engine, quick("dir", "jekyll-dir", path=str(posts_dir)))
    assert local.error is None and local.skipped == 0
    assert local.new == len(undated)  # only the posts the site could not show
    assert local.new + local.updated + local.seen == len(files)
    # the two paths parse to the same article except, at most, the url of posts
    # without an original link (page URL vs none): never more than a few updates
    assert local.updated <= len(files) // 20
    with sqlite_engine.connect() as conn:
        all_ids = set(conn.execute(sa.select(ArticleRow.id)).scalars())
    assert feed_ids <= all_ids and len(all_ids) == len(files)
