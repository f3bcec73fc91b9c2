"""What the subscription commands say: the targets a reply names, what /unsub removed,
the keywords an exclusion silences (`handlers_subs`)."""

from __future__ import annotations

from bot.subscriptions import service
from bot.subscriptions.targets import Target
from bot.telegram.i18n import Html, describe, esc, t


def items_text(lang: str, targets: list[Target]) -> Html:
    return Html("、".join(describe(lang, x.kind, x.display) for x in targets))


def clash_lines(lang: str, clash: list[tuple[str, str]], most: int = 5) -> list[str]:
    """A line for each of the first `most` (keyword, exclusion) pairs, then how many more
    keywords are silenced: a line each for all of them (~90 characters) could pass
    Telegram's 4096, and the whole reply would fail."""
    lines = [t(lang, "keyword_excluded", keyword=k, exclude=x) for k, x in clash[:most]]
    more = {k for k, _ in clash[most:]} - {k for k, _ in clash[:most]}
    return [*lines, t(lang, "keyword_excluded_more", n=len(more))] if more else lines


def removed_lines(lang: str, res: service.RemoveResult) -> list[str]:
    """What /unsub did, in words: subscriptions and exclusions read differently."""
    lines = []
    subs = [x for x in res.removed if x.kind != "exclude"]
    excl = [x for x in res.removed if x.kind == "exclude"]
    if subs:
        lines.append(t(lang, "unsubscribed", items=items_text(lang, subs)))
    if excl:
        words = Html("、".join(esc(x.display) for x in excl))
        lines.append(t(lang, "unexcluded", items=words))
    if res.managed:
        lines.append(t(lang, "managed", items=items_text(lang, res.managed)))
    if res.missing:
        lines.append(t(lang, "not_subscribed", items=items_text(lang, res.missing)))
    if res.elsewhere:
        lines.append(t(lang, "subscribed_elsewhere", items=items_text(lang, res.elsewhere)))
    return lines
