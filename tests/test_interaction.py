"""信箱 messages, consultations, surveys and interviews: services, statistics, public pages, API."""

import io
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing

from xxgk.interaction import services as ix
from xxgk.interaction.forms import STAMP_SALT
from xxgk.interaction.models import Message, MessageAttachment, SurveyResponse
from xxgk.interaction.selectors import message_stats, message_urgency
from xxgk.platform.daily import daily_run
from xxgk.platform.errors import Conflict, IllegalTransition, InvalidInput
from xxgk.platform.selectors import work_calendar

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=TZ).replace(hour=hour)


@pytest.fixture
def box(world):
    return ix.message_box_save(agency=world.x, actor=world.users["approver_x"], at=at("2020-01-02"), name="局长信箱",
                               reply_workdays=10)


def letter(n: int = 1, **kw) -> ix.Letter:
    fields = {"writer_name": "王小明", "contact": f"1380000{n:04d}", "subject": "路灯不亮",
              "body": "我家门口路灯坏了，电话13812345678。", "wants_public": True}
    return ix.Letter(**{**fields, **kw})


def test_due_date_counts_working_days_on_the_official_calendar(box):
    message, code = ix.message_submit(box=box, letter=letter(), at=at("2020-09-30"), address="10.0.0.1")
    # 10月1日至8日放假，10月10日（星期六）调休上班：第10个工作日是10月21日。
    assert message.due_on == date(2020, 10, 21)
    assert message.due_on == work_calendar().add_working_days(date(2020, 9, 30), box.reply_workdays)
    assert message.number.startswith("LY2020") and len(code) == 8
    assert Message.objects.get(pk=message.pk).contact_encrypted != "13800000001"


def test_rate_limit_per_address_and_per_contact(box):
    for n in range(5):
        ix.message_submit(box=box, letter=letter(n), at=at("2020-06-01", 9) + timedelta(minutes=n), address="10.0.0.9")
    with pytest.raises(ix.RateLimited) as exc:
        ix.message_submit(box=box, letter=letter(99), at=at("2020-06-01", 9) + timedelta(minutes=10), address="10.0.0.9")
    assert exc.value.status == 429 and "一小时" in exc.value.message
    assert Message.objects.count() == 5
    # An hour later the same address may write again; another address was never blocked.
    ix.message_submit(box=box, letter=letter(98), at=at("2020-06-01", 10) + timedelta(minutes=5), address="10.0.0.9")
    ix.message_submit(box=box, letter=letter(97), at=at("2020-06-01", 9) + timedelta(minutes=11), address="10.0.0.8")
    for n in range(3):
        ix.message_submit(box=box, letter=letter(50), at=at("2020-06-02", 9 + n), address=f"10.1.0.{n}")
    with pytest.raises(ix.RateLimited, match="同一联系方式"):
        ix.message_submit(box=box, letter=letter(50), at=at("2020-06-02", 15), address="10.1.0.9")


