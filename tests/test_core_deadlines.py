"""Pure tests of working-day arithmetic and statutory deadlines over the real official calendar."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.calendars import LAST_PACKAGE_YEAR, package_calendar
from xxgk.core.deadlines import (
    Channel,
    DeadlineInputError,
    consultation_pause,
    fee_pause,
    fee_payment_deadline,
    parse_pause,
    proactive_deadline,
    receipt_date,
    reply_deadline,
    rules_for,
    supplement_notice_deadline,
)
from xxgk.core.workdays import Pause, WorkCalendar, YearCalendar, parse_day_lines

CAL = package_calendar()
D = date.fromisoformat


@pytest.mark.parametrize(("received", "due", "why"), [
    ("2024-02-08", "2024-03-13", "Spring Festival 2024: 2/10–2/17 off, Sunday 2/18 worked"),
    ("2024-09-27", "2024-10-30", "National Day 2024 with make-up Sunday 9/29 and Saturday 10/12"),
    ("2019-09-27", "2019-10-30", "National Day 2019, same shape"),
    ("2023-12-25", "2024-01-23", "year change: New Year's Day 2024 off"),
    ("2024-10-03", "2024-11-01", "received on a holiday: day 1 is the first working day after it"),
    ("2024-09-29", "2024-10-31", "received on a make-up Sunday: that day itself is not counted"),
    ("2020-01-20", "2020-02-25", "Spring Festival 2020, extended to 2/2"),
])
def test_reply_due_over_real_holidays(received, due, why):
    result = reply_deadline(CAL, received=D(received))
    assert result.due == D(due), why
    assert not result.provisional


def test_explanation_names_holidays_makeup_days_and_due_date():
    text = reply_deadline(CAL, received=D("2024-09-27")).explanation
    assert "National Day 2024年10月1日至2024年10月7日" in text
    assert "2024年9月29日" in text and "2024年10月12日" in text
    assert "期限届满日：2024年10月30日" in text


def test_extension_counts_on_from_the_original_due_date():
    result = reply_deadline(CAL, received=D("2024-09-27"), extension_workdays=20)
    assert result.original_due == D("2024-10-30")
    assert CAL.working_days_between(result.original_due, result.due) == 20
    with pytest.raises(DeadlineInputError, match="最长不超过20个工作日"):
        reply_deadline(CAL, received=D("2024-09-27"), extension_workdays=21)


def test_supplement_restarts_the_count():
    result = reply_deadline(CAL, received=D("2024-03-01"), supplement_received=D("2024-03-11"))
    assert result.start == D("2024-03-11") and result.due == CAL.add_working_days(D("2024-03-11"), 20)
    assert "补正" in result.explanation
    with pytest.raises(DeadlineInputError):
        reply_deadline(CAL, received=D("2024-03-11"), supplement_received=D("2024-03-01"))


def test_supplement_notice_within_seven_working_days():
    # 9/29 (make-up Sunday), 9/30, 10/8, 10/9, 10/10, 10/11, 10/12 (make-up Saturday).
    assert supplement_notice_deadline(CAL, received=D("2024-09-27")).due == D("2024-10-12")


def test_consultation_pause_without_answer_ends_with_the_window():
    pause = consultation_pause(CAL, sent_on=D("2024-03-04"))
    assert pause.end == CAL.add_working_days(D("2024-03-04"), 15)
    answered = consultation_pause(CAL, sent_on=D("2024-03-04"), answered_on=D("2024-03-06"))
    base = reply_deadline(CAL, received=D("2024-03-01"))
    paused = reply_deadline(CAL, received=D("2024-03-01"), pauses=(answered,))
    # 3/4, 3/5, 3/6 are three working days skipped.
    assert CAL.working_days_between(base.due, paused.due) == 3


def test_fee_pause_and_payment_window():
    assert fee_payment_deadline(CAL, notice_on=D("2024-09-27")).due == D("2024-10-30")
    assert fee_pause(CAL, notice_on=D("2024-09-27")).end == D("2024-10-30")
    assert fee_pause(CAL, notice_on=D("2024-09-27"), paid_on=D("2024-10-09")).end == D("2024-10-09")


def test_proactive_disclosure_within_twenty_working_days():
    assert proactive_deadline(CAL, formed_on=D("2024-09-27")).due == D("2024-10-30")


def test_year_without_confirmed_data_is_provisional_with_reason():
    nxt = LAST_PACKAGE_YEAR + 1
    result = reply_deadline(CAL, received=date(LAST_PACKAGE_YEAR, 12, 20))
    assert result.provisional and str(nxt) in result.provisional_reasons[0]
    assert "暂定" in result.explanation
    unconfirmed = WorkCalendar([YearCalendar(year=2024, confirmed=False)])
    assert reply_deadline(unconfirmed, received=D("2024-03-01")).provisional


def test_receipt_date_by_channel():
    assert receipt_date(Channel.IN_PERSON, submitted_on=D("2024-03-01")) == D("2024-03-01")
    assert receipt_date("post", submitted_on=D("2024-03-01"), signed_on=D("2024-03-04")) == D("2024-03-04")
    assert receipt_date("ordinary_mail", signed_on=D("2024-03-04"), confirmed_on=D("2024-03-05")) == D("2024-03-05")
    assert receipt_date("online", submitted_on=D("2024-03-01"), confirmed_on=D("2024-03-02")) == D("2024-03-02")
    assert receipt_date("fax", confirmed_on=D("2024-03-06")) == D("2024-03-06")
    with pytest.raises(DeadlineInputError, match="签收日期"):
        receipt_date("post", submitted_on=D("2024-03-01"))


def test_rules_are_versioned_by_receipt_date():
    assert rules_for(D("2019-05-14")).reply_workdays == 15
    assert rules_for(D("2019-05-15")).reply_workdays == 20
    old = reply_deadline(CAL, received=D("2019-05-06"))
    assert CAL.working_days_between(D("2019-05-06"), old.due) == 15


def test_bad_input_messages():
    with pytest.raises(DeadlineInputError, match="结束日早于起始日"):
        parse_pause("2024-10-10:2024-10-08")
    with pytest.raises(DeadlineInputError, match="不是有效日期"):
        parse_pause("2024-10-10:2024-10-99")
    with pytest.raises(DeadlineInputError, match="早于收到申请之日"):
        reply_deadline(CAL, received=D("2024-10-10"), pauses=(Pause(D("2024-10-08"), D("2024-10-12")),))


def test_parse_day_lines():
    days = parse_day_lines("2027-01-01~2027-01-03 元旦\n\n2027-02-06 春节", year=2027)
    assert days == {D("2027-01-01"): "元旦", D("2027-01-02"): "元旦", D("2027-01-03"): "元旦", D("2027-02-06"): "春节"}
    with pytest.raises(ValueError, match="第1行"):
        parse_day_lines("2026-12-31 元旦", year=2027)


covered = st.dates(min_value=date(2008, 5, 1), max_value=date(LAST_PACKAGE_YEAR - 1, 9, 1))
since_2019 = st.dates(min_value=date(2019, 5, 15), max_value=date(LAST_PACKAGE_YEAR - 1, 9, 1))
counts = st.integers(min_value=1, max_value=40)


@settings(max_examples=300, deadline=None)
@given(covered, counts)
def test_due_is_a_working_day_exactly_n_working_days_on(received, n):
    result = reply_deadline(CAL, received=received, workdays=n)
    assert CAL.is_working_day(result.due)
    assert CAL.working_days_between(received, result.due) == n
    assert result.due >= received + timedelta(days=n)
    assert CAL.working_days_between(received, result.due - timedelta(days=1)) == n - 1


@settings(max_examples=300, deadline=None)
@given(covered, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=20))
def test_a_pause_of_k_working_days_moves_the_due_date_by_k(received, offset, length):
    plain = reply_deadline(CAL, received=received)
    start = received + timedelta(days=1 + offset)
    assume(start <= plain.due)
    pause = Pause(start, start + timedelta(days=length), "征求第三方意见")
    k = CAL.working_days_between(pause.start - timedelta(days=1), pause.end)
    paused = reply_deadline(CAL, received=received, pauses=(pause,))
    assert paused.due >= plain.due
    assert CAL.working_days_between(plain.due, paused.due) == k
    assert CAL.is_working_day(paused.due)


@settings(max_examples=200, deadline=None)
@given(since_2019)
def test_an_extension_adds_exactly_twenty(received):
    plain = reply_deadline(CAL, received=received)
    extended = reply_deadline(CAL, received=received, extension_workdays=20)
    assert extended.original_due == plain.due
    assert CAL.working_days_between(plain.due, extended.due) == 20


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(2003, 1, 1), max_value=date(2027, 12, 31)),
       span=st.integers(min_value=-10, max_value=3000))
def test_working_days_between_by_arithmetic_equals_walking_day_by_day(start, span):
    end = start + timedelta(days=span)
    walked = sum(CAL.is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    assert CAL.working_days_between(start, end) == walked
