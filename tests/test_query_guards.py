"""Guards (not timings): the catalogue list, item detail, case inbox and annual-report pages issue the same
number of queries whatever the amount of data, and their queries over the big tables can use an index."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xxgk.agencies.models import Agency, Membership, User
from xxgk.catalog.models import Item
from xxgk.demo.generate import Synth, _cases, _items, generate

pytestmark = pytest.mark.django_db
BIG_TABLES = ("catalog_item", "cases_case")


@pytest.fixture
def province():
    """A generated agency with a handler and an approver; `grow(items, cases)` adds data to it."""
    made = generate(agencies=1, items=5, cases=5, seed=21)
    agency = Agency.objects.get(pk=made["root_id"])
    users = {}
    for role in ("handler", "approver"):
        user = User.objects.create_user(username=f"gen_{role}", password="correct-horse-battery")
        Membership.objects.create(user=user, agency=agency, role=role, created_at=agency.created_at)
        users[role] = user
    synth, staff = Synth(22), User.objects.get(username="gen-staff")

    def grow(items: int, cases: int) -> None:
        _items(items, [agency], staff, synth, lambda *a: None)
        _cases(cases, [agency], staff, synth, lambda *a: None)

    return agency, users, grow


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def _pages(agency, client, users):
    item = Item.objects.filter(agency=agency).order_by("pk").first()
    client.force_login(users["handler"])
    counts = {"inbox": len(_queries(client, "/workspace/cases/"))}
    client.force_login(users["approver"])
    counts["report"] = len(_queries(client, f"/workspace/reports/?agency={agency.pk}&year=2020"))
    client.logout()
    counts["catalogue"] = len(_queries(client, "/gk/catalog/"))
    counts["detail"] = len(_queries(client, f"/gk/catalog/{item.index_number}/"))
    deep = Item.objects.filter(published_revision__isnull=False).order_by("published_on", "id")[2]
    counts["deep catalogue page"] = len(_queries(client, f"/gk/catalog/?older={deep.published_on}.{deep.pk}"))
    return counts


def test_pages_issue_a_bounded_number_of_queries(client, province):
    agency, users, grow = province
    _pages(agency, client, users)  # warm the per-process caches (calendar, formats) first
    small = _pages(agency, client, users)
    grow(items=60, cases=80)
    large = _pages(agency, client, users)
    assert large == small, f"query counts grew with the data: {small} → {large}"
    assert max(large.values()) < 60


def _full_scans(qs) -> list[str]:
    """Return the big tables a query reads in full: no index condition narrows the rows, and no LIMIT
    stops an index-ordered walk after the first page."""
    sql, params = qs.query.sql_with_params()
    limited = qs.query.high_mark is not None
    found = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # price sequential scans out: what is left is needed
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan

            def walk(node, under_limit):
                under_limit = under_limit or node["Node Type"] == "Limit"
                # A bitmap heap scan fetches only the rows its bitmap index scan (with the Index Cond) found.
                indexed = "Index Cond" in node or "Recheck Cond" in node
                if node.get("Relation Name") in BIG_TABLES and not indexed and not (
                        under_limit and node["Node Type"] in ("Index Scan", "Index Only Scan")):
                    found.append(f"{node['Node Type']} on {node['Relation Name']}")
                for child in node.get("Plans", []):
                    walk(child, under_limit)
            walk(plan[0]["Plan"], False)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            for row in cursor.fetchall():
                detail = str(row[-1])
                for table in BIG_TABLES:
                    if detail.startswith(f"SCAN {table}") and not (limited and "USING" in detail):
                        found.append(detail)
    return found


def test_big_table_queries_can_use_an_index(client, province):
    agency, users, grow = province
    grow(items=30, cases=30)
    from django.db import transaction

    from xxgk.cases.selectors import inbox
    from xxgk.catalog.selectors import older_than_cursor, public_items

    deep = public_items().order_by("published_on", "id")[5]
    querysets = {
        "catalogue list": older_than_cursor(public_items(), "")[:21],
        "catalogue deep page": older_than_cursor(public_items(), f"{deep.published_on}.{deep.pk}")[:21],
        "catalogue of one agency": older_than_cursor(public_items(agency=agency), "")[:21],
        "deep page of one agency": older_than_cursor(public_items(agency=agency), f"{deep.published_on}.{deep.pk}")[:21],
        "case inbox": inbox(users["handler"], status="")[:500],
        "cases of the report year": agency.cases.filter(replied_on__year=2020),
    }
    problems = []
    with transaction.atomic():
        for name, qs in querysets.items():
            scans = _full_scans(qs)
            if scans:
                problems.append(f"{name}: {scans}")
        # The detector itself: a filter on an unindexed column, with or without an order, is reported.
        assert _full_scans(Item.objects.filter(summary="x").order_by())
        assert _full_scans(Item.objects.filter(summary="x"))
    assert problems == []
