"""Browser journey: an item from draft through the scan and review to the portal; a marked one is stopped."""

import pytest

from tests.e2e.conftest import axe_violations
from xxgk.agencies.models import Agency
from xxgk.demo import agencies as data
from xxgk.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, username):
    page.context.clear_cookies()
    page.goto("/workspace/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(data.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def act(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_item_from_draft_to_portal_and_a_marked_item_stopped(page):
    load_demo()
    gov = Agency.objects.get(name="西工区人民政府")
    login(page, "jingban")
    page.goto(f"/workspace/items/new/?agency={gov.pk}")
    assert axe_violations(page) == []
    page.get_by_label("信息名称").fill("西工区2026年冬季供暖保障工作的通知")
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_label("形成或变更日期（自此20个工作日内公开）").fill("2026-11-20")
    page.get_by_label("主题分类").select_option("城乡建设、环境保护/城乡建设（含住房）")
    page.get_by_label("正文").fill("<p>各街道：冬季供暖工作即将开始。联系人身份证号11010519491231002X。</p>")
    act(page, "保存")
    act(page, "提交审核")
    assert "正文第1行" in page.content() and "11010519491231002X" in page.content()

    login(page, "shenhe")
    page.goto(f"/workspace/items/{_latest_item_pk()}/")
    act(page, "初审通过")
    assert "扫描发现尚未处理" in page.content() and "正文第1行" in page.content()
    page.go_back()
    page.reload()
    page.get_by_label("接受理由").fill("经本人书面同意公开联系方式")
    act(page, "接受")
    act(page, "初审通过")

    login(page, "fuze")
    page.goto(f"/workspace/items/{_latest_item_pk()}/")
    act(page, "签发")
    act(page, "发布到门户")
    assert "已发布" in page.locator(".item-status").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="查看门户页面").click()
    assert "冬季供暖工作即将开始" in page.content() and "索引号" in page.content()
    assert axe_violations(page) == []

    login(page, "jingban")
    page.goto(f"/workspace/items/new/?agency={gov.pk}")
    page.get_by_label("信息名称").fill("关于某事项的请示")
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_label("形成或变更日期（自此20个工作日内公开）").fill("2026-11-20")
    page.get_by_label("主题分类").select_option("综合政务/政务公开")
    page.get_by_label("正文").fill("<p>秘密★1年</p><p>关于某事项的请示。</p>")
    act(page, "保存")
    act(page, "提交审核")
    login(page, "shenhe")
    page.goto(f"/workspace/items/{_latest_item_pk()}/")
    assert "正文第1行" in page.content() and "密级标志，禁止公开" in page.content()
    assert page.get_by_role("button", name="接受").count() == 0
    act(page, "初审通过")
    assert "扫描发现尚未处理" in page.content()


def _latest_item_pk() -> int:
    from xxgk.catalog.models import Item

    return Item.objects.order_by("-id").values_list("pk", flat=True).first()
