"""Whose number, and of which period: the subject and period a figure's clause leaves out.

Chinese drops what a clause shares with the one before: 三星电子一季度销售额133.87万亿韩元，
营业利润57.23万亿韩元 says 营业利润 once the actor and the quarter are set; 2025年全年，三星
销售额…，营业利润… sets the period in a clause of its own. A line `营业利润 57.23万亿韩元` under a
title about the second quarter then reads as the news. This module tracks, for a figure:

- its period: the last period phrase before it in its sentence, else in the sentences before it
  in its paragraph (一季度, 上半年, 全年, 2025年, 4月…; a day such as 10月1日 is no period);
- its subject: the head of the nearest clause before it in the sentence that opens with a name
  (苹果涨近5%，市值突破4.5万亿美元 -> 苹果);

so that a bare metric label can say both, and a figure of another period than the title's
(last year, the previous quarter, last month) ranks as background rather than news.
"""

from __future__ import annotations

import re

from bot.summarizer.labels import is_metric, pos_words
from bot.summarizer.text import shares_pair
from bot.summarizer.whose import PERIOD_WORD, SAYS_END

_CN_NUM = "一二三四"
# A period as written (the year is optional): 2026年第二季度, Q1, 上半年, 前三季度, 全年, 4月份,
# 1-5月, 2026财年, 第四财季, 2024年. Not a day (10月1日), not a span (12个月), not 年期.
_YEAR = r"\d{4}(?:年度?|财年)|今年|去年|上年|明年"
_PART = (
    r"第?[一二三四1-4](?:季度|财季)|[一二三四1-4]季度|Q[1-4]|[上下]半年|H[12](?![\d])|"
    r"前[一二三四五六七八九十\d]{1,2}(?:个月|月|季度)|全年|"
    r"(?:\d{1,2}[-至到~—])?\d{1,2}月(?:份)?(?![\d日号])(?!期)"
)
PERIOD = re.compile(rf"(?P<year>{_YEAR})?\s*(?P<part>{_PART})?")
# The matches of PERIOD that hold a year or a part, and only those: PERIOD also matches empty
# (or blank) at every other offset, which periods() skips. The lookahead lets the scan skip them
# in the regex engine instead; a match it allows is PERIOD's own match there.
# (?=[…]) before it: the characters such a match opens with, so the scan skips other offsets in C
_PERIOD_FOUND = re.compile(
    rf"(?=[\d今去上明\s第一二三四1-4Q下H前全])(?=(?:{_YEAR})|\s*(?:{_PART})){PERIOD.pattern}"
)
_COMPARED_WITH = re.compile(r"(?:较|比|相比|相较于?)\s*$")
_FROM = re.compile(r"(?:由|从)\s*$")
_OF_VALUE = re.compile(r"(?:同期)?的?\s*\d")
_DAY_OR_SPAN = re.compile(r"^(?:\d{1,2}日|号|个|年期|期)")
_RANGE_NEXT = re.compile(r"\s*[至到~—－-]\s*\d{4}")
_RANGE_BEFORE = re.compile(r"(?:\d{4}年?|今年|去年|明年)\s*[至到~—－-]\s*$")
_LEAD = re.compile(
    r"^(?:其中|此外|另外|(?:具体|总体|整体)(?:来看|而言)|同时|而且|并且|而|并|且|但|对此|据悉|另一方面|与此同时|此后|随后|"
    r"截至[^，]{0,12}|截止[^，]{0,12}|(?:当地|北京|美东)时间[^，]{0,10}|"
    r"据[^，]{0,16}(?:显示|称|报道|统计|数据)|数据显示|财报显示|公告显示|报告显示|资料显示)"
)
CLAUSE = re.compile(r"[，,；;：:]")
# Words that name no actor (公司 in a post about one company says nothing the title does not).
_NO_ACTOR = set(
    "公司 该公司 本公司 其 该 市场 投资者 分析师 数据 报告 业绩 同比 环比 整体 总体 具体".split()  # noqa: SIM905
) | {"现报", "收报", "最新报", "报收", "收于"}  # a quote's verb (现报17.74港元，总市值…), tagged n
_HEAD_FLAGS = ("n", "eng", "j", "s")  # nouns and names (jieba tags 苹果/n, 东方/s)


