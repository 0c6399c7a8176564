"""Helpers for case tests: build applications through the real intake services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from xxgk.cases.services.intake import ApplicantDetails, RequestDetails, case_register, case_submit_online

TZ = ZoneInfo("Asia/Shanghai")
VALID_ID = "11010519491231002X"


def at(day: date) -> datetime:
    """Return 10:00 Shanghai time on `day`."""
    return datetime.combine(day, time(10, 0), tzinfo=TZ)


def person(name="张三", id_number=VALID_ID, **extra) -> ApplicantDetails:
    return ApplicantDetails(kind="natural", name=name, id_type="resident_id", id_number=id_number,
                            phone="13800000000", email="zhangsan@example.cn", **extra)


def company(name="某某商贸有限公司", org_type="business", credit_code="91350100M000100Y43") -> ApplicantDetails:
    return ApplicantDetails(kind="legal", name=name, org_type=org_type, credit_code=credit_code,
                            contact_name="王经理", phone="0379-1234567", email="org@example.cn")


def asking(title="2023年度部门预算", **extra) -> RequestDetails:
    return RequestDetails(title=title, **extra)


def submit(agency, day: date, applicant=None, request_details=None, account=None):
    """Submit online on `day`; return (case, query code)."""
    return case_submit_online(agency=agency, applicant=applicant or person(), request_details=request_details or asking(),
                              today=day, at=at(day), account=account)


def register(agency, actor, day: date, channel="in_person", applicant=None, title="2023年度部门预算"):
    return case_register(agency=agency, applicant=applicant or person(), request_details=asking(title),
                         channel=channel, submitted_on=day, signed_on=day, confirmed_on=day, at=at(day), actor=actor)
