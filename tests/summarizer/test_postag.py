"""postag.py: the faster HMM search must tag exactly as jieba.posseg does."""

from bot.summarizer import labels, postag

# Invented text with names and words jieba's dictionary does not know (its HMM step tags them),
# Latin, digits, punctuation and spaces.
TEXTS = (
    "泽瑞科技一季度营收同比增长12.5%，净利润3.2亿元",
    "蓝鲸岚图公司的董事长龚飒飒表示将扩产",
    "Alpha Beta Corp 股价 涨5%（盘中）—— 市值约200亿美元",
    "嘉禾睿智与瑾瑜澜创签署协议，拟以每股7.8港元配售",
    "沪深300指数期货\t上涨\r\n中一签收益约五百元",
    "",
)


def _jieba_tags(text: str) -> list[tuple[str, str]]:
    import jieba.posseg as pseg

    return [(p.word, p.flag) for p in pseg.lcut(text)]


def test_tags_equal_jieba_posseg():
    labels.words("")  # the summarizer's words in the dictionary first, as labels.pos_words does
    for text in TEXTS:
        assert postag.tag(text) == _jieba_tags(text)


def test_cut_equals_jieba_lcut():
    import jieba

    labels.words("")  # the summarizer's words in the dictionary first, as labels.words does
    for text in (*TEXTS, "Pre-A轮融资，B+轮 A+H", "龘靐齉爩鱻的了", "a b\r\nc"):
        assert postag.cut(text) == jieba.lcut(text)


def test_viterbi_route_equals_jieba_viterbi():
    import jieba.posseg as pseg
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    for run in ("龚飒飒", "瑾瑜澜创", "岚图", "飒", "嘉禾睿智瑾瑜澜创泽瑞", "龘靐齉爩鱻", "的了龘"):
        _, route = jieba_viterbi(
            run, pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P
        )
        assert postag.viterbi(run) == route
