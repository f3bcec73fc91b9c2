"""The parser and the summarizer segment with one dictionary, whichever runs first."""

from __future__ import annotations

import subprocess
import sys


def test_the_parser_sees_the_projects_words_without_the_summarizer() -> None:
    # a fresh process: only the parser's lookup runs, as for the first post after a start
    code = "from bot.parser.autolinks import word_frequency; print(word_frequency('中一签'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) == 20000  # bot.jieba_dict's frequency for its own words
