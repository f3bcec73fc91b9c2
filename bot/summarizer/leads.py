"""Where the title leads or names the summary: a flash whose body never says its topic or its
headline number, a news title whose numbers no chosen sentence states, a company speaking of
itself as 公司 under a "中国铝业：…" headline. Pure string rules over the title and the summary.
"""

from __future__ import annotations

import re

from bot.summarizer.duplicates import stated_in
from bot.summarizer.headline import title_amounts, unsaid
from bot.summarizer.labels import pos_words
from bot.summarizer.sentencefit import balanced, fit_sentence
from bot.summarizer.text import SPACE_BREAK
from bot.summarizer.titlewords import Units, main_part, measure

# 公司 as the subject of the first or second clause ("2021年8月25日，公司发布了…").
_COMPANY_SUBJECT = re.compile(r"^((?:[^，。“”]{1,16}[，,])?)公司(?![债法])")
# "中国铝业：…", "“新债王”冈拉克：…" (a nickname in quotes before the name)
_SPEAKER = re.compile(r"^((?:“[^“”]{1,8}”)?[^：:，,\s“”\d]{2,10})[：:](.+)$")


# The body names its own source ("华福证券表示", "报告指"): no headline speaker is put before it.
_OWN_SOURCE = re.compile(r"表示|称|指出|认为|报告|公告|消息")
_SELF = re.compile(r"(?<!上市)(?<![子母各家该])公司")  # the speaker itself, not 上市公司/子公司
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # "到2025年 数据中心"


# A market wrap's title opens on a market and its move (A股三大指数收跌 成交额接近3.3万亿…, 全球
# 市场：…, 美股收盘：…): a blind editor failed a wrap whose summary opened on its headline copied
# word for word.
_WRAP = re.compile(
    r"^(?:全球市场|(?:[A-Za-z美港沪深]股|两市|大盘|股市|[^\s，,：:！!]{0,4}指数)[^\s，,！!]{0,6}"
    r"(?:收涨|收跌|涨|跌|收盘|收评|午评|走强|走弱|收红|收绿))"
)


def is_wrap(title: str) -> bool:
    """A market wrap's title: it opens on a market or an index and its move (or 全球市场)."""
    return bool(_WRAP.match(main_part(title)))


def headline_lead(title: str, text: str, units: Units, max_chars: int) -> str:
    """A news title whose numbers no sentence of the summary states (燧原科技科创板IPO获上市委
    会议通过 拟融资60亿元, over the exchange's notice) leads it, as the headline sentence: the
    amount is the news, and the body states it only in a table or far down."""
    head = main_part(title)  # never a wrap's (summary.build_summary): its moves are its lines
    if units.pairs and not measure(text, units)[0] and _states(head):
        # 特朗普称暂停“自由计划”行动 over the markets' reaction: a summary that shares no word
        # with a headline that states something is about something else; the headline is the news
        return _headline_first(head, text, max_chars)
    if not head or re.search(r"[？?！!…：:“”\"]", head):
        return text
    amounts = title_amounts(head, units)
    if not amounts or unsaid(amounts, text) != amounts:
        return text  # the summary states one of them: the others are for the figure lines
    return _headline_first(head, text, max_chars)


def topic_lead(
    title: str, text: str, body: str, units: Units, max_chars: int, names: tuple[str, ...] = ()
) -> str:
    """A flash whose body never says its topic ("元宇宙板块持续走强" over a list of movers) is led
    by its headline, as the wire's one-line items are: "元宇宙板块持续走强，中文在线涨超10%…".

    `names`: the companies the title names; a body that names none of them (an analyst's
    "高盛：将X列入确信买入名单" over the note's view of the industry) leaves the news to the
    headline, which leads as a sentence."""
    head = title.strip()
    if not head or re.search(r"[？?…|｜]", head):
        return text
    have, _ = measure(body, units)  # the whole item, not only the part shown
    speaker = m.group(1) if (m := _SPEAKER.match(head)) else ""
    unnamed = names and not any(n in body or n in speaker for n in names)  # 中国铝业：公司…
    missing = {a for a in units.amounts - have if not stated_in(a, head, body)}  # 11,910,000美元
    if missing or unnamed:
        # an exclaimed headline too (被迫停线等待零部件！苹果iPhone 13开售头两月产量较目标少两成
        # over a flash that is only its teaser: posts/2021-12-08-202112082206786275)
        return _headline_first(re.sub(r"[！!]+(?=.)", "，", head).rstrip("！!"), text, max_chars)
    if re.search(r"[！!]", head):
        return text  # 大反攻来了！…: a cheer, not a topic to lead with
    total = sum(units.values()) or 1.0
    if speaker or sum(units[u] for u in have) / total >= 0.2:
        return text
    led = _CJK_GAP.sub("，", head) + "，" + text
    return led if len(led) <= max_chars and balanced(led) else text


