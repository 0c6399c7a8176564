"""Load the deterministic demo through the same services the application uses."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from xxgk.agencies.models import Agency
from xxgk.agencies.services import agency_create, applicant_register, membership_grant, staff_user_create

from . import agencies as data

# A fixed moment: the demo is identical on every machine and every run.
DEMO_AT = datetime(2020, 1, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def demo_loaded() -> bool:
    """Return True when the demo's root agency already exists."""
    return Agency.objects.filter(credit_code=data.demo_credit_code(0)).exists()


@transaction.atomic
def load_demo(today: date | None = None) -> dict:
    """Create the demo district and its cases; `today` places the open cases (default: today)."""
    at = DEMO_AT
    gov = agency_create(
        name=data.GOVERNMENT[0], short_name=data.GOVERNMENT[1], kind="government",
        credit_code=data.demo_credit_code(0), contact=data.GOVERNMENT_CONTACT, at=at, actor_label="demo",
    )
    by_key = {"gov": gov}
    for i, (name, short) in enumerate(data.DEPARTMENTS, start=1):
        by_key[f"dept:{short}"] = agency_create(
            name=name, short_name=short, kind="department", parent=gov, credit_code=data.demo_credit_code(i),
            at=at, actor_label="demo",
            contact={"office_name": f"{short}办公室", "address": "河南省洛阳市西工区", "postcode": "471000",
                     "office_hours": data.GOVERNMENT_CONTACT["office_hours"], "phone": f"0379-6322{1300 + i}"},
        )
    for i, (name, short) in enumerate(data.SUBDISTRICTS, start=100):
        by_key[f"sub:{short}"] = agency_create(
            name=name, short_name=short, kind="township", parent=gov, credit_code=data.demo_credit_code(i),
            at=at, actor_label="demo",
            contact={"office_name": f"{short}党政办", "address": f"河南省洛阳市西工区{short}", "postcode": "471000",
                     "office_hours": data.GOVERNMENT_CONTACT["office_hours"], "phone": f"0379-6323{1000 + i}"},
        )
    jgy = by_key["sub:金谷园街道"]
    for i, (name, short) in enumerate(data.COMMUNITIES, start=200):
        by_key[f"vil:{short}"] = agency_create(
            name=name, short_name=short, kind="village", parent=jgy, credit_code=data.demo_credit_code(i, "55"),
            at=at, actor_label="demo",
        )
    users = {}
    for username, full_name, role, key in data.STAFF:
        user = staff_user_create(username=username, full_name=full_name, password=data.DEMO_PASSWORD, at=at)
        membership_grant(user=user, agency=by_key[key], role=role, at=at)
        users[username] = user
    applicants = {}
    for username, kind, name, org_type, serial in data.APPLICANTS:
        code = data.demo_credit_code(serial, "91") if serial else ""
        applicants[username] = applicant_register(
            username=username, password=data.DEMO_PASSWORD, kind=kind, name=name, org_type=org_type,
            credit_code=code, phone="13800000000", at=at,
        )
    from .cases import load_2019_review, load_2020_cases, load_open_cases
    from .interaction import (
        load_channels,
        load_messages_2020,
        load_open_messages,
        load_participation_2020,
        load_submissions_2020,
    )
    from .items import load_2020_items, load_portal_2020, load_standard_catalogue
    from .reports import load_2020_report_inputs

    today = today or timezone.localdate()
    load_channels(by_key, users, today=today)
    load_2019_review(gov, users)
    load_2020_cases(gov, users)
    load_2020_items(gov, users)
    load_portal_2020(gov, users)
    load_standard_catalogue(gov, users, [a for k, a in by_key.items() if k.startswith("sub:")])
    load_2020_report_inputs(gov)
    load_messages_2020(by_key, users)
    load_participation_2020(by_key, users)
    load_submissions_2020(gov, users)
    load_open_cases(gov, by_key["dept:区财政局"], users, applicants, today=today)
    load_open_messages(by_key, users, today=today)
    from .portal import load_service_block

    load_service_block(users)
    from xxgk.search.services import search_reindex

    search_reindex(at=timezone.now())  # the demo is searchable at once, before the worker runs
    return {"agencies": by_key, "users": users, "applicants": applicants}


def demo_logins() -> list[tuple[str, str, str]]:
    """Return (username, password, what the login is for) for the demo's printed login list."""
    roles = {"sysadmin": "系统管理员", "supervisor": "公开办", "handler": "经办人", "reviewer": "审核人",
             "approver": "负责人"}
    rows = [(u, data.DEMO_PASSWORD, f"{roles[r]} · {k.split(':')[-1] if k != 'gov' else data.GOVERNMENT[0]}")
            for u, _, r, k in data.STAFF]
    rows += [(u, data.DEMO_PASSWORD, f"申请人 · {name}") for u, _, name, _, _ in data.APPLICANTS]
    return rows
