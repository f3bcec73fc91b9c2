"""Pure matching rules of the fan-out: no I/O, so they test fast and document the contract.

A chat (or one forum topic of it, `thread_id`) receives an article when any of its
subscriptions matches:

- `category`: the article's outlet slug equals the value;
- `ticker`: the value is one of the article's canonical tickers (600519.SH, BABA.US),
  the stocks it is about (`Article.tickers`); a subscription with `mentions` set
  (`/sub BABA+`) also gets the articles that only mention it (`Article.mentions`);
- `keyword`: the value occurs in the article's title, digest or paragraphs, not
  counting an outlet's credit line, closing disclaimer or `36氪首发 |` tag
  (`bot.fanout.boilerplate`); case-insensitive for Latin letters (Chinese has no
  case). A keyword that starts or ends with a Latin letter or digit matches whole
  words only at that end:
  `AI` matches `AI芯片` and `OpenAI's AI`, not `Daily` nor `OpenAI` alone; a keyword
  ending in a letter also matches before a number (`HBM` in `HBM4`, `iPhone` in
  `iPhone17`: a product line's models, as `iPhone 17` spaced would). A space
  inside a keyword may be missing in the text: `iPhone 16` matches `iPhone16系列`;
  and where Latin letters, digits and Chinese meet in a keyword the text may have
  one space: `iPhone16` matches `iPhone 16`, `华为Mate60` matches `华为 Mate 60`.
  Between Latin letters and digits a hyphen (also full-width or U+2010-2013) is such a
  space: `GPT-5` matches `GPT5`, `GPT 5`, `GPT－5`, and `GPT5` matches `GPT-5`.
  A keyword with a name and a number is that version: a number at its end does not
  run on into `.5` (`GPT-5` is not `GPT-5.5`, nor `GPT-50`; `GPT-5。`, `GPT-5.` are it),
  nor one at its start after `2.` (`5G` is not `2.5G`). A bare number (`2024`) is no
  version: `2024.5.1` has it.

...and none of its `exclude` keywords occurs in the article (`exclusion_hit`). An
exclusion made in the main chat (thread 0) applies to every topic of that chat; one
made inside a topic applies to that topic only. The delivery worker asks again when it
sends: an exclusion added while a row waited ends that row unsent. Inactive chats
(blocked the bot, deleted) and paused chats get nothing: a delivery is not even
created while a chat is paused, so `/resume` does not release a backlog. Digest
chats (`digest_mode` hourly|daily) get their deliveries `held`; the delivery worker
sends them as one digest at the chat's time. Quiet hours are applied at send time by
the worker (they depend on the clock and the chat's time zone, not on the article),
see `bot.delivery.schedule`.

`bot.fanout.enqueue` implements the same rules in one indexed INSERT..SELECT;
`matching_chats` here is the reference the tests compare it with.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.delivery.outbox import Status, initial_status
from bot.fanout.boilerplate import news_paragraphs, news_title
from bot.hanzi import simplified

KINDS = ("category", "ticker", "keyword", "exclude")
HELD = Status.HELD.value
QUEUED = Status.QUEUED.value


# Hyphens that NFKC leaves as they are (it turns the full-width －, ﹣ into -): the hyphen
# and the non-breaking hyphen word processors put in `GPT‑5`, the figure and en dashes,
# the minus sign. Read as `-`, so that a keyword's hyphen is one rule (`_plan`).
_HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))


def fold(text: str) -> str:
    """Case- and width-insensitive form for keyword comparison (ＡＢＣ, abc, ABC match;
    GPT－5 and GPT‑5 read as GPT-5)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_HYPHENS)


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _runs_on(end: str, ch: str) -> bool:
    """Whether the text's `ch` after the needle's last character `end` continues its word:
    a letter or digit does, except a number after a letter (`HBM` + `4`: the model)."""
    return _is_word_char(ch) and not (end.isalpha() and ch.isdigit())


def _versioned(needle: str) -> bool:
    """A name with a number (`gpt-5`, `5g`, `iphone 16`): its number is a version, which a
    decimal point and digit in the text continue (`gpt-5.5`); a bare number is not."""
    return any(ch.isalpha() for ch in needle)


def _decimal_on(needle: str, hay: str, i: int, j: int) -> bool:
    """Whether `hay[i:j]`, the needle found, is part of a longer decimal number: a digit at
    its end followed by `.digit`, or a digit at its start after `digit.`."""
    if not _versioned(needle):
        return False
    after = needle[-1].isdigit() and hay[j : j + 1] == "." and hay[j + 1 : j + 2].isdigit()
    before = needle[0].isdigit() and i >= 2 and hay[i - 1] == "." and hay[i - 2].isdigit()
    return after or before


def searched_text(title: str | None, digest: str | None, paragraphs: Iterable[object]) -> str:
    """What keywords and exclusions are looked for in: the title, the digest, the body,
    less the outlet's credit line, closing disclaimer and exclusive-report tag
    (`bot.fanout.boilerplate`)."""
    body = news_paragraphs(paragraphs or ())
    return "\n".join((news_title(title or ""), digest or "", *body))


