"""Test settings: SQLite by default, PostgreSQL when XXGK_TEST_DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, database_from_url

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
_url = os.environ.get("XXGK_TEST_DATABASE_URL", f"sqlite:///{VAR_DIR / 'test.sqlite3'}")
DATABASES = {"default": database_from_url(_url)}
# A fast hasher keeps the suite quick; test_settings asserts production uses Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
# Two-factor sign-in is on in production; the demo's (and the suite's) staff sign in with passwords
# alone unless XXGK_STAFF_2FA=1 (tests/test_second_factor.py switches it on).
XXGK_STAFF_2FA = os.environ.get("XXGK_STAFF_2FA", "0") == "1"
