"""`xxgk serve`: serve the web application with gunicorn (static files via WhiteNoise)."""

import os
import socket
import sys

from django.core.management.base import BaseCommand


def default_binds(port: int = 8000) -> list[str]:
    """Listen on loopback over IPv4 and, where the machine has it, IPv6 too."""
    binds = [f"127.0.0.1:{port}"]
    if socket.has_ipv6:
        try:
            with socket.socket(socket.AF_INET6) as probe:
                probe.bind(("::1", 0))
            binds.append(f"[::1]:{port}")
        except OSError:  # IPv6 switched off on this machine: IPv4 only
            pass
    return binds


def gunicorn_argv(*, binds: list[str], workers: int, threads: int) -> list[str]:
    """Return the gunicorn command line for the given listen addresses."""
    argv = [sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--workers", str(workers), "--threads", str(threads), "--access-logfile", "-",
            "--graceful-timeout", "10"]
    for bind in binds:
        argv += ["--bind", bind]
    return argv


class Command(BaseCommand):
    help = "Serve the portal and workspace over HTTP with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", action="append", default=None,
                            help="Address to listen on, e.g. [::]:8000 for dual stack "
                                 "(repeatable; default 127.0.0.1:8000 and [::1]:8000).")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("XXGK_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("XXGK_WEB_THREADS", "4")))

    def handle(self, *args, **opts):
        argv = gunicorn_argv(binds=opts["bind"] or default_binds(), workers=opts["workers"],
                             threads=opts["threads"])
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        from django.db import connections

        connections.close_all()
        sys.stdout.flush()
        sys.stderr.flush()
        # Become gunicorn (no parent left behind): a stop signal reaches its master, which stops the workers.
        os.execve(argv[0], argv, env)
