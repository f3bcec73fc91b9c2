"""`finews-bot stocks update` against a listing served from 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import sqlalchemy as sa

from bot.stocks.update import fetch_listing, names_of, rows_of
from bot.storage.db import make_engine
from bot.subscriptions.service import load_catalog

ROWS = [
    {"f12": "600519", "f13": 1, "f14": "贵州茅台"},
    {"f12": "000001", "f13": 1, "f14": "上证指数"},  # an index: skipped
    {"f12": "00700", "f13": 116, "f14": "腾讯控股"},
    {"f12": "920999", "f13": 0, "f14": "北交新股"},
    {"f12": "NEWCO", "f13": 105, "f14": "新上市公司"},
    {"f12": "300999", "f13": 0, "f14": "-"},  # no name
]


class _Listing(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        q = parse_qs(urlparse(self.path).query)
        page, size = int(q["pn"][0]), int(q["pz"][0])
        rows = ROWS[(page - 1) * size : page * size]
        # Eastmoney sends `diff` as a list or as an object keyed by position
        diff = rows if page % 2 else {str(i): r for i, r in enumerate(rows)}
        body = json.dumps({"data": {"total": len(ROWS), "diff": diff}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listing() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Listing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/qt/clist/get"
    finally:
        server.shutdown()


def test_rows_and_names() -> None:
    rows, total = rows_of({"data": {"total": 2, "diff": {"0": ROWS[0], "1": ROWS[1]}}})
    assert total == 2 and names_of(rows) == {"600519.SH": "贵州茅台"}
    assert rows_of({"data": None}) == ([], 0)


def test_fetch_pages(listing: str) -> None:
    names = fetch_listing(listing, page_size=2)
    assert names == {
        "600519.SH": "贵州茅台",
        "00700.HK": "腾讯控股",
        "920999.BJ": "北交新股",
        "NEWCO.US": "新上市公司",
    }


@pytest.mark.db
def test_stocks_update_command(db_url: str, listing: str, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "{db_url}"\n', encoding="utf-8")
    cmd = [sys.executable, "-m", "bot", "stocks", "update", "--config", str(cfg), "--url", listing]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "4 stocks listed, 4 names new or changed" in proc.stdout
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert "0 names new or changed" in again.stdout
    eng = make_engine(db_url)
    try:
        with eng.connect() as c:
            n = c.execute(sa.text("SELECT count(*) FROM stocks")).scalar_one()
        assert n == 4
        catalog = load_catalog(eng)
        assert catalog.tickers_named("新上市公司") == ["NEWCO.US"]  # not in the snapshot
        assert catalog.stock_directory.by_initials("xssgs") == ["NEWCO.US"]
    finally:
        eng.dispose()


def test_unreachable_listing_fails_clearly(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "x.db"}"\n', encoding="utf-8")
    cmd = [sys.executable, "-m", "bot", "stocks", "update", "--config", str(cfg),
           "--url", "http://127.0.0.1:9/nothing"]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "cannot read http://127.0.0.1:9/nothing" in proc.stderr


@pytest.mark.db
def test_a_days_trading_marker_is_no_name_change(engine) -> None:  # type: ignore[no-untyped-def]
    """On an ex-dividend day the listing shows `XD贵州茅` (XR, DR likewise), on a listing's
    first days `N..` / `C..`: markers of that day, cut to the exchange's length, not the
    company's name. The stored name stays; the next update brings nothing new either."""
    from bot.storage.db import session_scope
    from bot.storage.stocks import upsert_names

    with session_scope(engine) as s:
        upsert_names(s, {"600519.SH": "贵州茅台", "688981.SH": "中芯国际"})
    day = [
        {"f12": "600519", "f13": 1, "f14": "XD贵州茅"},
        {"f12": "688981", "f13": 1, "f14": "DR中芯国"},
        {"f12": "001400", "f13": 0, "f14": "N江顺"},
        {"f12": "301999", "f13": 0, "f14": "C新锐"},
        {"f12": "00700", "f13": 116, "f14": "腾讯控股"},
    ]
    with session_scope(engine) as s:
        upsert_names(s, names_of(day))
    catalog = load_catalog(engine)
    assert catalog.stock_display("600519.SH") == "贵州茅台 600519.SH"
    assert catalog.stock_display("688981.SH") == "中芯国际 688981.SH"
    assert names_of(day) == {"00700.HK": "腾讯控股"}  # new listings wait for their name


