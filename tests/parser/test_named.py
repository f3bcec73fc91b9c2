"""The company a title names by its directory name (bot.parser.named), made-up titles."""

from __future__ import annotations

import pytest

from bot.parser import build_article
from bot.parser.named import title_company, written_symbols
from bot.parser.post import _in_title
from bot.stocks.directory import shipped


def named(title: str, **kw: object) -> tuple[str, ...]:
    return title_company(title, shipped(), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "tickers"),
    [
        # the company speaks or reports: its short name at the head of the title
        ("宁波银行：获批发行不超过50亿元二级资本债券", ("002142.SZ",)),
        ("隆基绿能拟投资30亿元建设新基地", ("601012.SH",)),
        # one company, its A and H listings (mainland first)
        ("中国平安：前三季度归母净利润同比增长12%", ("601318.SH", "02318.HK")),
        # an everyday word as a name needs a company cue: a move, a report, a rating
        ("苹果股价盘中大涨4% 市值再创新高", ("AAPL.US",)),
        # a broker rating a stock: the stock, not the broker
        ("大摩上调特斯拉目标价至400美元", ("TSLA.US",)),
        # a name that reads as everyday words, followed by its act
        ("中国联通发布新一代算力网络产品", ("600050.SH", "00762.HK")),
        ("紫金矿业又拿下一座铜矿", ("601899.SH", "02899.HK")),
        # a US listing by its Chinese name
        ("吉利德宣布收购一家生物科技公司", ("GILD.US",)),
        # 获: what the company is granted, after a name that is an everyday word too
        ("百度获一项语音识别方法专利授权", ("09888.HK", "BIDU.US")),
        # H股 after the name: the Hong Kong listing (HKEX writes 青岛啤酒股份), not the A shares
        ("某券商升青岛啤酒H股评级至买入", ("00168.HK",)),
        ("某券商上调中芯国际H股目标价", ("00981.HK",)),
        # a Latin name of several words, as written
        ("Palo Alto Networks财报后大跌", ("PANW.US",)),
        # a short name before its cloud or AI business
        ("腾讯AI助手上线新功能", ("00700.HK",)),
        # a deal's target, though a colon follows the words after it (not its speaker)
        ("某集团收购华润啤酒获批野望：从牌照到平台", ("00291.HK",)),
        # or before a Latin product name: a fruit has no iPhone
        ("苹果iPhone新机备货量下调", ("AAPL.US",)),
        # the company speaks by its full name; the directory lists it under a risk warning
        # (ST中利: posts/2021-12-08-202112082207056940)
        ("中利集团：光伏基地二期计划明年投产", ("002309.SZ",)),
    ],
)
def test_one_company_named(title: str, tickers: tuple[str, ...]) -> None:
    assert named(title) == tickers


@pytest.mark.parametrize(
    "title",
    [
        "平安夜消费旺季来临 商场客流回升",  # 平安: a word, not 中国平安
        "宁德迎来今冬首场降雪",  # 宁德: a city (short name of 宁德时代)
        "苹果概念股集体走强",  # a theme, not the company
        "苹果价格上涨 水果批发市场客流回升",  # the fruit
        "中信证券：看好四季度消费复苏",  # a broker's view, the broker is a source
        "华泰证券李明：市场风格或将切换",  # a broker's analyst speaks
        "国泰君安证券：市场风格或将切换",  # a broker by its full name: still a source
        "高盛集团：首予某公司买入评级",  # a rating: the broker is quoted
        "“中国版特斯拉”完成新一轮融资",  # a nickname, not Tesla
        "企业成长和创新并重",  # 长和 inside 成长和
        "央行开展逆回购操作",  # no company at all
    ],
)
def test_no_company_or_no_guess(title: str) -> None:
    assert named(title) == ()


def test_every_company_the_title_names_counts() -> None:
    """Each company's holders want the push: both parties of a deal, every stock of a list."""
    byd_catl = ("002594.SZ", "01211.HK", "300750.SZ", "03750.HK")
    assert named("比亚迪与宁德时代签署战略合作协议") == byd_catl
    assert named("特朗普大幅减持亚马逊和微软") == ("AMZN.US", "MSFT.US")
    assert named("中信证券：看好比亚迪和宁德时代") == byd_catl  # the broker speaks: a source


