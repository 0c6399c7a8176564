"""Date inputs show their value in the browser's date picker (ISO), whatever the locale formats."""

from datetime import date

from django.utils import timezone

from xxgk.cases.forms import DeliveryForm
from xxgk.workspace.calendar_views import DeadlineForm


def test_an_edited_date_is_rendered_as_iso_so_the_picker_keeps_it():
    from xxgk.catalog.forms import ItemForm

    form = ItemForm(initial={"written_on": date(2020, 3, 15), "repealed_on": date(2021, 1, 4)})
    assert 'value="2020-03-15"' in str(form["written_on"]) and 'type="date"' in str(form["written_on"])
    assert 'value="2021-01-04"' in str(form["repealed_on"])


def test_delivery_date_defaults_to_the_offices_today():
    assert f'value="{timezone.localdate().isoformat()}"' in str(DeliveryForm()["delivered_on"])


def test_date_errors_are_chinese():
    form = DeadlineForm(data={"received": "2020/13/40"})
    assert not form.is_valid() and form.errors["received"] == ["请输入有效日期（YYYY-MM-DD）。"]
