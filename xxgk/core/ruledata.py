"""Effective-dated rule data shipped in xxgk/core/data/*.json. Pure."""

import json
from datetime import date
from functools import cache
from importlib import resources


@cache
def rule_versions(name: str) -> tuple[dict, ...]:
    """Return the versions of `data/<name>.json`, oldest first."""
    raw = json.loads(resources.files("xxgk.core").joinpath(f"data/{name}.json").read_text("utf-8"))
    return tuple(sorted(raw["versions"], key=lambda v: v["effective_from"]))


def rules_in_force(name: str, day: date) -> dict:
    """Return the version of `name` in force on `day` (the oldest one before any version began)."""
    versions = rule_versions(name)
    current = versions[0]
    for version in versions:
        if date.fromisoformat(version["effective_from"]) <= day:
            current = version
    return current
