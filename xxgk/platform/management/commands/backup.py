"""`xxgk backup [--output FILE]`: a consistent online backup of the database and every stored file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from xxgk.platform.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database (online, consistent) and the stored files into one .tar.gz (xxgk restore reads it)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Archive to write (default var/backups/xxgk-<time>.tar.gz).")

    def handle(self, *args, **opts):
        at = timezone.now()
        output = opts["output"] or Path(settings.VAR_DIR) / "backups" / f"xxgk-{timezone.localtime(at):%Y%m%d-%H%M%S}.tar.gz"
        manifest = backup_create(output=output, at=at)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"已备份：{output}（数据库{manifest['vendor']}，{len(manifest['tables'])}张表共{rows}行，"
                          f"文件{len(manifest['files'])}个）。")
