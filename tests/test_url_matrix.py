"""The authorization matrix over every URL and API operation: for each of nine actors, the expected outcome
on objects owned by applicant A and agency X. A route without an entry fails the test; zero unexpected allows.

"allow" means the actor got the page or the action was attempted (2xx, a redirect that is not to a login,
or a 4xx about the input); "deny" means 401/403/404 or a redirect to a login or to the second factor.
Every request runs in a transaction that is rolled back, so one actor's action cannot change the next one's.
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.case_helpers import submit
from tests.test_catalog import draft, through_review
from xxgk.agencies.models import Agency, Membership
from xxgk.api.api import api
from xxgk.cases.models import Appeal, Case
from xxgk.cases.services import appeal_register
from xxgk.cases.services.common import store_document
from xxgk.catalog.models import Item
from xxgk.interaction import services as ix
from xxgk.interaction.models import ConsultationComment, Message
from xxgk.monitoring.models import ChannelUpdate, Submission
from xxgk.monitoring.services import channel_register, submission_record
from xxgk.reports.models import PublishedReport

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2024, 3, 4, 10, tzinfo=TZ)
PDF = b"%PDF-1.4\n%%EOF\n"

ACTORS = ["anonymous", "applicant_a", "applicant_b", "handler_x", "handler_y", "reviewer_x", "approver_x",
          "supervisor_x", "sysadmin"]
ALL = set(ACTORS)
SIGNED = ALL - {"anonymous"}
STAFF = {"handler_x", "handler_y", "reviewer_x", "approver_x", "supervisor_x", "sysadmin"}
X_STAFF = {"handler_x", "reviewer_x", "approver_x", "supervisor_x", "sysadmin"}
SUPERVISE_X = {"supervisor_x", "sysadmin"}
SYS = {"sysadmin"}
NONE: set = set()

# route name → (method, object keys for the URL's arguments, the actors allowed). Objects are built below.
MATRIX = {
    # public portal
    "portal:home": ("GET", {}, ALL),
    "portal:guide": ("GET", {"credit_code": "x_code"}, ALL),
    "portal:section": ("GET", {"slug": "statutory"}, ALL),
    "portal:text_size": ("GET", {}, NONE),  # sets the preference and redirects back: no page of its own
    "portal:register": ("GET", {}, ALL),
    "portal:me": ("GET", {}, {"applicant_a", "applicant_b"}),  # staff are sent to the workspace
    "search:page": ("GET", {}, ALL),
    "catalog:list": ("GET", {}, ALL),
    "catalog:feed": ("GET", {"credit_code": "x_code"}, ALL),
    "catalog:detail": ("GET", {"index_number": "item_index"}, ALL),
    "catalog:print": ("GET", {"index_number": "item_index"}, ALL),
    "catalog:attachment": ("GET", {"index_number": "item_index", "attachment_id": "item_attachment"}, ALL),
    "reports:list": ("GET", {}, ALL),
    "reports:detail": ("GET", {"pk": "report"}, ALL),
    "reports:html": ("GET", {"pk": "report"}, ALL),
    "reports:file": ("GET", {"pk": "report", "kind": "pdf"}, ALL),
    "cases_public:apply": ("GET", {"credit_code": "x_code"}, ALL),
    "cases_public:track": ("GET", {}, ALL),
    "cases_public:case": ("GET", {"pk": "case"}, {"applicant_a"} | X_STAFF),  # staff may look, not act
    "cases_public:supplement": ("POST", {"pk": "case"}, {"applicant_a"}),
    "cases_public:withdraw": ("POST", {"pk": "case"}, {"applicant_a"}, {"probe": lambda o: _case(o).status == "concluded"}),
    "cases_public:document": ("GET", {"pk": "case", "doc_id": "case_document"}, {"applicant_a"} | X_STAFF),
    "interaction:hub": ("GET", {}, ALL),
    "interaction:write": ("GET", {"box_id": "box"}, ALL),
    "interaction:track": ("GET", {}, ALL),
    "interaction:message": ("GET", {"pk": "message"}, NONE),  # only with the query code, tested elsewhere
    "interaction:published": ("GET", {"pk": "published_message"}, ALL),
    "interaction:consultation": ("GET", {"pk": "consultation"}, ALL),
    "interaction:consultation_document": ("GET", {"pk": "consultation", "doc_id": "consultation_document"}, ALL),
    "interaction:survey": ("GET", {"pk": "survey"}, ALL),
    "interaction:survey_results": ("GET", {"pk": "survey"}, ALL),
    "interaction:interviews": ("GET", {}, ALL),
    "interaction:interview": ("GET", {"pk": "interview"}, ALL),
    # sign-in
    "workspace:login": ("GET", {}, {"anonymous"}),  # the signed-in are sent on to their pages
    "workspace:logout": ("POST", {}, ALL),
    "workspace:second_factor": ("GET", {}, SIGNED),
    "workspace:second_factor_cancel": ("POST", {}, NONE),  # signs out and goes to the login page
    "after_login": ("GET", {}, NONE),  # only redirects
    "healthz": ("GET", {}, ALL),
    "sign_out": ("POST", {}, ALL),
    "oidc_authentication_init": ("GET", {}, NONE),  # 统一身份认证 is off unless configured
    "oidc_authentication_callback": ("GET", {}, NONE),
    "oidc_logout": ("POST", {}, ALL),
    # workspace
    "workspace:home": ("GET", {}, STAFF),
    "workspace:agency_list": ("GET", {}, STAFF),
    "workspace:agency_create": ("GET", {}, SYS),
    "workspace:agency_detail": ("GET", {"pk": "x"}, X_STAFF),
    "workspace:agency_edit": ("GET", {"pk": "x"}, {"approver_x", "supervisor_x", "sysadmin"}),
    "workspace:agency_toggle_active": ("POST", {"pk": "x"}, SYS, {
        "probe": lambda o: not Agency.objects.get(pk=o["x"]).is_active}),
    "workspace:membership_add": ("POST", {"pk": "x"}, SYS, {
        "data": lambda o: {"user": o["handler_y_user"], "role": "reviewer"},
        "probe": lambda o: Membership.objects.filter(user_id=o["handler_y_user"], agency_id=o["x"],
                                                     role="reviewer").exists()}),
    "workspace:membership_remove": ("POST", {"pk": "membership"}, SYS, {
        "probe": lambda o: not Membership.objects.filter(pk=o["membership"]).exists()}),
    "workspace:audit_log": ("GET", {}, SYS),
    "workspace:calendar_list": ("GET", {}, STAFF),
    "workspace:calendar_edit": ("GET", {"year": "year"}, SYS),
    "workspace:deadline": ("GET", {}, STAFF),
    "workspace:portal_services": ("GET", {}, SYS),
    "workspace:case_inbox": ("GET", {}, STAFF),
    "workspace:case_new": ("GET", {}, {"handler_x"}, {"query": {"agency": "x"}}),
    "workspace:ledger_export": ("GET", {}, X_STAFF, {"query": {"agency": "x"}}),
    "workspace:ledger_import": ("GET", {}, {"approver_x", "supervisor_x", "sysadmin"}, {"query": {"agency": "x"}}),
    "workspace:case_detail": ("GET", {"pk": "case"}, X_STAFF),
    "workspace:case_step": ("POST", {"pk": "case", "step": "assign"}, {"handler_x"}, {
        "data": lambda o: {"handler": o["handler_x_user"]}, "probe": lambda o: _case(o).handler_id is not None}),
    "workspace:case_document": ("GET", {"pk": "case", "doc_id": "case_document"}, X_STAFF),
    "workspace:appeal_list": ("GET", {}, X_STAFF, {"query": {"agency": "x"}}),
    "workspace:letter_templates": ("GET", {}, {"approver_x", "supervisor_x", "sysadmin"}, {"query": {"agency": "x"}}),
    "workspace:appeal_conclude": ("POST", {"pk": "appeal"}, {"handler_x", "supervisor_x", "sysadmin"}, {
        "data": {"outcome": "maintained", "concluded_on": "2024-03-10"},
        "probe": lambda o: Appeal.objects.get(pk=o["appeal"]).concluded_on is not None}),
    "workspace:item_list": ("GET", {}, STAFF),
    "workspace:standard_catalogue": ("GET", {}, X_STAFF, {"query": {"agency": "x"}}),
    "workspace:items_import": ("GET", {}, {"approver_x", "supervisor_x", "sysadmin"}, {"query": {"agency": "x"}}),
    "workspace:items_workflow": ("GET", {}, SUPERVISE_X, {"query": {"agency": "x"}}),
    "workspace:item_new": ("GET", {}, {"handler_x"}, {"query": {"agency": "x"}}),
    "workspace:item_detail": ("GET", {"pk": "draft_item"}, X_STAFF),
    "workspace:item_edit": ("GET", {"pk": "draft_item"}, {"handler_x"}),
    "workspace:item_action": ("POST", {"pk": "draft_item", "action": "submit"}, {"handler_x"}, {
        "probe": lambda o: Item.objects.get(pk=o["draft_item"]).status == "in_review"}),
    "workspace:report_editor": ("GET", {}, {"approver_x", "supervisor_x", "sysadmin"},
                                {"query": {"agency": "x", "year": "2023"}}),
    "workspace:report_publish": ("POST", {}, {"approver_x", "supervisor_x", "sysadmin"}, {
        "data": lambda o: {"agency": o["x"], "year": 2023, "correction_note": "更正第三部分"},
        "probe": lambda o: PublishedReport.objects.filter(agency_id=o["x"], year=2023).count() == 2}),
    "workspace:report_cell": ("GET", {}, X_STAFF, {"query": {"agency": "x", "year": "2023", "row": "new_received",
                                                   "column": "total"}}),
    "workspace:report_xlsx": ("GET", {}, {"approver_x", "supervisor_x", "sysadmin"}, {"query": {"agency": "x", "year": "2023"}}),
    "workspace:report_check": ("GET", {}, STAFF),
    "workspace:report_dashboard": ("GET", {}, SUPERVISE_X | {"approver_x"}),  # an approver sees own agency
    "workspace:report_combined": ("GET", {}, SUPERVISE_X, {"query": {"agency": "x", "year": "2023"}}),
    "workspace:message_list": ("GET", {}, STAFF),
    "workspace:message_stats": ("GET", {}, STAFF),
    "workspace:message_boxes": ("GET", {}, {"approver_x", "supervisor_x", "sysadmin"}, {"query": {"agency": "x"}}),
    "workspace:message_box_edit": ("GET", {"pk": "box"}, {"approver_x", "supervisor_x", "sysadmin"}),
    "workspace:message_detail": ("GET", {"pk": "message"}, {"handler_x", "reviewer_x", "approver_x", "supervisor_x",
                                                            "sysadmin"}),
    "workspace:message_action": ("POST", {"pk": "message", "action": "reply"},
                                 {"handler_x", "reviewer_x", "approver_x"}, {
        "data": {"reply": "您好，已处理。"}, "probe": lambda o: Message.objects.get(pk=o["message"]).status == "answered"}),
    "workspace:consultation_list": ("GET", {}, STAFF),
    "workspace:consultation_detail": ("GET", {"pk": "consultation"}, X_STAFF),
    "workspace:consultation_action": ("POST", {"pk": "consultation", "action": "approve"},
                                      {"handler_x", "approver_x", "supervisor_x"}, {
        "data": lambda o: {"comment": o["comment"]},
        "probe": lambda o: ConsultationComment.objects.get(pk=o["comment"]).moderation == "approved"}),
    "workspace:survey_list": ("GET", {}, STAFF),
    "workspace:survey_detail": ("GET", {"pk": "survey"}, X_STAFF),
    "workspace:interview_list": ("GET", {}, STAFF),
    "workspace:channel_list": ("GET", {}, STAFF),
    "workspace:monitoring_dashboard": ("GET", {}, SUPERVISE_X),
    "workspace:channel_detail": ("GET", {"pk": "channel"}, X_STAFF),
    "workspace:channel_action": ("POST", {"pk": "channel", "action": "update"},
                                 {"handler_x", "approver_x", "supervisor_x", "sysadmin"}, {
        "data": {"on": "2024-03-04", "title": "栏目更新"},
        "probe": lambda o: ChannelUpdate.objects.filter(channel_id=o["channel"]).exists()}),
    "workspace:submission_list": ("GET", {}, STAFF),
    "workspace:submission_decide": ("POST", {"pk": "submission"}, {"handler_x", "approver_x", "supervisor_x"}, {
        "data": {"used": "1", "decided_on": "2024-03-05"},
        "probe": lambda o: Submission.objects.get(pk=o["submission"]).decision != "pending"}),
}

# API operations: (method, path with {objects}) → the actors allowed.
API_MATRIX = {
    ("GET", "/api/v1/openapi.json"): ALL,
    ("GET", "/api/v1/docs"): ALL,
    ("GET", "/api/v1/deadline?received=2024-03-04"): ALL,
    ("GET", "/api/v1/cases"): SIGNED,
    ("POST", "/api/v1/cases"): ALL,
    ("GET", "/api/v1/cases/{case}"): {"applicant_a", "handler_x", "reviewer_x", "approver_x", "supervisor_x",
                                      "sysadmin"},
    ("POST", "/api/v1/cases/{case}/supplement-request"): SIGNED,  # object rules: tests/test_cases_*
    ("POST", "/api/v1/cases/{case}/extension"): SIGNED,
    ("POST", "/api/v1/cases/{case}/decision"): SIGNED,
    ("POST", "/api/v1/cases/{case}/withdrawal"): {"applicant_a"},
    ("GET", "/api/v1/boxes"): ALL,
    ("POST", "/api/v1/boxes"): SIGNED,
    ("POST", "/api/v1/boxes/{box}/messages"): ALL,
    ("POST", "/api/v1/messages/track"): ALL,
    ("POST", "/api/v1/messages/track/rating"): ALL,
    ("GET", "/api/v1/messages"): STAFF,
    ("GET", "/api/v1/messages/{message}"): {"handler_x", "reviewer_x", "approver_x", "supervisor_x", "sysadmin"},
    ("POST", "/api/v1/messages/{message}/reply"): SIGNED,
    ("POST", "/api/v1/messages/{message}/transfer"): SIGNED,
    ("POST", "/api/v1/messages/{message}/supervision"): SIGNED,
    ("POST", "/api/v1/messages/{message}/invalid"): SIGNED,
    ("POST", "/api/v1/messages/{message}/publication"): X_STAFF,
    ("GET", "/api/v1/interaction/stats?agency={x_code}&year=2024"): X_STAFF,
    ("GET", "/api/v1/consultations"): ALL,
    ("POST", "/api/v1/consultations"): SIGNED,
    ("POST", "/api/v1/consultations/{consultation}/comments"): ALL,
    ("GET", "/api/v1/interviews"): ALL,
    ("POST", "/api/v1/interviews"): SIGNED,
    ("GET", "/api/v1/surveys/{survey}/results"): ALL,
    ("POST", "/api/v1/surveys/{survey}/responses"): ALL,
    ("POST", "/api/v1/consultations/{consultation}/comments/{comment}/decision"): X_STAFF,
    ("POST", "/api/v1/consultations/{consultation}/feedback"): SIGNED,
    ("POST", "/api/v1/surveys"): SIGNED,
    ("GET", "/api/v1/channels"): STAFF,
    ("POST", "/api/v1/channels"): SIGNED,
    ("POST", "/api/v1/channels/{channel}/status"): SIGNED,
    ("POST", "/api/v1/channels/{channel}/updates"): SIGNED,
    ("GET", "/api/v1/monitoring/checks"): STAFF,
    ("GET", "/api/v1/submissions?year=2024"): STAFF,
    ("POST", "/api/v1/submissions"): SIGNED,
    ("GET", "/api/v1/submissions/counts?agency={x_code}&year=2024"): X_STAFF,
    ("POST", "/api/v1/submissions/{submission}/decision"): SIGNED,
    ("GET", "/api/v1/"): NONE,  # no index page; the schema and the docs are above
}


@pytest.fixture
def objects(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    a = world.users["applicant_a"].applicant
    case, _ = submit(world.x, date(2024, 3, 4), account=a)
    document = store_document(case, kind="letter", name="答复书.pdf", content_type="application/pdf", data=PDF, at=AT)
    appeal = appeal_register(agency=world.x, kind="review", filed_on=date(2024, 3, 5), at=AT, case=case)
    buffer = io.BytesIO()
    from docx import Document

    Document().save(buffer)
    item = through_review(world, draft(world, attachments=[("附件1.docx", buffer.getvalue())]))
    draft_item = draft(world, title="未公开的草稿")
    box = ix.message_box_save(agency=world.x, actor=world.users["approver_x"], at=AT, name="局长信箱")
    letter = ix.Letter(writer_name="甲", contact="13800000001", subject="路灯", body="坏了", wants_public=True)
    message, _ = ix.message_submit(box=box, letter=letter, at=AT, address="")
    answered, _ = ix.message_submit(box=box, letter=letter, at=AT, address="")
    answered = ix.message_reply(message=answered, actor=world.users["handler_x"], reply="已修复",
                                today=date(2024, 3, 5), at=AT)
    published = ix.message_publish(message=answered, actor=world.users["handler_x"], at=AT)
    manager = world.users["handler_x"]
    consultation = ix.consultation_create(agency=world.x, actor=manager, at=AT, title="征求意见", description="草案",
                                          opens_on=date(2024, 3, 1), closes_on=date(2099, 1, 1),
                                          documents=[("草案.pdf", PDF)])
    comment = ix.consultation_comment(consultation=consultation, writer_name="乙", body="建议", today=date(2024, 3, 4),
                                      at=AT)
    survey = ix.survey_create(agency=world.x, actor=manager, at=AT, title="问卷", opens_on=date(2024, 3, 1),
                              closes_on=date(2099, 1, 1), questions=[{"kind": "text", "text": "建议？"}])
    interview = ix.interview_save(agency=world.x, actor=manager, at=AT, held_on=date(2024, 3, 1), topic="访谈",
                                  guests="局长", summary="摘要")
    channel = channel_register(agency=world.x, actor=manager, kind="column", name="通知公告", started_on=date(2024, 1, 1),
                               at=AT, column_class="notice")
    submission = submission_record(agency=world.x, actor=manager, title="报送", target="市政府网站",
                                   submitted_on=date(2024, 3, 4), at=AT)
    from xxgk.reports.selectors import build_report
    from xxgk.reports.services import finding_key, report_draft_save, report_publish

    warnings = [f for f in build_report(world.x, 2023).findings if f.severity == "warning"]
    report_draft_save(agency=world.x, year=2023, at=AT, acknowledgements={finding_key(f): "无此类事项" for f in warnings})
    report = report_publish(agency=world.x, year=2023, at=AT)
    return {"case": case.pk, "case_document": document.pk, "appeal": appeal.pk, "item_index": item.index_number,
            "item_attachment": item.attachments.get().pk, "draft_item": draft_item.pk, "box": box.pk,
            "message": message.pk, "published_message": published.pk, "consultation": consultation.pk,
            "consultation_document": consultation.documents.get().pk, "comment": comment.pk, "survey": survey.pk,
            "interview": interview.pk, "channel": channel.pk, "submission": submission.pk, "report": report.pk,
            "x": world.x.pk, "handler_x_user": world.users["handler_x"].pk,
            "handler_y_user": world.users["handler_y"].pk, "x_code": world.x.credit_code,
            "membership": world.users["handler_x"].memberships.get().pk,
            "year": 2024, "section": "fdzdgknr", "pdf": "pdf", "assign": "assign", "submit": "submit",
            "reply": "reply", "close": "close", "update": "update"}


def _case(objects) -> Case:
    return Case.objects.get(pk=objects["case"])


def _routes(patterns, ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield p, ns + (p.name or "")


def _outcome(method: str, response) -> str:
    """GET: only a page is an allow (a redirect shows nothing). POST: refused, or sent to sign in / to the code."""
    status, location = response.status_code, response.get("Location", "")
    if method == "GET":
        return "allow" if status == 200 else "deny"
    if status in (401, 403, 404, 405) or (status in (301, 302) and any(
            part in location for part in ("/login/", "/second-factor/", "/track/"))):
        return "deny"
    return "allow"


def _request(client, world, actor, method, url, data=None, probe=None, objects=None):
    changed = None
    with transaction.atomic():
        client.logout()
        if actor != "anonymous":
            client.force_login(world.users[actor])
        if method == "GET":
            response = client.get(url)
        else:
            response = (client.post(url, data or {}, content_type="application/json") if url.startswith("/api/")
                        else client.post(url, data or {}))
        if probe is not None:
            changed = probe(objects)
        transaction.set_rollback(True)
    return response, changed


def test_every_route_has_an_entry():
    names = {name for p, name in _routes(get_resolver().url_patterns)
             if not name.startswith("admin:") and "api:" not in name and not str(p.pattern).startswith("static")}
    assert sorted(names - set(MATRIX)) == [], "new routes need an entry in MATRIX"
    assert sorted(set(MATRIX) - names) == []
    operations = {(m.upper(), path) for path, item in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items()
                  for m in item}
    specified = {(m, p.split("?")[0]) for m, p in API_MATRIX}
    specified = {(m, p.replace("{case}", "{pk}").replace("{message}", "{pk}").replace("{consultation}", "{pk}")
                  .replace("{survey}", "{pk}").replace("{channel}", "{pk}").replace("{submission}", "{pk}")
                  .replace("{box}", "{box_id}").replace("{comment}", "{comment_id}")) for m, p in specified}
    assert sorted(operations - specified) == [], "new API operations need an entry in API_MATRIX"


def test_pages_and_actions(client, world, objects):
    unexpected = []
    for name, (method, args, allowed, *more) in MATRIX.items():
        opts = more[0] if more else {}
        url = reverse(name, kwargs={k: objects[v] if v in objects else v for k, v in args.items()})
        if opts.get("query"):
            url += "?" + "&".join(f"{k}={objects.get(v, v)}" for k, v in opts["query"].items())
        data = opts.get("data") or {}
        data = data(objects) if callable(data) else data
        for actor in ACTORS:
            response, changed = _request(client, world, actor, method, url, data, opts.get("probe"), objects)
            # An action is allowed when it took effect (its probe), whatever page it answers with.
            got = ("allow" if changed else "deny") if opts.get("probe") else _outcome(method, response)
            want = "allow" if actor in allowed else "deny"
            if got != want:
                unexpected.append(f"{method} {url} as {actor}: {got} ({response.status_code} "
                                  f"{response.get('Location', '')}), expected {want}")
    assert unexpected == [], "\n".join(unexpected)


def test_api_operations(client, world, objects):
    unexpected = []
    for (method, path), allowed in API_MATRIX.items():
        url = path.format(**objects)
        for actor in ACTORS:
            response = _request(client, world, actor, method, url)[0]
            got, want = _outcome(method, response), "allow" if actor in allowed else "deny"
            if got != want:
                unexpected.append(f"{method} {url} as {actor}: {got} ({response.status_code} "
                                  f"{response.get('Location', '')}), expected {want}")
    assert unexpected == [], "\n".join(unexpected)


def test_admin_is_for_the_system_administrator_only(client, world):
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    unexpected = []
    for url in urls:
        for actor in ACTORS:
            got = _outcome("GET", _request(client, world, actor, "GET", url)[0])
            want = "allow" if actor == "sysadmin" else "deny"
            if got != want:
                unexpected.append(f"GET {url} as {actor}: {got}, expected {want}")
    assert unexpected == [] and len(urls) > 10
