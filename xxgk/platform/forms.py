"""Form parts every app shares."""

from django import forms

DATE_ERRORS = {"invalid": "请输入有效日期（YYYY-MM-DD）。", "required": "请填写日期。"}


def date_field(label: str, *, required: bool = True, **extra) -> forms.DateField:
    """Return a date field whose browser date picker shows its current value.

    An <input type="date"> accepts only ISO dates; the zh-hans locale's first format is 2020/03/15,
    which the browser would drop, so a stored date would be lost on the next save.
    """
    return forms.DateField(label=label, required=required,
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                           error_messages=DATE_ERRORS, **extra)
