"""SQLite with a fair queue for writers: Django's backend plus one write lock per database file.

SQLite lets one transaction write at a time and makes the others poll (every 100 ms once
busy_timeout's back-off is spent). Under many concurrent writers a poller can lose every race
and fail with "database is locked" after the timeout while others keep the lock busy. Here a
thread first takes its process's lock, then an advisory lock on `<database>.writelock` (flock
blocks in the kernel instead of polling, and the kernel frees it when a process dies, even on
SIGKILL), and only then sends BEGIN IMMEDIATE, so writers queue instead of racing. Every
transaction already takes SQLite's write lock (transaction_mode IMMEDIATE), so this changes
how writers wait, not what they may do.
"""

import fcntl
import os
import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

QUEUE_TIMEOUT_SECONDS = 120  # far beyond any healthy transaction; a stuck holder is then reported

_locks: dict[str, tuple[int, threading.Lock, int]] = {}  # path -> (pid, thread lock, lock-file descriptor)
_registry_lock = threading.Lock()


def _writer_lock(path: str) -> tuple[threading.Lock, int]:
    """Return this process's thread lock and lock-file descriptor for `path` (re-opened after a fork)."""
    with _registry_lock:
        entry = _locks.get(path)
        if entry is None or entry[0] != os.getpid():
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            entry = (os.getpid(), threading.Lock(), fd)
            _locks[path] = entry
        return entry[1], entry[2]


def _lock_path(name) -> str | None:
    name = str(name)
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    return name + ".writelock"


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's SQLite backend whose transactions queue for one writer lock per database file."""

    _held: tuple[threading.Lock, int] | None = None

    def _start_transaction_under_autocommit(self):
        path = _lock_path(self.settings_dict["NAME"])
        if path is None:
            return super()._start_transaction_under_autocommit()
        thread_lock, fd = _writer_lock(path)
        if not thread_lock.acquire(timeout=QUEUE_TIMEOUT_SECONDS):
            raise OperationalError("database is locked (writer queue timed out)")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            thread_lock.release()
            raise
        self._held = (thread_lock, fd)
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer()
            raise

    def _release_writer(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            fcntl.flock(held[1], fcntl.LOCK_UN)
            held[0].release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer()
