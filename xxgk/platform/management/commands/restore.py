"""`xxgk restore FILE --yes`: replace the database and stored files with a backup made by `xxgk backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xxgk.platform.backup import backup_restore
from xxgk.platform.errors import InvalidInput


class Command(BaseCommand):
    help = "Restore a backup made by `xxgk backup` (checks every checksum first; --yes to confirm)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: the current data is replaced.")

    def handle(self, *args, **opts):
        if not opts["archive"].is_file():
            raise CommandError(f"找不到备份文件：{opts['archive']}")
        if not opts["yes"]:
            raise CommandError("恢复会用备份替换当前全部数据和文件；确认请加 --yes。")
        try:
            manifest = backup_restore(archive=opts["archive"])
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已恢复 {manifest['created_at']} 的备份：{len(manifest['tables'])}张表，"
                          f"文件{len(manifest['files'])}个。")
