"""Browser journeys: the portal and the workspace in Chromium, keyboard use and axe checks."""

import pytest

from tests.e2e.conftest import axe_violations
from xxgk.demo import agencies as data
from xxgk.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_portal_is_accessible_and_has_the_disclosure_navigation(page):
    load_demo()
    page.goto("/")
    nav = page.get_by_role("navigation", name="政府信息公开栏目")
    for label in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开目录", "依申请公开",
                  "政府信息公开年报", "政务互动"):
        assert nav.get_by_role("link", name=label).count() == 1
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="西工区人民政府", exact=True).click()
    assert "西工区人民政府办公室信息公开股" in page.content()
    assert axe_violations(page) == []


def test_large_text_mode_by_keyboard(page):
    load_demo()
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("button", name="大字模式").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.className") == "large-text"
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > 20


def test_staff_login_and_todo(page):
    load_demo()
    page.goto("/workspace/")
    assert axe_violations(page) == []
    page.get_by_label("用户名").fill("gongkaiban")
    page.get_by_label("密码").fill("wrong-password")
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    assert "用户名或密码不正确" in page.content()
    page.get_by_label("用户名").fill("gongkaiban")
    page.get_by_label("密码").fill(data.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")
    assert page.get_by_role("heading", name="待办").count() == 1
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="机关").click()
    assert page.get_by_role("link", name="洛阳市西工区财政局").count() == 1
