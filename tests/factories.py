"""Test factories: build agencies, staff and applicants through the real services."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from xxgk.agencies.models import Agency, Applicant, Membership, User
from xxgk.agencies.services import agency_create, applicant_register, membership_grant, staff_user_create
from xxgk.core.credit_code import make_credit_code

AT = datetime(2024, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "correct-horse-battery"
_serial = itertools.count(1)


def fresh_credit_code(prefix: str = "11") -> str:
    """Return a valid credit code not used before in this test run."""
    return make_credit_code(f"{prefix}410303{next(_serial):09d}")


class AgencyFactory(factory.Factory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试机关{n}")
    kind = "department"
    parent = None
    credit_code = factory.LazyFunction(fresh_credit_code)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return agency_create(at=AT, **kwargs)


class StaffFactory(factory.Factory):
    """A staff user; pass `agency` and `role` to grant a membership too."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")

    @classmethod
    def _create(cls, model_class, agency=None, role=None, **kwargs):
        user = staff_user_create(password=PASSWORD, at=AT, **kwargs)
        if agency is not None:
            membership_grant(user=user, agency=agency, role=role or "handler", at=AT)
        return user


class ApplicantFactory(factory.Factory):
    class Meta:
        model = Applicant

    username = factory.Sequence(lambda n: f"applicant{n}")
    kind = "natural"
    name = factory.Sequence(lambda n: f"申请人{n}")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return applicant_register(password=PASSWORD, at=AT, **kwargs)


__all__ = ["AgencyFactory", "StaffFactory", "ApplicantFactory", "Membership", "AT", "PASSWORD", "fresh_credit_code"]
