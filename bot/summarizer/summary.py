"""One or two complete Chinese sentences that carry the news.

Extractive on purpose: a financial push must never state a number the post does not state, so
the summary is made of the post's own sentences, cut only at sentence or clause boundaries.
The lead is not always the news: features open on a hook, a scene, a question or a column's
preface, and the sentence with the headline figure comes later. So every sentence of the first
paragraphs is scored by what the title promises (its names and numbers, as character n-grams:
no segmenter needed, and fast), by the facts it states (figures, a time anchor), with a small
lead bonus (倒金字塔), and with penalties for the shapes that are never the news (questions,
quotes, hypotheticals, background, prefaces). The best one or two sentences, in the post's
order, make the summary.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.summarizer.fill import extend
from bot.summarizer.headline import _title_amounts, _unsaid, cover_amounts
from bot.summarizer.salience import (
    CONNECTIVE,
    LEANING,
    TURN,
    Candidate,
    Units,
    candidates,
    measure,
    title_units,
)
from bot.summarizer.text import body_paragraphs

# A clause that cannot end a summary: its object or main clause was cut away.
_DANGLING_END = re.compile(
    r"(?:表示|指出|称|认为|显示|透露|强调|介绍|说|提到|写道|坦言|预计|预测|预期|估计|宣布|决定|"
    r"包括|如下|例如|比如|其中|以及|和|与|及|或|但|而|并|且|的|是|为|将|对|在|从|由|以|因|于|把|被|"
    r"情况下|背景下|前提下|之际|之下|期间|之后|以来|时候|同时|数据|相比|相较|看到|发现|注意到|可见|"
    r"(?<![日月年天周])后|[，,](?:下一步|下一阶段|接下来|未来|今后|此后|目前|当前))$"
)
# A clause that only sets up what comes next (尽管…, 如果…): keeping it alone breaks the meaning.
_SUBORDINATE_START = re.compile(
    r"^(?:尽管|虽然|虽|如果|若|假如|即便|即使|由于|因为|随着|为了|只要|除了|作为|根据|按照|依据|基于|鉴于)"
)
# The next clause goes on with the same list ("拼多多、小米等公司，以及美股…龙头密集披露"): the
# prefix before it is a subject without its verb.
_COORDINATED = re.compile(r"^\s*(?:以及|及其|乃至|还有)")
# "…之间——这个黏性指标，接近…": cut after the dash, the aside or new subject hangs; a dash that
# names what came before ("配套公告——《关于…的公告》") is whole.
_OPEN_ASIDE = re.compile(r"——(?!《[^》]*》$|“[^”]*”$)[^—]*$")
_PAIRS = (
    ("“", "”"),
    ("‘", "’"),
    ("《", "》"),
    ("（", "）"),
    ("(", ")"),
    ("「", "」"),
    ("【", "】"),
)
_PAIR_MARGIN = 0.03  # one sentence reads better than two: a pair must carry clearly more
_PAIR_POOL = 10
_HOOK_SHARE = 0.5  # of a thesis's title words, what does not count beside a fact
_ORPHAN = 0.5  # on top of LEANING: shown without its antecedent, 这/其 point at nothing
# 公司 as the subject of the first or second clause ("2021年8月25日，公司发布了…").
_COMPANY_SUBJECT = re.compile(r"^((?:[^，。“”]{1,16}[，,])?)公司(?![债法])")
# "此外，…" adds to a sentence the summary does not show: first in the summary, it goes.
_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
_DATE_OPENER = re.compile(
    r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:早间|晚间|午间|盘后|晚|早|上午|下午|凌晨)?[，,]\s*"
)
# "中国铝业：…", "“新债王”冈拉克：…" (a nickname in quotes before the name)
_SPEAKER = re.compile(r"^((?:“[^“”]{1,8}”)?[^：:，,\s“”\d]{2,10})[：:](.+)$")


# The body names its own source ("华福证券表示", "报告指"): no headline speaker is put before it.
_OWN_SOURCE = re.compile(r"表示|称|指出|认为|报告|公告|消息")
_SELF = re.compile(r"(?<!上市)(?<![子母各家该])公司")  # the speaker itself, not 上市公司/子公司
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # "到2025年 数据中心"
_BRACKETS = re.compile(r"[“”‘’《》（）()「」【】\"]")


def _balanced(text: str) -> bool:
    if not _BRACKETS.search(text):
        return True
    return all(text.count(a) == text.count(b) for a, b in _PAIRS) and text.count('"') % 2 == 0


_TRAILING_MARKS = re.compile(r"[，,；;：:、]+$")
_ENDED = re.compile(r"(?:[。！？!?]|…)[”’」』）)\"]*$")
# A clause ends at a comma or semicolon, or before a dash that opens an elaboration ("…的第三次融资
# ——6月刚完成…配售"): what comes before the dash is whole. Not before an aside closed by a second
# dash ("…约5%的收益率——远高于…——对投资者构成吸引力"): the predicate follows it.
_AFTER_CLAUSE = re.compile(r"(?<=[，；,;])|(?<=[^—])(?=——(?!.*——))")
_CLAUSE_MARK = re.compile(r"[，；,;]")


def _end(sentence: str) -> str:
    s = _TRAILING_MARKS.sub("", sentence.rstrip())
    if not _ENDED.search(s):
        s += "。"  # …… already ends a sentence: no "……。"
    return s


def clause_prefixes(sentence: str) -> list[str]:
    """Every clause-boundary prefix of the sentence that reads as complete, shortest first."""
    out: list[str] = []
    acc = ""
    parts = _AFTER_CLAUSE.split(sentence)
    for k, part in enumerate(parts[:-1]):
        acc += part
        body = acc.rstrip("，；,;")
        if body.endswith("—"):
            continue
        if len(body) < 15 or not _balanced(body):
            continue
        last = _CLAUSE_MARK.split(body)[-1]
        if _DANGLING_END.search(body) or _SUBORDINATE_START.match(last.strip()):
            continue
        # "…：一只为避雷器、绝缘子“小巨人”" or "…——这个黏性指标": what the colon or the dash
        # opened was cut off
        aside = "：" in last or (last.count("——") % 2 and _OPEN_ASIDE.search(last))
        if aside or _COORDINATED.match(parts[k + 1]):
            continue  # an aside opened by —— or a list going on (…，以及…) was cut mid-way
        if _SUBORDINATE_START.match(body) and body.count("，") + body.count(",") < 1:
            continue
        out.append(body + "。")
    return out


def fit_sentence(sentence: str, max_chars: int) -> str | None:
    """The sentence if it fits, else its longest clause-boundary prefix that reads as complete."""
    s = _end(sentence)
    if len(s) <= max_chars:
        return s if _balanced(s) else None
    best = None
    for prefix in clause_prefixes(sentence):
        if len(prefix) > max_chars:
            break
        best = prefix
    return best


# A gloss in brackets (an English name, an expansion): "星尘智能（Astribot）",
# "IPO（首次公开募股）".
_GLOSS = re.compile(r"[（(][^（）()\d，,。]{1,30}[）)]")


def compact(sentence: str) -> str:
    """The sentence without its glosses, when it does not fit whole with them."""
    return _GLOSS.sub("", sentence)


def _fitted(sentence: str, max_chars: int) -> tuple[str, bool] | None:
    """The sentence as shown and whether it was cut (then nothing may follow it)."""
    if len(_end(sentence)) > max_chars and len(_end(compact(sentence))) <= max_chars:
        sentence = compact(sentence)  # whole without its glosses rather than cut
    shown = fit_sentence(sentence, max_chars)
    return None if shown is None else (shown, shown != _end(sentence))


def _shorter(c: Candidate, units: Units, room: int) -> Candidate | None:
    """The candidate cut at an earlier clause boundary to fit `room`, if it still reads whole."""
    if room < 20:
        return None
    whole = _end(compact(c.raw))
    if len(whole) <= room and _balanced(whole):
        have, figures = measure(whole, units)  # whole without its glosses
        return replace(c, text=whole, units=have, figures=figures, cut=False)
    if c.prefixes is None:
        c.prefixes = clause_prefixes(c.raw)
    shown = None
    for prefix in c.prefixes:
        if len(prefix) > room:
            break
        shown = prefix
    if shown is None:
        return None
    have, figures = measure(shown, units)
    return replace(c, text=shown, units=have, figures=figures, cut=True)


def _pick(pool: list[Candidate], units: Units, max_chars: int) -> list[Candidate]:
    """The one sentence or the pair (in the post's order) that carries most of the news.

    A pair is scored on what the two say together (the title units either covers, their
    figures), so a second sentence counts only for what it adds; its shape penalties count in
    full, so a hook never rides along with a good lead.
    """
    total = sum(units.values()) or 1.0

    def pair_score(a: Candidate, b: Candidate) -> float:
        if b.units <= a.units and b.figures <= a.figures:
            return 0.0  # says again what the first said
        cover = sum(units[u] for u in a.units | b.units) / total
        for x, y in ((a, b), (b, a)) if hooks else ():
            if not x.fact and y.fact:
                # a thesis or a scene beside the fact: the title words it adds are the hook's,
                # not news, unless they name the headline's actor (its clause); a scene that
                # names the actor and echoes the title's hook (启迪环境再次来到命运的十字路口)
                # adds only the echo
                added = x.units - y.units
                if x.units & units.first:
                    added &= units.scene
                cover -= _HOOK_SHARE * sum(units[u] for u in added) / total
        if not a.fact and b.index == a.index + 1 and TURN.match(b.raw):
            # "A股上半年以上涨收官。不过，近几周…下跌": a mood the next sentence turns from is
            # its foil; the turn is the news
            cover -= _HOOK_SHARE * sum(units[u] for u in a.units - b.units) / total
        figures = min(len(a.figures | b.figures), 3)
        lead = max(a.lead, b.lead) + 0.5 * min(a.lead, b.lead)
        if b.index == a.index + 1:
            lead += 0.03  # the sentence right after reads on from the first
        elif b.index > a.index + 2:
            lead -= 0.05  # a jump across the post: two items, not one story
        anchor = a.anchor or b.anchor
        score = (cover + 0.06 * figures + 0.04 * anchor + lead) * a.penalty * b.penalty
        if a.leaning or (b.leaning and b.index != a.index + 1):
            score *= LEANING
        if a.headless or (b.orphan and b.index != a.index + 1):
            score *= _ORPHAN
        return score

    # A sentence that leans on one the summary does not show (这…, 其中…) opens it only when
    # every other sentence is worse still (a quote, a hook).
    best: list[Candidate] = [max(pool, key=lambda c: c.score * (_ORPHAN if c.headless else 1.0))]
    best_score = best[0].score + _PAIR_MARGIN
    # A fact alone beats a hook riding along with it; when even the best single sentence is a
    # thesis or a scene, a pair that adds a fact to it is the better push.
    hooks = best[0].fact
    top = sorted(
        sorted(pool, key=lambda c: c.score, reverse=True)[:_PAIR_POOL], key=lambda c: c.index
    )
    for i, a in enumerate(top):
        for b in top[i + 1 :]:
            if a.cut and b.leaning:
                continue  # b may lean on the part of a that was cut away
            score = pair_score(a, b)  # both as long as they can be: an upper bound
            if score <= best_score:
                continue
            if len(a.text) + len(b.text) > max_chars:
                # Cut the second, or else the first (a market wrap's index line and its
                # movers: both headline facts, neither whole beside the other).
                options = []
                if not a.cut and (cut_b := _shorter(b, units, max_chars - len(a.text))):
                    options.append((pair_score(a, cut_b), a, cut_b))
                cut_a = None if b.leaning else _shorter(a, units, max_chars - len(b.text))
                headline_b = not a.figures and b.units & units.amounts
                # or a thesis without figures cut to its actor's clause, beside the fact that
                # gives its number ("…股价仍遭遇重挫，这给…浇下了一盆冷水。…股价大跌10%")
                thesis = cut_a and not a.fact and b.fact and b.figures and b.units & units.first
                keeps = cut_a and not (a.units & units.first) - cut_a.units
                if cut_a and (
                    (cut_a.units == a.units and (cut_a.figures or headline_b)) or (thesis and keeps)
                ):
                    # only when what is cut from the first adds none of the title's words, and
                    # the first keeps its figures or the second states the headline's number
                    # ("高盛首予X买入评级，为…运营商。…目标价6.1港元": the rating and the target)
                    options.append((pair_score(cut_a, b), cut_a, b))
                if not options:
                    continue
                score, a2, b2 = max(options, key=lambda o: o[0])
                if score > best_score:
                    best, best_score = [a2, b2], score
            elif score > best_score:
                best, best_score = [a, b], score
    return best


def build_summary(
    title: str,
    paragraphs: list[str] | tuple[str, ...],
    digest: str | None = None,
    *,
    max_chars: int = 120,
    names: tuple[str, ...] = (),
) -> str:
    """The sentence(s) that best carry the title's facts: at most two, at most max_chars.

    `names`: the companies the title names (the parser's Article.title_names)."""
    units = title_units(title, names)
    body = body_paragraphs(title, paragraphs)
    pool = candidates(units, body, digest, lambda s: _fitted(s, max_chars))
    if not pool:
        return fit_sentence(title, max_chars) or ""
    chosen = _pick(pool, units, max_chars)
    shorter = lambda c, room: _shorter(c, units, room)  # noqa: E731
    covered = cover_amounts(
        chosen,
        lambda: candidates(units, body, digest, lambda s: _fitted(s, max_chars), reach=3),
        units,
        title,
        max_chars,
        shorter,
    )
    if covered == chosen:
        covered = extend(chosen, pool, units, title, max_chars)
    chosen = covered
    parts = [c.text for c in chosen]
    for k in range(1, len(parts)):
        opener = _DATE_OPENER.match(parts[k])
        if opener and _DATE.search(opener.group()).group() in _DATE.findall(parts[k - 1]):
            # "5月26日晚，A…。5月26日晚间，B…": the date is said once (a different one stays:
            # the second figure is of another day)
            parts[k] = parts[k][opener.end() :] or parts[k]
    parts = [_without_echo(p, units) for p in parts]
    # "此外，…" / "不过，…" adds to or turns from a sentence the summary does not show
    parts[0] = _unlink(chosen[0], parts[0])
    for k in range(1, len(chosen)):
        if chosen[k].index != chosen[k - 1].index + 1:
            parts[k] = _unlink(chosen[k], parts[k])
    text = "".join(parts)
    flash = len(body) == 1 and not digest
    text = _attribute(title, text, max_chars, flash=flash, body="".join(body) if flash else "")
    if flash:
        return _topic_lead(title, text, body[0], units, max_chars)
    return _headline_lead(title, text, units, max_chars)


def _headline_lead(title: str, text: str, units: Units, max_chars: int) -> str:
    """A news title whose numbers no sentence of the summary states (燧原科技科创板IPO获上市委
    会议通过 拟融资60亿元, over the exchange's notice) leads it, as the headline sentence: the
    amount is the news, and the body states it only in a table or far down."""
    head = max(re.split(r"\s*[|｜丨]\s*", title.strip()), key=len)
    if not head or re.search(r"[？?！!…：:“”\"]", head):
        return text
    amounts = _title_amounts(head, units)
    if not amounts or _unsaid(amounts, text) != amounts:
        return text  # the summary states one of them: the others are for the figure lines
    return _headline_first(head, text, max_chars)


def _without_echo(sentence: str, units: Units) -> str:
    """The sentence without a last clause that only echoes the title's hook (…遭证监会立案，这也
    让公司股价迎考。 under "股价迎考！…立案"): the hook adds no news to the fact before it."""
    if not units.scene:
        return sentence
    head, sep, tail = sentence.rstrip("。").rpartition("，")
    if not sep:
        return sentence
    have, figures = measure(tail, units)
    if figures or len(have & units.scene) < 2 or len(have - units.scene) > 1:
        return sentence
    cut = head + "。"
    return cut if cut in clause_prefixes(sentence) else sentence


def _unlink(c: Candidate, text: str) -> str:
    """The sentence without the connective that ties it to one the summary does not show."""
    if c.link and text.startswith(c.link):
        return text[len(c.link) :]
    return CONNECTIVE.sub("", text, count=1)


def _topic_lead(title: str, text: str, body: str, units: Units, max_chars: int) -> str:
    """A flash whose body never says its topic ("元宇宙板块持续走强" over a list of movers) is led
    by its headline, as the wire's one-line items are: "元宇宙板块持续走强，中文在线涨超10%…"."""
    head = title.strip()
    if not head or re.search(r"[？?！!…|｜]", head):
        return text
    have, _ = measure(body, units)  # the whole item, not only the part shown
    if units.amounts - have:
        return _headline_first(head, text, max_chars)
    total = sum(units.values()) or 1.0
    if _SPEAKER.match(head) or sum(units[u] for u in have) / total >= 0.2:
        return text
    led = _CJK_GAP.sub("，", head) + "，" + text
    return led if len(led) <= max_chars and _balanced(led) else text


def _headline_first(head: str, text: str, max_chars: int) -> str:
    """A flash whose body never states a headline number (an analyst note "高盛：首予X买入评级
    目标价22.83港元" over the note's reasoning) is led by the headline as a sentence: the rating
    and the target are the news, and only the title says them."""
    lead = re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "，", _CJK_GAP.sub("，", head))
    lead = lead.rstrip("，。") + "。"  # iPhone Air keeps its space
    if len(lead) > max_chars or not _balanced(lead):
        return text
    rest = max_chars - len(lead)
    if len(text) <= rest:
        return lead + text
    first = text.split("。", 1)[0] + "。"
    cut = fit_sentence(first, rest) if rest >= 20 else None
    return lead + cut if cut else lead


def _attribute(
    title: str, text: str, max_chars: int, *, flash: bool = False, body: str = ""
) -> str:
    """Name the speaker of a "中国铝业：公司…" headline when the body leaves it as 公司 or unsaid.

    Flash items put the speaker only in the title and write the body as its statement
    ("公司没有铝深加工产品…"): alone in a push, that sentence has no subject.
    """
    m = _SPEAKER.match(title.strip())
    if not m or m.group(1) in text:
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
    ):
        # the flash never names who said it: "发改委等部门：到2025年…" over the plan's own words
        # (not "某证券：首予X评级" over "公司为…": there 公司 is X)
        named = f"{who}：{text}"
    else:
        return text
    return named if len(named) <= max_chars else text
