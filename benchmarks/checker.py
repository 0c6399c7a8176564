#!/usr/bin/env python3
"""Report checker throughput: published reports checked per second over the sample reports repeated,
against the rate of merely reading them into lines (the floor any checker has). Target ≥ 50 reports/s.

    benchmarks/checker.py [--rounds 20]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, emit, setup_django  # noqa: E402

SAMPLES = ROOT / "tests" / "data" / "samples"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    setup_django(args.database, "checker")
    from xxgk.reports.checker.extract import document_lines
    from xxgk.reports.checker.parse import check_document

    files = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*")) if p.suffix in (".txt", ".html")]
    for name, data in files:  # warm: formats and rules load once
        check_document(name, data)

    def rate(fn) -> float:
        started = time.perf_counter()
        for _ in range(args.rounds):
            for name, data in files:
                fn(name, data)
        return args.rounds * len(files) / (time.perf_counter() - started)

    emit("checker.reports_per_s", args.database, len(files) * args.rounds, rate(check_document), "reports/s",
         rate(document_lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
