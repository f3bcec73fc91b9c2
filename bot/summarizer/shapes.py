"""The shapes of a sentence an editor never sends as the news, and what each costs its score.

A question is a hook (the answer is the news), a quote as the opening is someone's voice, a
hypothesis, a background opener, a roundup's preface, advice to readers, a cheer, a deal's
disclaimer, a time with no event. Each shape multiplies the sentence's score down
(salience.py). Pure regular expressions over one sentence.
"""

from __future__ import annotations

import re

from bot.summarizer.titlewords import CJK_RUN

_SPEECH_OPENING = re.compile(r"^[“\"「『‘](?:[^”\"」』’]{9,}|[^”\"」』’]*[，。！？,!?])")

_DIGIT = re.compile(r"\d")

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")

_HYPOTHETICAL = re.compile(r"^(?:如果|假如|假若|倘若|假设|若|一旦|要是)")

# Background openers; each occurs in at least two posts outside the gold files: 作为背景
# (em 202601293634108723, em 202510083528632444), 回溯 (em 202509293526607428,
# em 202511023552724057), 回顾 (wscn 3756937, em 202606243780123354), 早在 (wscn 3756668,
# 36kr 3813305543794440), 近年来 (36kr 3501739193326465, em 202606083762746028), 过去几年
# (36kr 3487198888270977, wscn 3767688), 在此之前 (em 202510023528072036, em 202606083762735666),
# 此前 (em 202510103530978687, 36kr 3836068296209537).
_BACKGROUND = re.compile(r"^(?:作为背景|回溯|回顾|早在|近年来|过去几年|在此之前|此前)")
# A roundup's set-up, never the news: 汇总了…供投资者参考 (em 202605103732411071,
# em 202606143770695059, em 202606213777038513); 相关报道 heads appended articles
# (em 202510093528798077, em 202510103530978687).
_PREFACE = re.compile(r"供投资者参考|汇总了|相关报道|如下[:：]?$")

# (?=[…]): the characters a match opens with, so a scan skips every other offset at once
_DATES = re.compile(
    r"(?=[\d当北美星周上下凌清傍晚])(?:"
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{1,2}[时点](?:\d{1,2}分)?|\d{4}年|"
    r"(?:当地|北京|美东)时间|星期[一二三四五六日天]|周[一二三四五六日]|上午|下午|凌晨|清晨|傍晚|晚间"
    r")"
)


def shape_penalty(s: str) -> float:
    """1.0 for a sentence that may be the news; lower for each shape that is not."""
    p = 1.0
    if "？" in s or "?" in s:
        p *= 0.2  # a question is a hook: the answer is the news
    if _SPEECH_OPENING.match(s):
        p *= 0.5  # a quote as the opening (not a quoted nickname: “股王”茅台…)
    elif ((s.count("“") or s.count('"') > 1) and _quoted_share(s) > 0.5) or s.startswith("他说"):
        p *= 0.7
    if _HYPOTHETICAL.match(s):
        p *= 0.5
    if _BACKGROUND.match(s):
        p *= 0.6
    if _UNNAMED.match(s):
        p *= UNNAMED  # the actor kept unnamed: a teaser, or a source who is nobody in particular
    if _PREFACE.search(s):
        p *= 0.1
    if "投资者" in s and _ADVICE.search(s):
        p *= 0.5  # advice to readers is the writer's or an analyst's counsel, not the news
    if s.endswith(("！", "!")) and not _DIGIT.search(s):
        p *= 0.5  # an exclamation without a figure is a cheer, not a fact
    if _DISCLAIMER.match(s) and not _DIGIT.search(s):
        p *= 0.1
    if time_only(s):
        p *= TIME_ONLY  # a time and place with no event: "美东时间4月7日，星期二，上午8时06分。"
    if (m := _AGENDA.search(s)) and _ASKED.search(s, m.end()):
        p *= AGENDA  # the debates a report takes up, not what it concludes
    if _PROFILE.search(s):
        p *= PROFILE  # what the company does, not what it did
    return p


# A company's profile (主营业务为…, 主要从事…): background to the news, never the news (中利集团
# 在机构调研时表示，目前公司主营业务涵盖两大板块: posts/2021-12-08-202112082207056940; 主营业务
# 为黄金的勘探、开采: wscn3756523; 联翔股份主要从事墙布…: em202604193709962753; 清越科技…主要
# 从事: em202511023552724057).
_PROFILE = re.compile(r"主营业务(?:涵盖|覆盖|包括|为|是)|主要从事")
PROFILE = 0.5


