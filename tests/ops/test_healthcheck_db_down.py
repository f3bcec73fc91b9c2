"""`finews-bot healthcheck` against a PostgreSQL server that is not there: the JSON
report stays one line a monitor can show (no SQLAlchemy multi-line text), password hidden."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path


def test_healthcheck_with_the_database_down_reports_one_line(tmp_path: Path) -> None:
    """The report's `database` held SQLAlchemy's whole text: the driver's two lines plus
    '(Background on this error at: https://sqlalche.me/...)'. Now the first line of the
    driver's message only, and the URL's password never shows."""
    with socket.socket() as held:  # bound, never listening: connections are refused
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        cfg = tmp_path / "c.toml"
        cfg.write_text(
            f'[database]\nurl = "postgresql+psycopg://finews:s3cret-pw@127.0.0.1:{port}/finews"\n',
            encoding="utf-8",
        )
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "healthcheck", "--config", str(cfg)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["status"] == "fail"
    line = report["database"]
    assert "\n" not in line and "\t" not in line, line
    assert "sqlalche.me" not in line, line
    assert line.startswith("error: OperationalError: "), line
    assert f"port {port} failed: Connection refused" in line, line
    assert "s3cret-pw" not in proc.stdout + proc.stderr