def occurs(needle: str, hay: str) -> bool:
    """Whether folded `needle` occurs in folded `hay`, Latin ends at word boundaries; a
    space inside the needle may be missing in the text (`iphone 16` in `iPhone16系列`),
    and a needle typed in traditional characters (騰訊) also reads as simplified."""
    forms, seamed = _plan(needle)
    for form in forms:
        if form in hay and _occurs(form, hay):
            return True
    for form in seamed:  # `iphone16` in `iPhone 16`, `gpt5` in `GPT-5`: where two runs meet
        runs, gaps = _runs(form)
        every = any(g in hay for g in gaps) and all(r in hay for r in runs)
        if every and _seams(form).search(hay) is not None:
            return True
    return False


# The fan-out asks about every DISTINCT keyword of all chats on every article: room for
# all of them, so each keyword's forms are worked out once, not once per article.
@lru_cache(maxsize=1 << 16)
def _plan(needle: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the forms to find as they are, the forms that may have a space at a seam): the
    needle and its simplified reading, each also without its spaces. A hyphen between
    Latin letters or digits is such a space (`gpt-5`: `gpt5`, `gpt 5`, `gpt-5`)."""
    needle = _WORD_HYPHEN.sub(" ", needle)
    plain = simplified(needle)
    readings = (needle,) if plain == needle else (needle, plain)
    forms = [f for r in readings for f in ((r.replace(" ", ""), r) if " " in r else (r,))]
    return tuple(dict.fromkeys(forms)), tuple(r for r in readings if _runs(r)[1])


_WORD_HYPHEN = re.compile(r"(?<=[0-9a-z])-(?=[0-9a-z])")


def _kind(ch: str) -> str:
    """Latin letter, digit or Han character: where two meet, writers may put a space."""
    if ch.isascii():
        return "l" if ch.isalpha() else "d" if ch.isdigit() else ""
    o = ord(ch)
    return "h" if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000 else ""


@lru_cache(maxsize=1 << 16)  # every distinct keyword is asked about on every article
def _runs(needle: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The needle cut at its spaces and where a Latin, digit or Han run meets another;
    and each seam as the text may write it (`e 1` for `iphone|16`; `t 5`, `t-5` for
    `gpt|5`: a hyphen only between Latin letters and digits)."""
    runs: list[str] = []
    for word in needle.split(" "):
        for i, ch in enumerate(word):
            a, b = _kind(word[i - 1]) if i else "", _kind(ch)
            if i and a and b and a != b:
                runs.append(ch)
            elif i:
                runs[-1] += ch
            else:
                runs.append(ch)
    pairs = [(a[-1], b[0]) for a, b in itertools.pairwise(runs)]
    gaps = [f"{x}{sep}{y}" for x, y in pairs for sep in _joints(x, y)]
    return tuple(runs), tuple(gaps)


def _joints(left: str, right: str) -> tuple[str, ...]:
    """What may stand between two runs of a needle in the text, besides nothing."""
    return (" ", "-") if _is_word_char(left) and _is_word_char(right) else (" ",)


@lru_cache(maxsize=4096)
def _seams(needle: str) -> re.Pattern[str]:
    """The needle's runs with at most one space (or, between Latin letters and digits,
    one hyphen) between them, Latin ends at word boundaries as in `_occurs`. Asked only
    when every run is in the text."""
    left = r"(?<![0-9A-Za-z])" if _is_word_char(needle[0]) else ""
    right = ""
    if _is_word_char(needle[-1]):  # as `_runs_on`: a letter's word ends before a number
        right = r"(?![A-Za-z])" if needle[-1].isalpha() else r"(?![0-9A-Za-z])"
    if _versioned(needle):  # as `_decimal_on`: `gpt5` is not in `gpt-5.5`, `5g` in `2.5g`
        left += r"(?<![0-9]\.)" if needle[0].isdigit() else ""
        right += r"(?!\.[0-9])" if needle[-1].isdigit() else ""
    runs = _runs(needle)[0]
    body = re.escape(runs[0])
    for a, b in itertools.pairwise(runs):
        body += f"[{''.join(_joints(a[-1], b[0]))}]?" + re.escape(b)
    return re.compile(left + body + right)


def _occurs(needle: str, hay: str) -> bool:
    if not needle or needle not in hay:
        return False
    left, right = _is_word_char(needle[0]), _is_word_char(needle[-1])
    if not (left or right):
        return True
    i = hay.find(needle)
    while i >= 0:
        j = i + len(needle)
        if (
            not (left and i and _is_word_char(hay[i - 1]))
            and not (right and j < len(hay) and _runs_on(needle[-1], hay[j]))
            and not _decimal_on(needle, hay, i, j)
        ):
            return True
        i = hay.find(needle, i + 1)
    return False


def keywords_present(keywords: Iterable[str], text: str) -> list[str]:
    """The keyword values (as stored) that occur in `text` (see `occurs`).

    Called with the few DISTINCT keyword values of all subscriptions, so the SQL
    can then match subscriptions by `(kind, value) IN (...)` on its index instead
    of scanning chats.
    """
    hay = fold(text)
    return sorted({k for k in keywords if k and k.strip() and occurs(_folded(k), hay)})


