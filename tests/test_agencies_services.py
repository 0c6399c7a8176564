"""Agency, membership and applicant services against the database."""

import pytest

from tests.factories import AT, AgencyFactory, ApplicantFactory, StaffFactory, fresh_credit_code
from xxgk.agencies.models import Agency, Applicant, Membership, User
from xxgk.agencies.services import (
    agency_create,
    agency_set_active,
    agency_update,
    applicant_register,
    membership_grant,
    membership_revoke,
)
from xxgk.platform.errors import Conflict, InvalidInput
from xxgk.platform.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


class TestAgencyCreate:
    def test_tree_paths_make_subtrees_prefix_queries(self):
        root = AgencyFactory(kind="government")
        child = AgencyFactory(parent=root)
        grandchild = AgencyFactory(parent=child)
        assert grandchild.path.startswith(child.path) and child.path.startswith(root.path)
        assert set(Agency.objects.filter(path__startswith=root.path)) == {root, child, grandchild}
        assert grandchild.depth == 2

    def test_wrong_check_character_is_refused_and_nothing_saved(self):
        good = fresh_credit_code()
        bad = good[:17] + ("0" if good[17] != "0" else "1")
        with pytest.raises(InvalidInput) as exc:
            agency_create(name="某局", kind="department", credit_code=bad, at=AT)
        assert "校验位错误" in exc.value.message
        assert not Agency.objects.exists()
        assert not AuditEvent.objects.filter(action="agency.created").exists()

    def test_lower_case_and_spaces_are_normalised(self):
        code = fresh_credit_code()
        agency = agency_create(name="某局", kind="部门", credit_code=f" {code[:9].lower()} {code[9:]} ", at=AT)
        assert agency.credit_code == code and agency.kind == "department"

    def test_duplicate_code_is_a_conflict_naming_the_holder(self):
        first = AgencyFactory(name="甲局")
        with pytest.raises(Conflict) as exc:
            agency_create(name="乙局", kind="department", credit_code=first.credit_code, at=AT)
        assert "甲局" in exc.value.message
        assert Agency.objects.count() == 1

    def test_unknown_kind_lists_the_accepted_kinds(self):
        with pytest.raises(InvalidInput) as exc:
            agency_create(name="某局", kind="ministry", credit_code=fresh_credit_code(), at=AT)
        assert "街道办事处/乡镇" in exc.value.message

    def test_no_child_under_an_inactive_parent(self):
        parent = AgencyFactory()
        agency_set_active(agency=parent, active=False, at=AT)
        with pytest.raises(InvalidInput):
            AgencyFactory(parent=parent)

    def test_creation_is_audited(self):
        agency = AgencyFactory()
        event = AuditEvent.objects.get(action="agency.created")
        assert event.target_id == str(agency.pk) and event.data["credit_code"] == agency.credit_code


class TestAgencyUpdateAndDeactivate:
    def test_contact_update_records_before_and_after(self):
        agency = AgencyFactory()
        agency_update(agency=agency, at=AT, phone="0379-1234", postcode="471000")
        agency.refresh_from_db()
        assert agency.phone == "0379-1234"
        event = AuditEvent.objects.get(action="agency.updated")
        assert event.data["before"]["phone"] == "" and event.data["after"]["phone"] == "0379-1234"

    def test_bad_postcode_changes_nothing(self):
        agency = AgencyFactory()
        with pytest.raises(InvalidInput):
            agency_update(agency=agency, at=AT, phone="0379-1234", postcode="47")
        agency.refresh_from_db()
        assert agency.phone == ""

    def test_deactivation_keeps_memberships_and_records(self):
        agency = AgencyFactory()
        user = StaffFactory(agency=agency, role="handler")
        agency_set_active(agency=agency, active=False, at=AT)
        assert Agency.objects.filter(pk=agency.pk, is_active=False).exists()
        assert Membership.objects.filter(user=user, agency=agency).exists()
        with pytest.raises(Conflict):
            agency_set_active(agency=agency, active=False, at=AT)


class TestMemberships:
    def test_duplicate_membership_is_refused_in_chinese(self):
        agency = AgencyFactory(name="甲局")
        user = StaffFactory(agency=agency, role="handler")
        with pytest.raises(Conflict) as exc:
            membership_grant(user=user, agency=agency, role="经办人", at=AT)
        assert "不能重复授予" in exc.value.message
        assert Membership.objects.filter(user=user).count() == 1

    def test_applicants_cannot_hold_staff_roles(self):
        applicant = ApplicantFactory()
        with pytest.raises(InvalidInput):
            membership_grant(user=applicant.user, agency=AgencyFactory(), role="handler", at=AT)

    def test_sysadmin_role_drives_admin_flags_and_is_audited(self):
        agency = AgencyFactory()
        user = StaffFactory()
        membership = membership_grant(user=user, agency=agency, role="sysadmin", at=AT)
        user.refresh_from_db()
        assert user.is_staff and user.is_superuser
        membership_revoke(membership=membership, at=AT)
        user.refresh_from_db()
        assert not user.is_staff and not user.is_superuser
        actions = list(AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", flat=True))
        assert "role.granted" in actions and "role.revoked" in actions


class TestApplicants:
    def test_organisation_needs_type_and_valid_code(self):
        with pytest.raises(InvalidInput):
            applicant_register(username="org1", password="correct-horse-battery", kind="legal", name="某公司",
                               at=AT)
        with pytest.raises(InvalidInput) as exc:
            applicant_register(username="org1", password="correct-horse-battery", kind="legal", name="某公司",
                               org_type="business", credit_code="91350100M000100Y44", at=AT)
        assert "校验位" in exc.value.message
        assert not User.objects.filter(username="org1").exists()

    def test_natural_person_has_no_org_type(self):
        applicant = applicant_register(username="p1", password="correct-horse-battery", kind="natural",
                                       name="张三", org_type="business", at=AT)
        assert applicant.org_type == "" and Applicant.objects.count() == 1

    def test_weak_password_is_refused(self):
        with pytest.raises(InvalidInput) as exc:
            applicant_register(username="p2", password="12345", kind="natural", name="张三", at=AT)
        assert "密码" in exc.value.message


def test_audit_rows_cannot_be_changed_or_deleted():
    AgencyFactory()
    event = AuditEvent.objects.first()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
