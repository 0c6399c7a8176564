"""Proactive disclosure: drafting, the scan, review, 解读, revisions, withdrawal and the public 目录."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import StaffFactory
from xxgk.catalog.models import Item
from xxgk.catalog.selectors import documents_without_interpretation, items_late, normative_counts, public_items
from xxgk.catalog.services import (
    item_create,
    item_publish,
    item_submit,
    item_update,
    item_withdraw,
    review_initial,
    review_signoff,
    scan_hit_accept,
)
from xxgk.platform.errors import Conflict, IllegalTransition, InvalidInput

pytestmark = pytest.mark.django_db
AT = datetime(2024, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
D = date.fromisoformat


def draft(world, **extra):
    fields = {"title": "关于2024年春季造林绿化工作的通知", "written_on": D("2024-02-26"), "formed_on": D("2024-02-26"),
              "subject": "农业、林业、水利/林业", "genre": "通知", "art20_category": 15,
              "body": "<p>各单位：现将有关事项通知如下。</p>",
              **extra}
    return item_create(agency=world.x, actor=world.users["handler_x"], at=AT, **fields)


def through_review(world, item):
    item_submit(item=item, actor=world.users["handler_x"], at=AT)
    review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="同意", at=AT)
    review_signoff(item=item, actor=world.users["approver_x"], approve=True, comment="签发", at=AT)
    return item_publish(item=item, actor=world.users["approver_x"], today=D("2024-03-04"), at=AT)


def test_index_number_and_due_date(world):
    first, second = draft(world), draft(world, title="第二份")
    assert first.index_number == f"{world.x.credit_code}/2024-00001" and second.serial == 2
    # 20 working days after 2024-02-26.
    assert first.due_on == D("2024-03-25")


def test_body_is_sanitised(world):
    item = draft(world, body='<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:x">链接</a></p>')
    assert "script" not in item.body and "onclick" not in item.body and "javascript" not in item.body


def test_full_review_then_public(world, client):
    item = through_review(world, draft(world))
    assert item.status == "published" and item.published_revision == 1
    assert list(public_items()) == [item]
    page = client.get(f"/gk/catalog/{item.index_number}/")
    body = page.content.decode()
    assert page.status_code == 200 and item.index_number in body and "各单位" in body
    assert client.get(f"/gk/catalog/{item.index_number}/print/").status_code == 200
    feed = client.get(f"/gk/catalog/feed/{world.x.credit_code}/")
    assert feed["Content-Type"].startswith("application/atom+xml") and item.title in feed.content.decode()


def test_cannot_skip_steps(world):
    item = draft(world)
    with pytest.raises(IllegalTransition):
        item_publish(item=item, actor=world.users["approver_x"], today=D("2024-03-04"), at=AT)
    item_submit(item=item, actor=world.users["handler_x"], at=AT)
    with pytest.raises(IllegalTransition, match="初审"):
        review_signoff(item=item, actor=world.users["approver_x"], approve=True, comment="", at=AT)
    with pytest.raises(IllegalTransition, match="同时只能有一个审核流程"):
        item_submit(item=item, actor=world.users["handler_x"], at=AT)
    with pytest.raises(InvalidInput, match="审核人"):
        review_initial(item=item, actor=world.users["handler_x"], approve=True, comment="", at=AT)


def test_identity_number_must_be_resolved_and_marking_blocks(world):
    item = draft(world, body="<p>联系人身份证号11010519491231002X</p>")
    hits = item_submit(item=item, actor=world.users["handler_x"], at=AT)
    assert [(h.kind, h.where) for h in hits] == [("id_number", "正文第1行")]
    with pytest.raises(Conflict, match="正文第1行"):
        review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="", at=AT)
    scan_hit_accept(hit=hits[0], actor=world.users["reviewer_x"], reason="经本人同意公开", at=AT)
    review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="", at=AT)

    marked = draft(world, title="内部文件", body="<p>秘密★1年</p><p>关于某事项的请示</p>")
    hits = item_submit(item=marked, actor=world.users["handler_x"], at=AT)
    assert hits[0].kind == "secrecy_marking"
    with pytest.raises(Conflict, match="禁止公开"):
        scan_hit_accept(hit=hits[0], actor=world.users["reviewer_x"], reason="无所谓", at=AT)


def test_attachment_text_is_scanned(world):
    from docx import Document

    doc = Document()
    doc.add_paragraph("机密★")
    buffer = io.BytesIO()
    doc.save(buffer)
    item = draft(world, attachments=[("附件1.docx", buffer.getvalue())])
    hits = item_submit(item=item, actor=world.users["handler_x"], at=AT)
    assert [(h.kind, h.where) for h in hits] == [("secrecy_marking", "附件“附件1.docx”第1行")]


def test_normative_document_needs_its_interpretation(world):
    doc = draft(world, title="某区物业管理办法", doc_kind="normative", genre="办法", art20_category=1)
    item_submit(item=doc, actor=world.users["handler_x"], at=AT)
    review_initial(item=doc, actor=world.users["reviewer_x"], approve=True, comment="", at=AT)
    review_signoff(item=doc, actor=world.users["approver_x"], approve=True, comment="", at=AT)
    with pytest.raises(Conflict, match="政策解读"):
        item_publish(item=doc, actor=world.users["approver_x"], today=D("2024-03-04"), at=AT)
    reading = draft(world, title="《某区物业管理办法》政策解读", genre="政策解读", interprets=doc)
    item_submit(item=reading, actor=world.users["handler_x"], at=AT)
    review_initial(item=reading, actor=world.users["reviewer_x"], approve=True, comment="", at=AT)
    review_signoff(item=reading, actor=world.users["approver_x"], approve=True, comment="", at=AT)
    item_publish(item=doc, actor=world.users["approver_x"], today=D("2024-03-04"), at=AT)
    reading.refresh_from_db()
    assert reading.status == "published"  # published together with the document
    assert list(documents_without_interpretation([world.x])) == []
    assert normative_counts(world.x, 2024, "2021") == {"regulations": [0, 0, 0], "normative_docs": [1, 0, 1]}


def test_editing_a_published_item_keeps_the_public_revision(world, client):
    item = through_review(world, draft(world))
    item_update(item=item, actor=world.users["handler_x"], at=AT, title="修改后的标题")
    item.refresh_from_db()
    assert item.status == "draft" and item.revision == 2 and item.published_revision == 1
    page = client.get(f"/gk/catalog/{item.index_number}/").content.decode()
    assert "关于2024年春季造林绿化工作的通知" in page and "修改后的标题" not in page
    through_review(world, item)
    assert "修改后的标题" in client.get(f"/gk/catalog/{item.index_number}/").content.decode()
    assert item.revisions.count() == 2


def test_withdrawal_keeps_a_trace(world, client):
    item = through_review(world, draft(world))
    with pytest.raises(InvalidInput):
        item_withdraw(item=item, actor=world.users["handler_x"], reason="错误", at=AT)
    item_withdraw(item=item, actor=world.users["approver_x"], reason="内容已过时", at=AT)
    assert list(public_items()) == []
    page = client.get(f"/gk/catalog/{item.index_number}/").content.decode()
    assert "已撤回" in page and "内容已过时" in page and "各单位" not in page
    assert Item.objects.filter(pk=item.pk).exists()


def test_late_items_are_listed(world):
    item = draft(world)
    assert list(items_late([world.x], D("2024-03-26"))) == [item]
    assert list(items_late([world.x], D("2024-03-25"))) == []


def test_workspace_flow_and_permissions(client, world):
    client.force_login(world.users["handler_y"])
    assert client.get(f"/workspace/items/new/?agency={world.x.pk}").status_code == 403
    client.force_login(world.users["handler_x"])
    response = client.post(f"/workspace/items/new/?agency={world.x.pk}", {
        "agency": world.x.pk, "title": "通知", "written_on": "2024-02-26", "formed_on": "2024-02-26",
        "subject": "综合政务/政务公开", "genre": "通知", "art20_category": 15, "disclosure": "active",
        "validity": "valid", "channels": ["portal"]})
    assert response.status_code == 302
    item = Item.objects.get()
    client.post(f"/workspace/items/{item.pk}/submit/")
    assert client.post(f"/workspace/items/{item.pk}/approve/").status_code == 400
    client.force_login(world.users["reviewer_x"])
    client.post(f"/workspace/items/{item.pk}/approve/", {"comment": "同意"})
    client.force_login(world.users["approver_x"])
    client.post(f"/workspace/items/{item.pk}/signoff/")
    client.post(f"/workspace/items/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.status == "published"
    client.force_login(world.users["handler_y"])
    assert client.get(f"/workspace/items/{item.pk}/").status_code == 403
    listing = client.get("/gk/catalog/", {"agency": world.x.credit_code, "category": 15}).content.decode()
    assert item.index_number in listing


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_scheduled_publication_by_the_worker(world, django_capture_on_commit_callbacks):
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    item = draft(world)
    item_submit(item=item, actor=world.users["handler_x"], at=AT)
    review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="", at=AT)
    review_signoff(item=item, actor=world.users["approver_x"], approve=True, comment="", at=AT)
    soon = timezone.now() + timezone.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        item_publish(item=item, actor=world.users["approver_x"], today=D("2024-03-04"), at=timezone.now(),
                     publish_at=soon)
    item.refresh_from_db()
    assert item.status == "approved" and item.publish_at == soon
    call_command("worker", "--batch", verbosity=0)
    item.refresh_from_db()
    assert item.status == "approved"  # not yet due: the queued task waits for its time
    DBTaskResult.objects.update(run_after=timezone.now())
    Item.objects.filter(pk=item.pk).update(publish_at=timezone.now())
    call_command("worker", "--batch", verbosity=0)
    item.refresh_from_db()
    assert item.status == "published"


def test_standard_catalogue_adoption_and_gaps(world, client):
    from xxgk.catalog.models import CatalogArea, CatalogEntry
    from xxgk.catalog.selectors import catalog_gaps
    from xxgk.catalog.services.standard import catalog_entry_adopt

    assert CatalogArea.objects.count() == 26 and CatalogArea.objects.filter(name="义务教育").exists()
    area = CatalogArea.objects.get(name="义务教育")
    entry = CatalogEntry.objects.create(area=area, level1="招生入学", level2="招生政策", elements="招生范围、条件、程序")
    with pytest.raises(InvalidInput):
        catalog_entry_adopt(agency=world.x, entry=entry, actor=world.users["handler_x"], at=AT)
    catalog_entry_adopt(agency=world.x, entry=entry, actor=world.users["approver_x"], at=AT)
    with pytest.raises(Conflict, match="已采用"):
        catalog_entry_adopt(agency=world.x, entry=entry, actor=world.users["supervisor_root"], at=AT)
    assert [reason for _, reason in catalog_gaps(world.x, D("2024-03-01"))] == ["尚未公开任何信息"]
    item = through_review(world, draft(world, entry=entry))
    assert catalog_gaps(world.x, D("2024-03-05")) == []
    draft(world, title="招生划片方案", entry=entry)
    assert [reason for _, reason in catalog_gaps(world.x, D("2024-04-30"))] == ["有1条信息超过公开时限未公开"]
    listing = client.get("/gk/catalog/", {"area": area.pk}).content.decode()
    assert item.index_number in listing
    other = CatalogArea.objects.get(name="就业")
    assert item.index_number not in client.get("/gk/catalog/", {"area": other.pk}).content.decode()
    client.force_login(world.users["approver_x"])
    page = client.get("/workspace/items/standard/", {"agency": world.x.pk})
    assert page.status_code == 200 and "招生政策" in page.content.decode()
    client.force_login(world.users["handler_y"])
    assert client.get("/workspace/items/standard/", {"agency": world.x.pk}).status_code == 403


IMPORT_HEADER = "信息名称,文号,成文日期,发布日期,主题分类,体裁,第二十条类别,文件类型,有效性,正文,正文文件,附件,发布渠道"


def test_items_import_all_or_nothing_with_row_errors(world):
    from xxgk.catalog.services.imports import ItemsRejected, items_import

    good = "旧通知,,2019-05-06,2019-05-08,综合政务/政务公开,通知,15,,有效,<p>正文</p>,,,门户网站"
    bad = [
        "缺日期,,,2019-05-08,综合政务/政务公开,通知,15,,有效,,,,",
        "错主题,,2019-05-06,2019-05-08,不存在/分类,通知,15,,有效,,,,",
        "早于成文,,2019-05-06,2019-05-01,综合政务/政务公开,通知,15,,有效,,,,",
        "涉密,,2019-05-06,2019-05-08,综合政务/政务公开,通知,15,,有效,<p>秘密★1年</p>,,,",
    ]
    data = "\n".join([IMPORT_HEADER, good, *bad]).encode()
    with pytest.raises(ItemsRejected) as exc:
        items_import(agency=world.x, name="items.csv", data=data, actor=world.users["approver_x"], at=AT)
    text = "\n".join(exc.value.problems)
    for expected in ("第3行", "第4行", "第5行", "第6行", "密级标志"):
        assert expected in text
    assert "第2行" not in text and not Item.objects.exists()
    with pytest.raises(InvalidInput):
        items_import(agency=world.x, name="items.csv", data=data, actor=world.users["handler_x"], at=AT)


def test_items_import_zip_with_bodies_and_files(world, client):
    import zipfile

    from xxgk.catalog.services.imports import items_import

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("目录.csv", IMPORT_HEADER + "\n某办法,西政〔2019〕3号,2019-05-06,2019-05-08,综合政务/政务公开,"
                         "办法,1,行政规范性文件,有效,,bodies/1.html,files/1.pdf,门户网站;政务新媒体\n")
        archive.writestr("bodies/1.html", "<p>第一条 为了规范管理。</p><script>x()</script>")
        archive.writestr("files/1.pdf", b"%PDF-1.4\n%%EOF")
    items = items_import(agency=world.x, name="old.zip", data=buffer.getvalue(), actor=world.users["approver_x"],
                         at=AT)
    item = items[0]
    assert item.status == "published" and item.doc_kind == "normative" and "script" not in item.body
    assert item.channels == ["portal", "wechat"] and item.attachments.get().name == "1.pdf"
    assert item.index_number == f"{world.x.credit_code}/2019-00001"
    page = client.get(f"/gk/catalog/{item.index_number}/").content.decode()
    assert "第一条 为了规范管理" in page and "1.pdf" in page
    assert normative_counts(world.x, 2019, "2019") == {"regulations": [0, 0, 0], "normative_docs": [1, 1, 1]}


def test_items_import_command(world, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "items.csv"
    path.write_text(IMPORT_HEADER + "\n旧通知,,2019-05-06,2019-05-08,综合政务/政务公开,通知,15,,有效,<p>正文</p>,,,\n",
                    "utf-8")
    call_command("import", "items", str(path), "--agency", world.x.credit_code)
    assert "已导入1条信息" in capsys.readouterr().out


def test_review_workflow_is_data_per_agency(world):
    from xxgk.catalog.services.items import review_consult, review_workflow_save

    with pytest.raises(InvalidInput):
        review_workflow_save(agency=world.x, actor=world.users["handler_x"], consult_required=True,
                             consult_parties="保密办", signoff_required=True, at=AT)
    review_workflow_save(agency=world.x, actor=world.users["supervisor_root"], consult_required=True,
                         consult_parties="保密办", signoff_required=False, at=AT)
    item = draft(world)
    item_submit(item=item, actor=world.users["handler_x"], at=AT)
    with pytest.raises(Conflict, match="须先会商"):
        review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="", at=AT)
    review_consult(item=item, actor=world.users["reviewer_x"], party="保密办", comment="不涉密", at=AT)
    review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="", at=AT)
    item.refresh_from_db()
    assert item.status == "approved"  # this agency publishes without a separate 签发
    from xxgk.catalog.services.items import item_publish_scheduled

    item_publish(item=item, actor=world.users["reviewer_x"], today=D("2024-03-04"), at=AT,
                 publish_at=AT.replace(hour=18))
    assert not item_publish_scheduled(item=item, now=AT.replace(hour=17))
    assert item_publish_scheduled(item=item, now=AT.replace(hour=18))
    item.refresh_from_db()
    assert item.status == "published"
    assert item.review_steps.filter(stage="publish", decision="approved").get().actor == world.users["reviewer_x"]
    other = item_create(agency=world.y, actor=world.users["handler_y"], at=AT, title="乙局通知",
                        written_on=D("2024-02-26"), formed_on=D("2024-02-26"), subject="综合政务/政务公开",
                        genre="通知", art20_category=15)
    item_submit(item=other, actor=world.users["handler_y"], at=AT)
    review_initial(item=other, actor=StaffFactory(agency=world.y, role="reviewer"), approve=True, comment="", at=AT)
    other.refresh_from_db()
    assert other.status == "in_review"  # the default workflow still needs the 负责人's 签发


def test_workflow_page(client, world):
    client.force_login(world.users["handler_x"])
    assert client.get("/workspace/items/workflow/", {"agency": world.x.pk}).status_code == 403
    client.force_login(world.users["supervisor_x"])
    bad = client.post("/workspace/items/workflow/", {"agency": world.x.pk, "consult_required": "on"})
    assert bad.status_code == 400 and "会商单位" in bad.content.decode()
    ok = client.post("/workspace/items/workflow/", {"agency": world.x.pk, "consult_required": "on",
                                                    "consult_parties": "保密办", "signoff_required": "on"})
    assert ok.status_code == 302 and world.x.review_workflow.consult_required


def test_public_list_pages_by_keyset_both_ways(world, client):
    from xxgk.catalog.selectors import items_page

    items = [through_review(world, draft(world, title=f"第{n}号通知")) for n in range(5)]
    newest_first = sorted(items, key=lambda i: (i.published_on, i.pk), reverse=True)
    first = items_page(public_items(), size=2)
    assert first.items == newest_first[:2] and first.newer is None and first.older
    second = items_page(public_items(), older_than=first.older, size=2)
    third = items_page(public_items(), older_than=second.older, size=2)
    assert second.items == newest_first[2:4] and third.items == newest_first[4:] and third.older is None
    back = items_page(public_items(), newer_than=third.newer, size=2)
    assert back.items == second.items and back.newer and back.older == second.older
    assert items_page(public_items(), newer_than=back.newer, size=2).items == first.items
    page = client.get("/gk/catalog/", {"older": f"{newest_first[0].published_on}.{newest_first[0].pk}"})
    body = page.content.decode()
    assert page.status_code == 200 and newest_first[1].title in body and newest_first[0].title not in body
    assert "首页" in body and "上一页" in body
    bad = client.get("/gk/catalog/", {"older": "2024-13-99.x"})
    assert bad.status_code == 400 and "翻页参数无效" in bad.content.decode()


def test_catalogue_agency_picker_lists_active_agencies_in_tree_order_with_the_chosen_one_selected(world, client):
    import re

    from tests.factories import AgencyFactory
    from xxgk.agencies.models import Agency

    Agency.objects.filter(pk=AgencyFactory(name="<停用>局", parent=world.root).pk).update(is_active=False)
    escaped = AgencyFactory(name="A&B<办>", parent=world.y)
    page = client.get("/gk/catalog/", {"agency": world.x.credit_code}).content.decode()
    picker = re.search(r'<select id="f-agency" name="agency">(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', picker)
    assert [name for _, _, name in options] == ["全部", "测试区人民政府", "测试区财政局", "测试区财政局下属中心",
                                                "测试区教育局", "A&amp;B&lt;办&gt;"]
    assert [code for code, selected, _ in options if selected] == [world.x.credit_code]
    assert options[-1][0] == escaped.credit_code and "停用" not in picker
    everything = client.get("/gk/catalog/").content.decode()
    assert " selected>" not in re.search(r'<select id="f-agency".*?</select>', everything, re.S).group(0)
    AgencyFactory(name="新设局", parent=world.root)  # a save in this process drops the kept picker at once
    assert "新设局" in client.get("/gk/catalog/").content.decode()


def test_agency_memo_is_rebuilt_after_its_time_even_without_a_save_in_this_process(world, client, monkeypatch):
    from xxgk.agencies import selectors
    from xxgk.agencies.models import Agency

    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    selectors.forget_agency_memo()
    assert world.x.name in client.get("/gk/catalog/").content.decode()
    Agency.objects.filter(pk=world.x.pk).update(name="改名后的财政局")  # as another process would: no signal here
    assert "改名后的财政局" not in client.get("/gk/catalog/").content.decode()
    clock[0] += selectors.AGENCY_MEMO_SECONDS + 1
    assert "改名后的财政局" in client.get("/gk/catalog/").content.decode()


def test_agency_memo_rebuilds_only_the_value_its_check_rejects(world):
    from tests.factories import AgencyFactory
    from xxgk.agencies.selectors import agency_memo, forget_agency_memo
    from xxgk.search.selectors import agency_names

    calls = []
    assert agency_memo("a", lambda: calls.append("a") or 1) == 1
    assert agency_memo("b", lambda: calls.append("b") or 2) == 2
    assert agency_memo("b", lambda: calls.append("b2") or 3, fresh=lambda v: v == 2) == 2
    assert agency_memo("b", lambda: calls.append("b3") or 4, fresh=lambda v: False) == 4
    assert agency_memo("a", lambda: calls.append("a2") or 5) == 1
    assert calls == ["a", "b", "b3"]
    new = AgencyFactory(name="新设局", parent=world.root)
    forget_agency_memo()
    agency_memo("names", lambda: {world.x.pk: world.x.name})  # kept before `new` existed, as in another process
    agency_memo("picker", lambda: "kept")
    assert agency_names([world.x.pk]) == {world.x.pk: world.x.name}  # known ids: no re-read
    assert agency_names([new.pk])[new.pk] == "新设局"  # an unknown id re-reads the names
    assert agency_memo("picker", lambda: "rebuilt") == "kept"  # and only them
