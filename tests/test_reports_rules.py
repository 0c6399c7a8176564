"""Every report rule with a passing and a failing table. Pure."""

import copy

import pytest

from xxgk.reports.tables import check_tables, empty_tables

SIX = ["natural_person", "legal_commercial", "legal_research", "legal_public_welfare", "legal_law_service",
       "legal_other"]


def consistent_2021():
    """A small, consistent 2021 report: 5 new + 1 carried = 4 answered + 2 carried forward."""
    t = empty_tables("2021")
    t["t3"]["new_received"] = [4, 1, 0, 0, 0, 0, 5]
    t["t3"]["carried_over"] = [1, 0, 0, 0, 0, 0, 1]
    t["t3"]["granted"] = [2, 1, 0, 0, 0, 0, 3]
    t["t3"]["unable_not_held"] = [1, 0, 0, 0, 0, 0, 1]
    t["t3"]["result_total"] = [3, 1, 0, 0, 0, 0, 4]
    t["t3"]["carry_forward"] = [2, 0, 0, 0, 0, 0, 2]
    t["t4"]["count"] = [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    t["t2_art20_1"]["normative_docs"] = [2, 1, 11]
    return t


def rules(findings):
    return sorted({f.rule for f in findings})


def test_consistent_report_passes_every_rule():
    previous = consistent_2021()
    previous["t3"]["carry_forward"] = [1, 0, 0, 0, 0, 0, 1]
    previous["t2_art20_1"]["normative_docs"] = [0, 0, 10]
    assert check_tables(consistent_2021(), "2021", previous) == []


@pytest.mark.parametrize(("mutate", "rule", "fragment"), [
    (lambda t: t["t3"]["new_received"].__setitem__(0, 5) or t["t3"]["new_received"].__setitem__(6, 6),
     "t3_balance", "“自然人”列"),
    (lambda t: t["t3"]["result_total"].__setitem__(0, 4) or t["t3"]["result_total"].__setitem__(6, 5)
     or t["t3"]["carry_forward"].__setitem__(0, 1) or t["t3"]["carry_forward"].__setitem__(6, 1),
     "t3_result_total", "各办理结果之和"),
    (lambda t: t["t3"]["granted"].__setitem__(6, 4), "t3_row_total", "“（一）予以公开”行"),
    (lambda t: t["t3"]["np_repeat"].__setitem__(1, -1), "t3_nonnegative", "非负整数"),
    (lambda t: t["t3"]["np_repeat"].__setitem__(1, 0.5), "t3_nonnegative", "非负整数"),
    (lambda t: t["t4"]["count"].__setitem__(4, 3), "t4_review_total", "行政复议"),
    (lambda t: t["t4"]["count"].__setitem__(9, 2), "t4_lit_direct_total", "未经复议直接起诉"),
    (lambda t: t["t4"]["count"].__setitem__(14, 1), "t4_lit_after_review_total", "复议后起诉"),
])
def test_each_rule_fails_on_a_broken_table(mutate, rule, fragment):
    tables = consistent_2021()
    mutate(tables)
    findings = [f for f in check_tables(tables, "2021") if f.rule == rule]
    assert findings and findings[0].severity == "error"
    assert fragment in " ".join(f.message for f in findings)


def test_cross_year_rules_are_warnings():
    previous = consistent_2021()
    previous["t3"]["carry_forward"] = [3, 0, 0, 0, 0, 0, 3]
    previous["t2_art20_1"]["normative_docs"] = [0, 0, 5]
    findings = check_tables(consistent_2021(), "2021", previous)
    assert rules(findings) == ["t2_valid_chain", "t3_carry_chain"]
    assert {f.severity for f in findings} == {"warning"}


def test_2019_format_has_one_other_row():
    tables = empty_tables("2019")
    assert "other" in tables["t3"] and "other_misc" not in tables["t3"]
    tables["t3"]["other"] = [1, 0, 0, 0, 0, 0, 1]
    tables["t3"]["new_received"] = [1, 0, 0, 0, 0, 0, 1]
    tables["t3"]["result_total"] = [1, 0, 0, 0, 0, 0, 1]
    assert check_tables(tables, "2019") == []
    broken = copy.deepcopy(tables)
    broken["t3"]["other"] = [0, 0, 0, 0, 0, 0, 0]
    assert "t3_result_total" in rules(check_tables(broken, "2019"))


def test_incomplete_tables_skip_arithmetic_but_not_ranges():
    tables = consistent_2021()
    tables["t3"]["granted"] = [9, 0, 0, 0, 0, 0, -1]
    findings = check_tables(tables, "2021", incomplete=frozenset({"t3"}))
    assert rules(findings) == ["t3_nonnegative"]
