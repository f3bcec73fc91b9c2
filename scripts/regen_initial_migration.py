"""Developer tool: rewrite the initial migration from the models (only before the first release).

Usage: python scripts/regen_initial_migration.py
"""

from pathlib import Path

from alembic import command

from bot.storage.db import make_engine
from bot.storage.migrate import MIGRATIONS, alembic_config

versions = MIGRATIONS / "versions"
for f in versions.glob("0001_*.py"):
    f.unlink()
tmp = Path("/tmp/finews-regen.db")
tmp.unlink(missing_ok=True)
engine = make_engine(f"sqlite:///{tmp}")
command.revision(alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001")
print("written:", *versions.glob("0001_*.py"))
