"""Field encryption at rest (Fernet) and keyed hashes for matching encrypted values."""

import base64
import hashlib
import hmac
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _keys() -> list[bytes]:
    """Return the field keys, newest first: XXGK_FIELD_KEYS (comma-separated) or one derived from SECRET_KEY."""
    raw = os.environ.get("XXGK_FIELD_KEYS", "").strip()
    if raw:
        return [k.strip().encode() for k in raw.split(",") if k.strip()]
    digest = hashlib.sha256(("xxgk-field-key:" + settings.SECRET_KEY).encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


def encrypt_text(value: str) -> str:
    """Return the value encrypted with the newest key ('' stays '')."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    """Return the plaintext of a token made by encrypt_text; raise ValueError if no key opens it."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("无法解密：密钥不匹配。") from exc


def keyed_hash(value: str) -> str:
    """Return a stable HMAC-SHA256 of the value, for equality matching without decrypting."""
    key = hashlib.sha256(b"xxgk-match:" + _keys()[-1]).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def encrypted_fields() -> list[tuple]:
    """Return (model, field name) for every field holding encrypt_text tokens (named *_encrypted)."""
    from django.apps import apps

    return [(model, f.name) for model in apps.get_models() for f in model._meta.get_fields()
            if getattr(f, "name", "").endswith("_encrypted") and getattr(f, "concrete", False)]


def rotate_encrypted_fields(batch: int = 1000) -> dict[str, int]:
    """Re-encrypt every stored token with the newest key; return tokens rewritten per field."""
    from django.db import transaction

    fernet, counts = _fernet(), {}
    for model, name in encrypted_fields():
        done = 0
        pks = list(model._base_manager.exclude(**{name: ""}).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch):
            with transaction.atomic():
                for pk, token in model._base_manager.select_for_update(no_key=True).filter(
                        pk__in=pks[start:start + batch]).values_list("pk", name):
                    model._base_manager.filter(pk=pk).update(**{name: fernet.rotate(token.encode()).decode()})
                    done += 1
        counts[f"{model._meta.label}.{name}"] = done
    return counts
