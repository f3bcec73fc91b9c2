"""Outlet names and slugs, by the finews site's rule.

The generator names an outlet's category with xpinyin's pinyin of the outlet name,
hyphens removed (每日经济新闻 -> meirijingjixinwen, 36氪 -> 36ke), and tags posts with
the name plus 新闻. The one exception seen is the flash feed: 东财滚动新闻 -> emnews.
"""

from __future__ import annotations

from functools import lru_cache

from xpinyin import Pinyin

TAG_SUFFIX = "新闻"
SPECIAL_SLUGS = {"东财滚动新闻": "emnews"}


@lru_cache(maxsize=1)
def _pinyin() -> Pinyin:
    return Pinyin()


@lru_cache(maxsize=4096)
def outlet_slug(name: str) -> str:
    """每日经济新闻 -> meirijingjixinwen (the site's category slug)."""
    name = name.strip()
    if name in SPECIAL_SLUGS:
        return SPECIAL_SLUGS[name]
    return _pinyin().get_pinyin(name, "").replace("-", "").replace(" ", "")


def outlet_from_tag(tag: str) -> str:
    """`每日经济新闻新闻` -> 每日经济新闻; a tag that is just the flash feed's name stays."""
    tag = tag.strip()
    if tag in SPECIAL_SLUGS:
        return tag
    if tag.endswith(TAG_SUFFIX) and len(tag) > len(TAG_SUFFIX):
        return tag[: -len(TAG_SUFFIX)]
    return tag
