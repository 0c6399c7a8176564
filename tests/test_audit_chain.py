"""The audit log's hash chain: `xxgk audit verify` passes on an honest log and finds altered and deleted rows."""

import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import AT, AgencyFactory
from xxgk.platform.audit import audit_record, audit_verify
from xxgk.platform.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _log(n: int) -> list[AuditEvent]:
    AgencyFactory()
    return [audit_record(action="test.event", at=AT, data={"n": i, "who": "张三", "list": (1, 2)}) for i in range(n)]


def _verify_json(capsys) -> dict:
    try:
        call_command("audit", "verify", "--json")
    except CommandError:
        pass
    return json.loads(capsys.readouterr().out)


def test_an_honest_log_verifies(capsys):
    events = _log(5)
    assert audit_verify() == []
    out = _verify_json(capsys)
    assert out["ok"] is True and out["events"] == AuditEvent.objects.count() and out["problems"] == []
    # Each row links to the one before it.
    chain = list(AuditEvent.objects.order_by("id"))
    assert all(b.prev_hash == a.row_hash for a, b in zip(chain, chain[1:], strict=False))
    assert AuditChainHead.objects.get().last_event_id == events[-1].pk


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=AuditEvent._meta.db_table), params)


def test_an_altered_row_is_found(capsys):
    events = _log(4)
    _raw("UPDATE {table} SET action = %s WHERE id = %s", ["tampered", events[1].pk])
    out = _verify_json(capsys)
    assert out["ok"] is False
    assert [p["id"] for p in out["problems"]] == [events[1].pk]
    assert "改动" in out["problems"][0]["problem"]


def test_altered_data_is_found_even_with_a_recomputed_hash_of_its_own():
    events = _log(4)
    from xxgk.core.hashchain import link_hash

    target = AuditEvent.objects.get(pk=events[1].pk)
    target.data = {"n": 99}
    forged = link_hash(target.prev_hash, {f: getattr(target, f) for f in (
        "at", "actor_id", "actor_label", "action", "target_type", "target_id", "agency_id", "ip_address", "data")})
    _raw("UPDATE {table} SET data = %s, row_hash = %s WHERE id = %s", ['{"n": 99}', forged, events[1].pk])
    problems = audit_verify()
    # The forged row hashes correctly, but the next row still links to the original hash.
    assert [p["id"] for p in problems] == [events[2].pk]


def test_a_deleted_row_is_found():
    events = _log(4)
    _raw("DELETE FROM {table} WHERE id = %s", [events[1].pk])
    problems = audit_verify()
    assert [p["id"] for p in problems] == [events[2].pk]
    assert "删除" in problems[0]["problem"]


def test_deleting_the_newest_row_is_found():
    events = _log(3)
    _raw("DELETE FROM {table} WHERE id = %s", [events[-1].pk])
    problems = audit_verify()
    assert problems and "链头" in problems[-1]["problem"]


def test_verify_exits_with_status_1_and_a_chinese_message():
    events = _log(2)
    _raw("UPDATE {table} SET actor_label = %s WHERE id = %s", ["冒名", events[0].pk])
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1 and "审计日志校验未通过" in str(exc.value)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("sqlite" in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
                    reason="the SQLite test database is in memory, where threads cannot wait for each other's lock; "
                           "a file database serialises writers with BEGIN IMMEDIATE")
def test_concurrent_appends_keep_one_chain():
    AgencyFactory()
    errors = []

    def write(k):
        try:
            for i in range(10):
                audit_record(action="test.concurrent", at=AT, data={"thread": k, "i": i})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 40
    assert audit_verify() == []
