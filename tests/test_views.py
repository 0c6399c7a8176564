"""Portal and workspace through the client: pages, permissions, exact errors, audit."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from xxgk.agencies.models import Agency, Membership
from xxgk.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


class TestPortal:
    @pytest.mark.parametrize("slug", ["guide", "rules", "statutory", "catalog", "apply", "reports", "interaction"])
    def test_every_column_is_public_and_in_the_navigation(self, client, world, slug):
        response = client.get(reverse("portal:section", args=[slug]))
        assert response.status_code == 200
        home = client.get("/").content.decode()
        assert f'href="/gk/{slug}/"' in home

    def test_guide_shows_the_contact_block(self, client, world):
        from tests.factories import AT
        from xxgk.agencies.services import agency_update

        agency_update(agency=world.x, at=AT, office_name="财政局办公室", phone="0379-8888")
        page = client.get(reverse("portal:guide", args=[world.x.credit_code])).content.decode()
        assert "财政局办公室" in page and "0379-8888" in page and "（未填写）" in page

    def test_unknown_guide_is_404_in_chinese(self, client, world):
        response = client.get(reverse("portal:guide", args=["91350100M000100Y43"]))
        assert response.status_code == 404 and "页面不存在" in response.content.decode()

    def test_large_text_mode_is_a_cookie_and_a_class(self, client, world):
        response = client.post(reverse("portal:text_size"), {"large": "1", "next": "/gk/guide/"})
        assert response.status_code == 302 and response["Location"] == "/gk/guide/"
        assert 'class="large-text"' in client.get("/").content.decode()

    def test_large_text_refuses_offsite_redirect(self, client, world):
        response = client.post(reverse("portal:text_size"), {"large": "1", "next": "https://evil.example/"})
        assert response["Location"] == "/"

    def test_pages_carry_security_headers_and_no_external_assets(self, client, world):
        response = client.get("/")
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        body = response.content.decode()
        assert "http://" not in body.replace("http://testserver", "") and "//cdn" not in body

    def test_register_applicant_with_bad_credit_code(self, client, db):
        response = client.post(reverse("portal:register"), {
            "username": "org9", "password": PASSWORD, "password2": PASSWORD, "kind": "legal", "name": "某公司",
            "org_type": "business", "credit_code": "91350100M000100Y44",
        })
        assert response.status_code == 400 and "校验位错误" in response.content.decode()

    def test_register_and_see_my_page(self, client, db):
        response = client.post(reverse("portal:register"), {
            "username": "p9", "password": PASSWORD, "password2": PASSWORD, "kind": "natural", "name": "王五",
        })
        assert response.status_code == 302
        page = client.get("/accounts/me/")
        assert page.status_code == 200 and "王五" in page.content.decode()


class TestLogin:
    def test_wrong_password_is_401_chinese_and_audited(self, client, world):
        response = client.post(reverse("workspace:login"), {"username": "handler_x", "password": "wrong-one"})
        assert response.status_code == 401 and "用户名或密码不正确" in response.content.decode()
        assert AuditEvent.objects.filter(action="login.failed", actor_label="handler_x").exists()

    def test_success_is_audited_and_lands_in_the_workspace(self, client, world):
        response = client.post(reverse("workspace:login"), {"username": "handler_x", "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/workspace/"
        assert AuditEvent.objects.filter(action="login.success", actor_label="handler_x").exists()

    def test_applicant_lands_on_my_page(self, client, world):
        response = client.post(reverse("workspace:login"), {"username": "applicant_a", "password": PASSWORD})
        assert response["Location"] == "/accounts/me/"

    def test_repeated_failures_lock_the_account_on_this_address(self, client, world, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("workspace:login"), {"username": "handler_x", "password": "wrong-one"})
        response = client.post(reverse("workspace:login"), {"username": "handler_x", "password": PASSWORD})
        assert response.status_code == 429 and "暂时锁定" in response.content.decode()
        assert AuditEvent.objects.filter(action="login.locked").exists()
        assert not AuditEvent.objects.filter(action="login.success").exists()

    def test_logout_is_audited(self, client, world):
        client.force_login(world.users["handler_x"])
        client.post(reverse("workspace:logout"))
        assert AuditEvent.objects.filter(action="logout").exists()


class TestWorkspace:
    def test_anonymous_is_sent_to_login(self, client, world):
        response = client.get("/workspace/")
        assert response.status_code == 302 and "/workspace/login/" in response["Location"]

    def test_applicant_is_refused_the_workspace_and_audited(self, client, world):
        client.force_login(world.users["applicant_a"])
        response = client.get("/workspace/")
        assert response.status_code == 403 and "工作台仅供机关工作人员使用" in response.content.decode()
        assert AuditEvent.objects.filter(action="permission.denied", actor=world.users["applicant_a"]).exists()

    @pytest.mark.parametrize(("name", "labels", "absent"), [
        ("handler_x", ["待办", "机关"], ["审计日志", "系统管理"]),
        ("supervisor_root", ["待办", "机关"], ["审计日志", "系统管理"]),
        ("sysadmin", ["待办", "机关", "审计日志", "系统管理"], []),
    ])
    def test_navigation_by_role(self, client, world, name, labels, absent):
        client.force_login(world.users[name])
        nav = client.get("/workspace/").content.decode().split('aria-label="工作台导航"')[1].split("</nav>")[0]
        assert all(f">{label}<" in nav for label in labels)
        assert not any(f">{label}<" in nav for label in absent)

    def test_cross_agency_isolation(self, client, world):
        client.force_login(world.users["handler_y"])
        response = client.get(reverse("workspace:agency_detail", args=[world.x.pk]))
        assert response.status_code == 403 and "不能查看该机关的内部信息" in response.content.decode()
        denial = AuditEvent.objects.get(action="permission.denied", actor=world.users["handler_y"])
        assert denial.data["action"] == "agency.view_records" and denial.target_id == str(world.x.pk)
        assert client.get(reverse("workspace:agency_detail", args=[world.y.pk])).status_code == 200

    def test_supervisor_sees_the_subtree(self, client, world):
        client.force_login(world.users["supervisor_x"])
        assert client.get(reverse("workspace:agency_detail", args=[world.x1.pk])).status_code == 200
        assert client.get(reverse("workspace:agency_detail", args=[world.y.pk])).status_code == 403

    def test_todo_lists_incomplete_guides_for_those_who_can_fix_them(self, client, world):
        client.force_login(world.users["approver_x"])
        page = client.get("/workspace/").content.decode()
        assert "完善“测试区财政局”政府信息公开指南" in page and "测试区教育局" not in page
        client.force_login(world.users["handler_x"])
        assert "完善“" not in client.get("/workspace/").content.decode()

    def test_only_sysadmin_creates_agencies(self, client, world):
        data = {"name": "测试区审计局", "kind": "department", "parent": world.root.pk,
                "credit_code": "11341702486344515H"}
        client.force_login(world.users["supervisor_root"])
        assert client.post(reverse("workspace:agency_create"), data).status_code == 403
        client.force_login(world.users["sysadmin"])
        response = client.post(reverse("workspace:agency_create"), data)
        assert response.status_code == 302
        assert Agency.objects.get(credit_code="11341702486344515H").parent == world.root

    def test_bad_credit_code_in_form_is_400_with_message_and_nothing_saved(self, client, world):
        client.force_login(world.users["sysadmin"])
        response = client.post(reverse("workspace:agency_create"), {
            "name": "测试区审计局", "kind": "department", "credit_code": "11341702486344515J"})
        assert response.status_code == 400 and "校验位错误" in response.content.decode()
        assert not Agency.objects.filter(name="测试区审计局").exists()

    def test_duplicate_membership_via_form_is_409(self, client, world):
        client.force_login(world.users["sysadmin"])
        url = reverse("workspace:membership_add", args=[world.x.pk])
        response = client.post(url, {"user": world.users["handler_x"].pk, "role": "handler"})
        assert response.status_code == 409 and "不能重复授予" in response.content.decode()

    def test_grant_and_revoke_membership(self, client, world):
        client.force_login(world.users["sysadmin"])
        user = world.users["handler_y"]
        client.post(reverse("workspace:membership_add", args=[world.x.pk]), {"user": user.pk, "role": "reviewer"})
        membership = Membership.objects.get(user=user, agency=world.x, role="reviewer")
        client.post(reverse("workspace:membership_remove", args=[membership.pk]))
        assert not Membership.objects.filter(pk=membership.pk).exists()
        assert AuditEvent.objects.filter(action="role.revoked", target_id=str(user.pk)).exists()

    def test_handler_cannot_grant_roles(self, client, world):
        client.force_login(world.users["handler_x"])
        response = client.post(reverse("workspace:membership_add", args=[world.x.pk]),
                               {"user": world.users["handler_y"].pk, "role": "handler"})
        assert response.status_code == 403
        assert not Membership.objects.filter(user=world.users["handler_y"], agency=world.x).exists()

    def test_approver_edits_own_guide_not_others(self, client, world):
        client.force_login(world.users["approver_x"])
        ok = client.post(reverse("workspace:agency_edit", args=[world.x.pk]), {"phone": "0379-1", "postcode": "471000"})
        assert ok.status_code == 302
        world.x.refresh_from_db()
        assert world.x.phone == "0379-1"
        assert client.post(reverse("workspace:agency_edit", args=[world.y.pk]), {"phone": "1"}).status_code == 403

    def test_deactivate_keeps_records(self, client, world):
        client.force_login(world.users["sysadmin"])
        client.post(reverse("workspace:agency_toggle_active", args=[world.y.pk]))
        world.y.refresh_from_db()
        assert not world.y.is_active
        assert Membership.objects.filter(agency=world.y).exists()

    def test_audit_log_only_for_sysadmin(self, client, world):
        client.force_login(world.users["supervisor_root"])
        assert client.get(reverse("workspace:audit_log")).status_code == 403
        client.force_login(world.users["sysadmin"])
        page = client.get(reverse("workspace:audit_log"), {"action": "agency.created"})
        assert page.status_code == 200 and "agency.created" in page.content.decode()

    @pytest.mark.parametrize(("name", "status"), [("sysadmin", 200), ("supervisor_root", 302), ("handler_x", 302)])
    def test_django_admin_only_for_sysadmin(self, client, world, name, status):
        client.force_login(world.users[name])
        assert client.get("/admin/").status_code == status


def test_home_page_services_block_is_edited_in_the_workspace(client, world):
    from xxgk.portal.models import ServiceBlock

    assert "政务服务" not in client.get("/").content.decode()
    client.force_login(world.users["supervisor_x"])  # 公开办 of a department: not the portal's keeper
    assert client.get("/workspace/portal-services/").status_code == 403
    client.force_login(world.users["supervisor_root"])
    bad = client.post("/workspace/portal-services/", {"title": "政务服务", "title_0": "社保", "url_0": "javascript:x"})
    assert bad.status_code == 400 and not ServiceBlock.objects.exists()
    ok = client.post("/workspace/portal-services/", {
        "title": "政务服务", "hotline": "12345", "portal_url": "https://zwfw.example.cn/", "is_visible": "on",
        "kind_0": "matter", "title_0": "企业开办", "url_0": "https://zwfw.example.cn/kb",
        "kind_1": "guide", "title_1": "社保指南", "url_1": "https://zwfw.example.cn/sb"})
    assert ok.status_code == 302
    home = client.get("/").content.decode()
    assert "企业开办" in home and "社保指南" in home and "服务热线：12345" in home
    client.post("/workspace/portal-services/", {"title": "政务服务", "title_0": "企业开办", "url_0": "https://zwfw.example.cn/kb"})
    assert "企业开办" not in client.get("/").content.decode()  # switched off: not shown


def test_portal_directories_link_every_active_agency_in_tree_order_and_follow_agency_saves(client, world):
    import re

    from tests.factories import AgencyFactory

    Agency.objects.filter(pk=AgencyFactory(name="已撤销局", parent=world.root).pk).update(is_active=False)
    AgencyFactory(name="A&B<办>", parent=world.y)
    expected = [(0, "测试区人民政府", world.root), (1, "测试区财政局", world.x), (2, "测试区财政局下属中心", world.x1),
                (1, "测试区教育局", world.y)]
    for path, url_name, text in (("/", "portal:guide", "{}"), ("/gk/guide/", "portal:guide", "{}政府信息公开指南"),
                                 ("/gk/apply/", "cases_public:apply", "向{}提出申请")):
        page = client.get(path).content.decode()
        rows = re.findall(r'<li class="tree-(\d)"><a href="([^"]+)">([^<]*)</a></li>', page)
        assert rows[:4] == [(str(depth), reverse(url_name, args=[a.credit_code]), text.format(name))
                            for depth, name, a in expected], path
        assert rows[4][2] == text.format("A&amp;B&lt;办&gt;") and len(rows) == 5 and "已撤销局" not in page
    world.y.name = "测试区教育体育局"
    world.y.save()  # a save in this process drops the kept lists at once
    assert "测试区教育体育局" in client.get("/").content.decode()
