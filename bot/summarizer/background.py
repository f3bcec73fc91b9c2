"""Which body figures are background, not the news: ranked down, shown only if they rank like a
lead figure (ranking.BACKGROUND_FLOOR).

A feature tells its news with a record around it: last year's results, the previous quarter,
an industry report's market size, an example, a contrast. Editors cut those lines (issue 9:
"none as filler"); each rule here marks one kind, by what the figure's own sentence says.
"""

from __future__ import annotations

import re
from datetime import date

from bot.summarizer.cand import Cand
from bot.summarizer.modality import forecast_marker
from bot.summarizer.ranking import DEEP_FLOOR, DEEP_PARA, LINE_FLOOR
from bot.summarizer.subjects import CLAUSE, other_period, period_of, title_periods
from bot.summarizer.titlewords import measure, title_units

# A figure of another period than the title's (全年 or 一季度 under a second-quarter title, last
# year's level) is background: below a lead figure of the news period, rarely past
# ranking.LINE_FLOOR.
OTHER_PERIOD_PENALTY = 20.0


def demote_other_periods(cands: list[Cand], title: str) -> None:
    """Body figures whose period (subjects.period_of) is not the one the title reports."""
    named = title_periods(title)
    if not named:
        return
    for c in cands:
        period = period_of(c.sent, c.span[0], c.prior) if c.para >= 0 and c.score >= 0 else None
        if period and other_period(period, named):
            _demote(c)


# A year two or more before the post's (2022年 in a 2026 post): history, not the news. Last
# year's annual figures are still reported in the new year (2025年营收 in a 2026 post); older
# ones are a company's track record or a report's base (editors cut them: the 2021/2022 results
# under a 2026 game launch, a 2024 market size under a 2026 funding round).
HISTORY_YEARS = 2
_YEAR = re.compile(r"(?=[12])(?<!\d)((?:19|20)\d{2})年(?:\d{1,2}月份?)?")  # (?=: scan fast
# ...but a year that starts a span to now (2024年9月至今, 2023年以来), or names what the figure
# is compared with or moved from (与2024年相比, 从2024年的977亿美元降至948亿美元), is not the
# figure's own period.
_NOT_ITS_YEAR = re.compile(r"^(?:以来|至今|迄今|起|开始|的|相比|同期|比|前|后|至|到|[-—~])")
_COMPARED = re.compile(r"(?:与|和|较|相较于|相比于?|从)$")


def _year_of(c: Cand) -> int:
    """The year the figure's own clause is dated with (0: none, or not its own)."""
    if c.paired:
        m = _YEAR.match(c.raw)
        return int(m.group(1)) if m else 0
    pre = c.sent[: c.span[0]]
    start = max(pre.rfind(p) for p in "，,；;：:") + 1
    found, range_to = 0, -1
    for m in _YEAR.finditer(pre):
        if pre.count("《", 0, m.start()) > pre.count("》", 0, m.start()):
            continue  # 《1974年贸易法》第122条: a name, not a date
        before = pre[: m.start()].lstrip(_BULLETS)
        head = not before or m.start() >= start or before.endswith(("。", "，"))
        head = head or before in _AT  # 在2016年成立之初，…曾获330万元: the sentence's time
        head = head or m.start() == range_to  # 2010年至2016年，…: the span's end dates it
        rest = pre[m.end() :]
        if head and (to := _RANGE_TO.match(rest)):
            range_to = m.end() + to.end()
        if not head or _NOT_ITS_YEAR.match(rest) or _COMPARED.search(pre[: m.start()]):
            found = 0
            continue
        found = int(m.group(1))
    return found


_AT = ("在", "于")  # a time adverbial opening the sentence (在2016年成立之初，…)
_BULLETS = "◆◇●○■□•▪▲△★☆·-—> \u3000"  # a list item's mark before its year (◆1995年2月23日，…)
# 2010年至2016年，A股市场并无个股股价超过500元 (em202605133734924335): a span of years, dated by
# its end (2024年至2025年，客户由7家增至49家 is last year's in a 2026 post, not history)
_RANGE_TO = re.compile(r"(?:至|到|-|—|~)(?=(?:19|20)\d{2}年)")


def demote_history(cands: list[Cand], title: str, year: int) -> None:
    """Body figures of a year long past, unless the title names that year: background."""
    if not year:
        return
    named = {int(y) for y in _YEAR.findall(title)}
    for c in cands:
        if c.para < 0 or c.score < 0 or c.background:
            continue
        ykey = _year_of(c)
        if ykey and ykey <= year - HISTORY_YEARS and ykey not in named:
            _demote(c)


