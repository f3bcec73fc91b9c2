"""Is a figure a fact that happened, or a forecast, target, plan or proposal?

A push that shows `第四财季营收 490亿美元` when the post says 美光科技预计第四财季营收490亿美元
misleads: the reader takes guidance for a result. The clause a number stands in says which it
is: a cue word before the number (预计, 目标, 拟, 有望, 将…), or 目标 right after it (2%目标).
The line then carries a marker: the cue as written where it reads as one (预计, 目标, 计划, 拟,
有望, 指引…), 预计 for a bare modal (将, 或, 可能, 料), which has no place in front of a label,
and for a scenario (conditions.py; 估算 when it is the writer's own arithmetic).

Scope: the clause holding the number; an earlier clause of the same sentence only when it opens
with a forecasting verb that governs what follows (预期今年盈利增长20%，收入增长则为18%) and no
clause in between goes back to facts (目前, 此前, 去年, 已…).

Every cue word was checked on posts outside the gold files; two of them are named per word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.summarizer.conditions import hypothetical, reckoned
from bot.summarizer.labels import pos_words

# Cue words shown as written, each with two posts outside the gold files that use it so
# (corpus/long/<date>-<id>.md, id given):
# 预计: duee355c0e8409e4ebfc61f85aaafbb860af (预计今年底开到100家),
#       36kr3487198888270977 (外媒预计参展人数超30万人)
# 预期: wscn3756536 (市场预期日本央行最早将于10月加息), wscn3756709 (2028年预期市盈率)
# 预测: wscn3756937 (中金公司则预测可达7.4%), em202604273720027594 (机构一致预测2026年…)
# 预估: em202510123531527221 (金价预估上调至4900美元), em202511023552785386 (AI预估价为238元)
# 估计: em202510093529754336 (他估计关税使通胀率提高了0.25个至0.5个百分点),
#       wscn3771650 (高盛估计美国超大规模云厂商2026年资本支出合计逾7,000亿美元)
# 预告: em202604193709962753 (业绩预告亏损), em202605313755239628 (半年报预告)
# 指引: wscn3773824 (营收指引从5.87亿至5.93亿美元上调至…), wscn3771799 (毛利率指引为33%至35%)
# 展望: em202601273631089552 (展望2026年), em202605313755239628 (展望6月)
# 目标: duee9355370d4356cca0d1912f467a491ca9 (2022年目标门店数量500家),
#       wscn3756709 (目标价上调至117.0港元)
# 计划: duee70ef24b493ee3af1d7fabc591bdd1224 (计划年底落地20家mini店),
#       dueec00faad3beeb4349519ffec8ded0002c (今年计划将门店拓展到700家)
# 筹划: em202605133736328115 (陈泽虹正在筹划仁智股份控制权变更), em202511023552730925 (公告筹划收购
#       智者品牌80%股权), em202606123768723514 (公司拟筹划以现金方式收购)
# 拟: em202509283525642131 (拟以每股9.99港元配售),
#     em202509293526604493 (拟以现金购买凯涟捷91.07%股权)
# 有望: dueeff66aecfeeb7432db06effde9f490d27 (规模有望在2020年突破…),
#       em202509283525642131 (比例有望提升至36%左右)
# 提议: em202601273631089552 (白宫提议2027年…), wscn3770004 (提议派发2025年度…)
# 建议: wscn3771792 (建议将黄金配置比例维持在投资组合的5%至15%), wscn3776336 (底线建议是…)
# 承诺: wscn3757053 (承诺了接近甚至超过3%的回报), em202605123733489387 (承诺…18个月内不转让)
# 考虑: wscn3771939 (正考虑将IPO定价区间…上调至150至160美元), wscn3778905 (英伟达考虑以8层堆叠的
#       HBM4e…替代); not 考虑到 (given that)
# 寻求: wscn3775217 (SpaceX正寻求通过首次债券发行募资至少200亿美元), wscn3778529 (大众曾寻求其协助为
#       400至500名管理人员安置新职位)
# (要求 is no cue: 要求美国撤销对巴西征收40%关税 demands the end of a tariff in force.)
_SHOWN = (
    "预计",
    "预期",
    "预测",
    "预估",
    "估计",
    "预告",
    "指引",
    "展望",
    "目标",
    "计划",
    "拟",
    "筹划",
    "有望",
    "提议",
    "建议",
    "承诺",
    "考虑",
    "寻求",
)
# Modals (will, may, expected), shown as 预计. Posts outside the gold files:
# 将: dueec00faad3beeb4349519ffec8ded0002c, em202509283525642131 (潜在规模将达到1830亿美元)
# 或/或将: em202509303526682534 (美国政府或在今日“停摆”), wscn3767199 (规模或将超…1.82亿桶)
# 可能: wscn3756513 (投资就可能高达12.5万亿美元), wscn3756536 (收益率可能需要进一步攀升至1%以上)
# 料: wscn3770454 (市场2026年料达260亿美元), em202510083528632444 (四季度销售料将承压)
_MODAL = ("可能", "或将", "将", "或", "料")
_CUE = re.compile("|".join(sorted(_SHOWN + _MODAL, key=len, reverse=True)))
# Not a cue: a fact measured against an expectation (超预期), a policy range in force
# (利率目标区间), a probability's noun (可能性), a word that only contains the characters.
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_NOT_CUE = re.compile(
    r"(?=[超高低好不逊远弱强符优差胜预目可按依据照计完实达模虚草原材饲燃塑涂资香料或将即行大考])(?:"
    r"(?:超越|超|超出|高于|低于|好于|不及|逊于|远逊|弱于|强于|符合|优于|差于|胜)(?:市场|分析师)?预期|"
    r"预期之外|目标区间|可能性|考虑到|[按依据照]计划|计划[内外]|(?:完成|实现|达成|达到)了?[^，,]{0,6}目标|[模虚草]拟|[原材饲燃塑涂资香预]料|料理|或者|或许|将近|即将到期|"
    r"[行大]将|将军|将领|将官|目标(?:公司|企业|资产|客户|用户|人群|群体|市场)"
    r")"
)
# A clause that goes back to what happened: a governing cue before it no longer applies.
_BACK_WORDS = r"目前|此前|去年|上年|同期|截至|已经|已|实际|过去|上月|前值"
_FACT_RESET = re.compile(_BACK_WORDS + r"|昨日|今日|当日|上季度|上一|高于|低于|^\d{4}年")
# A forecasting verb at the head of its clause governs the clauses after it. So does 拟 with
# the verb it takes (拟以/拟将/拟向/拟对/拟通过…; not 拟募资总额, a noun): em202509283525642131
# (拟以每股9.99港元配售超6亿股，净筹资约63.4亿港元), em202605123733489387 (…拟以41.38元/股的价格
# 转让…1336.93万股…，转让总价款为5.53亿元).
_GOVERNING = re.compile(
    r"^(?P<before>[^，,；;]{0,12}?)(?P<cue>预计|预期|预测|预估|估计|指引|展望|计划|拟(?=[以将向对]|通过))"
    r"(?=[^\d.\s约近超为是升降增减强弱落转变（(的」”》]|\d{4}年)"  # 辞职计划（…）: a name
)
_CLAUSE = re.compile(r"[，,；;：:]")
# A clause that only gives the change of the figure before it (…为1100亿元，同比增长612.53%；
# 归母净利润为…): it neither opens nor closes the forecast's scope.
_CHANGE_ONLY = re.compile(
    r"^(?:同比|环比)?(?:增长|下降|增加|减少|上升|下滑|提升|上涨|下跌|增|降|涨|跌)"
    r"(?:约|近|超|逾)?[\d.,%％至到～~\-—]+(?:个百分点)?$"
)
# One item of a list of figures (归母净利润为500亿元至570亿元): the list shares its scope.
_PARALLEL = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,10}(?:为|达)[\d.,]+[^，,；;]*$")
_AFTER_TARGET = re.compile(
    r"^(?:以上|以下|左右)?(?:的?[\u4e00-\u9fff]{0,4}?目标|的(?P<cue>预期|预计|预测|预估))"
)
# After 将/或: the word that makes it a modal (a verb or adverb) rather than 把 (将联邦基金利率).
_MODAL_NEXT = re.compile(
    r"^(?:会|在|于|为|从|把|对|向|以|按|被|于|再|继续|进一步|逐步|大幅|小幅|至少|超过|超|达到|达|"
    r"增|减|降|升|涨|跌|提|放|保持|维持|带来|突破|迎来|成为|面临|出现|推出|承压|高达|上调|下调|"
    r"扩大|缩减|削减|释放|导致|使|令|让|实现|完成|新增|回升|回落|攀升|飙升|下滑|下跌|上涨|增长|"
    r"减少|增加|下降|上升|提高|降低|收窄|放缓|加速|借此|首次|率先|全面|大量|持续|更|有)"
)


@lru_cache(maxsize=4096)  # pure; a line is marked again at each check of its figure
def forecast_marker(sentence: str, start: int, end: int, year: int = 0) -> str:
    """The marker a figure at sentence[start:end] needs, or '' when it states a fact.

    A number under a condition (若以这个价格作为参考，…潜在募资规模约272亿美元) is an estimate
    of a scenario: 预计 where its clause has no cue of its own. `year`: the post's publication
    year; a number whose clause names a later year (到2033年建成250GW) is a plan or a forecast.
    A number inside a quotation (“…”) is weighed by the quotation alone: a cue outside it is the
    writer's, not the speaker's. The starting level of a forecast move (预计将从2025年的165亿美元
    增至…) is what was, when its year is past.
    """
    lo, hi = _quoted_span(sentence, start)
    if lo or hi < len(sentence):
        return forecast_marker(sentence[lo:hi], start - lo, end - lo, year)
    past = _FROM_PAST.search(sentence[:start])
    if past and year and (not past.group("y") or int(past.group("y")) <= year):
        return ""
    if reckoned(sentence, start) and hypothetical(sentence, start, end):
        return "估算"  # 若最终以每股160美元定价，…募资规模将达约48亿美元: the writer's arithmetic
    marker = _forecast_marker(sentence, start, end)
    if not marker and (
        hypothetical(sentence, start, end) or future_year(sentence, start, end, year)
    ):
        return "预计"
    return marker


_FROM_PAST = re.compile(r"(?:从|由)(?:(?P<y>20\d{2})年|去年|上年)(?:底|末|全年)?的?$")


def _quoted_span(sentence: str, start: int) -> tuple[int, int]:
    """The inside of the “…” quotation holding sentence[start], else the whole sentence."""
    open_at = sentence.rfind("“", 0, start)
    if open_at < 0 or sentence.rfind("”", 0, start) > open_at:
        return 0, len(sentence)
    close_at = sentence.find("”", start)
    if close_at < 0 or close_at - open_at < 8:  # a short quoted name (“全民AI”): no quotation
        return 0, len(sentence)
    return open_at + 1, close_at


# A year as a point in time: not 2027年到期 (a bond issued today), not 2030年期 or 年度.
_YEAR = re.compile(r"(?<![\d.])(?P<y>20\d{2})年(?!度|期|到期|[\d]{0,2}月?\d{0,2}日?到期)")
_SENTENCE_BREAK = re.compile(r"[，,；;。！？!?]")
_TIME_ONLY = re.compile(r"^\s*(?:到|至|在|于|截至|预计到)?\s*20\d{2}年(?:底|末|前|之前|时)?\s*$")


_SEMICOLON = re.compile(r"[；;]")
_COMMA = re.compile(r"[，,]")


def future_year(sentence: str, start: int, end: int, year: int) -> bool:
    """The number's clause names a year after `year` (到2033年建成250GW, 2030年市场规模达…), or
    a clause of a time alone (到2030年，…) heads it: what the clause says has not happened yet.

    Posts outside the gold files: wscn3756513 (OpenAI计划到2033年建成250GW数据中心),
    em202601273631089552 (白宫提议2027年…).
    """
    if not year or _COUNTED.search(sentence[start:end]):
        return False  # 2022年岭澳核电4台机组…: the units counted exist now; the plan is the amount
    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(sentence)]
    lo = max((b + 1 for b in breaks if b < start), default=0)
    hi = min((b for b in breaks if b >= end), default=len(sentence))
    texts = [sentence[lo:hi]]
    before = [b for b in breaks if b < lo - 1]
    head = sentence[(before[-1] + 1 if before else 0) : max(lo - 1, 0)]
    if lo and _TIME_ONLY.match(head):
        texts.append(head)
    # a statement that opens on its time (到2030年，消费市场…扩大，…，社零总额达到60万亿元左右)
    # sets it for every clause up to its end; em202605063728030345, em202509283525642131
    opener = _COMMA.split(_SEMICOLON.split(sentence[:lo])[-1], maxsplit=1)[0]
    if lo and opener != head and _TIME_ONLY.match(opener):
        texts.append(opener)
    for text in texts:
        masked = (
            text[: start - lo] + " " * (end - start) + text[end - lo :]
            if text is texts[0]
            else text
        )
        for m in _YEAR.finditer(masked):
            if year < int(m.group("y")) <= year + 50 and not _FACT_WORD.search(masked):
                return True
    return False


# A count of things (4台, 15家, 6座): what a plan applies to, not what it plans.
_COUNTED = re.compile(r"\d\s*[台家座个名位只艘架辆所条]$")


# A clause that says it happened (已, 实际, 截至…公布): no forecast, whatever else it names.
_FACT_WORD = re.compile(r"已经|(?<![而])已(?![久知])|实际|公布|录得")


_DIGIT = re.compile(r"\d")


def _forecast_marker(sentence: str, start: int, end: int) -> str:
    after = sentence[end : end + 8]
    m = _AFTER_TARGET.match(after)
    if m:
        return m.group("cue") or "目标"
    clauses = _CLAUSE.split(sentence[:start])
    own = clauses[-1]
    cue = _cue_in(own)
    if cue:
        at = own.rfind(cue) if cue in own else 0
        return "" if _FACT_WORD.search(own, at + len(cue)) else cue  # 计划…已完成: it happened
    said = _said_forecast(sentence[:start])
    if said:
        return said
    if _FACT_RESET.search(own):
        return ""
    looked = 0
    for back in reversed(clauses[-8:-1]):
        if _CHANGE_ONLY.match(back):
            continue
        m = _GOVERNING.match(back)
        if m and not _NOT_CUE.search(back) and not _DIGIT.search(m.group(0)):
            # 拟以每股9.99港元配售超6亿股，净筹资约63.4亿港元: 拟 needs the verb of its own
            # clause (拟配售), so a later clause's figure is shown as the plan's (计划净筹资)
            cue = "计划" if m.group("cue") == "拟" else m.group("cue")
            return _shown(cue, m.group("before"))
        if _FACT_RESET.search(back):
            return ""
        if _PARALLEL.match(back):
            continue  # 预计营收为…；归母净利润为500亿元: an item of the same forecast
        looked += 1
        if looked == 2 or _DIGIT.search(back):
            return ""
    return ""


# "<who/when>预计，<statement>": the verb closes its clause, so all the statement up to the
# next semicolon is what was forecast, its items and their years included ("Bernstein今年稍早
# 估计，2025年…市场规模约为370亿美元"; "…预计，Vera芯片平均售价约为5000美元，英伟达今年出货量约
# 130万颗"). Posts outside the gold files: em202605173739737523 (公司预计，2026年1—6月公司实现
# 营业收入1100亿元至1200亿元: no cue of its own), em202510033528194769 (分析师估计，此次非现金
# 会计费用…). A word that goes back to facts (目前, 去年, 同期…) still ends it.
_SAYS_FORECAST = re.compile(
    r"(?:^|[，,；;])[^，,；;]{0,24}?(预计|预期|预测|预估|估计|估算)[，,：:]"
)
_BACK_TO_FACTS = re.compile(_BACK_WORDS)  # not 高于/低于: a comparison inside the forecast


def _said_forecast(before: str) -> str:
    """The marker of a forecasting verb whose object is the statement holding the number."""
    statement = _SEMICOLON.split(before)[-1]
    masked = _NOT_CUE.sub(lambda m: "□" * len(m.group(0)), statement)
    verb = next(reversed(list(_SAYS_FORECAST.finditer(masked))), None)
    if verb is None or _BACK_TO_FACTS.search(statement, verb.end()):
        return ""
    return _shown(verb.group(1))


def _cue_in(clause: str) -> str:
    """The last cue word of `clause` that really marks a forecast, as the marker to show."""
    masked = _NOT_CUE.sub(lambda m: "□" * len(m.group(0)), clause)
    for m in reversed(list(_CUE.finditer(masked))):
        word, rest = m.group(0), masked[m.end() :]
        if word in _NOUNISH and word not in _PLAN and not _NOUN_AS_CUE.match(rest):
            continue  # 应急计划, 加息预期升温, 政策预期尤为敏感: a noun, not a forecast
        if word in ("将", "或") and not _modal_use(masked[: m.start()], rest, word):
            continue
        if word == "将" and _OWN_ACT.match(rest):
            return "计划"  # 财政部将在香港发行不超过60亿元…: a plan it announced, not an estimate
        return _shown(word, masked[: m.start()])
    return ""


# A plan the post says was the original one (原计划以6.42亿元对价收购…智者品牌80%股权, then
# terminated: em202511023552730925; 美方决定暂缓原计划针对伊朗的军事打击行动: em202604083696915450)
# is shown as such: a reader takes 计划 for the plan still on.
_SUPERSEDED = ("计划", "拟")

# 将 before an act the subject itself carries out is its announced plan (将在香港发行不超过60亿元:
# wscn3772885; 将一次性投入2.5亿美元: em202607073795535636; 将设立5亿加元的基金:
# em202606053760782246), shown as 计划, not as an estimate.
_OWN_ACT = re.compile(
    r"^[^，,；;。]{0,12}?(?:发行|开展|召开|推出|投入|设立|回购|派发|举办|启动|实施)"
)


# Cue words that are also plain nouns; they mark a forecast only when the number or a plan's
# verb follows (目标门店数量500家, 计划拓展到700家, 预期为45美分), not as a noun (应急计划).
_NOUNISH = {"预期", "计划", "目标", "指引", "展望", "建议", "承诺", "预估"}
# 计划 and 目标 in the number's own clause make it a plan whatever follows (计划投资50亿元,
# 目标2030年装机250GW); 按计划/完成…目标 (it happened) are masked by _NOT_CUE.
_PLAN = {"计划", "目标"}
_NOUN_AS_CUE = re.compile(
    r"^\s*(?:$|[为是达在将以于到至约近超逾从:：]|[\d.]|价|位|值|今年|明年|未来|全年|年内|年底|本|下|"
    r"[^，,]{0,8}?(?:为|达|至|到)$|拓展|落地|组建|发射|研发|募资|融资|收购|投入|增长|达到|实现|提高|"
    r"降至|升至|维持|保持|上调|下调|门店|营收|收入|利润|净利|销量|规模|增速)"
)
_VERB_BEFORE_OR = re.compile(
    r"(?:撤销|取消|停止|暂停|新增|增加|减少|买入|卖出|持有|出售|购买|关闭|裁撤)$"
)


def _modal_use(before: str, rest: str, word: str) -> bool:
    """将/或 followed by a verb or adverb is a modal (will, may); before a noun it is not (将 as
    把). 或 between two verbs is "or" (撤销或停招)."""
    rest = rest.lstrip()
    if not rest:
        return False
    if word == "或" and _VERB_BEFORE_OR.search(before):
        return False
    if _MODAL_NEXT.match(rest):
        return True
    return _next_is_verb(rest[:6])


@lru_cache(maxsize=1024)
def _next_is_verb(text: str) -> bool:
    tags = pos_words(text)
    return bool(tags) and tags[0][1].startswith(("v", "d"))


def _shown(word: str, before: str = "") -> str:
    """The marker for cue `word`; `before`: the text before it (原计划: a plan dropped since)."""
    if word in _SUPERSEDED and before.endswith("原"):
        return "原" + word  # 原计划以6.42亿元对价收购…: not the plan still on
    return word if word in _SHOWN else "预计"


_SHOWN_CUE = re.compile("|".join(sorted(_SHOWN, key=len, reverse=True)))
# A view verb closing the clause right before the figure's: 投资者普遍预计，美联储将…
_VIEW_BEFORE = re.compile(r"(" + "|".join(_SHOWN) + r")[，,]\s*$")


def view_before(before: str, label: str) -> str:
    """The view verb (预计, 预期…) whose clause ends right before the figure's clause, when the
    label says only a modal (将, 或): 投资者普遍预计，美联储将再次降息 is a view, 将 alone is not
    read as one."""
    if not has_marker(label) or _SHOWN_CUE.search(_NOT_CUE.sub("", label)):
        return ""
    m = _VIEW_BEFORE.search(before)
    return m.group(1) if m else ""


def has_marker(label: str) -> bool:
    """The label already says the figure is not a fact (目标价, 预期, 指引…)."""
    return bool(_CUE.search(_NOT_CUE.sub("", label))) and not label.endswith(("将", "或"))
