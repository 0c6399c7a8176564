"""Development and demo settings: SQLite under ./var by default, debug off unless asked."""

from .base import *  # noqa: F403
from .base import VAR_DIR

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
