"""Subjects vs mentions (bot.parser.roles): structure decides, not a list of posts."""

from __future__ import annotations

import pytest

from bot.parser import build_article, parse_file
from bot.parser.roles import Roles, assign_roles, is_market_wrap
from tests.conftest import CORPUS, corpus_or_skip

NAMES = {
    "600872.SH": ["中炬高新"],
    "000729.SZ": ["燕京啤酒"],
    "002557.SZ": ["洽洽食品"],
    "600999.SH": ["招商证券"],
    "300059.SZ": ["东方财富"],
    "300832.SZ": ["新产业"],
}


def roles(title: str, paragraphs: list[str], **kw: object) -> Roles:
    tickers = kw.pop("tickers", list(NAMES))
    return assign_roles(title=title, paragraphs=paragraphs, tickers=tickers, names=NAMES, **kw)


def test_report_makes_a_subject_a_list_item_does_not() -> None:
    r = roles(
        "消费板块新动向",
        [
            "7月20日燕京啤酒涨超5%，中炬高新亦涨超4%。",
            "今年上半年，中炬高新预计实现归母净利润3.90亿元，同比增长51.84%。",
            "此外，燕京啤酒、洽洽食品等行业龙头也纷纷交出预喜的半年度成绩单。",
            "“业绩明显超出市场预期。”招商证券研报指出，盈利弹性正逐季释放。",
        ],
    )
    assert r.subjects == ("600872.SH",)
    assert set(r.mentions) == {"000729.SZ", "002557.SZ", "600999.SH"}
    # 东方财富 and 新产业 are named nowhere: the credit, a hidden link
    assert set(r.dropped) == {"300059.SZ", "300832.SZ"}


def test_one_move_is_a_mention_two_make_a_subject() -> None:
    one = roles("行业观察", ["燕京啤酒股价大涨。"], tickers=["000729.SZ"])
    two = roles(
        "行业观察", ["燕京啤酒股价大涨。", "随后，燕京啤酒股价再度上涨。"], tickers=["000729.SZ"]
    )
    assert one.subjects == () and one.mentions == ("000729.SZ",)
    assert two.subjects == ("000729.SZ",)


def test_moves_of_several_stocks_in_one_sentence_are_a_list() -> None:
    r = roles(
        "半导体观察",
        ["燕京啤酒大涨5%，中炬高新大涨4%。", "燕京啤酒大涨5%，中炬高新大涨4%。"],
        tickers=["000729.SZ", "600872.SH"],
    )
    assert r.subjects == ()


def test_topic_use_is_no_report() -> None:
    r = roles(
        "中国中车签大单", ["新产业方面，公司首个海上风电项目成功中标。"], tickers=["300832.SZ"]
    )
    assert r.subjects == () and r.mentions == ("300832.SZ",)


def test_title_names_the_subject_unless_it_speaks_about_another() -> None:
    names = {"CS.US": ["瑞士信贷"], "SUN.US": ["Sunoco"], "600872.SH": ["中炬高新"]}
    r = assign_roles(
        title="瑞士信贷(CS.N)：将Sunoco Lp（SUN.N）目标价从37美元上调至39美元",
        paragraphs=["瑞士信贷(CS.N)：将Sunoco Lp（SUN.N）目标价从37美元上调至39美元。"],
        tickers=["CS.US", "SUN.US"],
        names=names,
        coded=["CS.US", "SUN.US"],
    )
    assert r.subjects == ("SUN.US",) and r.mentions == ("CS.US",)
    alone = assign_roles(
        title="中炬高新：上半年净利预增；燕京啤酒：中标", paragraphs=["公告。"],
        tickers=["600872.SH"], names=names,
    )  # fmt: skip
    assert alone.subjects == ("600872.SH",)


