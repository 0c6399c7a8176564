"""`xxgk keys rotate`: tokens written under an old key are re-encrypted under the newest one, values unchanged."""

from datetime import date

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command

from tests.case_helpers import VALID_ID, submit
from xxgk.cases.models import Case
from xxgk.platform.crypto import decrypt_text, encrypted_fields, keyed_hash


def test_every_encrypted_field_is_found():
    names = {f"{m._meta.label}.{n}" for m, n in encrypted_fields()}
    assert {"cases.Case.id_number_encrypted", "interaction.Message.contact_encrypted"} <= names


@pytest.mark.django_db
def test_rotation_moves_tokens_to_the_new_key(monkeypatch, world):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("XXGK_FIELD_KEYS", old)
    hash_before = keyed_hash(VALID_ID)
    case, _ = submit(world.x, date(2024, 3, 4))
    token_before = Case.objects.get(pk=case.pk).id_number_encrypted
    with pytest.raises(InvalidToken):
        Fernet(new.encode()).decrypt(token_before.encode())

    monkeypatch.setenv("XXGK_FIELD_KEYS", f"{new},{old}")  # newest first; the oldest key stays last
    call_command("keys", "rotate")
    token = Case.objects.get(pk=case.pk).id_number_encrypted
    assert Fernet(new.encode()).decrypt(token.encode()).decode() == VALID_ID
    assert decrypt_text(token) == VALID_ID
    assert keyed_hash(VALID_ID) == hash_before  # matching hashes survive the rotation


@pytest.mark.django_db
def test_rotation_without_the_old_key_fails_in_chinese_and_changes_nothing(monkeypatch, world):
    from django.core.management.base import CommandError

    monkeypatch.setenv("XXGK_FIELD_KEYS", Fernet.generate_key().decode())
    case, _ = submit(world.x, date(2024, 3, 4))
    before = Case.objects.get(pk=case.pk).id_number_encrypted
    monkeypatch.setenv("XXGK_FIELD_KEYS", Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="旧密钥"):
        call_command("keys", "rotate")
    assert Case.objects.get(pk=case.pk).id_number_encrypted == before
