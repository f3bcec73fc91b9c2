"""How a config's validation errors are told: `<file>: invalid configuration`, then one
line per problem, `  - <key.path>: <what is wrong>`.

Values are validated strictly (`load_config`): a boolean or a whole number given as
a string (`enabled = "yes"`, `port = "9108"`), a whole number as a float
(`days = 90.0`) is refused rather than guessed. Those lines say what to write and
what was given (a short string, never one shaped like a bot token).
"""

from __future__ import annotations

import re

from pydantic import ValidationError

WANTED = {
    "bool_type": "must be true or false, without quotes",
    "int_type": "must be a whole number, without quotes",
    "float_type": "must be a number, without quotes",
}
SHOWN_CHARS = 20  # a longer string is not repeated
TOKEN_SHAPED = re.compile(r"\d+:[A-Za-z0-9_-]+")


def given(value: object) -> str:
    if isinstance(value, str):
        if len(value) > SHOWN_CHARS or TOKEN_SHAPED.search(value):
            return "a string"
        return f"the string {value!r}"
    if isinstance(value, bool | int | float):
        return repr(value).lower() if isinstance(value, bool) else repr(value)
    return {list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def describe(err: ValidationError, path: str) -> str:
    lines = [f"{path}: invalid configuration"]
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key"
        elif e["type"] in WANTED:
            msg = f"{WANTED[e['type']]} (given: {given(e['input'])})"
        lines.append(f"  - {key}: {msg}")
    return "\n".join(lines)