# A sentence that opens on a month of the post's year two or more months back (今年2月，美国最高
# 法院裁定…对全球大部分进口商品征收为期150天的10%临时进口关税, under a July tariff announcement:
# em202607213813800172): the story's earlier chapter, unless the title names a month.
EARLIER_MONTHS = 2
_MONTH_OPENER = re.compile(r"^(?:今年)?(\d{1,2})月(?:份|初|中旬|上旬|下旬|中|底|末)?[，,]")
_TITLE_MONTH = re.compile(r"\d{1,2}月|[一二三四五六七八九十]{1,2}月")


def demote_earlier_months(cands: list[Cand], title: str, posted: date | None) -> None:
    """Body figures of a sentence that opens on an earlier month of the post's year: background."""
    if posted is None or _TITLE_MONTH.search(title):
        return
    for c in cands:
        if c.para < 0 or c.score < 0 or c.background:
            continue
        m = _MONTH_OPENER.match(c.sent)
        if m and 1 <= int(m.group(1)) <= posted.month - EARLIER_MONTHS:
            _demote(c)


# A sentence that opens on an example or a contrast gives another actor's number beside the
# news: 例如 (em202510093529779128 理财产品, em202607013788815354), 比如
# (36kr3501739193326465 一致魔芋); 相比之下 (wscn3772882, wscn3773824, em202608073835393180,
# wscn3756633); 作为参照/作为对比 (wscn3775570 韩国外汇储备, 36kr3879991356157952 光谱模组价格).
_ASIDE = re.compile(r"^(?:[^，,。]{0,8}[，,])?(?:例如|比如|相比之下|作为(?:参照|对比))")


def demote_asides(cands: list[Cand]) -> None:
    """Body figures of a sentence that opens on an example or a contrast, and figures in a bracket
    that is an aside: beside a figure of the sentence (目标价上调至117港元（此前为95港元）), or a
    list of evidence for what the sentence says (…美国云巨头的一季度业绩（谷歌云同比增长63%、
    Azure增长40%）已为行业景气度提供了佐证): background. A bracket that holds the sentence's one
    figure is its substance (长期依然看涨（预计2027年盈利将增长35-40%）)."""
    by_sent: dict[str, list[Cand]] = {}
    for c in cands:
        by_sent.setdefault(c.sent, []).append(c)
    for c in cands:
        if c.para < 0 or c.score < 0 or c.background:
            continue
        if _ASIDE.match(c.sent):
            _demote(c)
            continue
        inside = _bracket(c.sent, c.span)
        if inside is None or _SHARE_IN.match(c.sent, inside):
            continue  # 39,870名员工（约占员工总数的53.6%）: the share that number is of the whole
        mates = by_sent[c.sent]
        beside = any(_bracket(o.sent, o.span) is None for o in mates)
        listed = sum(_bracket(o.sent, o.span) == inside for o in mates) >= 2
        if beside or listed:
            _demote(c)


_SHARE_IN = re.compile(r"[（(]\s*(?:约|大约|合计|共)?占")


def _bracket(sent: str, span: tuple[int, int]) -> int | None:
    """Where the bracket the number stands in opens, after some words of the sentence; None when
    it stands in none."""
    opened = max(sent.rfind("（", 0, span[0]), sent.rfind("(", 0, span[0]))
    if opened <= 0 or max(sent.rfind("）", 0, span[0]), sent.rfind(")", 0, span[0])) > opened:
        return None
    return opened


# A push whose lead has no number shows none, though the body may state the title's own news far
# down (SpaceX近期提交了IPO申请，…计划以1.75万亿美元估值，募资750亿美元 under 星舰V3首飞成功…
# 会拖累SpaceX的IPO吗？: em202605233747405062; 摩根大通预测…微信AI Agent…增量收入 under 腾讯AI
# 找到“新船票”了吗: wscn3776245). A sentence sharing TOPIC_SHARE of the title's weight
# (titlewords.py) says its topic; lifted by TOPIC_BONUS, a deep figure at 40 (ranking.DEEP_FLOOR
# is 45) makes a line. Only for a push that would otherwise have none (TOPIC_UNTIL): where the
# lead has its numbers, a deep figure is background (a first try lifting every push's deep
# topical figures put a company's peers' moves above its own, and the 2025 results under a 2026
# quarter).
TOPIC_SHARE = 0.15
TOPIC_BONUS = 6.0
TOPIC_UNTIL = 1


def lift_topic(cands: list[Cand], title: str, names: tuple[str, ...]) -> None:
    """Where no figure would make a line, one past the lead whose sentence says the title's topic
    is the news, not background: it ranks above the deep body's other numbers."""
    shown = sum(c.score >= (DEEP_FLOOR if c.para >= DEEP_PARA else LINE_FLOOR) for c in cands)
    if shown >= TOPIC_UNTIL:
        return  # the push has its numbers: the deep body's stay background
    units = title_units(title, names)
    total = sum(units.values()) or 1.0
    for c in cands:
        if c.para < DEEP_PARA or c.score < 0:
            continue
        have, _ = measure(c.sent, units)
        if sum(units[u] for u in have) / total >= TOPIC_SHARE:
            c.score += TOPIC_BONUS


