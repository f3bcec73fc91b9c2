"""BeautifulSoup trees of post bodies, built by bs4's lxml builder minus its namespace work.

Building the tree is half of a post's parse time, and bs4's lxml builder spends part of
each element on XML namespaces: it copies the attributes twice and splits every name in
search of a `{namespace}` prefix. A post body is plain HTML, where that finds nothing, so
`_HtmlBuilder` hands such elements to BeautifulSoup directly and leaves anything else (a
namespace map, a `{...}` name) to bs4's own code. The tree is the same: see
tests/parser/test_soup.py, which compares both builders' trees.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from bs4.builder._lxml import LXMLTreeBuilder


class _HtmlBuilder(LXMLTreeBuilder):
    """`LXMLTreeBuilder` with a short path for elements without namespaces."""

    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        if nsmap or len(self.nsmaps) > 1 or tag[0] == "{" or (attrib and _braced(attrib)):
            super().start(tag, attrib, nsmap or {})
            return
        assert self.soup is not None
        # the Tag copies the attributes into its own dict (multi-valued ones are not split)
        self.soup.handle_starttag(
            tag, None, None, dict(attrib), namespaces=self.active_namespace_prefixes[-1]
        )

    def end(self, tag: Any) -> None:
        if len(self.nsmaps) > 1 or tag[0] == "{":
            super().end(tag)
            return
        assert self.soup is not None
        self.soup.handle_endtag(tag)  # ends the pending text first, as bs4's `end` does


def _braced(attrib: Any) -> bool:
    """An attribute name that may be in lxml's `{namespace}name` form (any `{` in a name
    sends the element to bs4's own code, which tells: one join is cheaper than a loop)."""
    return "{" in "".join(attrib)


def html_soup(markup: str) -> BeautifulSoup:
    """`BeautifulSoup(markup, "lxml", multi_valued_attributes=None)`, built faster.

    `class` stays one string: bs4 would split every multi-valued attribute of every
    element, and the body cleaner reads only a few classes.
    """
    return BeautifulSoup(markup, builder=_HtmlBuilder(multi_valued_attributes=None))
