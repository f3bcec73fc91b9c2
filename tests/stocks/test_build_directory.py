"""The directory build reads Hong Kong listings from matchina's entities.db (made-up rows)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _build_module() -> ModuleType:  # a script, loaded by its path
    spec = importlib.util.spec_from_file_location(
        "build_stock_directory", ROOT / "scripts" / "build_stock_directory.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hk_listings_keep_chinese_names_of_hkd_lines(tmp_path: Path) -> None:
    db = tmp_path / "entities.db"
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE entities (id TEXT, name_cn TEXT, name_en TEXT, source TEXT,"
        " status TEXT, stock_code TEXT)"
    )
    rows = [
        ("HK1", "甲乙控股－Ｗ", "JIAYI-W", "hk_stock", "存续", "01234"),  # full-width class
        ("HK2", "甲乙控股－ＷＲ", "JIAYI-WR", "hk_stock", "存续", "81234"),  # RMB counter
        ("HK3", "某美国公司", "SOMECO-T", "hk_stock", "存续", "04330"),  # US company's HK line
        ("HK4", "ALPHA GROUP", "ALPHA GROUP", "hk_stock", "存续", "05678"),  # no Chinese name
        ("HK5", "丙丁集团", "BINGDING", "hk_stock", None, "09999"),  # not from HKEX's list
        ("HK6", "戊己科技", "WUJI", "hk_stock", "存续", "02345"),
    ]
    con.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    assert _build_module().hk_listings(db) == {"01234.HK": "甲乙控股", "02345.HK": "戊己科技"}
