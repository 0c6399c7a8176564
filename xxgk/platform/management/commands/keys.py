"""`xxgk keys rotate`: re-encrypt every personal field stored encrypted with the newest XXGK_FIELD_KEYS key."""

from django.core.management.base import BaseCommand, CommandError

from xxgk.platform.crypto import rotate_encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt encrypted personal fields with the newest key (xxgk keys rotate); see README for the steps."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rotate"])

    def handle(self, *args, **opts):
        try:
            counts = rotate_encrypted_fields()
        except Exception as exc:  # an unreadable token: say which key is missing, change nothing more
            raise CommandError(f"密钥轮换失败：{exc}（请确认旧密钥仍在 XXGK_FIELD_KEYS 中）。") from exc
        for field, n in counts.items():
            self.stdout.write(f"{field}：{n}条")
        self.stdout.write(f"密钥轮换完成：共重新加密{sum(counts.values())}条。")
