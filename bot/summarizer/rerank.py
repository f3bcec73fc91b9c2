"""What the post's shape says about its figures' rank, applied in one place after they are found.

Up: a figure past the lead whose sentence says the title's topic, a week-ahead calendar's
consensus forecasts. Down, as background: another period than the title's, history, an earlier
month, an aside, a market's size under a company's story, a deal's results, an earlier report.
Each rule lives in its own module (background.py, calendar.py). The order is the one the
figure extractor always ran: the lifts see the scores before any demotion, and a figure is
demoted once (a later rule skips one an earlier rule made background).
"""

from __future__ import annotations

from datetime import date

from bot.summarizer.background import (
    demote_asides,
    demote_deal_results,
    demote_earlier_months,
    demote_earlier_reports,
    demote_history,
    demote_market_sizes,
    demote_other_periods,
    lift_topic,
)
from bot.summarizer.calendar import lift_forecasts
from bot.summarizer.cand import Cand
from bot.summarizer.text import fold


def rerank(
    cands: list[Cand], title: str, names: tuple[str, ...], year: int, posted: date | None
) -> None:
    """Lifts and demotes `cands` in place by what the title and each one's sentence say."""
    lift_topic(cands, title, names)
    lift_forecasts(cands, title)
    folded = fold(title)
    demote_other_periods(cands, folded)
    demote_history(cands, folded, year)
    demote_earlier_months(cands, folded, posted)
    demote_asides(cands)
    demote_market_sizes(cands, title, year)
    demote_deal_results(cands, title)
    demote_earlier_reports(cands)