def test_market_wrap_keeps_title_and_few_charts_only() -> None:
    assert is_market_wrap("全球市场：道指涨超1%再创新高 美光科技跌近8%")
    assert is_market_wrap("A股三大指数收跌：沪指跌近1% 半导体与电池板块领跌")
    assert not is_market_wrap("消费板块新动向 板块已显现出多重边际改善信号")
    assert is_market_wrap("美股收盘：三大指数涨跌不一")
    assert not is_market_wrap("甲公司跌超16%，跌穿IPO首日收盘价")  # a price, not the close
    r = roles(
        "美股三大指数集体收涨 燕京啤酒涨超7%",
        ["中炬高新公布财报，营收大增。", "中炬高新股价大涨。"],
        tickers=["000729.SZ", "600872.SH", "002557.SZ"],
        charted=["000729.SZ", "600872.SH", "002557.SZ"],  # a gallery of charts
    )
    assert r.subjects == ("000729.SZ",) and r.mentions == ("600872.SH", "002557.SZ")


def test_latin_symbol_is_a_whole_word() -> None:
    names = {"AMD.US": ["AMD"]}
    assert assign_roles(
        title="AMD大涨超11%", paragraphs=[], tickers=["AMD.US"], names=names
    ).subjects
    assert not assign_roles(
        title="AMDX大涨", paragraphs=["AMDX大涨"], tickers=["AMD.US"], names=names
    ).subjects


def test_credit_link_is_neither() -> None:
    body = (
        "<p>美联储维持利率不变。</p>"
        "<p>（文章来源：<a href='http://quote.eastmoney.com/unify/r/0.300059'>东方财富</a>）</p>"
    )
    a = build_article({"title": "美联储按兵不动", "date": "2026-01-02 10:00:00"}, body)
    assert a.origin == "东方财富"
    assert "300059.SZ" not in {*a.tickers, *a.mentions}
    assert a.to_json()["mentions"] == []


# --- the corpus: noise drops, subjects stay -----------------------------------------

FILES = sorted(CORPUS.glob("*/*.md")) if CORPUS.is_dir() else []


def test_corpus_credit_never_carried() -> None:
    corpus_or_skip()
    for f in FILES:
        a = parse_file(f)
        if a.origin and a.origin.startswith("东方财富") and "东方财富" not in a.text:
            assert "300059.SZ" not in {*a.tickers, *a.mentions}, f.name


@pytest.mark.parametrize(
    ("rel", "subjects"),
    [
        # titles of company news (outside the gold files)
        ("long/2025-09-30-em202509293526604493.md", {"300786.SZ"}),  # 国林科技拟以现金购买
        ("long/2026-06-23-em202606223778453322.md", {"001389.SZ", "01989.HK"}),  # 广合科技
        ("posts/2021-12-08-202112082206807620.md", {"01579.HK"}),  # 大摩：升颐海国际评级
        # the title reports 三星电子 (no stock of ours): SK海力士's ADR section is a peer's
        ("long/2026-07-07-em202607073795566998.md", set()),
        # named once, closing a list of the group's listings: 藏格矿业 is no subject
        ("long/2025-10-13-em202510123531527221.md", {"601899.SH", "02899.HK", "02259.HK"}),
    ],
)
def test_corpus_subjects(rel: str, subjects: set[str]) -> None:
    a = parse_file(corpus_or_skip() / rel)
    assert set(a.tickers) == subjects


def test_corpus_wraps_carry_few_subjects() -> None:
    corpus_or_skip()
    wraps = [a for a in map(parse_file, FILES) if is_market_wrap(a.title)]
    assert len(wraps) >= 20
    assert all(len(a.tickers) <= 3 for a in wraps), [a.title for a in wraps if len(a.tickers) > 3]
    assert sum(len(a.mentions) for a in wraps) > 10 * sum(len(a.tickers) for a in wraps)


def _chart(nid: str) -> str:
    return (
        f"<p><a href='http://quote.eastmoney.com/unify/r/{nid}'><img "
        f"src='https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid={nid}&imageType=k'/>"
        "</a></p>"
    )


