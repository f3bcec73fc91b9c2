"""Index keys of an article: MinHash LSH bands of its title, and its rarer figures.

An earlier report of the same story is found by key, never by comparing with every
stored article: two titles whose bigram sets have Jaccard similarity s share at least
one of BANDS bands of ROWS MinHash values with probability 1 - (1 - s^ROWS)^BANDS
(s = 0.25: 0.87, s = 0.33: 0.97; unrelated headlines of the same day, s ~ 0.05: 8%).
The second rule of `bot.stories.decision` (same lead and figures, different
headline) is found by the figures: a figure precise enough to name one event
(6.3512, 3.54亿, 222) is a key of its own.

MinHash comes from datasketch (fixed seed, so every process and every restart
computes the same keys for the same title); a key is a signed 64-bit integer, so it
fits a BIGINT column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from typing import Any

from bot.stories.shingles import Features, precise

ROWS = 2
BANDS = 32
SEED = 20211208
_SALT = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


def _signed(x: int) -> int:
    x &= _MASK
    return x - (1 << 64) if x >= 1 << 63 else x


@cache
def _minhash() -> tuple[Any, Any]:
    """datasketch, imported on first use: its package pulls in scipy (~2 s of start-up),
    which `finews-bot parse`, `preview` and the Telegram side never need."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=ROWS * BANDS, seed=SEED)


def band_keys(grams: Iterable[str]) -> list[int]:
    """BANDS keys: band number and its ROWS minimum hash values, packed into 64 bits."""
    items = [g.encode("utf-8") for g in grams]
    if not items:
        return []
    minhash, template = _minhash()
    m = minhash(
        num_perm=ROWS * BANDS,
        seed=SEED,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    m.update_batch(items)
    hv = [int(v) for v in m.hashvalues]  # 32-bit values under the affine32 scheme
    return [
        _signed(((hv[b * ROWS] << 32) | hv[b * ROWS + 1]) ^ ((b + 1) * _SALT)) for b in range(BANDS)
    ]


def figure_key(figure: str) -> int:
    digest = hashlib.blake2b(f"f:{figure}".encode(), digest_size=8).digest()
    return _signed(int.from_bytes(digest, "big"))


def keys_of(features: Features) -> list[int]:
    """Every index key of an article: title bands, then its precise figures."""
    keys = band_keys(sorted(features.title))
    keys += [figure_key(f) for f in sorted(features.figures) if precise(f)]
    return list(dict.fromkeys(keys))
