"""Search: exact recall against a brute-force substring search, classified results, nothing private."""

import json
import random
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from xxgk.core.searchtext import CHUNK_CHARS, bigram_stream, chunks, normalize, query_terms
from xxgk.search.documents import DocumentData
from xxgk.search.models import SearchDocument
from xxgk.search.selectors import Filters, matching_keys, search
from xxgk.search.services import index_source, search_reindex, store_document

AT = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
WORDS = ("公开", "政府", "信息", "扶贫", "教育", "医疗", "社会保障", "就业", "政策", "解读", "老旧小区", "改造", "规划",
         "统计", "预算", "决算", "行政许可", "处罚", "收费", "采购", "公示", "通知", "办法", "条例", "西工区", "洛阳",
         "街道", "社区", "服务", "管理", "实施", "意见", "工作", "要点", "年度", "报告", "开公", "府政", "息信")


@pytest.fixture(params=["database", "tantivy"], autouse=True)
def search_backend(request, settings, tmp_path):
    """Every search test runs on both backends: they must return the same documents."""
    settings.XXGK_SEARCH_BACKEND = request.param
    settings.XXGK_SEARCH_INDEX_DIR = str(tmp_path / "search-index")
    return request.param


def test_normalisation_folds_width_script_case_and_punctuation():
    assert normalize("政府資訊公開 ＡＢＣ１２３ 洛西政〔2020〕12号") == "政府资讯公开abc123洛西政202012号"
    assert query_terms("  公開   洛西政〔2020〕12号 公开 ") == ["公开", "洛西政202012号"]
    assert bigram_stream("公开目录") == "公开 开目 目录 录"
    long = "公" * (CHUNK_CHARS * 2)
    parts = chunks(long)
    assert len(parts) == 3 and all(len(p) <= CHUNK_CHARS for p in parts)


def _corpus(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(WORDS) + ("，" if rng.random() < 0.2 else "") for _ in range(rng.randint(5, 60)))
            for _ in range(n)]


def _store(texts: list[str]) -> None:
    from xxgk.search.backends import backend

    for n, text in enumerate(texts):
        store_document(key=f"test:{n}", at=AT, data=DocumentData(
            key=f"test:{n}", kind="catalog", title=text[:20], url=f"/t/{n}", text=text, published_on=date(2020, 1, 1)))
    backend().flush()


@pytest.mark.django_db
def test_recall_is_exact_against_brute_force_substring_search():
    texts = _corpus(150, seed=7)
    _store(texts)
    rng = random.Random(11)
    queries = list(WORDS) + ["公", "开", "信息公开", "府政信", "政府 扶贫", "解读 教育 公开"]
    for text in rng.sample(texts, 30):  # substrings as typed, crossing word boundaries and punctuation
        norm = normalize(text)
        start = rng.randrange(max(len(norm) - 6, 1))
        queries.append(text[start:start + rng.randint(1, 6)])
    checked = 0
    for query in queries:
        terms = query_terms(query)
        if not terms:
            continue
        expected = {f"test:{n}" for n, t in enumerate(texts) if all(term in normalize(t) for term in terms)}
        assert matching_keys(query) == expected, query
        checked += 1
    assert checked >= 60


@pytest.mark.django_db
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="公开政府信息扶贫解读", min_size=1, max_size=4))
def test_recall_holds_for_any_query_over_a_small_alphabet(query):
    if not SearchDocument.objects.exists():
        _store(_corpus(60, seed=3))
    texts = _corpus(60, seed=3)
    expected = {f"test:{n}" for n, t in enumerate(texts) if normalize(query) in normalize(t)}
    assert matching_keys(query) == expected


@pytest.mark.django_db
def test_terms_are_found_across_chunk_boundaries_and_long_texts():
    filler = "甲乙" * CHUNK_CHARS
    text = filler[:CHUNK_CHARS - 3] + "扶贫攻坚" + filler + "乡村振兴"
    from xxgk.search.backends import backend

    store_document(key="test:long", at=AT, data=DocumentData(key="test:long", kind="catalog", title="长文", url="/l",
                                                               text=text, published_on=date(2020, 1, 1)))
    backend().flush()
    assert matching_keys("扶贫攻坚") == {"test:long"}  # straddles the first chunk boundary
    assert matching_keys("扶贫攻坚 乡村振兴") == {"test:long"}  # terms in different chunks
    assert matching_keys("攻坚乡村") == set()


