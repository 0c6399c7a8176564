"""年度报告: build the annual report from records, validate it, publish snapshots, check others' reports."""