def test_an_analyst_in_the_next_sentence_of_the_title_quotes_no_one_before_it() -> None:
    # 特斯拉…！分析师…: the analyst opens a sentence of their own; 特斯拉 is no source
    title = "英伟达发布会提到特斯拉12次！分析师看好双方合作"
    assert named(title) == ("NVDA.US", "TSLA.US")
    assert named("英伟达分析师：看好特斯拉") == ("TSLA.US",)  # the speaker is a source


def test_a_carried_stock_named_in_the_title_is_not_added_again() -> None:
    own = {"300750.SZ": ["宁德时代"]}
    assert named("宁德时代获比亚迪大单", own=own) == ("002594.SZ", "01211.HK")
    assert named("宁德时代拟回购股份", own=own) == ()


def test_flash_sentence_when_the_title_names_none_needs_a_cue() -> None:
    assert named("光伏板块午后走强", flash="隆基绿能涨超5%，带动板块走高") == ("601012.SH",)
    assert named("汽车零部件迎来窗口期", flash="某券商表示，特斯拉周期带来机会") == ()
    # a flash's sentence listing other news' names names no one company
    assert named("汽车零部件迎来窗口期", flash="隆基绿能涨超5%，通威股份涨超3%") == ()


def test_a_board_move_flash_reaches_the_holders_of_its_movers() -> None:
    # the title reports a board's move: each mover the flash names with its move is a subject
    # (the title's own company first), up to MAX_MOVERS; not in a market wrap
    flash = "隆基绿能涨超5%，通威股份涨超3%，某某新能源跟涨"
    assert named("光伏板块午后走强", flash=flash) == ("601012.SH", "600438.SH")
    assert named("光伏股午后拉升 隆基绿能涨超5%", flash=flash) == ("601012.SH", "600438.SH")
    # several sentences: the paragraph is read as the board's list
    two = "光伏板块午后走强。隆基绿能涨超5%；通威股份涨超3%。"
    assert named("光伏板块午后走强", board=two) == ("601012.SH", "600438.SH")
    assert named("港股午评｜恒指微跌 光伏板块走强", flash=flash) == ()


def _post(title: str, body: str) -> object:
    return build_article({"title": title, "date": "2026-03-01 09:30:00"}, body)


def test_flash_without_link_carries_its_company_with_a_name() -> None:
    a = _post("宁波银行：获批发行不超过50亿元二级资本债券", "<p>宁波银行公告，获准发行。</p>")
    assert a.tickers == ("002142.SZ",)  # type: ignore[attr-defined]
    assert a.stock_names["002142.SZ"] == "宁波银行"  # type: ignore[attr-defined]


def test_a_wraps_title_mover_reaches_its_holders_and_a_linked_post_is_left_alone() -> None:
    # the dev push gold counts a wrap's title mover as what the post is about (美股三大指数集体
    # 收涨 英特尔涨超7%: INTC.US), as it does when Eastmoney links the stock
    wrap = _post("A股三大指数收涨 隆基绿能涨超5%", "<p>沪指涨1%。</p>")
    assert wrap.tickers == ("601012.SH",)  # type: ignore[attr-defined]
    link = "<a href='http://quote.eastmoney.com/unify/r/0.300750'>宁德时代</a>"
    a = _post("宁德时代拟回购股份", f"<p>{link}公告拟回购股份，宁德时代称用于激励。</p>")
    assert a.tickers == ("300750.SZ",)  # type: ignore[attr-defined]


def test_the_companies_a_title_names_are_counted() -> None:
    link = "<a href='http://quote.eastmoney.com/unify/r/0.300750'>宁德时代</a>"
    two = _post("宁德时代与比亚迪签署合作协议", f"<p>{link}公告，与比亚迪签署协议。</p>")
    assert set(two.title_names) == {"宁德时代", "比亚迪"}  # type: ignore[attr-defined]
    one = _post("宁波银行：获批发行不超过50亿元二级资本债券", "<p>宁波银行公告。</p>")
    assert one.title_names == ("宁波银行",)  # type: ignore[attr-defined]
    source = _post("中信证券：看好新能源板块", "<p>中信证券认为，板块将走强。</p>")
    assert source.title_names == ()  # type: ignore[attr-defined]  # a broker speaking is no subject