@pytest.fixture
def published(world):
    from xxgk.catalog.services import item_create, item_publish, item_submit, review_initial, review_signoff

    def make(title: str, body: str, **extra):
        day = date(2020, 6, 1)
        item = item_create(agency=world.x, actor=world.users["handler_x"], at=AT, title=title, written_on=day,
                           formed_on=day, subject=extra.pop("subject", "综合政务/政务公开"), genre=extra.pop("genre", "通知"),
                           art20_category=15,
                           body=f"<p>{body}</p>", **extra)
        item_submit(item=item, actor=world.users["handler_x"], at=AT)
        review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="可", at=AT)
        review_signoff(item=item, actor=world.users["approver_x"], approve=True, comment="同意", at=AT)
        item.refresh_from_db()
        return item_publish(item=item, actor=world.users["approver_x"], today=day, at=AT)

    return make


@pytest.mark.django_db
def test_classified_faceted_results_and_nothing_private(world, published):
    from xxgk.catalog.models import Item
    from xxgk.catalog.services import item_create, item_withdraw

    policy = published("财政资金管理办法", "规范扶贫资金的使用。", doc_kind="normative", genre="办法",
                       no_interpretation_reason="内部管理规定")
    news = published("扶贫工作动态", "本月扶贫工作进展。", genre="工作动态")
    draft = item_create(agency=world.x, actor=world.users["handler_x"], at=AT, title="扶贫草稿", written_on=date(2020, 6, 1),
                        formed_on=date(2020, 6, 1), subject="综合政务/政务公开", genre="通知", art20_category=15,
                        body="<p>扶贫内部讨论稿</p>")
    search_reindex(at=AT)
    results = search("扶贫", today=date(2020, 12, 1))
    keys = {h.url for h in results.hits}
    assert results.total == 2 and f"/gk/catalog/{policy.index_number}/" in keys
    assert not any("草稿" in h.title for h in results.hits) and draft.pk
    kinds = {f["value"]: f["count"] for f in results.facets["kind"]}
    assert kinds == {"policy": 1, "catalog": 1}
    assert "<mark>扶贫</mark>" in results.hits[0].snippet
    only_policy = search("扶贫", filters=Filters(kind="policy"), today=date(2020, 12, 1))
    assert [h.title for h in only_policy.hits] == ["财政资金管理办法"]
    assert {f["value"]: f["count"] for f in only_policy.facets["kind"]} == kinds  # a facet ignores its own filter
    # Withdrawn: never shown, even before the worker has updated the index.
    item_withdraw(item=Item.objects.get(pk=news.pk), actor=world.users["approver_x"], reason="有误", at=AT)
    assert [h.title for h in search("扶贫", today=date(2020, 12, 1)).hits] == ["财政资金管理办法"]
    index_source(key=f"item:{news.pk}", at=AT)
    assert search("扶贫", today=date(2020, 12, 1)).total == 1


@pytest.mark.django_db(transaction=True)
def test_publishing_reaches_the_index_through_the_worker(world, published):
    item = published("城镇老旧小区改造通知", "加装电梯补助标准。")
    assert search("加装电梯").total == 0  # not yet: only the worker writes the index
    call_command("worker", "--batch", verbosity=0)
    assert [h.title for h in search("加装电梯").hits] == [item.title]


