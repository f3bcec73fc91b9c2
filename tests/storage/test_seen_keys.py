"""What a source has seen is stored by key; a key is whatever the source names an item
by, so it may hold text no database column can: a file name that is not UTF-8 (a
Chinese archive unpacked from a GBK zip) reaches Python with lone surrogates, which
neither SQLite nor PostgreSQL can encode."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.sources import jekyll_dir
from tests.sources.conftest import quick

POSTS = Path(__file__).resolve().parents[2] / "bot" / "demo" / "posts"


def test_a_file_name_that_is_not_utf8_does_not_stop_the_source(
    engine: Engine, tmp_path: Path
) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    shutil.copyfile(POSTS / "2022-05-26-NW202205262393417736.md", posts / "2022-05-26-a.md")
    gbk = "2021-12-08-新闻.md".encode("gbk")  # not valid UTF-8
    shutil.copyfile(POSTS / "2021-12-08-202112082206897139.md", bytes(posts) + b"/" + gbk)
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    jekyll_dir.forget("dir")
    first = poll_source(Settings(), engine, cfg)
    assert (first.error, first.new, first.store_failures) == (None, 2, 0)
    jekyll_dir.forget("dir")  # a restart: the keys are looked up in the database again
    again = poll_source(Settings(), engine, cfg.model_copy())
    assert (again.error, again.new, again.updated, again.seen) == (None, 0, 0, 2)