@lru_cache(maxsize=1 << 16)  # a stored keyword, folded once (see `_plan`)
def _folded(keyword: str) -> str:
    return fold(keyword.strip())


@lru_cache(maxsize=1 << 12)
def keyword_key(keyword: str) -> str:
    """One key for the keywords that match the same posts: folded, a hyphen between Latin
    letters or digits read as a space, and no space where a Latin, digit or Han run meets
    another (the seams `occurs` lets the text write with or without one). `GPT-5`, `GPT5`
    and `gpt 5` -> `gpt5`; `Wi-Fi` and `wi fi` -> `wi fi`; `machine learning` stays."""
    text = _WORD_HYPHEN.sub(" ", _folded(keyword))
    out = []
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1:
            a, b = _kind(text[i - 1]), _kind(text[i + 1])
            if a and b and a != b:
                continue
        out.append(ch)
    return "".join(out)


def contradicts(keyword: str, exclude: str) -> bool:
    """Every post with `keyword` also has `exclude` in it (`kw:新能源车` / `-kw:新能源`):
    the keyword can never deliver anything."""
    return occurs(fold(exclude.strip()), fold(keyword.strip()))


def delivery_status(digest_mode: str | None) -> str:
    """`held` for digest chats (sent later as one message), else `queued` (the outbox's rule)."""
    return initial_status(digest_mode).value


@dataclass(frozen=True, slots=True)
class Sub:
    chat_id: int
    thread_id: int
    kind: str
    value: str
    mentions: bool = False  # ticker: also articles that only mention the stock


@dataclass(frozen=True, slots=True)
class ChatState:
    active: bool = True
    paused: bool = False
    digest_mode: str = "off"


def excludes(sub: Sub, *, chat_id: int, thread_id: int) -> bool:
    """Whether `sub` is an exclusion of this (chat, topic): the main chat's (thread 0)
    applies in every topic of it, a topic's in that topic only."""
    return sub.kind == "exclude" and sub.chat_id == chat_id and sub.thread_id in (0, thread_id)


def exclusion_hit(subs: Iterable[Sub], *, chat_id: int, thread_id: int, text: str) -> str | None:
    """The exclusion of this (chat, topic) that silences an article with `text`, if any.

    The fan-out's rule; the delivery worker asks it again when it sends, since a row can
    wait hours (digest, quiet hours, pause) and the reader may have excluded it meanwhile.
    """
    mine = {s.value for s in subs if excludes(s, chat_id=chat_id, thread_id=thread_id)}
    hits = keywords_present(mine, text)
    return hits[0] if hits else None


def matching_chats(
    *,
    category: str,
    tickers: Iterable[str],
    text: str,
    subscriptions: Iterable[Sub],
    chats: Mapping[int, ChatState],
    mentions: Iterable[str] = (),
) -> dict[tuple[int, int], str]:
    """(chat_id, thread_id) -> delivery status for one article; reference implementation.

    A chat absent from `chats` is treated as unknown and gets nothing (the SQL joins
    on the chats table).
    """
    subs = list(subscriptions)
    tick = set(tickers)
    named = set(mentions) - tick
    kw_hit = set(keywords_present({s.value for s in subs if s.kind == "keyword"}, text))
    matched: set[tuple[int, int]] = set()
    for s in subs:
        if (
            (s.kind == "category" and s.value == category)
            or (s.kind == "ticker" and (s.value in tick or (s.mentions and s.value in named)))
            or (s.kind == "keyword" and s.value in kw_hit)
        ):
            matched.add((s.chat_id, s.thread_id))
    out: dict[tuple[int, int], str] = {}
    for chat_id, thread_id in matched:
        if exclusion_hit(subs, chat_id=chat_id, thread_id=thread_id, text=text):
            continue
        state = chats.get(chat_id)
        if state is None or not state.active or state.paused:
            continue
        out[(chat_id, thread_id)] = delivery_status(state.digest_mode)
    return out


_WHY_ORDER = {"ticker": 0, "keyword": 1, "category": 2}


def why_matched(
    subs: Iterable[Sub],
    *,
    category: str,
    tickers: Iterable[str],
    text: str,
    mentions: Iterable[str] = (),
) -> Sub | None:
    """The subscription to name in the push as the reason it arrived (🔔 命中).

    The most specific one wins: a stock before a keyword before an outlet. None when
    nothing matches (an operator route changed, or the subscription was removed after
    the delivery was queued): the push then simply says nothing about why.
    """
    subs = [s for s in subs if s.kind in _WHY_ORDER]
    tick = set(tickers)
    named = set(mentions) - tick
    kw_hit = set(keywords_present({s.value for s in subs if s.kind == "keyword"}, text))
    hits = [
        s
        for s in subs
        if (s.kind == "category" and s.value == category)
        or (s.kind == "ticker" and (s.value in tick or (s.mentions and s.value in named)))
        or (s.kind == "keyword" and s.value in kw_hit)
    ]
    return min(hits, key=lambda s: (_WHY_ORDER[s.kind], s.value), default=None)
