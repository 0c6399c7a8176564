"""Pure tests of 统一社会信用代码 and 身份证号 validation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxgk.core.credit_code import ALPHABET, credit_code_problem, is_valid_credit_code, make_credit_code
from xxgk.core.id_number import id_number_problem, mask_id_number


@pytest.mark.parametrize("code", ["11341702486344515H", "91350100M000100Y43", "91110000802100433B"])
def test_real_codes_are_valid(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("11341702486344515", "18位"),
        ("11341702486344515J", "校验位错误"),
        ("1134170248634451IH", "不允许的字符"),
        ("11ABCDEF486344515H", "行政区划代码"),
    ],
)
def test_bad_codes_say_what_is_wrong(code, fragment):
    problem = credit_code_problem(code)
    assert problem is not None and fragment in problem.message


def test_check_message_names_the_expected_character():
    problem = credit_code_problem("11341702486344515J")
    assert "“H”" in problem.message and "“J”" in problem.message


body = st.tuples(
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(body)
def test_made_codes_are_valid(first17):
    assert is_valid_credit_code(make_credit_code(first17))


@given(body, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET))
def test_any_single_substitution_is_detected(first17, position, replacement):
    code = make_credit_code(first17)
    changed = code[:position] + replacement + code[position + 1:]
    if changed != code:
        assert not is_valid_credit_code(changed)


def test_id_number_check_digit():
    assert id_number_problem("11010519491231002X") is None
    assert "校验位" in id_number_problem("110105194912310021")
    assert "出生日期" in id_number_problem("110105194913310021")
    assert mask_id_number("11010519491231002X") == "110*************2X"