# A report's agenda: the questions or debates it takes up, listed (当前存储芯片市场最核心的三大
# 争议：涨价周期是否见顶、…为何…、…还是…: wscn3776336; 问题在于，…是否足以支撑…: wscn3777197;
# 问题在于，…为何…: em202604193709962753; 市场都会陷入同一个问题：如何判断顶部:
# em202606143770695059). The answer is the news; the agenda is its hook. A list of topics is no
# agenda of questions: an editor kept 高盛…系统梳理五大核心投资辩题，覆盖中美模型表现、…
# (wscn3771650) as the report's lead (A/B, 20th).
AGENDA = 0.5
_AGENDA = re.compile(r"(?:争议|辩题|辩论|疑问|悬念|看点|焦点|问题)(?:[:：]|包括|，?覆盖|在于)")
_ASKED = re.compile(r"是否|为何|能否|如何|还是")  # questions (not a list of topics: 覆盖…、…)


TIME_ONLY = 0.2
# A sentence whose actor is "a company", "an insider" (一家估值接近万亿美元…的AI公司，突然公开呼吁…:
# wscn3773915; 一位业内人士对智能涌现透露: 36kr3786528811572481; 一位山东高桥市场的酒商对…直言:
# em202509283525641313; 某高功率芯片公司高管告诉证券时报记者: em202608133839530875; 一家大型央企
# 相关负责人表示: wscn3764424): a teaser that hides who, or a voice from nobody in particular.
UNNAMED = 0.7
_UNNAMED = re.compile(
    r"^(?:一(?:家|位|名)|某)[^，,。：:“]{0,24}?"
    r"(?:公司|机构|企业|银行|券商|基金|人士|负责人|老板|官员|高管|分析师|商|员工|工程师)"
)
# An announcement's disclaimer: what the deal does not do (本次交易不涉及发行股份，不构成关联交易:
# em202509293526604493; 本次交易不构成关联交易，预计亦不构成重大资产重组: em202606123768723514).
# A required statement, never the news, and it holds no figure.
_DISCLAIMER = re.compile(r"^[^。]{0,12}?(?:不涉及|不构成|不触及|不会导致|不会对)")
# Advice to investors (投资者应谨慎: em202606093764025566; 投资者应避免追高: em202605123733499797;
# 投资者需警惕: em202605133734924335; 建议投资者: em202509293526305867, wscn3775570), not
# 投资者需求 (demand) or 投资者需要 (what they need to do to buy: a fact of the market).
_ADVICE = re.compile(r"(?:建议|提醒|提示)投资者|投资者(?:应|宜|需(?![求要]))")


def time_only(s: str) -> bool:
    rest, dates = _DATES.subn("", s)  # one scan finds the dates and removes them
    return bool(dates) and len("".join(CJK_RUN.findall(rest))) < 10


def _quoted_share(s: str) -> float:
    inside = sum(len(m) for m in _QUOTED.findall(s))
    return inside / max(len(s), 1)


# A document named by the short form the post set up before (国务院发布的《互联网平台企业涉税信息
# 报送规定》…。《规定》实施后，…: em202509293526608671, wscn3756490; 《推动公募基金高质量发展行动
# 方案》…《方案》: em202601263630014963): the sentence leans on the one that named it in full.
_SHORT_TITLE = re.compile(r"《([^《》]{1,4})》")


def short_reference(sentence: str, before: str) -> bool:
    """The sentence names a document by a short form (《规定》) whose full title (《…规定》) only
    an earlier sentence of the post gives."""
    for m in _SHORT_TITLE.finditer(sentence):
        short = m.group(1)
        full = re.compile(rf"《[^《》]+{re.escape(short)}》")
        if full.search(before) and not full.search(sentence):
            return True
    return False


# A closing quote, the data line Eastmoney appends to a company's news (截至6月24日收盘，中国巨石
# 股价报64.82元/股，涨幅达9.99%，总市值为2595亿元: em202606243781781918, five such; 截至5月13日
# 收盘，仁智股份股价报7.66元/股: em202605133736328115). Of the title's company it is the market's
# answer to the news; of another company, a roundup's filler.
_CLOSING_QUOTE = re.compile(
    r"^截至[^，,。]{0,12}收盘[，,]\s*(?P<name>[^，,。\d]{2,12}?)(?:股价)?(?:报|收报|收于)\d"
)
OFF_TITLE_QUOTE = 0.3


def quoted_company(s: str) -> str:
    """The company a closing-quote sentence gives the price of, '' for any other sentence."""
    m = _CLOSING_QUOTE.match(s)
    return m.group("name") if m else ""
