#!/usr/bin/env python3
"""Write push-holdout.jsonl and figures-holdout.jsonl from the compact hand labels in lab/*.py.

Shared by the holdouts: run it in one (`python ../labeltools/build.py`) or name it
(`python tests/summarizer/data/labeltools/build.py tests/summarizer/data/holdout3`).

A label is R(file, ref, must, figs, about=..., nott=..., bad=..., hooks=...); a figure is a tuple
(value, flags, label_must, label_not) where flags holds "k" (key) and/or "f" (forecast), and the
label strings hold groups separated by ";" (each group's alternatives separated by "|").
Checks: every value and bad string is in the reader text, summary_ref <= 120 chars, 2-4 must items.
"""

import importlib.util
import json
import re
import sys
from pathlib import Path

# The holdout folder (its lab/, chosen.txt and JSONL files): the argument, else the current one.
HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path.cwd()
sys.path.insert(0, str(Path(__file__).resolve().parent))
from rt import text  # noqa: E402

RECORDS: list[dict] = []


def R(file, ref, must, figs, about=(), nott=(), bad=(), hooks=()):
    """Collect one hand label."""
    RECORDS.append(
        dict(file=file, ref=ref, must=must, figs=figs, about=about, nott=nott, bad=bad, hooks=hooks)
    )


def groups(s: str) -> list[str]:
    return [g.strip() for g in s.split(";") if g.strip()]


def main() -> int:
    for lab in sorted((HERE / "lab").glob("*.py")):
        spec = importlib.util.spec_from_file_location(lab.stem, lab)
        mod = importlib.util.module_from_spec(spec)
        mod.R = R
        spec.loader.exec_module(mod)
    chosen = [
        ln.split()[1] for ln in (HERE / "chosen.txt").read_text().splitlines()[1:] if ln.strip()
    ]
    by_file = {r["file"]: r for r in RECORDS}
    problems = []
    if sorted(by_file) != sorted(chosen) or len(RECORDS) != len(chosen):
        problems.append(
            f"labels {len(RECORDS)} vs chosen {len(chosen)}: missing {set(chosen) - set(by_file)}"
        )
    push, figs_out = [], []
    for f in chosen:
        r = by_file.get(f)
        if r is None:
            continue
        t = text(f)
        if len(r["ref"]) > 120:
            problems.append(f"{f}: summary_ref {len(r['ref'])} chars")
        if not 2 <= len(r["must"]) <= 4:
            problems.append(f"{f}: {len(r['must'])} summary_must items")
        for item in r["must"]:
            if not any(alt in r["ref"] for alt in item.split("|")):
                problems.append(f"{f}: must {item!r} not in summary_ref")
        for h in r["hooks"]:
            if h not in t:
                problems.append(f"{f}: hook {h!r} not in text")
        figures, seen = [], set()
        for value, flags, must, *rest in r["figs"]:
            if value in seen:
                problems.append(f"{f}: duplicate figure {value!r}")
            seen.add(value)
            if value not in t or not re.search(r"\d", value):
                problems.append(f"{f}: figure {value!r} not in reader text")
            if not groups(must):
                problems.append(f"{f}: figure {value!r} has no label_must")
            figures.append(
                dict(
                    value=value,
                    key="k" in flags,
                    label_must=groups(must),
                    label_not=[s for s in (rest[0] if rest else "").split("|") if s],
                    forecast="f" in flags,
                )
            )
        for b in r["bad"]:
            if b not in t or not re.search(r"\d", b):
                problems.append(f"{f}: bad {b!r} not in reader text")
        nkey = sum(x["key"] for x in figures)
        if nkey > 5:
            problems.append(f"{f}: {nkey} key figures")
        for tk in list(r["about"]) + list(r["nott"]):
            if not re.fullmatch(r"(\d{6}\.(SH|SZ|BJ)|\d{5}\.HK|[A-Z][A-Z0-9.]*\.US)", tk):
                problems.append(f"{f}: ticker {tk!r} not canonical")
        push.append(
            dict(
                file=f,
                summary_ref=r["ref"],
                summary_must=r["must"],
                summary_bad=list(r["hooks"]),
                figures=figures,
                tickers_about=list(r["about"]),
                tickers_not=list(r["nott"]),
            )
        )
        figs_out.append(
            dict(
                file=f,
                key=[x["value"] for x in figures if x["key"]],
                ok=[x["value"] for x in figures if not x["key"]],
                bad=list(r["bad"]),
            )
        )
    for name, rows in (("push-holdout.jsonl", push), ("figures-holdout.jsonl", figs_out)):
        (HERE / name).write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), encoding="utf-8"
        )
    for p in problems:
        print(p)
    nf = sum(len(x["figures"]) for x in push)
    nk = sum(len(x["key"]) for x in figs_out)
    nb = sum(len(x["bad"]) for x in figs_out)
    na = sum(len(x["tickers_about"]) for x in push)
    nn = sum(len(x["tickers_not"]) for x in push)
    print(
        f"{len(push)} records, {nf} figures ({nk} key), {nb} bad, {na} about, {nn} not; "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
