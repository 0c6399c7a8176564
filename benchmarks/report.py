#!/usr/bin/env python3
"""Annual report at scale: building one agency's report when its year holds N cases, against one
hand-written SQL GROUP BY over the same rows (the least any report must do). Target ratio ≤ 1.5.

    benchmarks/report.py --database sqlite|postgresql --n 1000000 [--repeat 3]
"""

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import best_of, emit, note, setup_django  # noqa: E402

GROUP_BY = ("SELECT outcome, applicant_kind, org_type, COUNT(*) FROM cases_case WHERE agency_id = %s AND "
            "(received_on BETWEEN %s AND %s OR replied_on BETWEEN %s AND %s) GROUP BY outcome, applicant_kind, org_type")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scratch = setup_django(args.database, f"report_{args.n}")
    try:
        from datetime import date

        from django.db import connection

        from xxgk.agencies.models import Agency
        from xxgk.demo.generate import generate
        from xxgk.reports.selectors import build_report

        note(f"[{args.database} n={args.n}] generating cases…")
        made = generate(agencies=1, items=0, cases=args.n, seed=5, years=(2020,))
        agency = Agency.objects.get(pk=made["root_id"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        def group_by():
            with connection.cursor() as cursor:
                start, end = date(2020, 1, 1), date(2020, 12, 31)
                cursor.execute(GROUP_BY, [agency.pk, start, end, start, end])
                cursor.fetchall()

        report = build_report(agency, 2020)  # warm: formats, calendar
        assert report.tables["t3"]["result_total"][-1] > 0
        emit("report.build_s", args.database, args.n, best_of(args.repeat, lambda: build_report(agency, 2020)), "s",
             best_of(args.repeat, group_by))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
