"""text.py: the fast paths of fold and strip_opener give what the plain forms gave."""

from bot.summarizer.text import _FOLD, _OPENERS, fold, strip_opener


def test_fold_equals_the_full_table_on_every_character():
    for cp in range(0x20, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue  # surrogates: no text holds them alone
        s = "营收" + chr(cp) + "亿"
        assert fold(s) == s.translate(_FOLD)
    assert fold("１２３％") == "123%"
    assert fold("，：；") == "，：；"  # Chinese punctuation kept: 30，200家 stays two numbers


def test_openers_are_anchored_so_a_match_at_the_start_is_what_is_removed():
    assert all(rx.pattern.startswith("^") for rx in _OPENERS)
    assert strip_opener("据悉，公司将于下周发布新品。") == "公司将于下周发布新品。"
    assert strip_opener("据悉，涨停。") == "据悉，涨停。"  # what is left would be too short


def test_where_it_was_said_goes_before_who_said_it() -> None:
    said = "在近日举办的“第十届星河产业高端论坛”上，星河协会秘书长指出，明年需求相对趋稳。"
    assert strip_opener(said) == "星河协会秘书长指出，明年需求相对趋稳。"
    dated = "4月27日，在星河于纽约举办的融资峰会上，多位投资者发出警告：三家公司可能同年上市。"
    assert strip_opener(dated) == "4月27日，多位投资者发出警告：三家公司可能同年上市。"
    # a launch at a conference: the venue is the event's, no one speaks
    launch = "在星河开发者大会上，星河发布了新一代芯片，性能提升一倍。"
    assert strip_opener(launch) == launch


def test_sentences_are_split_once_and_each_caller_gets_its_own_list() -> None:
    # the figures and the summary split the same paragraphs: the split is cached, the list is not
    from bot.summarizer.text import _SENT_RE, sentences

    para = "A股三大指数集体收涨。沪指涨0.5%！  成交额1.2万亿元？他说：“好。”尾句"
    plain = [m.group(0).strip() for m in _SENT_RE.finditer(para) if m.group(0).strip()]
    first = sentences(para)
    assert first == plain == ["A股三大指数集体收涨。", "沪指涨0.5%！", "成交额1.2万亿元？",
                              "他说：“好。”", "尾句"]  # fmt: skip
    first.append("changed by a caller")
    assert sentences(para) == plain
    assert sentences("") == [] and sentences("   ") == []


def test_a_scan_is_skipped_only_where_its_pattern_cannot_match() -> None:
    # clean_paragraph, with_aliases, time_only and shape_penalty test a word or a closing
    # bracket before scanning: each pattern matches only where that test holds
    from bot.summarizer.shapes import _ADVICE, _DATES, shape_penalty, time_only
    from bot.summarizer.text import (
        _ALIAS,
        _ORIGIN,
        _TRAILING_SOURCE,
        clean_paragraph,
        with_aliases,
    )
    from bot.summarizer.titlewords import CJK_RUN

    texts = (
        "公司营收增长20%（文章来源：上海证券报）",
        "公司营收增长20%(文章来源:证券时报)。",
        "央行宣布降准0.5个百分点（上海证券报）",
        "央行宣布降准0.5个百分点(新华社)",
        "央行宣布降准0.5个百分点（2）",
        "控股股东无锡亿晶投资有限公司（下称“亿晶投资”）与公司签署协议。",
        "星河科技股份有限公司（以下简称“星河科技”）今日公告。",
        "星河（简称“星河”）涨停。",
        "建议投资者谨慎追高。",
        "投资者应避免追高，投资者需求旺盛。",
        "美东时间4月7日，星期二，上午8时06分。",
        "9月30日，国家金融监管总局出台新规，涉及保险公司分红险产品。",
        "A股三大指数集体收涨，沪指涨0.5%。",
        "",
    )
    for t in texts:
        assert not _ORIGIN.search(t) or "文章来源" in t
        s = t.strip()
        assert not _TRAILING_SOURCE.search(s) or s.endswith(("）", ")"))
        assert not _ALIAS.search(t) or "简称" in t or "下称" in t
        assert not _ADVICE.search(t) or "投资者" in t
        plain = bool(_DATES.search(t)) and len("".join(CJK_RUN.findall(_DATES.sub("", t)))) < 10
        assert time_only(t) == plain
    assert clean_paragraph("央行宣布降准（上海证券报）") == "央行宣布降准"
    assert clean_paragraph(" 营收增长（文章来源：证券时报） ") == "营收增长"
    assert with_aliases(texts[5]) == "控股股东无锡亿晶投资与公司签署协议。"
    assert with_aliases(texts[12]) == texts[12]
    assert shape_penalty(texts[8]) == 0.5 and time_only(texts[10]) and not time_only(texts[11])