_QUARTER_DIGIT = re.compile(r"^([1-4])季度$")
_MONTHS_SINCE_JANUARY = re.compile(
    r"(?:前([一二三四五六七八九十]|\d{1,2})个?|1[-至到~—])(\d{1,2})?月"
)


def _norm_part(part: str) -> str:
    p = part.replace("第", "").replace("财季", "季度").replace("份", "")
    for i, ch in enumerate(_CN_NUM, 1):
        p = p.replace(f"{ch}季度", f"Q{i}")
    p = _QUARTER_DIGIT.sub(r"Q\1", p)
    # 前5月, 前五个月, 1—5月, 1至5月: the same span of months since January
    if m := _MONTHS_SINCE_JANUARY.fullmatch(p):
        n = m.group(1) or m.group(2) or ""
        n = str("一二三四五六七八九十".index(n) + 1) if n in "一二三四五六七八九十" and n else n
        return f"1-{n}月"
    return {"上半年": "H1", "下半年": "H2"}.get(p, p)


def periods(text: str) -> list[tuple[int, str, str, str]]:
    """(end offset, as written, year key, part key) of each period phrase in `text`."""
    out: list[tuple[int, str, str, str]] = []
    for m in _PERIOD_FOUND.finditer(text):
        if not m.group(0).strip() or _DAY_OR_SPAN.match(text[m.end() :]):
            continue
        if _RANGE_NEXT.match(text, m.end()) or _RANGE_BEFORE.search(text, 0, m.start()):
            continue  # 2023年至2025年, 分别…: a span of years is no one figure's period
        if _COMPARED_WITH.search(text, 0, m.start()):
            continue  # 较2025年一季报同比增长6.7%: the period it is compared with, not its own
        if _FROM.search(text, 0, m.start()) and _OF_VALUE.match(text, m.end()):
            continue  # 由2015年的13.1亿元增长到20.5亿元: the old value's year, not the new one's
        if (
            m.group("part")
            and m.group("part").endswith("月")
            and text[m.end() : m.end() + 1] in ("底", "末", "初")
        ):
            # 截至6月底: a date the total stands at, not June's own amount; a period written
            # before it (从2025年底的90亿美元，将于2026年6月底增至…) is another value's
            out.clear()
            continue
        year, part = m.group("year") or "", m.group("part") or ""
        if not part and year in ("今年", "明年"):
            continue  # 今年以来, 明年: no period of a reported figure
        ykey = "LY" if year in ("去年", "上年") else year[:4]
        out.append((m.end(), m.group(0).strip(), ykey, _norm_part(part)))
    return out


def period_of(sent: str, start: int, prior: str = "") -> tuple[str, str, str]:
    """The period a figure at sent[start] belongs to: (as written, year key, part key)."""
    found = periods(sent[:start])
    if found and NOW.search(sent, found[-1][0], start):  # found[-1][0]: where the period ends
        return "", "", ""  # 首家门店于今年2月成立，目前…单店月营收20万+: today's, not February's
    if not found and prior:  # 2025年上半年，…: a period that heads an earlier sentence
        for before in prior.split("。"):
            found = periods(CLAUSE.split(before)[0]) or _reported(before) or found
    if not found:
        return "", "", ""
    _, shown, ykey, pkey = found[-1]
    return shown, ykey, pkey


