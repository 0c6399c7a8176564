"""Browser journey: a citizen writes to the 区长信箱, staff answer, the citizen follows and rates; the 公开办 monitors."""

import pytest

from tests.e2e.conftest import axe_violations
from tests.e2e.test_item_journey import login
from xxgk.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_letter_answer_follow_and_rate_then_dashboard(page):
    load_demo()
    page.goto("/gk/interaction/")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="西工区人民政府 · 区长信箱").click()
    page.get_by_label("姓名").fill("周八")
    page.get_by_label("联系方式（手机或电子邮箱，不公开）").fill("zhouba@example.cn")
    page.get_by_label("主题").fill("建议增设公交站")
    page.get_by_label("留言内容").fill("希望在纱厂南路增设公交站点。")
    page.get_by_label("同意在去除个人信息后公开留言和答复").check()
    assert axe_violations(page) == []
    page.wait_for_timeout(3200)  # a person takes longer than the bot threshold to fill the form
    with page.expect_navigation():
        page.get_by_role("button", name="提交留言").click()
    number = page.locator(".message-number").inner_text()
    code = page.locator(".query-code").inner_text()
    assert number.startswith("LY") and len(code) == 8

    login(page, "jingban")
    page.goto("/workspace/messages/")
    with page.expect_navigation():
        page.get_by_role("link", name=number).click()
    assert axe_violations(page) == []
    page.get_by_label("答复内容").fill("您好，已将您的建议转交公交公司研究。")
    with page.expect_navigation():
        page.get_by_role("button", name="答复并办结").click()
    assert page.locator(".message-status").inner_text() == "已答复"

    page.context.clear_cookies()
    page.goto("/gk/interaction/track/")
    page.get_by_label("留言编号").fill(number)
    page.get_by_label("查询码").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    assert "已将您的建议转交公交公司研究" in page.locator(".reply").inner_text()
    page.get_by_label("很满意").check()
    with page.expect_navigation():
        page.get_by_role("button", name="提交评价").click()
    assert "您的评价：5分" in page.content()
    assert axe_violations(page) == []

    login(page, "gongkaiban")
    page.goto("/workspace/channels/dashboard/")
    assert "凯旋东路街道" in page.content() and page.locator("svg[role=img]").count() == 2
    assert axe_violations(page) == []