def _demote(c: Cand) -> None:
    c.score -= OTHER_PERIOD_PENALTY
    c.background = True


# A market's size, forecast or today (2030年微型光谱仪市场规模预计达21.5亿美元:
# 36kr3879991356157952; 2024年中国女性向游戏市场规模预计达80亿元: 36kr3487198888270977;
# 全球乐器市场规模超400亿美元: 36kr3718250298029443), under a title about a company, a deal
# or a launch, is the pitch's backdrop: a research house's number, not the news. Under a
# title that names that market (…光模块市场2026年料达260亿美元) it is the news.
_MARKET = re.compile(  # a market forecast (not 有市场机构预计其市值…: who forecasts)
    r"市场(?:规模|空间|容量)|市场(?!机构|人士|分析|参与|普遍|预期)(?=[^，,。]{0,4}(?:将|预计|有望|料))"
)
_MARKET_SIZE = re.compile(  # a market's size or sales (not a share of them: 销售额份额)
    r"市场(?:规模|容量|总规模)|市场[^，,。]{0,4}(?:收入|销售额)(?![^，,。]{0,4}(?:份额|占比|比例))"
)
_TITLE_MARKET = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,4})市场")
_CJK2 = re.compile(r"[\u4e00-\u9fff]{2}")


def demote_market_sizes(cands: list[Cand], title: str, year: int) -> None:
    """Body figures that give a market's size, under a title that does not name that market
    (…瞄准大众音乐市场 over 全球乐器市场规模超400亿美元: another market, the pitch's backdrop)."""
    named = {m[k : k + 2] for m in _TITLE_MARKET.findall(title) for k in range(len(m) - 1)}
    for c in cands:
        if c.para < 0 or c.score < 0 or c.background or c.is_change:
            continue
        clauses = CLAUSE.split(c.sent[: c.span[0]])
        near = "，".join(clauses[-2:])  # …市场规模约为4.6亿美元，预计2031年将达…
        if any(m in near for m in named if _CJK2.fullmatch(m)):
            continue  # …光模块市场2026年料达260亿美元 under its own title: the news
        forecast = _MARKET.search(near) and forecast_marker(c.sent, *c.span, year)
        if forecast or _MARKET_SIZE.search(clauses[-1]):
            _demote(c)


# A deal's story (titles with 收购: wscn3767688, em202606123768723514; 合并: em202509283525647189,
# em202605063729011977; 重组: em202511023552730925, posts/…202112082206934582): the parties'
# results for a period are background, not the deal's news (editors read 东方证券一季度营业收入
# under "东方证券+上海证券合并预案出炉" as not news: reviews/2026-12-06-twentysixth). A title
# that reports results (业绩, 营收, 净利…) makes them the news.
_DEAL = re.compile(r"收购|合并|重组")
_RESULTS_TITLE = re.compile(r"业绩|营收|收入|净利|利润|财报|季报|年报|中报|盈利|亏损|预增|预减")
_RESULTS = re.compile(r"(?:收入|营收|利润|净利|毛利率|每股收益)$")  # 营业收入, 归母净利润…


def demote_deal_results(cands: list[Cand], title: str) -> None:
    """A party's results for a period, under a deal's title that reports none: background."""
    if not _DEAL.search(title) or _RESULTS_TITLE.search(title):
        return
    for c in cands:
        if c.para < 0 or c.score < 0 or c.background or c.is_change:
            continue
        label = c.label or ""
        if _RESULTS.search(label) and period_of(c.sent, c.span[0], c.prior)[0]:
            _demote(c)


# A speech clause that says the report is an earlier one (知情人士此前透露，Cerebras最早将于本周一
# 将定价区间上调至每股125至135美元——而路透最新的报道显示…: wscn3771939, whose line 预计定价每股
# 125至135美元 editors failed again and again as the superseded range; 据央视新闻此前报道，…:
# wscn3756937; …此前表示，…: wscn3774272): what it reports was said before the news, background.
_EARLIER_REPORT = re.compile(r"此前(?:曾)?(?:透露|报道|表示|称|指出|预计|预测)$")


def demote_earlier_reports(cands: list[Cand]) -> None:
    """Body figures an earlier report gives (…此前透露，…): background to the news."""
    for c in cands:
        if c.para < 0 or c.score < 0 or c.background:
            continue
        clauses = CLAUSE.split(c.sent[: c.span[0]])
        if any(_EARLIER_REPORT.search(k.strip()) for k in clauses[:-1]):
            _demote(c)
