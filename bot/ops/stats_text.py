"""`collect_stats`' data as text: English for a terminal (`finews-bot stats`), the chat's
language for `/stats`."""

from __future__ import annotations

from typing import Any


def _fmt_age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = int(seconds)
    if s < 120:
        return f"{s}s"
    if s < 7200:
        return f"{s // 60}m"
    if s < 172800:
        return f"{s // 3600}h{(s % 3600) // 60:02d}m"
    return f"{s // 86400}d"


def _fmt_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "—"


_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "head": "finews-bot status ({at} UTC)",
        "articles": "Articles: {today} today, {total} in all",
        "sources": "Sources:",
        "none": "  (not polled yet)",
        "source": "  [{ok}] {name} ({kind}): last ok {age} ago, {today} today, latency {latency}",
        "unpolled": "  [ - ] {name} ({kind}): not polled yet",
        "removed": "  Removed from the config (not polled; history kept): {names}",
        "overflow": "        feed window overflowed {n} times (posts may be missing)",
        "error": "        {n} failures in a row, last error ({at}): {error}",
        "chats": "Chats: {total} ({kinds}); {active} active, {inactive} inactive, {paused} paused, "
        "{no_rights} where the bot may not post",
        "subs": "Subscriptions: {total} ({kinds})",
        "outbox": "Outbox: {queued} queued, {sending} sending, {held} held, {sent} sent today, "
        "{failed} failed, {unknown} unknown",
        "events": "  Since start: 429 {r429}, no answer {unknown}, resent {resent}, "
        "unreadable answers {unreadable}, network retries {network}",
        "oldest": "  Oldest undelivered: {age}",
        "relayed": "  Telegram updates waiting for the sender: {n} (oldest {age}; "
        "is a sender running?)",
        "stories": "Stories: retold today {retold}, repeats not pushed {repeats}, "
        "updates {updates}",
        "reasons": "  Failed by reason: {reasons}",
        "silent": "Silent outlets (followed, no post for {days} days; renamed on the site? "
        "`finews-bot outlets rename OLD NEW`):",
        "outlet": "  {slug}{name}: {chats} chat(s), last post {last}",
        "never": "never seen",
    },
    "zh": {
        "head": "finews-bot 状态（{at} UTC）",
        "articles": "文章：今日 {today} 篇，总计 {total} 篇",
        "sources": "来源：",
        "none": "  （尚未轮询）",
        "source": "  [{ok}] {name}（{kind}）：上次成功在 {age} 前，今日 {today} 篇，耗时 {latency}",
        "unpolled": "  [ - ] {name}（{kind}）：尚未轮询",
        "removed": "  已从配置中移除（不再轮询，保留历史）：{names}",
        "overflow": "        订阅源窗口溢出 {n} 次（可能漏掉文章）",
        "error": "        连续失败 {n} 次，最近错误（{at}）：{error}",
        "chats": "会话：{total} 个（{kinds}）；活跃 {active}，停用 {inactive}，暂停 {paused}，"
        "无权发言 {no_rights}",
        "subs": "订阅：{total} 个（{kinds}）",
        "outbox": "发送队列：排队 {queued}，发送中 {sending}，暂存 {held}，今日已发 {sent}，"
        "失败 {failed}，结果不明 {unknown}",
        "events": "  启动以来：429 {r429} 次，无应答 {unknown}，重发 {resent}，"
        "应答无法解析 {unreadable}，网络重试 {network}",
        "oldest": "  最久未发：{age}",
        "relayed": "  待发送方处理的 Telegram 更新：{n} 条（最久 {age}；发送方是否在运行？）",
        "stories": "同一新闻：今日多次报道 {retold}，未推送的重复 {repeats}，更新 {updates}",
        "reasons": "  失败原因：{reasons}",
        "silent": "沉寂的媒体（有订阅，{days} 天无新文章；若网站上已改名，可用 "
        "`finews-bot outlets rename OLD NEW` 迁移订阅）：",
        "outlet": "  {slug}{name}：{chats} 个会话订阅，最近一篇 {last}",
        "never": "从未收录",
    },
}


