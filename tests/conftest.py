"""Shared fixtures: a small agency tree with one user per role, and the demo."""

from dataclasses import dataclass

import pytest

from tests.factories import AgencyFactory, ApplicantFactory, StaffFactory


@dataclass
class World:
    """Agency X (with child X1) and agency Y under a root R, and one user per role."""

    root: object
    x: object
    x1: object
    y: object
    users: dict


ROLE_USERS = {
    # name: (agency key, role)
    "handler_x": ("x", "handler"),
    "handler_y": ("y", "handler"),
    "reviewer_x": ("x", "reviewer"),
    "approver_x": ("x", "approver"),
    "supervisor_x": ("x", "supervisor"),
    "supervisor_root": ("root", "supervisor"),
    "sysadmin": ("root", "sysadmin"),
}


@pytest.fixture(autouse=True)
def _fresh_agency_memo():
    """Each test starts without the agency lists a process keeps (a test's agencies may come from bulk
    inserts, which send no save signal; a site sees those within AGENCY_MEMO_SECONDS)."""
    from xxgk.agencies.selectors import forget_agency_memo

    forget_agency_memo()
    yield


@pytest.fixture
def world(db) -> World:
    root = AgencyFactory(name="测试区人民政府", kind="government")
    x = AgencyFactory(name="测试区财政局", parent=root)
    x1 = AgencyFactory(name="测试区财政局下属中心", parent=x, kind="other")
    y = AgencyFactory(name="测试区教育局", parent=root)
    agencies = {"root": root, "x": x, "y": y}
    users = {name: StaffFactory(username=name, agency=agencies[key], role=role)
             for name, (key, role) in ROLE_USERS.items()}
    users["applicant_a"] = ApplicantFactory(username="applicant_a").user
    users["applicant_b"] = ApplicantFactory(username="applicant_b", kind="legal", name="某某科技有限公司",
                                            org_type="business",
                                            credit_code="91350100M000100Y43").user
    return World(root=root, x=x, x1=x1, y=y, users=users)
