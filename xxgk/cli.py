"""The `xxgk` command: Django's management commands with a short, grouped help."""

import os
import sys

XXGK_APPS = ("xxgk.",)
HELP_FLAGS = {"-h", "--help", "help"}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def command_summaries() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return (xxgk's own commands, other Django commands) as (name, one-line help) pairs."""
    from django.core.management import get_commands, load_command_class

    own, other = [], []
    for name, app in sorted(get_commands().items()):
        try:
            cmd = load_command_class(app, name)
            summary = (cmd.help or "").strip().splitlines()[0] if cmd.help else ""
        except Exception as exc:  # a broken third-party command must not hide the rest
            summary = f"(unavailable: {exc.__class__.__name__})"
        (own if app.startswith(XXGK_APPS) else other).append((name, summary))
    return own, other


def print_help() -> None:
    """Print xxgk's commands first, then every other management command, one line each."""
    own, other = command_summaries()
    print("xxgk — 政府信息公开平台 command line\n")
    print("Usage: xxgk COMMAND [options]   (xxgk COMMAND --help for a command's options)\n")
    print("xxgk commands:")
    for name, summary in own:
        print(f"  {name:<24} {summary}")
    print("\nDjango and library commands:")
    for name, summary in other:
        print(f"  {name:<24} {summary}")
    print("\nThe database is the one XXGK_DATABASE_URL names (default: SQLite under ./var/).")


def main(argv: list[str] | None = None) -> int:
    """Run one management command; with no command or --help, print the grouped command list."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _setup()
    if not argv or argv[0] in HELP_FLAGS:
        print_help()
        return 0
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["xxgk", *argv])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