@pytest.mark.django_db
def test_portal_page_and_cli(client, world, published):
    published("社会救助政策", "低保标准调整。")
    search_reindex(at=AT)
    page = client.get("/gk/search/", {"q": "低保"})
    body = page.content.decode()
    assert page.status_code == 200 and "找到 1 条结果" in body and "<mark>低保</mark>" in body and "公开目录信息" in body
    assert "找到 0 条结果" in client.get("/gk/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    out = StringIO()
    call_command("search", "低保", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"] == 1 and set(data["hits"][0]) == {"id", "kind", "title", "url", "snippet"}
    assert set(data["facets"]) == {"kind", "agency", "subject", "art20_category", "year", "validity"}


@pytest.mark.django_db
def test_a_facet_lists_its_first_values_and_the_rest_under_more(client, world, published):
    from xxgk.catalog.vocab import subject_choices
    from xxgk.search.views import FACETS_SHOWN

    subjects = sorted(value for value, _ in subject_choices())[:FACETS_SHOWN + 2]
    for n, subject in enumerate(subjects):
        published(f"路网规划第{n}号", "路网规划说明。", subject=subject)
    search_reindex(at=AT)

    def subject_facet(**params) -> str:
        body = client.get("/gk/search/", {"q": "路网", **params}).content.decode()
        return body.split("<h2>主题分类</h2>")[1].split("<h2>")[0]

    facet = subject_facet()
    # Every value is listed (equal counts: by value), the first FACETS_SHOWN at once, the rest under 更多.
    shown, more = facet.split("<details>")
    assert shown.count("<li>") == FACETS_SHOWN and more.count("<li>") == 2 and "更多（2）" in more
    assert all(subject in more for subject in subjects[FACETS_SHOWN:]) and "aria-current" not in facet
    chosen = subject_facet(subject=subjects[-1])  # the active value is among the rest: they are open
    assert "<details open>" in chosen and chosen.count("aria-current") == 1
    assert chosen.index("aria-current") > chosen.index("<details open>")
    narrowed = client.get("/gk/search/", {"q": "路网", "kind": "policy"}).content.decode()
    assert "<h2>主题分类</h2>" not in narrowed and "<h2>类别</h2>" in narrowed  # a facet with no values is left out


@pytest.mark.django_db
def test_the_exact_phrase_ranks_before_the_terms_apart(world, published):
    from xxgk.search.models import SearchDocument

    # The same terms, as often and in texts of the same length; the later item would win a tie.
    together = published("关于设施的说明", "城镇老旧小区的居民设施需要改造。")
    apart = published("关于设施的说明", "城镇老旧设施的小区居民需要改造。")
    search_reindex(at=AT)
    hits = search("老旧 小区", today=date(2020, 12, 1)).hits
    keys = [SearchDocument.objects.get(pk=h.id).key for h in hits]
    assert keys == [f"item:{together.pk}", f"item:{apart.pk}"]
    by_date = search("老旧 小区", sort="date", today=date(2020, 12, 1)).hits  # the date sort is not affected
    assert {h.id for h in by_date} == {h.id for h in hits}


@pytest.mark.django_db
def test_pages_follow_one_order_across_the_title_matches_and_the_rest():
    """The first pages may rank only title matches; paging must still list every match once, in one order."""
    from xxgk.search.backends import backend

    texts = _corpus(80, seed=5)
    _store(texts)
    terms = ["公开"]
    everything = backend().find(terms, {}, sort="relevance", offset=0, limit=1000, this_year=2026)
    in_titles = sum(1 for t in texts if "公开" in normalize(t[:20]))
    assert 3 < in_titles < everything.total  # the title tier ends part-way through the matches
    paged = []
    for offset in range(0, everything.total, 3):
        found = backend().find(terms, {}, sort="relevance", offset=offset, limit=3, this_year=2026)
        assert found.total == everything.total
        paged += found.ids
    assert paged == everything.ids
    titles = dict(SearchDocument.objects.values_list("pk", "title_norm"))
    assert all("公开" in titles[pk] for pk in paged[:in_titles])
    assert not any("公开" in titles[pk] for pk in paged[in_titles:])


@pytest.mark.django_db
def test_facet_counts_under_the_other_filters_match_counting_by_hand():
    from xxgk.search.backends import backend

    texts = _corpus(60, seed=9)
    for n, text in enumerate(texts):
        store_document(key=f"test:{n}", at=AT, data=DocumentData(
            key=f"test:{n}", kind=("catalog", "policy")[n % 2], title=text[:20], url=f"/t/{n}", text=text,
            published_on=date(2019 + n % 3, 1, 1)))
    backend().flush()
    docs = [(n % 2, 2019 + n % 3) for n, t in enumerate(texts) if "政府" in normalize(t)]
    found = backend().find(["政府"], {"kind": "policy", "year": 2020}, sort="relevance", offset=0, limit=100,
                           this_year=2026)
    assert found.total == sum(1 for kind, year in docs if kind == 1 and year == 2020) == len(found.ids)
    assert dict(found.facets["kind"]) == {
        k: c for k, c in {"catalog": sum(1 for kind, year in docs if kind == 0 and year == 2020),
                          "policy": sum(1 for kind, year in docs if kind == 1 and year == 2020)}.items() if c}
    assert dict(found.facets["year"]) == {
        y: c for y in (2019, 2020, 2021) if (c := sum(1 for kind, year in docs if kind == 1 and year == y))}


@pytest.mark.django_db
def test_migrating_to_one_fts_row_per_document_keeps_what_was_indexed(search_backend):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    if connection.vendor != "sqlite" or search_backend != "database":
        pytest.skip("the migration changes SQLite's FTS5 index only")
    texts = _corpus(40, seed=13)
    _store(texts)
    before = matching_keys("公开")
    migration = import_module("xxgk.search.migrations.0003_sqlite_fts_one_row_per_document")
    with connection.cursor() as cursor:  # the schema editor cannot open inside the test's transaction on SQLite
        migration.per_document(apps, SimpleNamespace(connection=connection, execute=cursor.execute))
    assert before and matching_keys("公开") == before
    assert matching_keys("扶贫 教育") == {f"test:{n}" for n, t in enumerate(texts)
                                         if "扶贫" in normalize(t) and "教育" in normalize(t)}


def test_snippets_mark_terms_as_written_in_the_text():
    from xxgk.search.selectors import snippet

    text = "前言<b>" + "甲" * 200 + "关于做好政务公开、工作要点的通知，Open Data 开放。" + "乙" * 300
    got = snippet(text, query_terms("公开工作 open"))
    assert "<mark>公开、工作</mark>" in got and "<mark>Open</mark>" in got and got.startswith("…")
    assert "<b>" not in snippet("<b>公开</b>", ["公开"]) and "&lt;b&gt;<mark>公开</mark>" in snippet("<b>公开</b>", ["公开"])
    assert "<mark>ＡＢＣ</mark>" in snippet("编号ＡＢＣ的文件", query_terms("ABC"))  # full width, marked as written
    assert "<mark>關於</mark>" in snippet("這是關於公開的通知", query_terms("关于"))  # traditional, as written
    assert snippet("标题才有的词", ["扶贫"]) == "标题才有的词"  # only the title matched: the text from its start


WRITTEN = "公开關於关于政務务信息ＡＢＣabcXYZ１２3４，、 。（）-_!"


@given(st.text(alphabet=WRITTEN, min_size=2, max_size=40), st.data())
@hypothesis_settings(max_examples=200, deadline=None)
def test_every_normalised_term_is_found_in_the_text_as_written(text, data):
    """What the index finds (a substring of the normalised text) the snippet finds in the text as written."""
    import re

    from xxgk.core.searchtext import written_pattern

    norm = normalize(text)
    if len(norm) < 1:
        return
    start = data.draw(st.integers(0, len(norm) - 1))
    term = norm[start:start + data.draw(st.integers(1, 6))]
    found = re.search(written_pattern([term]), text)
    assert found is not None and normalize(found.group(0)) == term



@given(st.text(alphabet=WRITTEN + "政务公开\n\U0001F600é", max_size=400), st.lists(
    st.sampled_from(["公开", "政务", "abc", "关于", "1234", "\U0001F600", "é"]), min_size=1, max_size=3))
@hypothesis_settings(max_examples=300, deadline=None)
def test_a_snippet_cut_from_utf8_bytes_is_the_one_cut_from_the_text(text, terms):
    """The search page decodes only the snippet's window of a stored text: the same excerpt either way,
    for characters of every width (1-4 bytes) and texts of every length around the window."""
    from xxgk.search.backends.base import unpack_shown
    from xxgk.search.selectors import snippet

    assert snippet(text.encode(), terms) == snippet(text, terms)
    raw = "\x1f".join(["item:1", "catalog", "标题", "/u", text, "", "737000"]).encode()
    key, kind, title, url, stored, agency_id, day = unpack_shown(raw)
    assert (key, title, url, stored.decode(), agency_id, day.toordinal()) == ("item:1", "标题", "/u", text, None, 737000)


@given(st.text(alphabet=WRITTEN + "<>&\"'公开", max_size=60), st.lists(st.sampled_from(["公开", "关于", "abc", "12"]),
                                                                   min_size=1, max_size=2))
@hypothesis_settings(max_examples=300, deadline=None)
def test_marking_escapes_the_text_and_marks_only_whole_matches(excerpt, terms):
    """With or without characters to escape, the marked excerpt reads back as the excerpt, and each mark
    holds one whole match, as many as the pattern finds."""
    import html
    import re

    from xxgk.search.selectors import _marked, term_pattern

    pattern = term_pattern(terms)
    marked = _marked(excerpt, pattern)
    assert html.unescape(re.sub("</?mark>", "", marked)) == excerpt
    assert "<" not in re.sub("</?mark>", "", marked)
    inside = [html.unescape(m) for m in re.findall("<mark>(.*?)</mark>", marked)]
    assert inside == [m.group(0) for m in pattern.finditer(excerpt)]

@pytest.mark.django_db
def test_a_commit_by_the_worker_is_seen_by_the_next_search(search_backend):
    """The tantivy reader skips reloading while nothing was committed, and reloads once something was."""
    if search_backend != "tantivy":
        pytest.skip("the database backend reads the database itself")
    from xxgk.search.backends import tantivy_index

    _store(["公开目录第一篇"])
    assert search("目录").total == 1 and search("目录").total == 1  # the second search reuses the reader
    store_document(key="test:99", at=AT, data=DocumentData(
        key="test:99", kind="catalog", title="公开目录后来一篇", url="/t/99", text="后来", published_on=date(2020, 1, 2)))
    tantivy_index._write(lambda writer: writer.commit())  # committed as the worker does, with no reload here
    assert search("目录").total == 2


@pytest.mark.django_db
def test_a_page_of_hits_costs_a_fixed_number_of_queries(world, published, search_backend):
    """The tantivy backend shows its hits from the index (one query: their public check); on either
    backend the number of queries does not grow with the matches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_one_search(expected_total: int) -> int:
        search_reindex(at=AT)
        search("扶贫")  # the agencies' names are read once per process and then reused
        with CaptureQueriesContext(connection) as captured:
            results = search("扶贫", today=date(2020, 12, 1))
        assert results.total == expected_total and len(results.hits) == 20
        assert all(h.title.startswith("扶贫项目公示") and "<mark>扶贫</mark>" in h.snippet and h.agency
                   for h in results.hits)
        return len(captured)

    for n in range(25):
        published(f"扶贫项目公示第{n}号", f"第{n}批扶贫项目资金安排。")
    fewer = queries_of_one_search(25)
    for n in range(25, 60):
        published(f"扶贫项目公示第{n}号", f"第{n}批扶贫项目资金安排。")
    assert queries_of_one_search(60) == fewer
    if search_backend == "tantivy":
        assert fewer == 1


@pytest.mark.django_db
def test_a_full_rebuild_leaves_fresh_planner_statistics_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's plans here name their index")
    _store(_corpus(5, seed=3))
    search_reindex(at=AT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE relname IN "
                       "('search_searchdocument', 'search_searchchunk') AND last_analyze IS NOT NULL")
        assert {row[0] for row in cursor.fetchall()} == {"search_searchdocument", "search_searchchunk"}


@pytest.mark.django_db
def test_on_postgresql_each_tier_ranks_its_most_recent_pool_and_lists_the_rest_by_date(search_backend, monkeypatch):
    """Ranking reads each ranked document's whole tsvector, so a tier ranks only its RANK_POOL most recent."""
    from django.db import connection

    from xxgk.search.backends import backend, postgres_gin

    if connection.vendor != "postgresql" or search_backend != "database":
        pytest.skip("the ranking pool belongs to the PostgreSQL database backend")
    monkeypatch.setattr(postgres_gin, "RANK_POOL", 4)
    texts = _corpus(80, seed=5)
    for n, text in enumerate(texts):
        store_document(key=f"test:{n}", at=AT, data=DocumentData(
            key=f"test:{n}", kind="catalog", title=text[:20], url=f"/t/{n}", text=text,
            published_on=date(2015 + n % 7, 1 + n % 12, 1)))
    backend().flush()
    everything = backend().find(["公开"], {}, sort="relevance", offset=0, limit=1000, this_year=2026)
    docs = {d.pk: d for d in SearchDocument.objects.filter(pk__in=everything.ids)}
    tiers = [[pk for pk in everything.ids if ("公开" in docs[pk].title_norm) == in_title] for in_title in (True, False)]
    assert all(len(tier) > 4 for tier in tiers) and sum(map(len, tiers)) == everything.total
    assert everything.ids == tiers[0] + tiers[1]  # title matches first
    for tier in tiers:
        by_date = sorted(tier, key=lambda pk: (docs[pk].published_on, pk), reverse=True)
        assert set(tier[:4]) == set(by_date[:4])  # the pool: the tier's four most recent, ranked by score
        assert tier[4:] == by_date[4:]  # the rest by date
    paged = []
    for offset in range(0, everything.total, 3):  # pages that rank only the title tier keep the same order
        paged += backend().find(["公开"], {}, sort="relevance", offset=offset, limit=3, this_year=2026).ids
    assert paged == everything.ids


@pytest.mark.django_db
def test_a_sent_id_query_answers_as_a_plain_one_and_its_failure_leaves_the_connection_usable(world):
    """sent_query: the rows of a query sent before other work equal the plain query's; a failing one
    raises a database error (on SQLite when sent, on PostgreSQL when prepared or read) and the next query
    runs; on PostgreSQL the statement is prepared once per session and the failure does not record it."""
    from django.db import DatabaseError, connection, transaction

    from xxgk.agencies.models import Agency
    from xxgk.search.sent_query import send_ids_query

    ids = [a.pk for a in Agency.objects.all()[:3]]
    assert len(ids) >= 2
    array = connection.vendor == "postgresql"
    where = "id = ANY(%s)" if array else f"id IN ({','.join(['%s'] * len(ids))})"
    read = send_ids_query(f"SELECT id FROM agencies_agency WHERE {where} AND name <> %s",
                          [ids, "无此名"] if array else [*ids, "无此名"])
    assert sorted(read()) == sorted(ids) and read() == read()
    with pytest.raises(DatabaseError), transaction.atomic():
        send_ids_query("SELECT id FROM no_such_table WHERE id = %s", [1])()
    assert Agency.objects.filter(pk__in=ids).count() == len(ids)
    again = send_ids_query(f"SELECT id FROM agencies_agency WHERE {'id = ANY(%s)' if array else 'id IN (%s)'} AND name <> %s",
                           [ids[:1], "无此名"] if array else [ids[0], "无此名"])
    assert again() == ids[:1]  # a statement sent before answers again, with new parameters
    if array:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                           ["SELECT id FROM agencies_agency%"])
            prepared = [row[0] for row in cursor.fetchall()]
        assert prepared == ["SELECT id FROM agencies_agency WHERE id = ANY($1) AND name <> $2"]  # once
    with override_settings(XXGK_DB_PREPARED=False):  # behind a pooler: sent as a plain statement
        assert send_ids_query(f"SELECT id FROM agencies_agency WHERE {where} AND name = %s",
                              [ids, "无此名"] if array else [*ids, "无此名"])() == []
    if array:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                           ["SELECT id FROM agencies_agency%"])
            assert cursor.fetchone()[0] == 1  # the plain one was not prepared


