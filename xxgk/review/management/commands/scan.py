"""`xxgk scan FILE [--json]`: check a file for secrecy markings and personal data before drafting."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xxgk.core.scan import scan_text
from xxgk.review.extract import UnreadableFile, file_segments


class Command(BaseCommand):
    help = "Scan a file (DOCX, XLSX, PDF, HTML, text) for secrecy markings, identity/phone/card numbers, words."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        try:
            segments = file_segments(path.name, path.read_bytes())
        except (OSError, UnreadableFile) as exc:
            raise CommandError(str(exc) if isinstance(exc, UnreadableFile) else f"找不到文件：{path}",
                               returncode=2) from exc
        findings = scan_text(segments, words=settings.XXGK_SCAN_WORDS, patterns=settings.XXGK_SCAN_PATTERNS)
        blocking = any(f.blocking for f in findings)
        if opts["json"]:
            self.stdout.write(json.dumps({"findings": [f.as_dict() for f in findings], "blocking": blocking},
                                         ensure_ascii=False))
        else:
            labels = {"secrecy_marking": "密级标志", "id_number": "身份证号码", "mobile": "手机号码",
                      "bank_card": "银行卡号", "word": "禁用词"}
            for f in findings:
                self.stdout.write(f"{f.where}：{labels.get(f.kind, f.kind)}“{f.text}”")
            self.stdout.write("含有密级标志，禁止公开。" if blocking else
                              ("未发现问题。" if not findings else f"共{len(findings)}处需要处理。"))
        if findings:
            sys.exit(1)