def format_stats(data: dict[str, Any], lang: str = "en") -> str:
    """Readable text for a terminal (English) or a Telegram message (the chat's language),
    one language per text; plain text, no markup."""
    w = _WORDS.get(lang, _WORDS["en"])
    arts = data["articles"]
    lines = [
        w["head"].format(at=data["generated_at"][:19]),
        w["articles"].format(today=arts["today"], total=arts["total"]),
        "",
        w["sources"],
    ]
    if not data["sources"]:
        lines.append(w["none"])
    for s in data["sources"]:
        if not (s["polls"] or s["last_success"] or s["last_error"]):
            lines.append(w["unpolled"].format(name=s["name"], kind=s["kind"]))
            continue
        ok = "OK " if s["consecutive_failures"] == 0 and s["last_success"] else "ERR"
        latency = f"{s['last_poll_ms']}ms" if s["last_poll_ms"] is not None else "—"
        lines.append(
            w["source"].format(
                ok=ok,
                name=s["name"],
                kind=s["kind"],
                age=_fmt_age(s["last_success_age_s"]),
                today=s["articles_today"],
                latency=latency,
            )
        )
        if s.get("feed_overflows"):
            lines.append(w["overflow"].format(n=s["feed_overflows"]))
        if s["last_error"]:
            lines.append(
                w["error"].format(
                    n=s["consecutive_failures"],
                    at=(s["last_error_at"] or "")[:19],
                    error=s["last_error"][:160],
                )
            )
    if data.get("removed_sources"):
        names = ", ".join(s["name"] for s in data["removed_sources"])
        lines.append(w["removed"].format(names=names))
    ch, sub, ob = data["chats"], data["subscriptions"], data["outbox"]
    lines += [
        "",
        w["chats"].format(
            total=ch["total"],
            kinds=_fmt_counts(ch["by_kind"]),
            active=ch["active"],
            inactive=ch["inactive"],
            paused=ch["paused"],
            no_rights=ch["no_rights"],
        ),
        w["subs"].format(total=sub["total"], kinds=_fmt_counts(sub["by_kind"])),
        "",
        w["outbox"].format(
            queued=ob["queued"],
            sending=ob["sending"],
            held=ob["held"],
            sent=ob["sent_today"],
            failed=ob["failed"],
            unknown=ob["unknown"],
        ),
    ]
    ev = ob["events"]
    lines.append(
        w["events"].format(
            r429=ev["429"],
            unknown=ev["unknown"],
            resent=ev["resent_unknown"],
            unreadable=ev["answered_unreadable"],
            network=ev["network"],
        )
    )
    lines.append(w["oldest"].format(age=_fmt_age(ob["oldest_undelivered_age_s"])))
    if ob.get("relayed_waiting"):
        age = _fmt_age(ob["oldest_relayed_age_s"])
        lines.append(w["relayed"].format(n=ob["relayed_waiting"], age=age))
    st = data.get("stories") or {}
    if st:
        lines.append(
            w["stories"].format(
                retold=st["retold_today"],
                repeats=st["repeats_today"],
                updates=st["updates_today"],
            )
        )
    if ob["failed_by_reason"]:
        lines.append(w["reasons"].format(reasons=_fmt_counts(ob["failed_by_reason"])))
    lines += _silent_lines(data, w)
    return "\n".join(lines)


def _silent_lines(data: dict[str, Any], w: dict[str, str]) -> list[str]:
    outlets = data.get("silent_outlets") or []
    if not outlets:
        return []
    lines = ["", w["silent"].format(days=data["silent_days"])]
    for o in outlets:
        name = f" ({o['name']})" if o["name"] else ""
        last = (o["last_post"] or "")[:10] or w["never"]
        lines.append(w["outlet"].format(slug=o["slug"], name=name, chats=o["chats"], last=last))
    return lines