def test_a_latin_name_counts_in_the_case_the_title_writes_it() -> None:
    link = "<a href='http://quote.eastmoney.com/unify/r/116.00100'>MINIMAX-W</a>"
    body = f"<p>宁德时代与MiniMax（{link}）签署合作协议。</p>"
    a = _post("宁德时代与Minimax签署合作协议", body)
    assert a.title_names == ("宁德时代", "MiniMax")  # type: ignore[attr-defined]
    # a short symbol is not read in an everyday word of another case
    assert _in_title("ON", "On the road") is False


def test_one_company_listed_twice_is_named_once() -> None:
    a_link = "<a href='http://quote.eastmoney.com/unify/r/1.601899'>紫金矿业</a>"
    h_link = "<a href='http://quote.eastmoney.com/unify/r/116.02899'>紫金矿业</a>"
    a = _post("紫金矿业：拟分拆子公司上市", f"<p>{a_link}（{h_link}）公告，拟分拆上市。</p>")
    assert a.title_names == ("紫金矿业",)  # type: ignore[attr-defined]  # A and H: one company


def test_every_linked_listing_of_the_subject_company_is_a_subject() -> None:
    a_link = "<a href='http://quote.eastmoney.com/unify/r/105.GOOGL'>谷歌</a>"
    c_link = "<a href='http://quote.eastmoney.com/unify/r/105.GOOG'>谷歌-C</a>"
    n_link = "<a href='http://quote.eastmoney.com/unify/r/105.NVDA'>英伟达</a>"
    body = f"<p>{a_link}（{c_link}）股价大跌，{n_link}持平。</p><p>谷歌公告称将调整业务。</p>"
    a = _post("谷歌股价遭遇近一年最惨一跌", body)
    assert set(a.tickers) == {"GOOGL.US", "GOOG.US"}  # type: ignore[attr-defined]
    assert "NVDA.US" not in a.tickers  # type: ignore[attr-defined]  # another company stays out


def test_a_us_symbol_after_its_companys_name_is_that_listing() -> None:
    d = shipped()
    text = "周一美股早盘，影院股A（AAA）一度涨逾6%，迪士尼（DIS）曾涨近1%，奈飞（NASDAQ：NFLX）跌2%"
    assert written_symbols(text, d) == [("DIS.US", "迪士尼"), ("NFLX.US", "奈飞")]
    assert written_symbols("网络安全公司Palo Alto Networks (PANW)大涨", d) == [
        ("PANW.US", "Palo Alto Networks")
    ]


def test_capitals_in_parentheses_after_another_name_are_an_acronym() -> None:
    d = shipped()
    # each of GDP, RF, AI, MU is some US symbol; the name before is not that listing's
    for text in ("美国国内生产总值（GDP）增长", "射频（RF）及微控制器（MCU）", "人工智能（AI）",
                 "存储芯片（MU）", "XPalo Alto Networks (PANW)"):  # fmt: skip
        assert written_symbols(text, d) == [], text


def test_a_listing_written_so_in_the_text_is_carried() -> None:
    a = _post("好莱坞股价分化", "<p>周一，迪士尼（DIS）曾涨近1.2%，奈飞（NFLX）盘初下跌1.9%。</p>")
    assert {"DIS.US", "NFLX.US"} <= set(a.tickers)  # type: ignore[attr-defined]


def test_a_stock_the_lead_rates_is_a_subject() -> None:
    # made-up research note: its title names only the house; the lead rates two stocks
    body = (
        "<p>高盛发布最新深度报告，梳理五大投资辩题。</p>"
        '<p>分析师将MiniMax评级从"中性"上调至"买入"，维持阿里巴巴"买入"评级。</p>'
    )
    a = _post("高盛深度：中国AI五大关键辩论", body)
    assert {"00100.HK", "09988.HK", "BABA.US"} <= set(a.tickers)  # type: ignore[attr-defined]
    # a stance on a market rates no stock
    a = _post("高盛谈韩国股市", "<p>高盛维持对韩国市场的超配立场，目标位12000点。</p>")
    assert a.tickers == ()  # type: ignore[attr-defined]
