"""Sources ask storage only about the keys of the poll in front of them.

`source_items` of the jekyll sources keeps a row for every post of the site for good;
a poll must not read it whole. Each test fills it with many thousand rows of older
posts and checks what a poll asks for and loads: only its candidates.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

import bot.ingest
from bot.config import Settings
from bot.ingest import poll_source
from bot.sources import jekyll_dir
from bot.storage.models import SourceItem
from bot.storage.seen import SeenItems
from bot.storage.types import utcnow
from tests.fakes.site import DATA, FakeSite
from tests.sources.conftest import quick

OLD = 20_000  # seen rows of earlier posts


def _fill(engine: Engine, source: str, key: str) -> None:
    rows = [
        {"source": source, "key": key.format(i), "digest": f"{i:064x}", "seen_at": utcnow()}
        for i in range(OLD)
    ]
    with engine.begin() as conn:
        conn.execute(sa.insert(SourceItem.__table__), rows)  # type: ignore[attr-defined]


class Spy:
    """The `SeenItems` of each poll, and every statement that reads `source_items`."""

    def __init__(self, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
        self.polls: list[SeenItems] = []
        self.reads: list[str] = []
        spy = self

        class Recorded(SeenItems):
            def __init__(self, *a: object) -> None:
                super().__init__(*a)  # type: ignore[arg-type]
                spy.polls.append(self)

        monkeypatch.setattr(bot.ingest, "SeenItems", Recorded)

        def before(conn, cursor, statement, params, context, many):  # type: ignore[no-untyped-def]
            text = " ".join(statement.lower().split())
            if text.startswith("select") and "from source_items" in text:
                self.reads.append(text)

        self.engine = engine
        self.before = before
        event.listen(engine, "before_cursor_execute", before)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self.before)

    def last(self) -> tuple[int, int]:
        """(keys asked, rows loaded) by the latest poll."""
        return self.polls[-1].asked, self.polls[-1].loaded

    def keyed(self) -> bool:
        """Every read was by key (`IN`) or a count: none loaded the source's whole set."""
        return all(" in (" in r or "count(" in r for r in self.reads)


@pytest.fixture
def spy(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Spy]:
    s = Spy(engine, monkeypatch)
    yield s
    s.close()


def test_jekyll_dir_asks_only_about_files_it_has_not_read(
    engine: Engine, spy: Spy, tmp_path: Path
) -> None:
    jekyll_dir.forget("dir")
    _fill(engine, "dir", "2019/2019-01-01-{}.md")
    posts = tmp_path / "_posts"
    posts.mkdir()
    files = sorted(DATA.glob("*.md"))
    for f in files[:3]:
        shutil.copyfile(f, posts / f.name)
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    settings = Settings()

    assert poll_source(settings, engine, cfg).new == 3
    assert spy.last() == (3, 0)  # the three files, none seen before
    again = poll_source(settings, engine, cfg)
    assert (again.new, again.seen) == (0, 3) and spy.last() == (0, 0)  # stat unchanged

    shutil.copyfile(files[3], posts / files[3].name)
    report = poll_source(settings, engine, cfg)
    assert (report.new, report.seen) == (1, 3) and spy.last() == (1, 0)

    jekyll_dir.forget("dir")  # a restart: every file is asked about once, by key
    report = poll_source(settings, engine, cfg)
    assert (report.new, report.updated, report.seen) == (0, 0, 4)
    assert spy.last() == (4, 4)
    assert spy.reads and spy.keyed()


def test_jekyll_site_asks_only_about_listed_links(engine: Engine, spy: Spy, site: FakeSite) -> None:
    _fill(engine, "site", site.url("/html/2019/{}.html"))
    cfg = quick(
        "site", "jekyll-site", url=site.base_url, categories=["emnews", "meirijingjixinwen"]
    )
    settings = Settings()

    first = poll_source(settings, engine, cfg)
    assert first.new == 3, first.line()
    assert spy.last() == (3, 0)  # the links the two listing pages show
    second = poll_source(settings, engine, cfg)
    assert (second.new, second.seen) == (0, 3)
    assert spy.last() == (3, 3)  # the same links (and the tracked ones among them)
    assert spy.reads and spy.keyed()
