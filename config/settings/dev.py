"""Development and demo settings: SQLite under ./var by default, debug off unless asked."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
# Two-factor sign-in is on in production; the demo's (and the suite's) staff sign in with passwords
# alone unless XXGK_STAFF_2FA=1 (tests/test_second_factor.py switches it on).
XXGK_STAFF_2FA = os.environ.get("XXGK_STAFF_2FA", "0") == "1"
