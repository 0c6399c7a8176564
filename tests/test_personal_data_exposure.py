"""Identity numbers live only encrypted (and masked for display): never in the audit log, logs, mails, pages
for staff lists, API answers or error pages."""

import logging

import pytest
from django.core import mail
from django.db import connection

from tests.case_helpers import VALID_ID
from tests.test_cases_flows import apply
from xxgk.cases.models import Case
from xxgk.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_identity_number_is_stored_only_encrypted_and_never_shown_or_logged(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    response = apply(client, world.x)
    case = Case.objects.get()
    assert response.status_code == 200 and case.number in response.content.decode()  # the receipt page
    assert VALID_ID not in response.content.decode()
    assert VALID_ID not in case.id_number_encrypted and case.id_number_masked.endswith(VALID_ID[-2:])
    # No other column of any table holds it in clear.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith(("search_fts", "sqlite_")):
                continue
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            for column in columns:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE %s',
                               [f"%{VALID_ID}%"])
                assert cursor.fetchone()[0] == 0, f"{table}.{column} holds the identity number in clear"
    assert not any(VALID_ID in str(e.data) for e in AuditEvent.objects.all())
    assert all(VALID_ID not in m.body and VALID_ID not in m.subject for m in mail.outbox)
    assert VALID_ID not in caplog.text
    client.force_login(world.users["handler_x"])
    for url in ("/workspace/cases/", f"/workspace/cases/{case.pk}/", f"/api/v1/cases/{case.pk}", "/api/v1/cases"):
        assert VALID_ID not in client.get(url).content.decode()


def test_error_pages_do_not_echo_identity_numbers(client, world, settings):
    # A refused application (the title is missing) is redisplayed for correction, but a server error page
    # and the 404 page never carry what was posted.
    response = client.post(f"/gk/apply/{world.x.credit_code}/nonexistent/", {"id_number": VALID_ID})
    assert response.status_code == 404 and VALID_ID not in response.content.decode()
    response = client.post("/api/v1/cases", {"agency": "bad", "id_number": VALID_ID}, content_type="application/json")
    assert response.status_code in (400, 404) and VALID_ID not in response.content.decode()