def test_directory_names_a_stock_no_link_names() -> None:
    """A wrap's gallery of charts names no stock; the shipped directory does (特斯拉)."""
    body = "".join(_chart(n) for n in ("105.TSLA", "105.ORCL", "105.AMD"))
    body += "<p>美股三大指数收跌，特斯拉跌超4%，甲骨文、AMD走低。</p>"
    a = build_article({"title": "美股三大指数收跌 特斯拉跌超4%", "date": "2025-10-08"}, body)
    assert a.tickers == ("TSLA.US",)
    assert set(a.mentions) == {"ORCL.US", "AMD.US"}


def test_named_once_outside_title_and_lead_is_a_mention() -> None:
    """A code written once deep in the body (a quoted source, a list's end) is no subject."""
    body = [
        "化肥价格近期走高，市场关注供应。",
        "分析人士认为涨价持续性有限。",
        "中炬高新(600872.SH)相关工作人员表示，价格没有明显波动。",
    ]
    r = roles("化工品谁在涨价", body, tickers=["600872.SH"], coded=["600872.SH"])
    assert r.subjects == () and r.mentions == ("600872.SH",)
    lead = roles("化工品谁在涨价", body[2:] + body[:2], tickers=["600872.SH"], coded=["600872.SH"])
    assert lead.subjects == ("600872.SH",)  # the same sentence as the lead


def test_title_reporting_an_unlisted_company_demotes_body_actors() -> None:
    body = [
        "某电子二季度营业利润大增，远超预期。",
        "另外，燕京啤酒公告称拟回购股份。",
        "燕京啤酒上半年营收增长8%。",
    ]
    own = roles("行业观察", body, tickers=["000729.SZ"])
    assert own.subjects == ("000729.SZ",)  # two reports in the body: a subject
    other = roles("东亚电子二季度营业利润同比增长3倍", body, tickers=["000729.SZ"])
    assert other.subjects == () and other.mentions == ("000729.SZ",)


def test_subjects_ranked_title_then_lead_then_body() -> None:
    r = roles(
        "燕京啤酒发布新品",
        [
            "洽洽食品公告，上半年营收增长。",
            "中炬高新公告称上半年净利增长。",
            "中炬高新宣布回购股份。",
        ],
        tickers=["600872.SH", "002557.SZ", "000729.SZ"],
        coded=["600872.SH", "002557.SZ"],
    )
    assert r.subjects == ("000729.SZ", "002557.SZ", "600872.SH")


def test_four_stocks_written_with_their_codes_are_what_the_story_moved() -> None:
    # Invented: a tariff threat and the four studios' stocks that moved on it, each written
    # with its code (a wire's way); a fifth coded stock makes it a list of movers.
    pairs = [("AAA", "甲院线"), ("BBB", "乙影业"), ("CCC", "丙流媒体"), ("DDD", "丁娱乐")]
    names = {f"{c}.US": [n] for c, n in [*pairs, ("EEE", "戊传媒")]}
    moves = "，".join(f"{n}（{c}）涨{k}%" for k, (c, n) in enumerate(pairs, 1))
    title = "某国威胁对海外制片征关税"
    four = list(names)[:4]
    got = assign_roles(
        title=title, paragraphs=[f"消息传出后，{moves}。"], tickers=four, names=names, coded=four
    )
    assert got.subjects == tuple(four)
    five = f"消息传出后，{moves}，戊传媒（EEE）跌1%。"
    got = assign_roles(
        title=title, paragraphs=[five], tickers=list(names), names=names, coded=list(names)
    )
    assert got.subjects == ()


@pytest.mark.timeout(60)
def test_a_list_of_thousands_of_stocks_finishes() -> None:
    """Each ticker's role built a list of every other ticker's spots and names: quadratic."""
    codes = [*range(600000, 620000), *range(300000, 320000), *range(1, 20000)]
    body = "".join(f"公司{i}（{c:06d}）、" for i, c in enumerate(codes)) + "。"
    a = build_article({"title": "名单"}, body)
    assert len(a.tickers) + len(a.mentions) > 20_000
