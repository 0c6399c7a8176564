"""The stored calendar, its editing, and the CLI, API and page that compute deadlines from it."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.calendars import LAST_PACKAGE_YEAR
from tests.factories import AT
from xxgk.platform.errors import InvalidInput
from xxgk.platform.models import AuditEvent, CalendarDay, CalendarYear
from xxgk.platform.selectors import reply_deadline_for, work_calendar
from xxgk.platform.services import calendar_seed_from_package, calendar_year_save
from xxgk.platform.signals_calendar import calendar_changed

pytestmark = pytest.mark.django_db
NEXT = LAST_PACKAGE_YEAR + 1


def run_deadline(capsys, *args):
    call_command("deadline", *args)
    return capsys.readouterr().out


class TestStoredCalendar:
    def test_migrate_seeded_every_package_year_confirmed_with_chinese_names(self):
        years = set(CalendarYear.objects.values_list("year", flat=True))
        assert set(range(2004, LAST_PACKAGE_YEAR + 1)) <= years
        assert not CalendarYear.objects.filter(confirmed=False).exists()
        assert CalendarDay.objects.get(day=date(2024, 10, 1)).name == "国庆节"
        assert CalendarDay.objects.get(day=date(2024, 9, 29)).kind == "workday"

    def test_seeding_never_overwrites_an_edited_year(self):
        calendar_year_save(year=2024, holidays={date(2024, 10, 1): "国庆节"}, workdays={}, confirmed=True, at=AT)
        assert calendar_seed_from_package(at=AT) == []
        assert CalendarDay.objects.filter(year__year=2024).count() == 1

    def test_entering_next_year_makes_its_dates_certain_and_is_audited(self):
        received = date(LAST_PACKAGE_YEAR, 12, 20)
        before = reply_deadline_for(received=received)
        assert before.provisional
        heard = []
        calendar_changed.connect(lambda **kw: heard.append(kw["year"]), weak=False, dispatch_uid="t1")
        try:
            calendar_year_save(year=NEXT, holidays={date(NEXT, 1, 1): "元旦"}, workdays={}, confirmed=True, at=AT)
        finally:
            calendar_changed.disconnect(dispatch_uid="t1")
        after = reply_deadline_for(received=received)
        assert not after.provisional and heard == [NEXT]
        assert "元旦" in after.explanation or after.due == before.due
        assert AuditEvent.objects.filter(action="calendar.year_saved", data__year=NEXT).exists()

    def test_unconfirmed_year_stays_provisional(self):
        calendar_year_save(year=NEXT, holidays={date(NEXT, 1, 1): "元旦"}, workdays={}, confirmed=False, at=AT)
        assert reply_deadline_for(received=date(NEXT, 3, 1)).provisional

    def test_a_correction_changes_the_computed_date(self):
        # Declare a (fictional) holiday on a day inside the window: the due date moves by one working day.
        plain = reply_deadline_for(received=date(2024, 3, 1)).due
        holidays = {d: n for d, n in CalendarDay.objects.filter(year__year=2024, kind="holiday").values_list("day", "name")}
        workdays = {d: n for d, n in CalendarDay.objects.filter(year__year=2024, kind="workday").values_list("day", "name")}
        holidays[date(2024, 3, 5)] = "测试假日"
        calendar_year_save(year=2024, holidays=holidays, workdays=workdays, confirmed=True, at=AT)
        moved = reply_deadline_for(received=date(2024, 3, 1)).due
        assert work_calendar().working_days_between(plain, moved) == 1

    @pytest.mark.parametrize(("holidays", "workdays", "message"), [
        ({date(NEXT - 1, 12, 31): "元旦"}, {}, "不在"),
        ({}, {next(date(NEXT, 1, d) for d in range(4, 11) if date(NEXT, 1, d).weekday() == 2): "春节"},
         "调休上班日应为周六或周日"),
        ({date(NEXT, 1, 2): "元旦"}, {date(NEXT, 1, 2): "元旦"}, "不能既是节假日又是调休上班日"),
    ])
    def test_bad_year_data_is_refused_and_nothing_changes(self, holidays, workdays, message):
        with pytest.raises(InvalidInput, match=message):
            calendar_year_save(year=NEXT, holidays=holidays, workdays=workdays, confirmed=True, at=AT)
        assert not CalendarYear.objects.filter(year=NEXT).exists()


class TestDeadlineCommand:
    def test_json_shape_and_default_twenty_days(self, capsys):
        out = json.loads(run_deadline(capsys, "--received", "2024-09-27", "--json"))
        assert out["due"] == "2024-10-30" and out["provisional"] is False and out["workdays"] == 20
        assert "国庆节" in out["explanation"] and len(out["counted_days"]) == 20

    def test_plain_output_prints_the_date_first(self, capsys):
        assert run_deadline(capsys, "--received", "2024-09-27").splitlines()[0] == "2024-10-30"

    def test_options_combine(self, capsys):
        out = json.loads(run_deadline(capsys, "--received", "2024-03-01", "--supplement-received", "2024-03-05",
                                      "--pause", "2024-03-11:2024-03-12", "--extended", "--workdays", "20", "--json"))
        cal = work_calendar()
        assert out["start"] == "2024-03-05" and out["extension_workdays"] == 20
        assert cal.working_days_between(date(2024, 3, 5), date.fromisoformat(out["due"])) == 42

    def test_provisional_year(self, capsys):
        out = json.loads(run_deadline(capsys, "--received", f"{NEXT}-03-01", "--json"))
        assert out["provisional"] is True and out["provisional_reasons"]

    @pytest.mark.parametrize(("args", "fragment"), [
        (["--received", "2024-02-30"], "不是有效日期"),
        (["--received", "2024-03-01", "--pause", "2024-03-08:2024-03-04"], "结束日早于起始日"),
        (["--received", "2024-03-01", "--pause", "2024-02-20:2024-03-04"], "早于收到申请之日"),
        (["--received", "2024-03-01", "--workdays", "0"], "正整数"),
    ])
    def test_bad_input_exits_2(self, args, fragment):
        with pytest.raises(CommandError) as exc:
            call_command("deadline", *args)
        assert exc.value.returncode == 2 and fragment in str(exc.value)


class TestDeadlineApiAndPage:
    def test_api_agrees_with_the_cli(self, client, capsys):
        args = ["--received", "2024-09-27", "--pause", "2024-10-08:2024-10-09", "--extended"]
        cli = json.loads(run_deadline(capsys, *args, "--json"))
        api = client.get("/api/v1/deadline", {"received": "2024-09-27", "pause": "2024-10-08:2024-10-09",
                                              "extended": "true"})
        assert api.status_code == 200 and api.json() == cli

    def test_api_bad_input_is_400_in_chinese(self, client):
        response = client.get("/api/v1/deadline", {"received": "2024-03-01", "pause": "2024-03-08:2024-03-04"})
        assert response.status_code == 400 and "结束日早于起始日" in response.json()["detail"]
        response = client.get("/api/v1/deadline", {"received": "not-a-date"})
        assert response.status_code == 400 and response.json()["detail"] == "请求参数不正确，请检查后重试。"

    def test_openapi_schema_documents_the_operation(self, client):
        schema = client.get("/api/v1/openapi.json").json()
        assert set(schema["paths"]["/api/v1/deadline"]["get"]["responses"]) == {"200", "400"}

    def test_calculator_page_shows_due_date_and_explanation(self, client, world):
        client.force_login(world.users["handler_x"])
        page = client.get("/workspace/deadline/", {"received": "2024-09-27", "pauses": "", "workdays": "20"})
        body = page.content.decode()
        assert page.status_code == 200 and "2024年10月30日" in body and "国庆节" in body

    def test_calculator_page_rejects_inverted_pause(self, client, world):
        client.force_login(world.users["handler_x"])
        page = client.get("/workspace/deadline/", {"received": "2024-09-27", "pauses": "2024-10-09:2024-10-08"})
        assert page.status_code == 400 and "结束日早于起始日" in page.content.decode()

    def test_calendar_edit_only_for_sysadmin(self, client, world):
        client.force_login(world.users["supervisor_root"])
        assert client.get(f"/workspace/calendar/{NEXT}/").status_code == 403
        client.force_login(world.users["sysadmin"])
        response = client.post(f"/workspace/calendar/{NEXT}/", {
            "holidays": f"{NEXT}-01-01 元旦", "workdays": "", "confirmed": "on", "source": "国办发明电"})
        assert response.status_code == 302
        assert CalendarYear.objects.get(year=NEXT).confirmed

    def test_calendar_edit_reports_the_bad_line(self, client, world):
        client.force_login(world.users["sysadmin"])
        response = client.post(f"/workspace/calendar/{NEXT}/", {"holidays": "元旦放假", "workdays": ""})
        assert response.status_code == 400 and "第1行" in response.content.decode()
        assert not CalendarYear.objects.filter(year=NEXT).exists()

    def test_calendar_list_marks_unconfirmed_years(self, client, world):
        calendar_year_save(year=NEXT, holidays={}, workdays={}, confirmed=False, at=AT)
        client.force_login(world.users["handler_x"])
        body = client.get("/workspace/calendar/").content.decode()
        assert "未确认（暂定）" in body and f"/workspace/calendar/{NEXT}/" not in body
