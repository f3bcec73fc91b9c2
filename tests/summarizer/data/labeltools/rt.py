#!/usr/bin/env python3
"""Reading aid: print the reader text of posts (python rt.py FILE...), as validate.py sees it."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path("/work/shared/corpus")
_spec = importlib.util.spec_from_file_location("validate", "/work/shared/gold/validate.py")
validate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validate)


def text(rel: str) -> str:
    """Reader text of one corpus post (title + body, tags stripped, NFKC)."""
    return validate.reader_text(ROOT / rel)


if __name__ == "__main__":
    for rel in sys.argv[1:]:
        print(f"===== {rel}")
        print("\n".join(line.strip() for line in text(rel).splitlines() if line.strip()))