def _states(head: str) -> bool:
    """The headline states something: no question, exclamation or list, and a verb."""
    if not head or re.search(r"[？?！!…：:|｜]", head):
        return False
    return any(flag.startswith("v") for _, flag in pos_words(head))


def _headline_first(head: str, text: str, max_chars: int) -> str:
    """A flash whose body never states a headline number (an analyst note "高盛：首予X买入评级
    目标价22.83港元" over the note's reasoning) is led by the headline as a sentence: the rating
    and the target are the news, and only the title says them."""
    lead = re.sub(SPACE_BREAK, "，", _CJK_GAP.sub("，", head))
    lead = lead.rstrip("，。") + "。"  # iPhone Air keeps its space
    if len(lead) > max_chars or not balanced(lead) or lead[:-1] in text:
        return text  # a flash that is its headline word for word says it once
    rest = max_chars - len(lead)
    if len(text) <= rest:
        return lead + text
    first = text.split("。", 1)[0] + "。"
    cut = fit_sentence(first, rest) if rest >= 20 else None
    return lead + cut if cut else lead


def _is_clause(head: str) -> bool:
    """A title head that says something (美股强劲反弹早有先兆：…, two verbs) is no speaker's name
    (中国铝业：, 发改委等部门：, 天风证券刘晨明：): put before a flash it reads as a hook."""
    return sum(flag == "v" for _, flag in pos_words(head)) >= 2


def attribute(title: str, text: str, max_chars: int, *, flash: bool = False, body: str = "") -> str:
    """Name the speaker of a "中国铝业：公司…" headline when the body leaves it as 公司 or unsaid.

    Flash items put the speaker only in the title and write the body as its statement
    ("公司没有铝深加工产品…"): alone in a push, that sentence has no subject.
    """
    m = _SPEAKER.match(title.strip())
    if not m or m.group(1) in text or _is_clause(m.group(1)):
        return text
    who, said = m.group(1), m.group(2).strip()
    name = who.rpartition("”")[2]  # "“新债王”冈拉克" is 冈拉克 in the body
    if name in text:
        first = text.split("。", 1)[0]
        if not flash or name in first or _OWN_SOURCE.search(first) or first.startswith("“"):
            return text
        # "美联储将加快…。冈拉克称，…": the flash opens on the speaker's view, naming him only
        # after it; shown alone, that view reads as the wire's own statement
        named = f"{who}：{text}"
        return named if len(named) <= max_chars else text
    # Only a company speaking of itself ("中国铝业：公司…"): after "高盛：首予X评级" the body's
    # 公司 is X, not the speaker.
    subject = _COMPANY_SUBJECT.match(text) if "公司" in said else None
    if subject:
        named = subject.group(1) + who + text[subject.end() :]
    elif (len(said) >= 8 and text.startswith(said[:8])) or (
        flash and _SELF.search(said) and _SELF.search(text) and not _OWN_SOURCE.search(text)
    ):
        # the body is the quoted statement itself, or a flash's one paragraph gives what the
        # company of a "中国广核：公司…" headline said of itself, with 公司 further in
        named = f"{who}：{text}"
    elif (
        flash
        and not any(who[i : i + 3] in body for i in range(max(1, len(who) - 2)))
        and not text.startswith(("“", '"'))
        and (not _SELF.search(text) or _SELF.search(said))
        and not _OWN_SOURCE.search(re.split(r"[，,：:]", text, maxsplit=1)[0])
    ):
        # (not "八大券商主题策略：" over "华福证券表示，…": the flash names its own source, and the
        # title's head is the column's name)
        # the flash never names who said it: "发改委等部门：到2025年…" over the plan's own words
        # (not "某证券：首予X评级" over "公司为…": there 公司 is X)
        named = f"{who}：{text}"
    else:
        return text
    return named if len(named) <= max_chars else text
