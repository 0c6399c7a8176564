"""Pages and API end to end: apply, follow, supplement, handle every step, year accounting, reminders."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.case_helpers import VALID_ID, asking, at, person, submit
from xxgk.cases.models import Case
from xxgk.cases.selectors import case_year_counts
from xxgk.cases.services import case_assign, case_decide
from xxgk.platform.daily import daily_run
from xxgk.platform.services import calendar_year_save

pytestmark = pytest.mark.django_db
D = date.fromisoformat
# A copy of ../shared/seeds/xigong-2020-annual-report.expected.json, so the suite runs anywhere.
SEED = Path(__file__).resolve().parent / "data" / "xigong-2020-annual-report.expected.json"

FORM = {"applicant_kind": "natural", "applicant_name": "张三", "id_type": "resident_id", "id_number": VALID_ID,
        "phone": "13800000000", "email": "z@example.cn", "title": "2023年度部门预算", "form_wanted": "electronic",
        "delivery_wanted": "email"}


def apply(client, agency, **changes):
    return client.post(f"/gk/apply/{agency.credit_code}/", {**FORM, **changes})


class TestPublicPages:
    def test_apply_then_follow_with_the_query_code(self, client, world):
        page = apply(client, world.x)
        body = page.content.decode()
        case = Case.objects.get()
        assert page.status_code == 200 and case.number in body
        code = body.split('class="query-code">')[1].split("<")[0]
        other = client.__class__()
        assert other.get(f"/gk/apply/case/{case.pk}/").status_code == 302
        wrong = other.post("/gk/apply/track/", {"number": case.number, "query_code": "WRONG123"})
        assert wrong.status_code == 404 and "不正确" in wrong.content.decode()
        right = other.post("/gk/apply/track/", {"number": case.number, "query_code": code.lower()})
        assert right.status_code == 302
        status_page = other.get(right["Location"]).content.decode()
        assert case.title in status_page and "已收到" in status_page and VALID_ID not in status_page

    def test_bad_identity_number_is_400_and_nothing_saved(self, client, world):
        page = apply(client, world.x, id_number="110105194912310021")
        assert page.status_code == 400 and "校验位错误" in page.content.decode()
        assert not Case.objects.exists()

    def test_bad_upload_is_refused_with_its_name(self, client, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("身份证.png", b"#!/bin/sh\necho not an image\n", content_type="image/png")
        page = apply(client, world.x, attachment1=upload)
        assert page.status_code == 400 and "身份证.png" in page.content.decode()
        assert not Case.objects.exists()

    def test_supplement_online_and_withdraw(self, client, world):
        apply(client, world.x)
        case = Case.objects.get()
        case_assign(case=case, handler=world.users["handler_x"], today=case.received_on, at=at(case.received_on))
        from xxgk.cases.services import case_request_supplement

        case_request_supplement(case=case, items="请写明文号", today=case.received_on, at=at(case.received_on))
        page = client.get(f"/gk/apply/case/{case.pk}/").content.decode()
        assert "请写明文号" in page and "补正告知书" in page
        client.post(f"/gk/apply/case/{case.pk}/supplement/", {"note": "文号为西政〔2023〕1号"})
        case.refresh_from_db()
        assert case.status == "processing" and case.supplement_received_on is not None
        client.post(f"/gk/apply/case/{case.pk}/withdraw/", {"reason": "不再需要"})
        case.refresh_from_db()
        assert case.outcome == "other_misc"

    def test_account_owner_sees_the_case_on_my_page(self, client, world):
        client.force_login(world.users["applicant_a"])
        apply(client, world.x, applicant_name="申请人A")
        page = client.get(f"/gk/apply/case/{Case.objects.get().pk}/")
        assert page.status_code == 200


class TestStaffSteps:
    def step(self, client, case, name, **data):
        return client.post(f"/workspace/cases/{case.pk}/steps/{name}/", data)

    def test_full_flow_through_the_workspace(self, client, world):
        today = timezone.localdate()
        case, _ = submit(world.x, today)
        client.force_login(world.users["handler_x"])
        assert self.step(client, case, "assign", handler=world.users["handler_x"].pk).status_code == 302
        assert self.step(client, case, "consult", kind="third_party", party="甲", sent_on=str(today)).status_code == 302
        consultation = case.consultations.get()
        self.step(client, case, "record_consultation_answer", consultation=consultation.pk, answer="consent",
                  answered_on=str(today))
        assert self.step(client, case, "extend", reason="复杂").status_code == 403
        client.force_login(world.users["approver_x"])
        assert self.step(client, case, "extend", reason="复杂", workdays=10).status_code == 302
        client.force_login(world.users["handler_x"])
        bad = self.step(client, case, "decide", outcome="partial", reasons="x")
        assert bad.status_code == 400 and "不予公开的部分" in bad.content.decode()
        assert self.step(client, case, "decide", outcome="granted", access_info="见附件").status_code == 302
        again = self.step(client, case, "decide", outcome="granted")
        assert again.status_code == 409 and "已办结" in again.content.decode()
        self.step(client, case, "record_delivery", method="email", delivered_on=str(today))
        case.refresh_from_db()
        assert case.status == "concluded" and case.extension_workdays == 10 and case.delivered_on
        detail = client.get(f"/workspace/cases/{case.pk}/").content.decode()
        assert "政府信息公开申请答复告知书" in detail and "延期" in detail
        doc = case.documents.filter(letter_kind="reply", content_type="application/pdf").get()
        response = client.get(f"/workspace/cases/{case.pk}/documents/{doc.pk}/")
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")

    def test_register_in_workspace(self, client, world):
        client.force_login(world.users["handler_x"])
        page = client.post(f"/workspace/cases/new/?agency={world.x.pk}", {
            **FORM, "agency": world.x.pk, "channel": "post", "submitted_on": "2024-09-20", "signed_on": "2024-09-23"})
        assert page.status_code == 302
        assert Case.objects.get().received_on == D("2024-09-23")
        client.force_login(world.users["handler_y"])
        assert client.get(f"/workspace/cases/new/?agency={world.x.pk}").status_code == 403

    def test_inbox_orders_by_due_date_and_marks_overdue(self, client, world):
        late, _ = submit(world.x, D("2024-01-02"))
        soon, _ = submit(world.x, timezone.localdate(), applicant=person(name="李四", id_number="110105194912310046"))
        client.force_login(world.users["handler_x"])
        page = client.get("/workspace/cases/").content.decode()
        assert page.index(late.number) < page.index(soon.number) and "已逾期" in page

    def test_appeals_register_and_conclude(self, client, world):
        case, _ = submit(world.x, D("2024-03-01"))
        client.force_login(world.users["handler_x"])
        page = client.post(f"/workspace/appeals/?agency={world.x.pk}", {
            "agency": world.x.pk, "kind": "review", "filed_on": "2024-05-01", "case_number": case.number})
        assert page.status_code == 302
        appeal = case.appeals.get()
        client.post(f"/workspace/appeals/{appeal.pk}/conclude/", {"outcome": "corrected", "concluded_on": "2024-06-01"})
        appeal.refresh_from_db()
        assert appeal.outcome == "corrected"
        client.force_login(world.users["handler_y"])
        assert client.get(f"/workspace/appeals/?agency={world.x.pk}").status_code == 403


class TestApi:
    def test_submit_and_decide(self, client, world):
        payload = {"agency": world.x.credit_code, "applicant_kind": "natural", "applicant_name": "张三",
                   "id_type": "resident_id", "id_number": VALID_ID, "phone": "1", "email": "z@example.cn",
                   "title": "某文件"}
        created = client.post("/api/v1/cases", json.dumps(payload), content_type="application/json")
        assert created.status_code == 201 and len(created.json()["query_code"]) == 8
        bad = client.post("/api/v1/cases", json.dumps({**payload, "id_number": "110105194912310021"}),
                          content_type="application/json")
        assert bad.status_code == 400 and "校验位" in bad.json()["detail"]
        case = Case.objects.get()
        # Assigned now: 10:00 on the receipt date may still lie ahead (before 10:00 in Shanghai).
        case_assign(case=case, handler=world.users["handler_x"], today=case.received_on, at=timezone.now())
        client.force_login(world.users["handler_x"])
        decided = client.post(f"/api/v1/cases/{case.pk}/decision", json.dumps({"outcome": "granted"}),
                              content_type="application/json")
        assert decided.status_code == 200 and decided.json()["outcome"] == "granted"
        again = client.post(f"/api/v1/cases/{case.pk}/decision", json.dumps({"outcome": "granted"}),
                            content_type="application/json")
        assert again.status_code == 409
        detail = client.get(f"/api/v1/cases/{case.pk}").json()
        assert [e["kind"] for e in detail["events"]][-1] == "concluded"

    def test_schema_documents_case_operations(self, client):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        assert {"/api/v1/cases", "/api/v1/cases/{pk}", "/api/v1/cases/{pk}/decision"} <= set(paths)


def test_year_accounting(world):
    handler = world.users["handler_x"]
    old, _ = submit(world.x, D("2023-12-20"))
    case_assign(case=old, handler=handler, today=D("2023-12-21"), at=at(D("2023-12-21")))
    case_decide(case=old, outcome="granted", today=D("2024-01-05"), at=at(D("2024-01-05")))
    submit(world.x, D("2024-12-30"), request_details=asking("年底"))
    counts = case_year_counts(world.x, 2024)
    assert counts.carried_over["natural_person"] == 1 and counts.received["natural_person"] == 1
    assert counts.concluded == {"granted": {**dict.fromkeys(counts.received, 0), "natural_person": 1}}
    assert counts.carried_forward["natural_person"] == 1
    for column in counts.received:  # 一 + 二 = 三（七） + 四 by construction
        concluded = sum(v[column] for v in counts.concluded.values())
        assert counts.received[column] + counts.carried_over[column] == concluded + counts.carried_forward[column]


def test_demo_2020_matches_the_seed_report():
    """Every section 三 cell of the seed's 2020 report comes out of the demo's case records."""
    from xxgk.agencies.models import Agency
    from xxgk.cases.models import Appeal
    from xxgk.cases.selectors import APPLICANT_COLUMNS
    from xxgk.core.outcomes import outcomes, row_for_format
    from xxgk.demo.loader import load_demo

    seed = json.loads(SEED.read_text("utf-8"))["tables"]["t3"]
    load_demo(today=D("2026-11-20"))
    gov = Agency.objects.get(name="西工区人民政府")
    counts = case_year_counts(gov, 2020)

    def with_total(values: list[int]) -> list[int]:
        return [*values, sum(values)]

    computed = {"new_received": with_total([counts.received[c] for c in APPLICANT_COLUMNS]),
                "carried_over": with_total([counts.carried_over[c] for c in APPLICANT_COLUMNS]),
                "carry_forward": with_total([counts.carried_forward[c] for c in APPLICANT_COLUMNS])}
    for outcome in outcomes():
        row = row_for_format(outcome.code, "2019")
        values = [counts.concluded.get(outcome.code, {}).get(c, 0) for c in APPLICANT_COLUMNS]
        previous = computed.get(row, [0] * 7)
        computed[row] = [p + v for p, v in zip(previous, with_total(values), strict=True)]
    computed["result_total"] = [sum(computed[o][i] for o in {row_for_format(x.code, "2019") for x in outcomes()})
                                for i in range(7)]
    assert {k: v for k, v in computed.items() if k in seed} == seed
    assert not Case.objects.filter(agency=gov, received_on__year=2020, replied_late=True).exists()
    reviews = Appeal.objects.filter(agency=gov, kind="review", filed_on__year=2020)
    assert [a.outcome for a in reviews] == ["maintained"]
    assert all(c.documents.filter(letter_kind="reply").count() == 2
               for c in Case.objects.filter(agency=gov, received_on__year=2020))


def test_calendar_change_recomputes_open_cases_and_records_it(world):
    case, _ = submit(world.x, D("2024-03-01"))
    before = case.due_on
    calendar_year_save(year=2024, holidays={D("2024-03-05"): "测试假日"}, workdays={}, confirmed=True,
                       at=at(D("2024-03-02")))
    case.refresh_from_db()
    assert case.due_on > before
    event = case.events.get(kind="deadline_recomputed")
    assert "2024年节假日安排变更" in event.summary


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_daily_reminders_mail_handler_and_approver(world, django_capture_on_commit_callbacks):
    world.users["handler_x"].email = "h@example.cn"
    world.users["handler_x"].save()
    world.users["approver_x"].email = "a@example.cn"
    world.users["approver_x"].save()
    case, _ = submit(world.x, D("2024-03-01"))
    case_assign(case=case, handler=world.users["handler_x"], today=D("2024-03-01"), at=at(D("2024-03-01")))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = daily_run(today=D("2024-04-15"), now=at(D("2024-04-15")))
    assert outcome.results["case_reminders"]["overdue"] == 1
    call_command("worker", "--batch", verbosity=0)
    reminders = [m for m in mail.outbox if "办理提醒" in m.subject]
    assert {m.to[0] for m in reminders} == {"h@example.cn", "a@example.cn"}
    assert case.number in reminders[0].body and "已逾期" in reminders[0].body


def test_agency_letter_wording_is_used_and_checked(client, world):
    import io

    from docx import Document

    client.force_login(world.users["handler_x"])
    assert client.get(f"/workspace/letters/?agency={world.x.pk}").status_code == 403
    client.force_login(world.users["approver_x"])
    bad = client.post("/workspace/letters/", {"agency": world.x.pk, "kind": "reply", "title": "答复书", "body": "费用 $ 元"})
    assert bad.status_code == 400 and "变量名" in bad.content.decode()
    ok = client.post("/workspace/letters/", {"agency": world.x.pk, "kind": "reply", "title": "本局答复书",
                                             "body": "$applicant：经审查，$decision 特此告知。"})
    assert ok.status_code == 302
    case, _ = submit(world.x, D("2024-09-27"))
    case_assign(case=case, handler=world.users["handler_x"], today=D("2024-09-30"), at=at(D("2024-09-30")))
    case = case_decide(case=case, outcome="granted", today=D("2024-10-08"), at=at(D("2024-10-08")),
                       information=[("预算表.pdf", b"%PDF-1.4\n%%EOF")])
    docx = case.documents.get(letter_kind="reply", name__endswith=".docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.file.read())).paragraphs)
    assert "本局答复书" in text and "张三：经审查，您申请获取的政府信息属于公开范围" in text
    assert case.documents.get(kind="information").name == "预算表.pdf"
    assert "预算表.pdf" in case.access_info


def test_my_page_lists_my_cases(client, world):
    submit(world.x, D("2024-09-27"), account=world.users["applicant_a"].applicant)
    client.force_login(world.users["applicant_a"])
    assert "2024-0001" in client.get("/accounts/me/").content.decode()
    client.force_login(world.users["applicant_b"])
    assert "2024-0001" not in client.get("/accounts/me/").content.decode()


def test_inbox_pages_fifty_cases_at_a_time(client, world):
    from xxgk.cases.views_staff import INBOX_PAGE_SIZE

    numbers = [submit(world.x, D("2024-10-08"), request_details=asking(f"第{n}份材料"))[0].number
               for n in range(INBOX_PAGE_SIZE + 3)]
    client.force_login(world.users["handler_x"])
    first = client.get("/workspace/cases/").content.decode()
    second = client.get("/workspace/cases/", {"page": 2}).content.decode()
    shown_first = [n for n in numbers if f">{n}<" in first]
    shown_second = [n for n in numbers if f">{n}<" in second]
    assert len(shown_first) == INBOX_PAGE_SIZE and len(shown_second) == 3
    assert not set(shown_first) & set(shown_second) and "下一页" in first and "上一页" in second
