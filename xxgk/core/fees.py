"""信息处理费 (国办函〔2020〕109号): per-application and per-page charges from versioned data. Pure."""

import json
import math
from dataclasses import dataclass
from datetime import date
from importlib import resources


class FeeInputError(ValueError):
    """Input that cannot give a fee; the message is a complete Chinese sentence."""


@dataclass(frozen=True)
class FeeRules:
    effective_from: date
    basis: str
    per_application: dict
    per_page: dict


def _load() -> tuple[FeeRules, ...]:
    raw = json.loads(resources.files("xxgk.core").joinpath("data/fee_rules.json").read_text("utf-8"))
    return tuple(sorted(
        (FeeRules(effective_from=date.fromisoformat(v["effective_from"]), basis=v["basis"],
                  per_application=v["per_application"], per_page=v["per_page"]) for v in raw["versions"]),
        key=lambda r: r.effective_from,
    ))


FEE_VERSIONS = _load()


def fee_rules_for(day: date) -> FeeRules:
    """Return the fee standard in force on `day`; before the first one there is no fee at all."""
    applicable = [r for r in FEE_VERSIONS if r.effective_from <= day]
    if not applicable:
        raise FeeInputError(f"{day} 时尚无信息处理费收费标准（国办函〔2020〕109号自2021年1月1日起施行）。")
    return applicable[-1]


def fee_for_application_count(n: int, rules: FeeRules) -> int:
    """Return the fee in yuan for an applicant's n-th application in one natural month (n >= 1)."""
    if n < 1:
        raise FeeInputError("申请序号必须为正整数。")
    spec = rules.per_application
    if n <= spec["free_up_to"]:
        return 0
    for band in spec["bands"]:
        if n >= band["first"] and (band["last"] is None or n <= band["last"]):
            if "yuan_each" in band:
                return band["yuan_each"]
            steps = math.ceil((n - band["first"] + 1) / band["band_size"]) - 1
            return band["start_yuan"] + steps * band["step_yuan"]
    raise FeeInputError(f"第{n}件申请不在任何收费档次内。")


def fee_for_pages(pages: int, rules: FeeRules) -> int:
    """Return the fee in yuan for `pages` pages, each band charged only for the pages within it."""
    if pages < 0:
        raise FeeInputError("页数不能为负数。")
    spec, total = rules.per_page, 0
    for band in spec["bands"]:
        last = pages if band["last"] is None else min(pages, band["last"])
        if last >= band["first"]:
            total += (last - band["first"] + 1) * band["yuan_per_page"]
    return total
