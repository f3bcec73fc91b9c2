"""Whole-corpus checks: faithfulness, valid Telegram HTML, the Alibaba post, the dev-gold score."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from bot.render import render_message
from bot.summarizer import summarize
from tests.conftest import GOLD, corpus_or_skip, shared_or_skip
from tests.render.test_message import check_html

NUMBER = re.compile(r"\d+(?:\.\d+)?")
WORDED = re.compile(r"[成倍番半]|分之")  # 近三成, 五分之一, 一半, 翻倍: quantities without digits


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", "", text)


def _article_numbers_ok(article, said: str) -> list[str]:
    """Numbers in `said` that do not occur in the article's own text (title, digest, body)."""
    parts = (article.title, article.digest or "", *article.paragraphs)
    source = set()
    for part in parts:
        source.update(NUMBER.findall(_norm(html.unescape(part))))
    return [n for n in NUMBER.findall(_norm(said)) if n not in source]


def _posts() -> list[Path]:
    root = corpus_or_skip()
    return sorted(p for p in root.rglob("*.md") if p.parent.name in ("posts", "long", "variants"))


def test_corpus_sweep_faithful_and_valid_html() -> None:
    from bot.parser import ParseError, parse_file

    problems = []
    checked = 0
    for path in _posts():
        try:
            article = parse_file(path)
        except ParseError:
            continue  # the parser reports its own failures; nothing to summarize
        s = summarize(article)
        said = (
            s.summary + " " + " ".join(f"{f.label} {f.value} {f.change or ''}" for f in s.figures)
        )
        missing = _article_numbers_ok(article, said)
        if missing:
            problems.append(f"{path.name}: unfaithful {missing}")
        if len(s.summary) > 120:
            problems.append(f"{path.name}: summary {len(s.summary)} chars")
        source = "".join(
            "".join((article.title, article.digest or "", *article.paragraphs)).split()
        )
        for f in s.figures:
            if not f.value or not (NUMBER.search(_norm(f.value)) or WORDED.search(f.value)):
                problems.append(f"{path.name}: empty figure {f}")
            # 近三成 has no digits to check: the value must be a slice of the post, spaces aside
            # (5000 万元 is shown 5000万元; ../shared/gold/score.py compares the same way)
            if "".join(f.value.split()) not in source:
                problems.append(f"{path.name}: value not copied from the post {f}")
        errors = check_html(render_message(article, s))
        if errors:
            problems.append(f"{path.name}: html {errors}")
        checked += 1
    assert checked > 300
    assert problems == []


def test_alibaba_message_has_its_key_figures() -> None:
    from bot.parser import parse_file

    path = corpus_or_skip() / "posts" / "2022-05-26-NW202205262393417736.md"
    article = parse_file(path)
    s = summarize(article)
    msg = render_message(article, s)
    for key in ("6400万", "13.1亿", "2040.52亿元", "143.35亿元", "7%"):
        assert key in msg, key
    assert "<b>中国制造“出海”" in msg
    assert "$BABA" in msg
    assert "2022-05-26 22:04" in msg
    assert s.summary.startswith("5月26日晚，阿里巴巴集团公布2022财年")
    values = [f.value for f in s.figures]
    assert values[0] == "6400万"
    assert not {"2022", "5月26日", "13年"} & set(values)


DEV_EXTRA = Path(__file__).parent / "data" / "figures-dev-extra.jsonl"


def _score(gold: Path) -> tuple[dict, str]:
    """Run the shared scorer through the real CLI on `gold`; (totals, its stdout)."""
    score = shared_or_skip(GOLD / "score.py")
    exe = Path(sys.executable).with_name("finews-bot")
    cmd = (
        f"{exe} preview {{}} --json"
        if exe.exists()
        else f"{sys.executable} -m bot preview {{}} --json"
    )
    out = subprocess.run(
        [
            sys.executable,
            str(score),
            "--gold",
            str(gold),
            "--corpus",
            str(corpus_or_skip()),
            "--cmd",
            cmd,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-2]), out.stdout[-500:]


@pytest.mark.slow
@pytest.mark.timeout(900)  # 71 CLI runs, each loading jieba: minutes on a busy 2-core machine
def test_dev_gold_score_regression() -> None:
    """Dev gold through the real CLI; thresholds sit a little under today's result."""
    totals, tail = _score(GOLD / "figures-dev.jsonl")
    recall = totals["key_hit"] / totals["key"]
    precision = totals["good"] / totals["reported"]
    assert totals["failed"] == 0
    # 0.903 until deep lines needed ranking.DEEP_FLOOR (2026-12-05, thirteenth session): three
    # key figures stood in deep lines scoring 35-45, lines that cost their push more often than not
    assert recall >= 0.88, tail
    assert precision >= 0.97, tail
    assert totals["forbidden"] <= 3  # scorer matches by number only: 4美分 vs 4月 (see report)
    assert totals["unfaithful"] <= 1  # the scorer's tag stripper eats text after a literal "<"
    assert totals["too_long"] == 0 and totals["bad_html"] == 0


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_dev_extra_gold_score_regression() -> None:
    """24 more hand-labelled posts. Labelled as a holdout, but the extractor was since tuned
    with them in view, so they are dev data now (issue 9): a regression check, not a blind test.

    Thresholds a little under the last result so a real regression fails while a one-figure
    wobble does not.
    """
    totals, tail = _score(DEV_EXTRA)
    recall = totals["key_hit"] / totals["key"]
    precision = totals["good"] / totals["reported"]
    assert totals["posts"] == 24 and totals["failed"] == 0
    # 0.917 until lines needed ranking.LINE_FLOOR (2026-12-05): one feature's key figures stand
    # in a subheading deep in the post (大众削减目标或达10万人，行政成本超标30%)
    assert recall >= 0.87, tail
    assert precision >= 0.97, tail
    assert totals["forbidden"] == 0, tail
    assert totals["unfaithful"] == 0, tail
    assert totals["too_long"] == 0 and totals["bad_html"] == 0
