#!/usr/bin/env python3
"""Ledger import at scale: importing N cases from XLSX and from CSV (read, validate every row, insert all
or none) against a raw bulk insert of the same rows. Target ratio ≤ 3. Also the process's peak RSS.

    benchmarks/ledger.py --database sqlite|postgresql --n 100000
"""

import argparse
import copy
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, note, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    scratch = setup_django(args.database, f"ledger_{args.n}")
    try:
        from django.db import transaction
        from django.utils import timezone

        from xxgk.agencies.models import Agency, AgencyKind
        from xxgk.cases.ledger import case_to_row, write_csv, write_xlsx
        from xxgk.cases.models import Case
        from xxgk.cases.services.ledger import ledger_import
        from xxgk.core.credit_code import make_credit_code
        from xxgk.demo.generate import generate

        note(f"[{args.database} n={args.n}] generating the source ledger…")
        made = generate(agencies=1, items=0, cases=args.n, seed=9)
        source = list(Case.objects.filter(agency_id=made["root_id"]).select_related("agency", "fee_notice")
                      .prefetch_related("consultations").order_by("pk"))
        rows = [case_to_row(c) for c in source]
        files = {"xlsx": ("ledger.xlsx", write_xlsx(rows)), "csv": ("ledger.csv", write_csv(rows))}

        def target(tag: str) -> Agency:
            return Agency.objects.create(name=f"导入测试机关{tag}", kind=AgencyKind.DEPARTMENT,
                                         credit_code=make_credit_code(f"11419{len(tag):02d}{hash(tag) % 10**8:08d}G9"),
                                         created_at=timezone.now())

        before_mb = int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 1e6
        raw_agency = target("raw")
        clones = []
        for case in source:  # the same rows, already built: only the insert remains
            clone = copy.copy(case)
            clone.pk = clone.id = None
            clone.agency = raw_agency
            clones.append(clone)
        started = time.perf_counter()
        with transaction.atomic():
            Case.objects.bulk_create(clones, batch_size=2000)
        raw = time.perf_counter() - started
        for kind, (name, data) in files.items():
            agency = target(kind)
            started = time.perf_counter()
            imported = ledger_import(agency=agency, name=name, data=data, at=timezone.now())
            elapsed = time.perf_counter() - started
            assert len(imported) == args.n
            emit(f"ledger.import_{kind}_s", args.database, args.n, elapsed, "s", raw)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # Peak resident memory of the importing process against what it held before the imports.
        emit("ledger.peak_rss_mb", args.database, args.n, peak_mb, "MB", before_mb)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
