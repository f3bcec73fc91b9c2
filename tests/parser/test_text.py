"""Whitespace, footer, origin and byline rules (pure helpers of the body cleaner)."""

from __future__ import annotations

import pytest

from bot.parser import text as tx
from bot.parser.body import clean_body


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("北向资金\n净流入", "北向资金净流入"),  # source line break inside Chinese text
        ("新亮点 阿里2022财年", "新亮点 阿里2022财年"),  # a typed space stays
        ("数千万元 A+ 轮融资", "数千万元 A+ 轮融资"),
        ("合同销售面积511,348平方米", "合同销售面积511,348平方米"),
        ("1 000\n000", "1 000 000"),  # numbers are never glued together
        ("\xa0\u3000正文\u200b内容\ufeff ", "正文内容"),
        ("a\t\t b\n\nc", "a b c"),
        ("。\n“引号”", "。“引号”"),
    ],
)
def test_normalize_space(raw: str, expected: str) -> None:
    assert tx.normalize_space(raw) == expected


@pytest.mark.parametrize(
    ("body", "rest", "link"),
    [
        ("正文\n\n<http://a/b.html>\n\n[返回X](../x/)\n[返回首页](../)", "正文", "http://a/b.html"),
        ("正文\n\n<>\n\n[返回X](//s/x.html)｜[返回首页](//s/)", "正文", None),
        (
            "正文\n\n<//finews.zning.xyz/a?infoCode=NW1>\n",
            "正文",
            "https://finews.zning.xyz/a?infoCode=NW1",
        ),
        ("正文\n\n[返回首页](../)", "正文", None),
        ("正文 <http://inline> 还有\n", "正文 <http://inline> 还有", None),
    ],
)
def test_split_footer(body: str, rest: str, link: str | None) -> None:
    assert tx.split_footer(body) == (rest, link)


@pytest.mark.parametrize(
    ("para", "expected"),
    [
        ("（文章来源：每日经济新闻）", ("", "每日经济新闻")),
        ("最后一句。（文章来源：证券时报）", ("最后一句。", "证券时报")),
        ("(文章来源: 财联社)", ("", "财联社")),
        ("（来源：公告）", ("（来源：公告）", None)),
    ],
)
def test_split_origin(para: str, expected: tuple[str, str | None]) -> None:
    assert tx.split_origin(para) == expected


@pytest.mark.parametrize(
    ("para", "is_byline"),
    [
        ("作者｜黄楠", True),
        ("编辑丨果脯、刘士武", True),
        ("文｜王毓婵 周鑫雨", True),
        ("本文作者：董静", True),
        ("来源：硬AI", True),
        ("封面来源 | 视觉中国", True),
        ("图片来源：天眼查", True),
        ("（来源：SEC、SK海力士）", True),
        ("图据公告", True),
        ("36氪 詹妮妮? ?2018-07-09 09:45", True),
        ("投资界（ID：pedaily2012）? ?2021-04-10 10:54", True),
        ("记者观察：Sora 2假期霸屏 带动多少行业“可能重来”？", False),
        ("鲍威尔：通胀仍然过高", False),
        ("来源：公司公告显示，营收增长20%。", False),
        ("文件显示，特朗普在一季度对旗下三只核心科技股实施了减持。", False),
        ("（9月会议点阵图，来源：美联储）", False),
    ],
)
def test_byline(para: str, is_byline: bool) -> None:
    assert bool(len(para) <= tx.MAX_BYLINE and tx.BYLINE.match(para)) is is_byline


def test_first_sentence() -> None:
    assert tx.first_sentence(["", "第一句。第二句。"]) == "第一句"
    assert tx.first_sentence(["没有句号的一段"]) == "没有句号的一段"
    assert tx.first_sentence(["长" * 100]) == "长" * 59 + "…"
    assert tx.first_sentence([]) == ""


def test_em_stock_img_block_and_ads_removed_tickers_kept() -> None:
    body = (
        '<p style="display:none;height:1px;"><br /></p><!-- EM_StockImg_Start -->'
        '<p><a href="http://quote.eastmoney.com/unify/r/1.600519" class="EmImageRemark">'
        '<img src="https://x/GetPic.aspx?nid=1.600519&imageType=k" alt="K图 600519_0"/></a></p>'
        "<!-- EM_StockImg_End --><p>贵州茅台公布业绩。</p>"
        '<p><a href="https://acttg.eastmoney.com/pub/x"><img class="em_handle_adv_close"/></a></p>'
        "<p>下一段。</p><p>东财图解·加点干货</p>"
        '<p class="em_media">（文章来源：证券时报）</p>'
    )
    b = clean_body(body)
    assert b.paragraphs == ["贵州茅台公布业绩。", "下一段。"]
    assert b.tickers == [("600519.SH", None)]
    assert b.origin == "证券时报"


def test_a_chart_block_without_its_end_takes_no_text_with_it() -> None:
    # Eastmoney's HTML sometimes drops a chart's End comment: the text up to the next chart's
    # End is article text all the same
    chart = (
        '<!-- EM_StockImg_Start --><p><a href="http://quote.eastmoney.com/unify/r/105.AAA" '
        'class="EmImageRemark"><img src="https://x/GetPic.aspx?nid=105.AAA" alt="K图"/></a></p>'
    )
    body = (
        "<p>美股三大指数收涨。</p>" + chart + "<p>大型科技股涨跌不一，甲涨超1%。</p>"
        + chart + "<!-- EM_StockImg_End --><p>欧股收跌。</p>"
    )  # fmt: skip
    assert clean_body(body).paragraphs == [
        "美股三大指数收涨。",
        "大型科技股涨跌不一，甲涨超1%。",
        "欧股收跌。",
    ]


def test_related_articles_tail_is_cut() -> None:
    body = "".join(f"<p>第{i}段。</p>" for i in range(6)) + "<p>延伸阅读</p><p>别的文章标题</p>"
    assert clean_body(body).paragraphs == [f"第{i}段。" for i in range(6)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "在 2016 年成立之初，甲公司曾获 330 万元种子轮融资",
            "在2016年成立之初，甲公司曾获330万元种子轮融资",
        ),
        ("平均电能利用效率降到1.25 以下", "平均电能利用效率降到1.25以下"),
        ("1 000 000", "1 000 000"),  # two digits: never glued
        ("数千万元 A+ 轮融资", "数千万元 A+ 轮融资"),  # a Latin word keeps its spaces
        ("新亮点 阿里", "新亮点 阿里"),  # two Han characters: a typed separator
    ],
)
def test_close_han_digit_gaps(raw: str, expected: str) -> None:
    assert tx.close_han_digit_gaps(raw) == expected


def test_a_body_paragraph_reads_its_year_and_unit_whole() -> None:
    body = clean_body("<p>在 2016 年成立之初，甲公司曾获 330 万元种子轮融资。</p>")
    assert body.paragraphs == ["在2016年成立之初，甲公司曾获330万元种子轮融资。"]
