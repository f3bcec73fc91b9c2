"""Field-by-field checks on hand-checked posts of different kinds.

The posts in tests/parser/data travel with the project; the others are read from
../shared/corpus and skipped when it is absent.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.article import Article
from bot.parser import parse_file
from tests.conftest import corpus_or_skip

DATA = Path(__file__).parent / "data"


def corpus_post(rel: str) -> Article:
    return parse_file(corpus_or_skip() / rel)


def assert_clean(a: Article) -> None:
    """What must never leak into paragraphs, whatever the post."""
    for p in a.paragraphs:
        assert p == p.strip() and p
        assert "返回首页" not in p
        assert "文章来源" not in p
        assert "K图" not in p
        assert ("http://" not in p and "https://" not in p) or "报告原文" in p
        assert "\xa0" not in p and "\u200b" not in p and "\r" not in p
        assert "&amp;" not in p and "&nbsp;" not in p and "<p" not in p
        assert not p.startswith("[返回")


def test_alibaba_meirijingjixinwen() -> None:
    a = parse_file(DATA / "2022-05-26-NW202205262393417736.md")
    assert a.id == "NW202205262393417736"
    assert a.title == "中国制造“出海”，数字化外贸成新亮点 阿里2022财年海外市场消费者新增6400万"
    assert a.category == "meirijingjixinwen"
    assert a.category_name == "每日经济新闻"
    assert a.published_at.isoformat() == "2022-05-26T22:04:46+08:00"
    assert a.url == "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205262393417736"
    assert a.origin == "每日经济新闻"
    assert a.digest is None
    # The post's only chart block is BABA (data-code="BABA|106|7"); 09988 does not
    # occur anywhere in this file (checked), so no 09988.HK.
    assert "09988" not in (DATA / "2022-05-26-NW202205262393417736.md").read_text()
    assert a.tickers == ("BABA.US",)
    assert len(a.paragraphs) == 8
    assert a.paragraphs[0] == (
        "5月26日晚，阿里巴巴集团公布2022财年第四季度及全年业绩，其全球年度活跃消费者已达13.1亿。"
    )
    assert a.paragraphs[1].startswith("根据财报，四季度阿里收入为2040.52亿元人民币")
    assert a.paragraphs[-1].startswith("阿里云智能总裁张建锋表示：")
    assert_clean(a)


def test_flash_post_with_stock_code_in_text() -> None:
    a = parse_file(DATA / "2021-12-08-202112082206779752.md")
    assert a.id == "202112082206779752"
    assert a.title == "欧菲光：深度布局自动驾驶、车身电子和仪表中控"
    assert (a.category, a.category_name) == ("emnews", "东财滚动新闻")
    assert a.published_at.isoformat() == "2021-12-08T11:00:23+08:00"  # naive date: +08:00
    assert a.url == "http://finance.eastmoney.com/news/1354,202112082206779752.html"
    assert a.tickers == ("002456.SZ",)
    assert a.stock_names == {"002456.SZ": "欧菲光"}
    assert len(a.paragraphs) == 1
    assert a.paragraphs[0].startswith("欧菲光(002456)在互动平台表示")
    assert "抬头显示(HUD)" in a.paragraphs[0]
    assert a.origin is None
    assert_clean(a)


def test_empty_original_link_and_source_note_kept() -> None:
    a = parse_file(DATA / "2021-12-08-202112082206870651.md")
    assert a.id == "202112082206870651"  # from the file name: the link is `<>`
    # the Eastmoney id says where the original is: the push keeps its 阅读原文 button
    assert a.url == "https://finance.eastmoney.com/a/202112082206870651.html"
    assert a.title == "财政部两期国债中标结果出炉（12-08）"
    assert a.paragraphs == (
        "2021年12月8日讯，财政部2年期续发国债中标利率为2.4576%，边际利率为2.4823%，"
        "全场倍数为3.7，边际倍数为2.2。(东方财富Choice数据)",
    )
    assert a.tickers == ()


def test_two_chart_blocks_and_b_share() -> None:
    a = parse_file(DATA / "2025-09-29-em202509283525647189.md")
    assert a.id == "202509283525647189"  # `em` prefix dropped: same id as the link
    assert (a.category, a.category_name) == ("zhongguojijinbao", "中国基金报")
    assert a.origin == "中国基金报"
    assert a.tickers == ("300277.SZ", "200771.SZ")
    assert a.stock_names == {"300277.SZ": "海联讯", "200771.SZ": "杭汽轮B"}
    assert a.paragraphs[0] == "又一例“A吸并B”交易即将诞生。"
    assert a.paragraphs[1].startswith("9月28日晚间，海联讯、杭汽轮B双双发布公告称")
    assert "海联讯吸收合并杭汽轮B获批" in a.paragraphs  # <strong> subheading kept
    assert a.paragraphs[-1].startswith("报告书称，本次交易通过换股吸收合并的方式")
    assert_clean(a)


def test_variants_same_post_same_article() -> None:
    root = corpus_or_skip() / "variants"
    a = parse_file(root / "_posts__2021-12-08-202112082206672930@0885306.md")
    b = parse_file(root / "_posts__2021-12-08-202112082206672930@cfbae48.md")  # blank line
    c = parse_file(DATA / "_posts__2021-12-08-202112082206672930@cfbae48.md")
    assert a == b == c
    assert a.id == "202112082206672930"
    assert a.title == "离岸人民币兑美元升至2018年以来最高水平"
    assert a.published_at.isoformat() == "2021-12-08T10:46:18+08:00"
    assert a.paragraphs == ("离岸人民币兑美元升至6.3512，为2018年以来最高水平。",)
    assert a.url == "http://finance.eastmoney.com/news/11060,202112082206672930.html"


def test_hk_chart_inline_links_and_text_codes() -> None:
    a = corpus_post("long/2025-09-29-em202509283525642131.md")
    assert a.id == "202509283525642131"
    assert (a.category, a.category_name, a.origin) == ("caizhongshe", "财中社", "财中社")
    assert a.tickers == ("09660.HK",)  # the chart block: the article is about 地平线
    # peers, the broker quoted and the customers are mentions (`bot.parser.roles`)
    assert {"601555.SH", "BIDU.US", "TSLA.US", "09888.HK", "BABA.US"} <= set(a.mentions)
    # Eastmoney's links on `上海浦东金桥` (the place) and `地平线机器人（09660.HK）` are
    # not about 浦东金桥 600639.SH nor 机器人 300024.SZ; the names are still learned
    assert not {"600639.SH", "300024.SZ"} & {*a.tickers, *a.mentions}
    assert a.stock_names["601555.SH"] == "东吴证券"
    assert a.stock_names["600639.SH"] == "浦东金桥"
    assert a.stock_names["300024.SZ"] == "机器人"
    assert not any(t.startswith("BK") for t in a.tickers)
    assert a.paragraphs[0].startswith("地平线机器人（09660.HK，以下简称“地平线”）再度开启")
    assert_clean(a)


def test_index_charts_are_not_stocks() -> None:
    a = corpus_post("long/2025-09-29-em202509293526305867.md")  # 1.000001 / 0.399001 charts
    assert "000001.SZ" not in a.tickers and "000001.SH" not in a.tickers
    assert not any(t.startswith("399") for t in a.tickers)
    # a market wrap (`A股三大指数收涨`) about no single stock: its movers are mentions
    assert a.tickers == ()
    assert a.mentions[:3] == ("002670.SZ", "000776.SZ", "601688.SH")
    assert a.stock_names["002670.SZ"] == "国盛金控"
    assert a.category == "dongfangcaifuChoiceshuju"
    assert a.category_name == "东方财富Choice数据"


def test_wallstreetcn_blockquotes_and_images() -> None:
    a = corpus_post("long/2026-04-15-wscn3770004.md")
    assert a.id == "wscn3770004"
    assert a.url == "https://wallstreetcn.com/articles/3770004"
    assert (a.category, a.category_name) == ("huaerjiejianwen", "华尔街见闻")
    assert a.published_at.isoformat() == "2026-04-15T13:54:01+08:00"
    assert a.digest is None  # the blockquotes are in the middle: figures, kept as text
    i = a.paragraphs.index("具体来看：")
    assert a.paragraphs[i + 1] == "一季度净销售额达87.7亿欧元，高于市场预期的86.9亿欧元；"
    assert "EUV需求持续拉动，服务业务贡献稳定" in a.paragraphs  # <h2>
    assert_clean(a)


def test_36kr_captions_and_editor_note() -> None:
    a = corpus_post("long/2025-09-29-36kr3487198888270977.md")
    assert a.id == "36kr3487198888270977"
    assert (a.category, a.category_name) == ("36ke", "36氪")
    assert a.url == "https://36kr.com/p/3487198888270977?f=rss"
    assert "TGS现场" not in a.paragraphs  # image caption goes with the image
    assert a.paragraphs[0].startswith("「中国游戏崛起」可能是今年各大游戏展里")
    assert a.paragraphs[-1] == "本文来自“36氪游戏”。"
    assert_clean(a)


def test_old_36kr_post_without_link_repeats_title() -> None:
    a = corpus_post("long/2018-07-09-dueeb584593b49eab86b4baca1d4eef91c8c.md")
    assert a.id == "dueeb584593b49eab86b4baca1d4eef91c8c"
    assert a.url is None  # `<>`
    assert a.published_at.isoformat() == "2018-07-09T09:45:00+08:00"
    # the repeated headline and the `36氪 詹妮妮? ?2018-07-09 09:45` byline are dropped
    assert a.paragraphs[0].startswith("核心提示：新零售服务商火星盒子近日宣布完成")
    assert "数千万元 A+ 轮融资" in a.paragraphs[1]  # spaces next to Latin/digits kept


def test_post_without_date_uses_seen_at() -> None:
    from bot.parser import parse_post

    path = corpus_or_skip() / "long/nodate-duee22b5bdd0b6e2b4134555f9d4ef2ced51.md"
    seen = datetime.fromisoformat("2026-11-26T10:00:00+00:00")
    a = parse_post(path.read_text(encoding="utf-8"), filename=path.name, seen_at=seen)
    assert a.id == "duee22b5bdd0b6e2b4134555f9d4ef2ced51"
    assert a.published_at == seen
    assert a.published_at.isoformat() == "2026-11-26T18:00:00+08:00"
    assert (a.category, a.category_name) == ("touzijie", "投资界")


def test_bylines_and_picture_credits_dropped() -> None:
    a = corpus_post("long/2025-09-30-wscn3756521.md")
    assert a.paragraphs[0].startswith("大摩认为，尽管市场存在质疑声音")  # 本文作者/来源 gone
    assert not any(p.startswith(("本文作者", "来源：")) for p in a.paragraphs)
    assert a.paragraphs[-1].startswith("摩根士丹利总结称")  # 本文来自华尔街见闻… gone


def test_ai_disclaimer_and_market_summary() -> None:
    a = corpus_post("long/2026-06-05-em202606053760791627.md")
    assert not any(p.startswith("免责声明") for p in a.paragraphs)
    assert a.paragraphs[0].startswith("美股市场：美股三大指数06月04日收盘涨跌不一。")
    assert "收于51561.93点" in a.paragraphs[0]
    assert "MU.US" in a.tickers and a.stock_names["MU.US"] == "美光科技"
    assert_clean(a)
