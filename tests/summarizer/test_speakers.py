"""Who forecasts: the forecaster's name on a forecast line (made-up sentences)."""

from __future__ import annotations

import pytest

from bot.summarizer.figures import extract_figures
from bot.summarizer.speakers import PRONOUN, speaker


def _at(sent: str, value: str) -> int:
    return sent.index(value)


def _lines(title: str, *paras: str) -> dict[str, str]:
    """value -> label of the post's figure lines."""
    return {f.value: f.label for f in extract_figures(title, paras)}


@pytest.mark.parametrize(
    ("sent", "value", "who"),
    [
        # the subject of the speech verb in the number's clause
        ("花旗银行预计，明年铜价将升至每吨1.2万美元。", "1.2万美元", "花旗银行"),
        ("而Bernstein今年稍早估计，明年机器人市场规模约为500亿美元。", "500亿美元", "Bernstein"),
        ("彭博方面还预测，该基金可能吸引300亿港元。", "300亿港元", "彭博"),
        # a clause opening on the verb: its subject heads the clause before
        ("瑞银按情景加权后，预测该业务到2030年可带来收入约900亿元。", "约900亿元", "瑞银"),
        # a clause opening on the verb runs on into the clauses after it
        (
            "瑞银按情景加权后，预测该业务到2030年可带来收入约900亿元，对应利润约300亿元。",
            "约300亿元",
            "瑞银",
        ),
        # a pronoun: whoever the sentence before names (see forecaster_named)
        ("他预计油价今年将上涨10%。", "10%", PRONOUN),
        # a source the sentence opens with speaks for the whole sentence
        (
            "据Gartner数据，去年全球芯片市场规模约为6000亿美元，预计2030年将达1万亿美元。",
            "1万亿美元",
            "Gartner",
        ),
    ],
)
def test_the_forecaster_is_named(sent: str, value: str, who: str) -> None:
    assert speaker(sent, _at(sent, value)) == who


@pytest.mark.parametrize(
    ("sent", "value"),
    [
        ("投资者普遍预计，央行将在下月降息25个基点。", "25个基点"),  # people in general
        ("知情人士透露，该公司计划融资30亿美元。", "30亿美元"),  # an unnamed source
        ("公司预计全年营收为80亿元。", "80亿元"),  # the post's own company
        # a clause of figures between: its subject is what is measured, not who forecasts
        ("芯片需求旺盛，去年全球出货量为9亿颗，预计今年将达11亿颗。", "11亿颗"),
        ("今年一季度营收增长12%。", "12%"),  # nobody speaks
        # an earlier clause whose verb has its own object (预计下月上市) is not a speaker's
        ("甲公司预计下月上市，目标以500亿美元估值融资约50亿美元。", "约50亿美元"),
    ],
)
def test_no_forecaster_where_the_sentence_names_none(sent: str, value: str) -> None:
    assert speaker(sent, _at(sent, value)) == ""


def test_a_forecast_line_says_whose_forecast_it_is() -> None:
    lines = _lines(
        "机器人行业迎来新一轮投资热潮",
        "机器人行业迎来新一轮投资热潮，多家企业宣布扩产。",
        "花旗银行预计，2030年全球人形机器人市场规模将达到3800亿美元。",
    )
    assert lines["3800亿美元"].startswith("花旗银行")
    assert "预计" in lines["3800亿美元"]


def test_the_titles_own_company_forecasting_is_not_named_again() -> None:
    lines = _lines(
        "花旗银行：明年人形机器人市场将大幅增长",
        "花旗银行预计，2030年全球人形机器人市场规模将达到3800亿美元。",
    )
    assert not lines["3800亿美元"].startswith("花旗银行")


@pytest.mark.parametrize(
    ("title", "first", "second", "value", "head"),
    [
        # Invented: the title names two companies; the guidance is one of theirs.
        (
            "AI应用公司遭遇体检：Canva主动降速、Figma自吞成本",
            "Canva本周向投资者发出预警，公司主动叫停了一项AI功能。",
            "Figma周四公布财报显示，预计第三季度营收增速将从6月季度的48%降至36%。",
            "36%",
            "Figma预计",
        ),
        # Invented: no speech verb; the subject Chinese carries across the comma made the
        # forecast.
        (
            "AI应用公司遭遇体检：Alphaware主动降速、Betasoft自吞成本",
            "Alphaware本周向投资者发出预警，年度营收增速将放缓至20%，原因是公司叫停了一项AI功能。",
            "Betasoft周四公布财报显示，预计第三季度营收增速将从6月季度的48%降至36%。",
            "20%",
            "Alphaware预计",
        ),
    ],
)
def test_a_forecast_of_one_of_the_titles_two_actors_names_which(
    title: str, first: str, second: str, value: str, head: str
) -> None:
    lines = _lines(title, first, second)
    assert lines[value].startswith(head), lines


def test_a_pronoun_forecaster_is_the_one_the_sentence_before_opens_with() -> None:
    lines = _lines(
        "甲科技的人工智能业务提速",
        "甲科技的人工智能业务提速，月活用户突破2000万。",
        "高盛的结论是，估值修复取决于业务进展。他预计明年甲科技营收将达到700亿元。",
    )
    assert lines["700亿元"].startswith("高盛")


@pytest.mark.parametrize(
    ("sent", "who"),
    [
        ("大和首予其买入评级，目标价21港元。", "大和"),  # jieba splits 大和: the clause's head
        ("瑞银维持甲公司“买入”评级，目标价120港元。", "瑞银"),
        ("该行维持甲公司买入评级，目标价120港元。", ""),  # a pronoun: no name here
    ],
)
def test_a_target_price_is_the_raters(sent: str, who: str) -> None:
    assert speaker(sent, sent.index("120港元" if "120" in sent else "21港元")) == who


def test_a_target_line_names_its_rater() -> None:
    got = _lines(
        "甲公司续升超9% 投行唱好",
        "甲公司股价再度拉升涨超9%，现报17.74港元。大和首予其买入评级，目标价21港元。",
    )
    assert got.get("21港元", "").startswith("大和"), got
