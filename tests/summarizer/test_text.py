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