def test_bad_attachment_is_refused_and_nothing_is_saved(box):
    with pytest.raises(InvalidInput, match="实际内容不是允许的类型"):
        ix.message_submit(box=box, letter=letter(attachments=(("证明.pdf", b"MZ\x90\x00 not a pdf"),)),
                          at=at("2020-06-01"), address="10.0.0.1")
    with pytest.raises(InvalidInput, match="超过5MB"):
        ix.message_submit(box=box, letter=letter(attachments=(("大.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)),)),
                          at=at("2020-06-01"), address="10.0.0.1")
    assert Message.objects.count() == 0 and MessageAttachment.objects.count() == 0
    message, _ = ix.message_submit(box=box, letter=letter(attachments=(("证明.pdf", b"%PDF-1.4\n%%EOF\n"),)),
                                   at=at("2020-06-01"), address="10.0.0.1")
    assert message.attachments.get().content_type == "application/pdf"


def test_transfer_assign_supervise_reply_publish_rate(world, box):
    message, _ = ix.message_submit(box=box, letter=letter(), at=at("2020-06-01"), address="")
    with pytest.raises(InvalidInput, match="下级机关"):
        ix.message_transfer(message=message, to_agency=world.y, actor=world.users["handler_x"], at=at("2020-06-01"),
                            assign=True)
    message = ix.message_transfer(message=message, to_agency=world.y, actor=world.users["handler_x"],
                                  at=at("2020-06-01", 11), note="属教育局职责")
    assert message.agency == world.y
    with pytest.raises(InvalidInput):  # the first agency no longer handles it
        ix.message_reply(message=message, actor=world.users["handler_x"], reply="答复", today=date(2020, 6, 3),
                         at=at("2020-06-03"))
    ix.message_supervise(message=message, actor=world.users["supervisor_root"], at=at("2020-06-02"), note="请抓紧办理")
    message = ix.message_reply(message=message, actor=world.users["handler_y"], today=date(2020, 6, 3),
                               at=at("2020-06-03"), reply="王小明您好，路灯已修复。如有问题请拨打13812345678。")
    assert message.status == "answered" and message.reply_workdays == 2 and message.answered_in_time
    with pytest.raises(IllegalTransition):
        ix.message_transfer(message=message, to_agency=world.x, actor=world.users["handler_y"], at=at("2020-06-04"))
    message = ix.message_publish(message=message, actor=world.users["handler_y"], at=at("2020-06-04"))
    assert "13812345678" not in message.public_body + message.public_reply
    assert "王小明" not in message.public_reply and "138****5678" in message.public_body
    # Staff edits are redacted again.
    message = ix.message_publish(message=message, actor=world.users["handler_y"], at=at("2020-06-04"),
                                 reply="已修复，联系13987654321")
    assert "13987654321" not in message.public_reply
    ix.message_rate(message=message, rating=5, at=at("2020-06-05"))
    with pytest.raises(IllegalTransition, match="已评价"):
        ix.message_rate(message=message, rating=1, at=at("2020-06-06"))
    kinds = list(message.events.values_list("kind", flat=True))
    assert kinds == ["received", "transferred", "supervised", "answered", "published", "published", "rated"]


def test_private_message_cannot_be_published(world, box):
    message, _ = ix.message_submit(box=box, letter=letter(wants_public=False), at=at("2020-06-01"), address="")
    message = ix.message_reply(message=message, actor=world.users["handler_x"], today=date(2020, 6, 2),
                               at=at("2020-06-02"), reply="已办理。")
    with pytest.raises(IllegalTransition, match="未同意公开"):
        ix.message_publish(message=message, actor=world.users["handler_x"], at=at("2020-06-02"))


def test_statistics_are_computed_from_the_records(world, box):
    calendar = work_calendar()
    replies = {1: 3, 2: 12, 3: None, 4: 5}  # working days to reply; 2 is late, 3 is still open
    for n, days in replies.items():
        m, _ = ix.message_submit(box=box, letter=letter(n), at=at("2020-03-02"), address="")
        if days:
            ix.message_reply(message=m, actor=world.users["handler_x"], reply="答复",
                             today=calendar.add_working_days(date(2020, 3, 2), days), at=at("2020-03-20"))
    spam, _ = ix.message_submit(box=box, letter=letter(5), at=at("2020-03-02"), address="")
    ix.message_mark_invalid(message=spam, actor=world.users["handler_x"], reason="广告", at=at("2020-03-03"))
    ix.message_rate(message=Message.objects.get(contact_hash=Message.objects.order_by("id")[0].contact_hash),
                    rating=5, at=at("2020-03-30"))
    ix.message_rate(message=Message.objects.order_by("id")[1], rating=2, at=at("2020-03-30"))
    s = message_stats(world.x, 2020)
    assert (s.received, s.invalid, s.answered, s.answered_in_time, s.pending) == (5, 1, 3, 2, 1)
    assert s.average_workdays == round((3 + 12 + 5) / 3, 1)
    assert s.completion_rate == 75.0 and s.satisfaction_rate == 50.0
    assert message_stats(world.x, 2021).received == 0


def test_overdue_messages_are_swept_on_the_right_day(world, box, mailoutbox):
    message, _ = ix.message_submit(box=box, letter=letter(), at=at("2020-06-01"), address="")
    calendar = work_calendar()
    assert message_urgency(message, today=message.due_on, calendar=calendar).overdue is False
    late = calendar.add_working_days(message.due_on, 1)
    assert message_urgency(message, today=late, calendar=calendar).overdue is True
    on_time = daily_run(today=message.due_on - timedelta(days=1), now=at("2020-06-10"))
    assert on_time.results["message_reminders"]["overdue"] == 0
    outcome = daily_run(today=late, now=at(late.isoformat()))
    assert outcome.results["message_reminders"]["overdue"] == 1


def test_consultation_feedback_rules(world):
    actor = world.users["handler_x"]
    c = ix.consultation_create(agency=world.x, actor=actor, at=at("2020-10-01"), title="征求意见", description="请提意见",
                               opens_on=date(2020, 10, 1), closes_on=date(2020, 10, 31), feedback_days=10)
    with pytest.raises(IllegalTransition, match="现在不能提交"):
        ix.consultation_comment(consultation=c, writer_name="甲", body="意见", today=date(2020, 11, 1), at=at("2020-11-01"))
    first = ix.consultation_comment(consultation=c, writer_name="甲", body="建议一", today=date(2020, 10, 5),
                                    at=at("2020-10-05"))
    second = ix.consultation_comment(consultation=c, writer_name="乙", body="建议二", today=date(2020, 10, 6),
                                     at=at("2020-10-06"))
    with pytest.raises(IllegalTransition, match="截止"):
        ix.consultation_publish_feedback(consultation=c, actor=actor, feedback="x", today=date(2020, 10, 20),
                                         at=at("2020-10-20"))
    with pytest.raises(IllegalTransition, match="未审核"):
        ix.consultation_publish_feedback(consultation=c, actor=actor, feedback="x", today=date(2020, 11, 2),
                                         at=at("2020-11-02"))
    ix.comment_moderate(comment=first, actor=actor, approve=True, at=at("2020-11-02"))
    ix.comment_moderate(comment=second, actor=actor, approve=True, at=at("2020-11-02"))
    with pytest.raises(InvalidInput, match="理由"):
        ix.comment_decide(comment=second, actor=actor, adopted=False, at=at("2020-11-02"))
    with pytest.raises(IllegalTransition, match="须公布意见采纳情况"):
        ix.consultation_close(consultation=c, actor=actor, today=date(2020, 11, 2), at=at("2020-11-02"))
    ix.comment_decide(comment=first, actor=actor, adopted=True, at=at("2020-11-03"))
    ix.comment_decide(comment=second, actor=actor, adopted=False, reason="超出职权", at=at("2020-11-03"))
    c = ix.consultation_publish_feedback(consultation=c, actor=actor, feedback="已采纳一条。", today=date(2020, 11, 5),
                                         at=at("2020-11-05"))
    assert c.status == "closed" and c.feedback_published_on == date(2020, 11, 5)


def test_consultation_without_feedback_cannot_close_after_the_period(world):
    actor = world.users["handler_x"]
    c = ix.consultation_create(agency=world.x, actor=actor, at=at("2020-10-01"), title="征求意见", description="请提意见",
                               opens_on=date(2020, 10, 1), closes_on=date(2020, 10, 31), feedback_days=10)
    with pytest.raises(IllegalTransition):
        ix.consultation_close(consultation=c, actor=actor, today=date(2020, 11, 11), at=at("2020-11-11"))
    assert ix.consultation_close(consultation=c, actor=actor, today=date(2020, 11, 10), at=at("2020-11-10")).status == "closed"


def test_survey_one_response_per_person_and_results(world):
    from xxgk.interaction.survey_results import survey_results

    s = ix.survey_create(agency=world.x, actor=world.users["handler_x"], at=at("2020-08-01"), title="满意度调查",
                         opens_on=date(2020, 8, 1), closes_on=date(2020, 8, 31), identity_required=True, questions=[
                             {"kind": "single", "text": "是否满意", "options": ["满意", "不满意"]},
                             {"kind": "multiple", "text": "关注哪些", "options": ["教育", "医疗", "就业"]},
                             {"kind": "text", "text": "建议"}])
    a, b = world.users["applicant_a"], world.users["applicant_b"]
    ix.survey_respond(survey=s, respondent=a, answers={"1": "满意", "2": ["教育", "医疗"], "3": "好"},
                      today=date(2020, 8, 2), at=at("2020-08-02"))
    with pytest.raises(Conflict, match="每人限填一份"):
        ix.survey_respond(survey=s, respondent=a, answers={"1": "不满意", "2": ["就业"]}, today=date(2020, 8, 3),
                          at=at("2020-08-03"))
    with pytest.raises(InvalidInput, match="须登录"):
        from django.contrib.auth.models import AnonymousUser

        ix.survey_respond(survey=s, respondent=AnonymousUser(), answers={"1": "满意", "2": ["教育"]},
                          today=date(2020, 8, 3), at=at("2020-08-03"))
    with pytest.raises(InvalidInput, match="第1题"):
        ix.survey_respond(survey=s, respondent=b, answers={"1": "也许", "2": ["教育"]}, today=date(2020, 8, 3),
                          at=at("2020-08-03"))
    ix.survey_respond(survey=s, respondent=b, answers={"1": "不满意", "2": ["教育"]}, today=date(2020, 8, 3),
                      at=at("2020-08-03"))
    assert SurveyResponse.objects.filter(survey=s).count() == 2
    results = survey_results(s, with_text=True)
    assert [(o["label"], o["count"], o["percent"]) for o in results[1]["options"]] == [
        ("教育", 2, 100.0), ("医疗", 1, 50.0), ("就业", 0, 0.0)]
    assert results[2]["texts"] == ["好"]


def _stamp(seconds_ago: int) -> str:
    return signing.dumps(int(time.time()) - seconds_ago, salt=STAMP_SALT)


def test_public_letter_form_honeypot_timing_and_upload(client, box):
    url = f"/gk/interaction/write/{box.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="website"' in page.content.decode()
    base = {"writer_name": "李四", "contact": "lisi@example.cn", "subject": "咨询", "body": "请问办事时间？",
            "wants_public": "on"}
    bot = client.post(url, {**base, "website": "http://spam.example", "rendered": _stamp(60)})
    assert bot.status_code == 400 and "未通过校验" in bot.content.decode()
    fast = client.post(url, {**base, "rendered": _stamp(0)})
    assert fast.status_code == 400
    bad = io.BytesIO(b"just text pretending")
    bad.name = "scan.pdf"
    refused = client.post(url, {**base, "rendered": _stamp(60), "attachment": bad})
    assert refused.status_code == 400 and "实际内容不是允许的类型" in refused.content.decode()
    assert Message.objects.count() == 0
    ok = client.post(url, {**base, "rendered": _stamp(60)})
    assert ok.status_code == 200
    message = Message.objects.get()
    body = ok.content.decode()
    assert message.number in body and message.box == box
    # The writer follows it with number and query code from another browser.
    code = body.split('class="query-code">')[1].split("<")[0]
    from django.test import Client

    other = Client()
    wrong = other.post("/gk/interaction/track/", {"number": message.number, "query_code": "WRONG123"})
    assert wrong.status_code == 404
    follow = other.post("/gk/interaction/track/", {"number": message.number, "query_code": code})
    assert follow.status_code == 302
    assert "待办理" in other.get(follow.url).content.decode()


def test_staff_pages_and_api(client, world, box):
    message, code = ix.message_submit(box=box, letter=letter(), at=at("2020-06-01"), address="")
    client.force_login(world.users["handler_x"])
    assert message.number in client.get("/workspace/messages/?status=received").content.decode()
    detail = client.get(f"/workspace/messages/{message.pk}/").content.decode()
    assert "13800000001" in detail  # staff see the decrypted contact
    response = client.post(f"/workspace/messages/{message.pk}/reply/", {"reply": "已安排维修。"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "answered"
    stats = client.get("/api/v1/interaction/stats", {"agency": world.x.credit_code, "year": 2020}).json()
    assert stats["total"]["received"] == 1 and stats["total"]["answered"] == 1
    assert stats["boxes"][0]["label"].endswith("局长信箱")
    client.logout()
    tracked = client.post("/api/v1/messages/track", {"number": message.number, "query_code": code},
                          content_type="application/json")
    assert tracked.status_code == 200 and tracked.json()["reply"] == "已安排维修。"
    rated = client.post("/api/v1/messages/track/rating", {"number": message.number, "query_code": code, "rating": 9},
                        content_type="application/json")
    assert rated.status_code == 400 and "1至5分" in rated.json()["detail"]
    created = client.post(f"/api/v1/boxes/{box.pk}/messages", {"writer_name": "赵六", "contact": "zl@example.cn",
                                                                "subject": "建议", "body": "多种树"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["number"].startswith("LY")
    assert client.get("/api/v1/messages").status_code == 401


def test_reply_templates_fill_the_reply(client, world, box):
    message, _ = ix.message_submit(box=box, letter=letter(), at=at("2020-06-01"), address="")
    client.force_login(world.users["handler_x"])
    refused = client.post(f"/workspace/messages/boxes/?agency={world.x.pk}",
                          {"template_title": "通用", "template_body": "x"})
    assert refused.status_code == 403
    client.force_login(world.users["approver_x"])
    client.post(f"/workspace/messages/boxes/?agency={world.x.pk}",
                {"agency": world.x.pk, "template_title": "通用", "template_body": "{姓名}您好，关于“{主题}”的来信已收悉。"})
    from xxgk.interaction.models import ReplyTemplate

    template = ReplyTemplate.objects.get(agency=world.x)
    page = client.get(f"/workspace/messages/{message.pk}/?template={template.pk}").content.decode()
    assert "王小明您好，关于“路灯不亮”的来信已收悉。" in page


def test_staff_manage_consultations_interviews_surveys_through_the_api(client, world):
    client.force_login(world.users["handler_x"])
    code = world.x.credit_code
    post = lambda url, data: client.post(url, data, content_type="application/json")  # noqa: E731
    created = post("/api/v1/consultations", {"agency": code, "title": "草案", "description": "征求意见",
                                             "opens_on": "2020-01-01", "closes_on": "2020-01-02"})
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = post("/api/v1/consultations", {"agency": world.y.credit_code, "title": "草案", "description": "x",
                                             "opens_on": "2020-01-01", "closes_on": "2020-01-02"})
    assert refused.status_code == 400 and "工作人员" in refused.json()["detail"]
    from xxgk.interaction.models import Consultation

    comment = ix.consultation_comment(consultation=Consultation.objects.get(pk=pk), writer_name="甲", body="好",
                                      today=date(2020, 1, 1), at=at("2020-01-01"))
    decided = post(f"/api/v1/consultations/{pk}/comments/{comment.pk}/decision", {"approve": True, "adopted": False})
    assert decided.status_code == 400 and "理由" in decided.json()["detail"]
    decided = post(f"/api/v1/consultations/{pk}/comments/{comment.pk}/decision",
                   {"approve": True, "adopted": False, "reason": "不属本机关职责"})
    assert decided.json() == {"id": comment.pk, "moderation": "approved", "adopted": False}
    fed = post(f"/api/v1/consultations/{pk}/feedback", {"feedback": "未采纳一条。"})
    assert fed.status_code == 200 and fed.json()["not_adopted"] == 1 and fed.json()["status"] == "closed"
    interview = post("/api/v1/interviews", {"agency": code, "held_on": "2020-05-01", "topic": "营商环境",
                                            "guests": "局长", "summary": "实录"})
    assert interview.status_code == 201
    assert [i["topic"] for i in client.get("/api/v1/interviews", {"agency": code, "year": 2020}).json()] == ["营商环境"]
    survey = post("/api/v1/surveys", {"agency": code, "title": "问卷", "opens_on": "2020-01-01", "closes_on": "2030-01-01",
                                      "questions": [{"kind": "single", "text": "满意吗", "options": ["是", "否"]}]})
    assert survey.status_code == 201
    answered = post(f"/api/v1/surveys/{survey.json()['id']}/responses", {"answers": {"1": "是"}})
    assert answered.status_code == 201
    results = client.get(f"/api/v1/surveys/{survey.json()['id']}/results").json()
    assert results[0]["options"][0] == {"label": "是", "count": 1, "percent": 100.0}