# The period of the results a sentence says were published (三星电子公布2026年第二季度业绩初步
# 数据，…。预计销售额为171万亿韩元: em202607073795566998; …公布2025年第三季度初步业绩:
# wscn3756937; …公布了好于预期的第四季度财报业绩: em202601293634188234): the figures after it
# are that period's.
_REPORT_OF = re.compile(r"(?:的)?(?:初步)?(?:业绩|财报|季报|年报|中报|经营数据|财务数据)")


def _reported(sentence: str) -> list[tuple[int, str, str, str]]:
    """The period of the results `sentence` reports, as periods() gives it; [] if none."""
    return [p for p in periods(sentence) if _REPORT_OF.match(sentence, p[0]) and p[3]][-1:]


def title_periods(title: str) -> list[tuple[str, str]]:
    """(year key, part key) of the periods the title names."""
    return [(y, p) for _, _, y, p in periods(title)]


def other_period(fig: tuple[str, str, str], title: list[tuple[str, str]]) -> bool:
    """The figure's period is not the title's news period: background, not the headline.

    二季度 in the title, 一季度 or 全年 (or 去年) for the figure: another period. Only parts of a
    year are compared (a title's 2033年 is often a target, the body's 2025年 the start): a figure
    whose part the text does not say, or a title without one, is no conflict.
    """
    _, ykey, pkey = fig
    parts = [(ty, tp) for ty, tp in title if tp]
    if not parts or not (pkey or ykey == "LY"):
        return False
    for ty, tp in parts:
        if ykey == "LY" and ty != "LY":
            continue
        if not pkey or pkey == tp:
            return False
    return True


_DIGIT = re.compile(r"\d")


def clause_actor(sent: str, start: int) -> str:
    """The name heading the nearest clause before sent[start] that states a figure of its own
    (三星电子一季度销售额133.87万亿韩元，营业利润… -> 三星电子; 苹果涨近5%，市值… -> 苹果)."""
    clauses = CLAUSE.split(sent[:start])
    for clause in reversed(clauses[:-1]):
        if not _DIGIT.search(clause):
            continue  # 消息显示，该公司已同意以97亿美元的价格: no figure, no actor to carry
        return _head(clause, past_forecast=True)
    return ""


def nearest_actor(sent: str, start: int) -> str:
    """The name heading the nearest clause before sent[start] that opens with one, the number's
    own clause first (阿联酋防空部队已拦截了304枚 -> 阿联酋防空部队; …，其中磷泰集团出资2亿元，持股
    50%；佰瑞德矿业出资4000万元，持股10% -> 佰瑞德矿业 for 10%). '' if none, if a clause that
    names who says it comes first (Wind数据显示，…), or if the name is one of a list (亚马逊、Meta
    和甲骨文五家公司)."""
    clauses = CLAUSE.split(sent[:start])
    for k in range(len(clauses) - 1, -1, -1):
        clause = clauses[k]
        if k < len(clauses) - 1 and SAYS_END.search(clause):
            return ""
        if (head := _head(clause)) and not head.endswith(_TOPIC_END):
            rest = clause.strip()
            at = rest.find(head)
            return "" if _LIST_NEXT.match(rest, at + len(head)) else head
        if k < len(clauses) - 1 and _DIGIT.search(clause) and _has_noun(clause):
            return ""  # a list item of its own whose name is not read (佰瑞德 is tagged a numeral)
    return ""


def _has_noun(text: str) -> bool:
    return any(f.startswith(("n", "eng")) for _, f in pos_words(text))


_LIST_NEXT = re.compile(r"\s*(?:、|和|与|及|以及|跟)")
_TOPIC_END = ("方面", "而言", "来看")  # 个股方面，…: what follows is about, not by, it


def sentence_actor(sent: str, start: int) -> str:
    """The name heading the first clause before sent[start] that opens with one (7月27日，伦敦
    现货黄金高开高走，…，升破4100美元/盎司 -> 伦敦现货黄金): what a bare move is a move of."""
    for clause in CLAUSE.split(sent[:start])[:-1]:
        if SAYS_END.search(clause):
            continue  # Wind数据显示，…: who reports it, not what moved
        if head := _head(clause):
            return head
    return ""


