"""`jekyll-site` against pages built the way the real finews site builds them.

The site (github.com/zning1994/finews) does not use minima's post markup: its own
`_layouts/default.html` puts every page in a `<section>`, with the site's name in the
header's `<h1>`, and `post.html` writes the date in a `<small>`, the title in an `<h1>`,
then the content and the tags; `category.html` lists an outlet's posts in a bare `<ul>`.
The fake site renders them so with `layout="finews"` (`tests/fakes/site.py`).
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.article import Article
from bot.config import Settings
from bot.ingest import poll_source
from bot.parser import parse_post
from bot.sources.page import extract_post
from bot.storage.models import ArticleRow
from tests.conftest import corpus_or_skip
from tests.fakes.finews_pages import finews_post_html
from tests.fakes.site import DATA, FakeSite, SitePost, sample_posts
from tests.sources.conftest import quick


def _file_article(post: SitePost) -> Article:
    """The post as the parser reads its `_posts` file."""
    path = next(p for p in DATA.glob("*.md") if p.stem.endswith(post.name))
    return parse_post(path.read_text(encoding="utf-8"), filename=path.name)


def test_the_sites_own_post_pages_are_read_as_their_posts(
    engine: Engine, settings: Settings
) -> None:
    posts = sample_posts()
    with FakeSite(posts=posts, layout="finews") as site:
        cats = sorted({p.category for p in posts})
        cfg = quick("site", "jekyll-site", url=site.base_url, categories=cats)
        report = poll_source(settings, engine, cfg)
        assert (report.error, report.skipped, report.new) == (None, 0, 4), report.line()
    with Session(engine) as s:
        for post in posts:
            want = _file_article(post)
            row = s.get(ArticleRow, want.id)
            assert row is not None, post.name
            # the post's title, not the site's name in the page header (金融消息)
            got = (row.title, row.published_at, row.category, row.category_name)
            assert got == (want.title, want.published_at, want.category, want.category_name)
            assert row.tickers == list(want.tickers) and row.paragraphs[0] == want.paragraphs[0]
            assert not any("GMT+8" in p or p.startswith("tags:") for p in row.paragraphs)


@pytest.mark.slow
def test_every_corpus_post_from_its_page_is_the_post_of_its_file() -> None:
    corpus = corpus_or_skip()
    files = sorted(f for f in corpus.glob("posts/*.md") if f.name[:4].isdigit())
    for f in files:
        post = SitePost.from_file(f)
        page = extract_post(finews_post_html(post, "https://finews.withounder.com"))
        want = parse_post(f.read_text(encoding="utf-8"), filename=f.name)
        assert (page.title, page.tags) == (want.title, [post.tag]), f.name
        assert page.date and page.date.startswith(f"{post.date:%Y-%m-%dT%H:%M:%S}"), f.name
