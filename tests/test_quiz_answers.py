"""The trainer reads answers as a trainee types them (scenarios/quiz.py)."""

from tsumitate.scenarios.quiz import FEASIBILITY, TEST, read_amount, read_choice


def test_an_amount_is_read_with_commas_yen_full_width_digits_and_man():
    assert read_amount("8,400円") == 8400
    assert read_amount("８，４００") == 8400
    assert read_amount(" 8400 ") == 8400
    assert read_amount("0.84万") == 8400
    assert read_amount("3万円") == 30000
    assert read_amount(30000) == 30000


def test_what_is_not_an_amount_is_not_read_as_one():
    assert read_amount("八千四百") is None
    assert read_amount("8400.5") is None
    assert read_amount("") is None
    assert read_amount(True) is None
    assert read_amount("0.123456万") is None


def test_a_status_is_read_from_its_code_its_japanese_or_english_label_or_its_number():
    assert read_choice("feasible", FEASIBILITY) == "feasible"
    assert read_choice("可能", FEASIBILITY) == "feasible"
    assert read_choice("要セカンドオピニオン", FEASIBILITY) == "needs_second_opinion"
    assert read_choice("Needs a second opinion (over 5 years)", FEASIBILITY) == "needs_second_opinion"
    assert read_choice("不合格", TEST) == "failed"
    assert read_choice("２", TEST) == "in_progress"
    assert read_choice("たぶん", TEST) is None
    assert read_choice("7", TEST) is None