@pytest.mark.db
def test_upsert_names_uses_no_deprecated_sqlalchemy(engine) -> None:  # type: ignore[no-untyped-def]
    """`Result.tuples()` is deprecated in SQLAlchemy 2.1 (rows unpack as tuples): it
    warned on every `stocks update` and would break on its removal."""
    import warnings

    from bot.storage.db import session_scope
    from bot.storage.stocks import upsert_names

    with warnings.catch_warnings():
        warnings.simplefilter("error", sa.exc.SADeprecationWarning)
        with session_scope(engine) as s:
            assert upsert_names(s, {"600519.SH": "贵州茅台"}) == 1
        with session_scope(engine) as s:
            assert upsert_names(s, {"600519.SH": "贵州茅台", "00700.HK": "腾讯控股"}) == 1


class _Malformed(BaseHTTPRequestHandler):
    """A listing answering JSON of the wrong shape (an API change, a proxy's own JSON)."""

    body = b'{"data": {"total": 3, "diff": 7}}'

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    "payload",
    [{"data": {"total": 3, "diff": 7}}, {"data": {"total": [3], "diff": []}}, {"data": []}],
)
def test_a_malformed_listing_is_refused(payload: object) -> None:
    if payload == {"data": []}:  # no data at all: an empty page, not an error
        assert rows_of(payload) == ([], 0)
        return
    with pytest.raises(ValueError, match="malformed"):
        rows_of(payload)


def test_stocks_update_says_a_malformed_listing_cannot_be_read(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Malformed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        cfg = tmp_path / "c.toml"
        cfg.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "x.db"}"\n', encoding="utf-8")
        url = f"http://127.0.0.1:{server.server_address[1]}/api/qt/clist/get"
        cmd = [sys.executable, "-m", "bot", "stocks", "update", "--config", str(cfg), "--url", url]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert proc.returncode == 1, proc.stderr
    assert f"cannot read {url}: malformed" in proc.stderr and "Traceback" not in proc.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("where", ["postgresql-down", "data_dir-blocked"])
def test_an_unusable_database_is_one_line(listing: str, tmp_path: Path, where: str) -> None:
    """`stocks update` with its database down (PostgreSQL not up yet) or a data_dir it
    cannot create died in a traceback ('CRITICAL finews: unhandled exception',
    OperationalError / NotADirectoryError) after reading the whole listing. It is now the
    one `cannot use the database ...` line the other commands give, password hidden,
    exit 1, and the listing is not read for nothing."""
    if where == "postgresql-down":
        url = f"postgresql+psycopg://finews:s3cretpw@127.0.0.1:{_free_port()}/finews"
        config = f'[database]\nurl = "{url}"\n'
        shown = "cannot use the database postgresql+psycopg://finews:***@127.0.0.1:"
    else:
        (tmp_path / "a-file").write_text("", encoding="utf-8")
        config = f'data_dir = "{tmp_path / "a-file" / "data"}"\n'
        shown = f"cannot use the database sqlite:///{tmp_path / 'a-file' / 'data'}"
    cfg = tmp_path / "c.toml"
    cfg.write_text(config, encoding="utf-8")
    cmd = [sys.executable, "-m", "bot", "stocks", "update", "--config", str(cfg), "--url", listing]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert f"finews-bot stocks update: {shown}" in proc.stderr, proc.stderr[-3000:]
    assert "s3cretpw" not in proc.stdout + proc.stderr
    assert "stock listing" not in proc.stderr  # the database is checked first