def test_the_kept_local_year_is_the_local_date_s_year_and_follows_the_time_zone():
    """selectors.this_year: the year of timezone.localdate(), re-read when the year's bounds pass or the
    time zone changes (at 2026-12-31 20:00 UTC it is already 2027 in Beijing)."""
    from unittest import mock

    from django.utils import timezone

    from xxgk.search import selectors

    assert selectors.this_year() == timezone.localdate().year
    late, localtime = datetime(2026, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC")), timezone.localtime
    with mock.patch.object(selectors.time, "time", return_value=late.timestamp()), \
            mock.patch.object(selectors.timezone, "localtime", lambda: localtime(late)):
        with override_settings(TIME_ZONE="Asia/Shanghai"):
            assert selectors.this_year() == 2027
        with override_settings(TIME_ZONE="UTC"):
            assert selectors.this_year() == 2026
    assert selectors.this_year() == timezone.localdate().year  # the real clock again: the kept year is left


@pytest.mark.django_db
def test_letters_consultations_interviews_reports_and_guides_leave_the_results_with_their_record(world,
                                                                                                search_backend):
    """Every kind of source is checked against the record as items are, before the worker updates the
    index; on the tantivy backend a page mixing them still costs its one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xxgk.agencies.models import Agency
    from xxgk.interaction import services as ix
    from xxgk.interaction.models import Consultation, Interview, Message
    from xxgk.reports.models import PublishedReport

    handler, approver = world.users["handler_x"], world.users["approver_x"]
    box = ix.message_box_save(agency=world.x, actor=approver, at=AT, name="局长信箱", reply_workdays=10)
    letter = ix.Letter(writer_name="王小明", contact="13800000001", subject="路灯不亮", body="门口路灯坏了。",
                       wants_public=True)
    message, _ = ix.message_submit(box=box, letter=letter, at=AT, address="")
    message = ix.message_reply(message=message, actor=handler, reply="路灯已修复。", today=AT.date(), at=AT)
    ix.message_publish(message=message, actor=handler, at=AT)
    consultation = ix.consultation_create(agency=world.x, actor=handler, at=AT, title="路灯改造方案征求意见",
                                          description="拟改造路灯。", opens_on=date(2020, 10, 1),
                                          closes_on=date(2099, 10, 31), feedback_days=10)
    interview = ix.interview_save(agency=world.x, actor=handler, at=AT, held_on=date(2020, 11, 2),
                                  topic="路灯改造在线访谈", guests="局长", summary="介绍路灯改造。")

    def report(version: int) -> PublishedReport:
        return PublishedReport.objects.create(
            agency=world.x, year=2020, version=version, format="2021", title=f"路灯年度报告第{version}版",
            tables={}, narrative={}, findings=[], acknowledgements=[], inputs={}, html="<p>路灯维护</p>",
            sha256="0" * 64, published_at=AT)

    first_report = report(1)
    search_reindex(at=AT)
    titles = {"路灯不亮", "路灯改造方案征求意见", "路灯改造在线访谈", "路灯年度报告第1版"}
    guide = f"{world.y.name}政府信息公开指南"

    def shown(query: str) -> set[str]:
        with CaptureQueriesContext(connection) as captured:
            hits = search(query, today=date(2020, 12, 1)).hits
        # The page's public check, whatever its sources (then the re-indexing queued for any stale hit).
        reads = [q["sql"] for q in captured if "INSERT" not in q["sql"]]
        assert search_backend != "tantivy" or (len(reads) == 1 and captured[0]["sql"] == reads[0])
        return {h.title for h in hits}

    search("路灯")  # the agencies' names are read once per process and then reused
    assert shown("路灯") == titles and guide in shown("教育局")
    Message.objects.filter(pk=message.pk).update(published_at=None)  # each no longer public, not yet re-indexed
    Consultation.objects.filter(pk=consultation.pk).delete()
    Interview.objects.filter(pk=interview.pk).delete()
    report(2)  # a corrected version replaces the first in search
    Agency.objects.filter(pk=world.y.pk).update(is_active=False)
    assert shown("路灯") == set() and guide not in shown("教育局")
    # The check's SQL rules and the builders that index each source agree: none of them is built either.
    from xxgk.search.documents import build

    keys = [f"message:{message.pk}", f"consultation:{consultation.pk}", f"interview:{interview.pk}",
            f"report:{first_report.pk}", f"guide:{world.y.pk}"]
    assert [build(key) for key in keys] == [None] * len(keys)