def _head(clause: str, *, past_forecast: bool = False) -> str:
    text = clause.strip()
    while (m := _LEAD.match(text)) and m.group(0):
        text = text[m.end() :].lstrip("，, ")
    if past_forecast:
        text = _FORECAST_HEAD.sub("", text)  # 预计7月政府债券发行规模较高: the bonds' figure
    for _, shown, _, _ in periods(text)[:1]:
        if text.startswith(shown):
            text = text[len(shown) :]
    out: list[tuple[str, str]] = []
    ws = pos_words(text[:16])
    for k, (word, flag) in enumerate(ws):
        if is_metric(word) or not flag.startswith(_HEAD_FLAGS):
            break
        if out and flag == "nr" and len(word) >= 3 and ws[k + 1 : k + 2] and ws[k + 1][1] == "v":
            break  # 伦敦现货黄金|高开高(nr)|走(v): a guessed name glued to the verb after it
        out.append((word, flag))
    after = ws[len(out)][0] if len(out) < len(ws) else ""
    if len(out) == 1 and out[0][1] == "n" and is_metric(after):
        return ""  # 边际利率, 基金规模: a common noun before a metric qualifies it, names no actor
    head = "".join(w for w, _ in out)
    if not 2 <= len(head) <= 8 or head in _NO_ACTOR or not _NAMED.search(head):
        return ""
    if past_forecast and PERIOD_WORD.search(head):
        return ""  # 预计2025年年度实现…: the rest of a period (年度), no actor
    return head


_NAMED = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# A forecast opening the clause: what it forecasts names the figure's owner after it.
_FORECAST_HEAD = re.compile(r"^(?:预计|预期|预测|估计)")


# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_PERIOD_IN_LABEL = re.compile(
    r"(?=[季财半全年\d一二三四五六七八九十QH今去上前])(?:"
    r"季度|财季|半年|全年|年度|财年|\d月|[一二三四五六七八九十]月|Q[1-4]|H[12]|今年|去年|上年|前\d"
    r")"
)


def with_subject(label: str, sent: str, start: int, prior: str, title: str) -> str:
    """A bare metric label (营业利润, 市值) with the actor and period its sentence set earlier.

    Only for a label that is a metric noun with no name of its own; the actor only when the title
    does not already name it, the period only when the label has none.
    """
    metric = _metric_tail(label)
    if not metric or len(label) > 8 or "占" in label:  # 占当年营收: a share names its whole
        return label
    actor = ""
    if len(label) - len(metric) <= 2 or _refers(sent, start):  # 营业利润, 市值: no name of its own
        actor = clause_actor(sent, start)
        if actor and (shares_pair(actor, title) or shares_pair(actor, label)):
            actor = ""
    period = ""
    if metric.endswith(_FLOW) and not _PERIOD_IN_LABEL.search(label):
        shown, _, pkey = period_of(sent, start, prior)
        period = short_period(shown, pkey)
    if (not actor and not period) or len(actor + period + label) > 16:
        return label
    own = _head(CLAUSE.split(sent[:start])[-1])
    if period and len(own) >= 3 and label.startswith(own) and len(own) < len(label):
        return actor + own + period + label[len(own) :]  # 东方证券一季度营业收入
    return actor + period + label


def _refers(sent: str, start: int) -> bool:
    """The number's clause opens on a word that points back at an actor named before it
    (…SpaceX股价暴跌16%，该公司正通过债券市场融资至少200亿美元): its label names no one."""
    own = CLAUSE.split(sent[:start])[-1].strip()
    while (m := _LEAD.match(own)) and m.group(0):
        own = own[m.end() :].lstrip("，, ")
    return own.startswith(_POINTS_BACK)


_POINTS_BACK = ("该公司", "该行", "该机构", "该股", "该集团")


