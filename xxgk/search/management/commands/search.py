"""`xxgk search QUERY [--kind K] [--json]` prints what the portal would show; `xxgk search reindex` rebuilds."""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from xxgk.search.models import KINDS
from xxgk.search.selectors import Filters, search
from xxgk.search.services import search_reindex


class Command(BaseCommand):
    help = "Search the public record as the portal does, or rebuild the index (`xxgk search reindex`)."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="+", help="the words to search for, or `reindex`")
        parser.add_argument("--kind", choices=[k for k, _ in KINDS], default="")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, **opts):
        if opts["query"] == ["reindex"]:
            def progress(done: int, total: int) -> None:
                filled = done * 30 // max(total, 1)
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
                sys.stderr.flush()

            count = search_reindex(at=timezone.now(), progress=progress)
            sys.stderr.write("\n")
            self.stdout.write(f"已重建索引：{count} 条公开信息。")
            return
        results = search(" ".join(opts["query"]), filters=Filters(kind=opts["kind"]), page=opts["page"],
                         today=timezone.localdate())
        if opts["as_json"]:
            self.stdout.write(json.dumps(results.as_dict(), ensure_ascii=False, default=str))
            return
        self.stdout.write(f"共 {results.total} 条结果")
        for hit in results.hits:
            self.stdout.write(f"【{hit.kind_label}】{hit.title}  {hit.url}")
