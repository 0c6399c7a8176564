"""Browser journey: apply on the portal, follow with the query code, staff answer, applicant gets the letter."""

import re

import pytest
from django.utils import timezone

from tests.case_helpers import VALID_ID
from tests.e2e.conftest import axe_violations
from xxgk.demo import agencies as data
from xxgk.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_application_from_form_to_delivered_reply(page, browser, live_server):
    load_demo()
    page.goto("/gk/apply/")
    with page.expect_navigation():
        page.get_by_role("link", name="向西工区人民政府提出申请").click()
    assert axe_violations(page) == []
    page.get_by_role("radio", name="自然人").check()
    page.get_by_role("textbox", name="姓名或名称").fill("赵六")
    page.get_by_label("证件类型（自然人）").select_option("resident_id")
    page.get_by_label("证件号码（自然人）").fill("110105194912310022")
    page.get_by_label("电子邮箱").fill("zhaoliu@example.cn")
    page.get_by_label("所需政府信息的名称").fill("西工区2024年公共文化设施清单")
    with page.expect_navigation():
        page.get_by_role("button", name="提交申请").click()
    assert "校验位错误" in page.content()  # a wrong check digit is refused, the form kept
    page.get_by_label("证件号码（自然人）").fill(VALID_ID)
    with page.expect_navigation():
        page.get_by_role("button", name="提交申请").click()
    number = page.locator(".case-number").inner_text()
    code = page.locator(".query-code").inner_text()
    assert re.fullmatch(r"\d{4}-\d{4}", number) and len(code) == 8

    # Someone else's browser: follow the case with the number and query code.
    applicant = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    applicant.goto("/gk/apply/track/")
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("查询码").fill(code)
    with applicant.expect_navigation():
        applicant.get_by_role("button", name="查询").click()
    assert applicant.locator(".case-status").inner_text().startswith("已收到")
    assert axe_violations(applicant) == []

    # Staff: sign in, assign, answer, record delivery.
    page.goto("/workspace/login/")
    page.get_by_label("用户名").fill("jingban")
    page.get_by_label("密码").fill(data.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    with page.expect_navigation():
        page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="依申请公开").click()
    with page.expect_navigation():
        page.get_by_role("link", name=number).first.click()
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="分办").click()
    page.get_by_label("办理结果", exact=True).select_option("granted")
    page.get_by_label("获取信息的方式说明").fill("见随函所附清单")
    with page.expect_navigation():
        page.get_by_role("button", name="作出答复").click()
    assert "予以公开" in page.locator(".case-status").inner_text()
    page.get_by_label("送达方式").select_option("email")
    # The form offers the office's own date (Asia/Shanghai), not the browser's UTC date.
    assert page.locator("#id_record_delivery_delivered_on").input_value() == timezone.localdate().isoformat()
    with page.expect_navigation():
        page.get_by_role("button", name="登记送达").click()
    assert "答复已送达" in page.content()

    applicant.reload()
    assert "已办结" in applicant.locator(".case-status").inner_text()
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name=re.compile(r"答复告知书\.pdf$")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    applicant.context.close()