# Metrics measured over a period (a quarter's revenue), unlike a level at a date (股权, 市值,
# 价格): only these take the period their sentence set.
_FLOW = tuple(
    "收入 营收 利润 净利 亏损 营业额 销售额 交易额 成交额 GMV 订单 销量 出货量 产量 出口 进口 "  # noqa: SIM905
    "出口额 进口额 票房 现金流 合同额 零售额 零售总额 毛利 支出 开支".split()
)


def _metric_tail(label: str) -> str:
    """The metric word ending the label (利润 of 营业利润), or ''."""
    for i in range(max(0, len(label) - 6), len(label) - 1):
        if is_metric(label[i:]):
            return label[i:]
    return ""


def has_period(label: str) -> bool:
    """The label names a period (一季度, 2024年, 前11个月, 去年…)."""
    return bool(_PERIOD_IN_LABEL.search(label) or _YEAR_IN_LABEL.search(label))


_YEAR_IN_LABEL = re.compile(r"\d{4}\s*年|\d{2}年|年内|以来|当年")


NOW = re.compile(r"目前|当前|现在|如今|截至|截止")  # …then today's count: the period ends


def adds_period(fuller: str, shown: str) -> bool:
    """`fuller` names a period that the line `shown` (a quoted clause, say) does not."""
    return bool(_PERIOD_IN_LABEL.search(fuller)) and not _PERIOD_IN_LABEL.search(shown)


_YEAR_HEAD = re.compile(r"^(?:\d{4}(?:年度?|财年)|今年)\s*")


def short_period(shown: str, pkey: str) -> str:
    """一季度 rather than 2026年第一季度: the title or the post's date gives the year."""
    if not shown:
        return ""
    if pkey:
        return _YEAR_HEAD.sub("", shown)
    return shown


_FOUR_DIGITS = re.compile(r"\d{4}")


def dated(shown: str, before: str, year: int) -> str:
    """`shown`, the line of a value written after `before`, with the year it is of when that is
    not the post's `year` (2022年全年，完美世界归母净利润13.77亿元 in a 2026 feature):
    without it the reader takes an old result for this year's."""
    if not shown or not before or not year or _FOUR_DIGITS.search(shown):
        return shown
    found = periods(before)
    if not found:
        return shown
    end, written, ykey, _ = found[-1]
    if not ykey.isdigit() or int(ykey) == year or len(written) > 8:
        return shown
    if _EVENT_DATE.search(before, 0, end - len(written)):
        return shown  # 成立于1993年2月，注册资本约5.26亿: the founding, not the capital's year
    if has_period(shown):  # 全年归母净利润 from 2022年全年: its year, not the post's
        part = written.removeprefix(f"{ykey}年").removeprefix(f"{ykey}财年")
        return f"{ykey}年{shown}" if part and part in shown else shown
    # the period heads the figure's clause (2022年全年，…) or stands in it; not a period of
    # something else (2024年度利润分配实施后) or a span's start (自2024年9月以来)
    heads = before[end : end + 1] in ("，", ",")
    if not (heads or not CLAUSE.search(before, end)) or before.startswith(_SINCE, end):
        return shown
    if (not heads and not before[end : end + 1]) or _NOUN_AFTER.match(before, end):
        return shown
    return written + shown


# A date an event happened on (成立于1993年2月，注册资本约5.26亿: em202510103530978687; 成立于2016年
# 10月，注册资本300万元: em202606123768723514), not the period of the figures after it.
_EVENT_DATE = re.compile(r"(?:成立|创立|创办|注册|设立|始建|创建|诞生|建立)(?:于|在)?\s*$")
_SINCE = ("以来", "至今", "起", "开始", "至", "到", "—", "-")
# A period written before a noun that is not the figure's: 2024年度利润分配
_NOUN_AFTER = re.compile(r"(?:的)?(?:利润分配|分配|报告|年报|规划|计划|方案|预案|政策|协议)")
