"""Same-story detection: pure logic (no I/O). See `decision` for the rules."""

from bot.stories.decision import WINDOW, Decision, Kind, Known, decide, same_story
from bot.stories.memory import CANDIDATES, PER_KEY, MemoryIndex
from bot.stories.shingles import Features, features_of
from bot.stories.signature import keys_of

__all__ = [
    "CANDIDATES",
    "PER_KEY",
    "WINDOW",
    "Decision",
    "Features",
    "Kind",
    "Known",
    "MemoryIndex",
    "decide",
    "features_of",
    "keys_of",
    "same_story",
]
