"""Every handling step and every illegal step, against the database."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from tests.case_helpers import VALID_ID, asking, at, company, person, register, submit
from xxgk.cases.models import Case, CaseDocument
from xxgk.cases.services import (
    case_assign,
    case_close_fee_unpaid,
    case_close_no_supplement,
    case_consult,
    case_decide,
    case_extend,
    case_issue_fee_notice,
    case_receive_supplement,
    case_record_consultation_answer,
    case_record_delivery,
    case_record_payment,
    case_request_supplement,
    case_withdraw,
)
from xxgk.cases.services.intake import query_code_hash
from xxgk.platform.crypto import decrypt_text
from xxgk.platform.errors import Conflict, IllegalTransition, InvalidInput
from xxgk.platform.models import AuditEvent
from xxgk.platform.selectors import work_calendar

pytestmark = pytest.mark.django_db
D = date.fromisoformat
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def assigned(world, received="2024-09-27"):
    case, _ = submit(world.x, D(received))
    return case_assign(case=case, handler=world.users["handler_x"], today=D(received), at=at(D(received)),
                       actor=world.users["handler_x"])


class TestIntake:
    def test_online_submission_numbers_encrypts_and_masks(self, world):
        case, code = submit(world.x, D("2024-09-27"))
        assert case.number == "2024-0001" and case.status == "received" and case.channel == "online"
        assert case.due_on == D("2024-10-30") and not case.due_provisional
        assert VALID_ID not in case.id_number_encrypted and decrypt_text(case.id_number_encrypted) == VALID_ID
        assert case.id_number_masked == "110*************2X"
        assert case.query_code_hash == query_code_hash(code) and len(code) == 8
        assert case.events.get().kind == "received"
        second, _ = submit(world.x, D("2024-09-27"), request_details=asking("另一份文件"))
        assert second.number == "2024-0002"

    def test_bad_identity_number_saves_nothing(self, world):
        with pytest.raises(InvalidInput, match="校验位"):
            submit(world.x, D("2024-09-27"), applicant=person(id_number="110105194912310021"))
        assert not Case.objects.exists()

    def test_organisation_needs_valid_credit_code_and_type(self, world):
        with pytest.raises(InvalidInput, match="校验位"):
            submit(world.x, D("2024-09-27"), applicant=company(credit_code="91350100M000100Y44"))
        case, _ = submit(world.x, D("2024-09-27"), applicant=company(org_type="research"))
        assert case.applicant_kind == "legal" and case.org_type == "research"

    def test_upload_checked_by_content_not_name(self, world):
        fake = asking(attachments=[("身份证.pdf", b"MZ\x90\x00 not a pdf at all")])
        with pytest.raises(InvalidInput, match="实际内容不是允许的类型"):
            submit(world.x, D("2024-09-27"), request_details=fake)
        big = asking(attachments=[("big.pdf", PDF + b"0" * (10 * 1024 * 1024))])
        with pytest.raises(InvalidInput, match="超过10MB"):
            submit(world.x, D("2024-09-27"), request_details=big)
        assert not Case.objects.exists() and not CaseDocument.objects.exists()
        case, _ = submit(world.x, D("2024-09-27"), request_details=asking(attachments=[("证明.jpg.pdf", PDF)]))
        assert case.documents.get().content_type == "application/pdf"

    def test_staff_registration_uses_channel_receipt_rules(self, world):
        from xxgk.cases.services import case_register

        case, _ = case_register(agency=world.x, applicant=person(), request_details=asking(), channel="post",
                                submitted_on=D("2024-09-20"), signed_on=D("2024-09-23"), at=at(D("2024-09-24")),
                                actor=world.users["handler_x"])
        assert case.received_on == D("2024-09-23")
        with pytest.raises(InvalidInput, match="签收日期"):
            case_register(agency=world.x, applicant=person(), request_details=asking(), channel="post",
                          submitted_on=D("2024-09-20"), at=at(D("2024-09-24")), actor=world.users["handler_x"])

    def test_same_applicant_same_request_is_flagged(self, world):
        first, _ = submit(world.x, D("2024-09-27"), request_details=asking("2023年度 部门预算"))
        second, _ = submit(world.x, D("2024-10-08"), request_details=asking("2023年度部门预算。"))
        assert second.duplicate_of == first
        assert second.events.filter(kind="duplicate_flagged").exists()
        other, _ = submit(world.x, D("2024-10-08"), applicant=person(name="李四", id_number="110105194912310046"))
        assert other.duplicate_of is None

    @pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
    def test_submission_queues_its_mail_in_the_same_transaction(self, world):
        from django.db import transaction
        from django_tasks_db.models import DBTaskResult

        class Abandon(Exception):
            pass

        def mail_tasks() -> int:
            return DBTaskResult.objects.filter(task_path__endswith="send_notification_email").count()

        with pytest.raises(Abandon), transaction.atomic():
            submit(world.x, D("2024-09-27"))
            assert mail_tasks() == 1  # the task row is written with the case…
            raise Abandon
        assert not Case.objects.exists() and mail_tasks() == 0  # …and rolled back with it
        submit(world.x, D("2024-09-27"))  # no on-commit step left to fail after the case is stored
        assert mail_tasks() == 1
        call_command("worker", "--batch", verbosity=0)
        assert mail.outbox and "2024-0001" in mail.outbox[0].subject


class TestSupplement:
    def test_notice_restart_and_letter(self, world):
        case = assigned(world)
        case = case_request_supplement(case=case, items="请写明文号", today=D("2024-10-08"), at=at(D("2024-10-08")))
        assert case.status == "awaiting_supplement" and case.due_on is None
        assert case.documents.filter(letter_kind="supplement_notice").count() == 2
        case = case_receive_supplement(case=case, received_on=D("2024-10-15"), at=at(D("2024-10-15")))
        assert case.status == "processing"
        assert case.due_on == work_calendar().add_working_days(D("2024-10-15"), 20)

    def test_only_once_and_only_within_seven_working_days(self, world):
        case = assigned(world)
        with pytest.raises(Conflict, match="7个工作日"):
            case_request_supplement(case=case, items="x", today=D("2024-10-14"), at=at(D("2024-10-14")))
        case_request_supplement(case=case, items="x", today=D("2024-10-08"), at=at(D("2024-10-08")))
        case_receive_supplement(case=case, received_on=D("2024-10-09"), at=at(D("2024-10-09")))
        with pytest.raises(Conflict, match="一次性告知"):
            case_request_supplement(case=case, items="y", today=D("2024-10-09"), at=at(D("2024-10-09")))

    def test_no_supplement_in_time_closes_as_other(self, world):
        case = assigned(world)
        case = case_request_supplement(case=case, items="x", today=D("2024-10-08"), at=at(D("2024-10-08")))
        with pytest.raises(Conflict, match="尚未届满"):
            case_close_no_supplement(case=case, today=case.supplement_due_on, at=at(case.supplement_due_on))
        after = date.fromordinal(case.supplement_due_on.toordinal() + 1)
        case = case_close_no_supplement(case=case, today=after, at=at(after))
        assert case.status == "concluded" and case.outcome == "other_no_supplement" and case.replied_on == after

    def test_still_unclear_only_after_a_supplement(self, world):
        case = assigned(world)
        with pytest.raises(Conflict, match="补正后"):
            case_decide(case=case, outcome="unable_still_unclear", reasons="不明确", today=D("2024-10-08"),
                        at=at(D("2024-10-08")))
        case_request_supplement(case=case, items="x", today=D("2024-10-08"), at=at(D("2024-10-08")))
        case_receive_supplement(case=case, received_on=D("2024-10-09"), at=at(D("2024-10-09")))
        case = case_decide(case=case, outcome="unable_still_unclear", reasons="仍不明确", today=D("2024-10-10"),
                           at=at(D("2024-10-10")))
        assert case.outcome == "unable_still_unclear"


class TestConsultation:
    def test_pause_window_and_answer(self, world):
        case = assigned(world)
        consultation = case_consult(case=case, kind="third_party", party="某公司", sent_on=D("2024-10-08"),
                                    at=at(D("2024-10-08")))
        case.refresh_from_db()
        assert consultation.window_ends_on == work_calendar().add_working_days(D("2024-10-08"), 15)
        assert work_calendar().working_days_between(D("2024-10-30"), case.due_on) == 16
        with pytest.raises(Conflict, match="尚有征求意见未登记答复"):
            case_decide(case=case, outcome="granted", today=D("2024-10-09"), at=at(D("2024-10-09")))
        case_record_consultation_answer(consultation=consultation, answer="objection", answered_on=D("2024-10-09"),
                                        at=at(D("2024-10-09")))
        case.refresh_from_db()
        assert work_calendar().working_days_between(D("2024-10-30"), case.due_on) == 2
        with pytest.raises(Conflict):
            case_record_consultation_answer(consultation=consultation, answer="consent", answered_on=D("2024-10-10"),
                                            at=at(D("2024-10-10")))

    def test_no_answer_keeps_the_whole_window(self, world):
        case = assigned(world)
        c = case_consult(case=case, kind="agency", party="区财政局", sent_on=D("2024-10-08"), at=at(D("2024-10-08")))
        case_record_consultation_answer(consultation=c, answer="none", answered_on=None, at=at(D("2024-11-01")))
        case.refresh_from_db()
        assert work_calendar().working_days_between(D("2024-10-30"), case.due_on) == 16

    def test_not_before_receipt_or_before_assignment(self, world):
        case, _ = submit(world.x, D("2024-09-27"))
        with pytest.raises(IllegalTransition, match="已收到"):
            case_consult(case=case, kind="agency", party="甲", sent_on=D("2024-10-08"), at=at(D("2024-10-08")))


class TestExtension:
    def test_once_by_the_approver_with_letter(self, world):
        case = assigned(world)
        with pytest.raises(InvalidInput, match="负责人"):
            case_extend(case=case, approver=world.users["handler_x"], reason="复杂", today=D("2024-10-20"),
                        at=at(D("2024-10-20")))
        case = case_extend(case=case, approver=world.users["approver_x"], reason="需调取档案", today=D("2024-10-20"),
                           at=at(D("2024-10-20")))
        assert work_calendar().working_days_between(D("2024-10-30"), case.due_on) == 20
        assert case.documents.filter(letter_kind="extension_notice").exists()
        with pytest.raises(Conflict, match="只能延长一次"):
            case_extend(case=case, approver=world.users["approver_x"], reason="再延", today=D("2024-10-21"),
                        at=at(D("2024-10-21")))

    def test_not_after_the_due_date(self, world):
        case = assigned(world)
        with pytest.raises(Conflict, match="届满"):
            case_extend(case=case, approver=world.users["approver_x"], reason="x", today=D("2024-10-31"),
                        at=at(D("2024-10-31")))


class TestFees:
    def test_per_application_band_counts_the_month(self, world):
        cases = [submit(world.x, D("2024-03-04"), request_details=asking(f"文件{i}"))[0] for i in range(11)]
        for c in cases:
            case_assign(case=c, handler=world.users["handler_x"], today=D("2024-03-04"), at=at(D("2024-03-04")))
        with pytest.raises(Conflict, match="免费范围"):
            case_issue_fee_notice(case=cases[9], method="per_application", today=D("2024-03-05"), at=at(D("2024-03-05")))
        notice = case_issue_fee_notice(case=cases[10], method="per_application", today=D("2024-03-05"),
                                       at=at(D("2024-03-05")))
        assert notice.basis_count == 11 and notice.amount_yuan == 100
        assert notice.pay_by == work_calendar().add_working_days(D("2024-03-05"), 20)

    def test_per_page_pause_and_payment(self, world):
        case = assigned(world, "2024-03-01")
        notice = case_issue_fee_notice(case=case, method="per_page", pages=120, today=D("2024-03-05"),
                                       at=at(D("2024-03-05")))
        assert notice.amount_yuan == 70 * 10 + 20 * 20
        case.refresh_from_db()
        assert case.status == "awaiting_fee"
        with pytest.raises(IllegalTransition):
            case_decide(case=case, outcome="granted", today=D("2024-03-06"), at=at(D("2024-03-06")))
        case = case_record_payment(case=case, paid_on=D("2024-03-07"), at=at(D("2024-03-07")))
        plain = work_calendar().add_working_days(D("2024-03-01"), 20)
        assert case.status == "processing" and work_calendar().working_days_between(plain, case.due_on) == 3

    def test_unpaid_closes_only_after_twenty_working_days(self, world):
        case = assigned(world, "2024-03-01")
        notice = case_issue_fee_notice(case=case, method="per_page", pages=50, today=D("2024-03-05"),
                                       at=at(D("2024-03-05")))
        with pytest.raises(Conflict, match="尚未届满"):
            case_close_fee_unpaid(case=case, today=notice.pay_by, at=at(notice.pay_by))
        later = date.fromordinal(notice.pay_by.toordinal() + 1)
        with pytest.raises(Conflict, match="逾期缴费"):
            case_record_payment(case=case, paid_on=later, at=at(later))
        case = case_close_fee_unpaid(case=case, today=later, at=at(later))
        assert case.outcome == "other_fee_unpaid"


class TestDecision:
    @pytest.mark.parametrize("outcome", ["granted", "denied_process", "unable_not_held", "np_repeat", "other_misc"])
    def test_outcomes_with_reply_letter(self, world, outcome):
        case = assigned(world)
        case = case_decide(case=case, outcome=outcome, reasons="" if outcome == "granted" else "理由",
                           today=D("2024-10-15"), at=at(D("2024-10-15")))
        assert case.status == "concluded" and case.outcome == outcome and not case.replied_late
        letters = case.documents.filter(letter_kind="reply")
        assert {d.content_type for d in letters} == {
            "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        pdf = letters.get(content_type="application/pdf").file.read()
        assert pdf.startswith(b"%PDF")
        assert AuditEvent.objects.filter(action="case.concluded", target_id=str(case.pk)).exists()

    def test_reply_letter_states_decision_basis_and_remedies(self, world):
        import io

        from docx import Document

        case = assigned(world)
        case = case_decide(case=case, outcome="partial", reasons="含个人信息", withheld="第三方姓名和住址",
                           access_info="随函附送", today=D("2024-10-15"), at=at(D("2024-10-15")))
        doc = case.documents.get(letter_kind="reply", name__endswith=".docx")
        text = "\n".join(p.text for p in Document(io.BytesIO(doc.file.read())).paragraphs)
        for fragment in ("部分内容属于不予公开的范围", "第三方姓名和住址", "第三十七条", "60日内", "6个月内", "随函附送"):
            assert fragment in text, fragment

    def test_rules_for_reasons_and_partial(self, world):
        case = assigned(world)
        with pytest.raises(InvalidInput, match="理由"):
            case_decide(case=case, outcome="denied_process", today=D("2024-10-15"), at=at(D("2024-10-15")))
        with pytest.raises(InvalidInput, match="不予公开的部分"):
            case_decide(case=case, outcome="partial", reasons="x", today=D("2024-10-15"), at=at(D("2024-10-15")))
        with pytest.raises(InvalidInput, match="办结操作"):
            case_decide(case=case, outcome="other_fee_unpaid", reasons="x", today=D("2024-10-15"),
                        at=at(D("2024-10-15")))
        with pytest.raises(InvalidInput, match="办理结果无效"):
            case_decide(case=case, outcome="granted_ish", today=D("2024-10-15"), at=at(D("2024-10-15")))

    def test_late_reply_is_flagged_not_refused(self, world):
        case = assigned(world)
        case = case_decide(case=case, outcome="granted", today=D("2024-11-05"), at=at(D("2024-11-05")))
        assert case.replied_late and "逾期答复" in case.events.get(kind="concluded").summary

    def test_concluded_case_allows_only_delivery(self, world):
        case = assigned(world)
        case = case_decide(case=case, outcome="granted", today=D("2024-10-15"), at=at(D("2024-10-15")))
        for step in (lambda: case_withdraw(case=case, today=D("2024-10-16"), at=at(D("2024-10-16"))),
                     lambda: case_decide(case=case, outcome="granted", today=D("2024-10-16"), at=at(D("2024-10-16")))):
            with pytest.raises(IllegalTransition, match="已办结"):
                step()
        with pytest.raises(InvalidInput, match="单号"):
            case_record_delivery(case=case, method="post", delivered_on=D("2024-10-16"), at=at(D("2024-10-16")))
        case = case_record_delivery(case=case, method="post", tracking_number="EMS123", delivered_on=D("2024-10-17"),
                                    at=at(D("2024-10-17")))
        assert case.delivered_on == D("2024-10-17") and case.tracking_number == "EMS123"


def test_withdrawal_concludes_as_other(world):
    case, _ = submit(world.x, D("2024-09-27"))
    case = case_withdraw(case=case, today=D("2024-09-30"), at=at(D("2024-09-30")))
    assert case.outcome == "other_misc" and case.documents.filter(letter_kind="withdrawal").exists()


def test_registration_in_person(world):
    case, _ = register(world.x, world.users["handler_x"], D("2024-09-27"))
    assert case.channel == "in_person" and case.received_on == D("2024-09-27")
