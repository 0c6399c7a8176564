"""Build a report from the platform's records: tables, prefilled narrative, findings, cell drill-down."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum

from xxgk.cases.models import Appeal, Case, FeeNotice
from xxgk.cases.selectors import APPLICANT_COLUMNS, COLUMN_FOR, YearCounts, case_year_counts, year_filters
from xxgk.catalog.selectors import items_per_channel, normative_counts
from xxgk.core.outcomes import outcomes, row_for_format
from xxgk.interaction.selectors import interviews_in_year, message_stats
from xxgk.monitoring.selectors import accounts_summary, submission_counts

from .checker.narrative import narrative_findings
from .models import PublishedReport, ReportDraft, ReportFigure
from .tables import Finding, Tables, check_tables, data_rows, empty_tables, format_for_year, table_def, table_defs

APPEAL_PREFIX = {"review": "review", "lawsuit_direct": "lit_direct", "lawsuit_after_review": "lit_after_review"}
T4_COLUMNS = [f"{p}_{o}" for p in ("review", "lit_direct", "lit_after_review")
              for o in ("maintained", "corrected", "other", "pending", "total")]
SECTION_TITLES = {"s1": "一、总体情况", "s5": "五、存在的主要问题及改进情况", "s6": "六、其他需要报告的事项"}


@dataclass
class BuiltReport:
    """A report as computed now from the records (not yet published)."""

    agency_name: str
    year: int
    format: str
    tables: Tables
    narrative: dict[str, str]
    findings: list[Finding] = field(default_factory=list)
    inputs: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.agency_name}{self.year}年政府信息公开工作年度报告"

    def as_dict(self) -> dict:
        return {"year": self.year, "format": self.format, "tables": self.tables,
                "findings": [f.as_dict() for f in self.findings]}


def t3_from_records(agency, year: int, fmt: str, subtree: bool = False,
                    counts: YearCounts | None = None) -> dict[str, list[int]]:
    """Return section 三 computed from the cases: 一 + 二 = 三（七） + 四 holds by construction."""
    counts = counts or case_year_counts(agency, year, subtree=subtree)
    rows: dict[str, list[int]] = {
        "new_received": [counts.received[c] for c in APPLICANT_COLUMNS],
        "carried_over": [counts.carried_over[c] for c in APPLICANT_COLUMNS],
        "carry_forward": [counts.carried_forward[c] for c in APPLICANT_COLUMNS],
    }
    for outcome in outcomes():
        row = row_for_format(outcome.code, fmt)
        values = [counts.concluded.get(outcome.code, {}).get(c, 0) for c in APPLICANT_COLUMNS]
        rows[row] = [a + b for a, b in zip(rows.get(row, [0] * 6), values, strict=True)]
    table = table_def(fmt, "t3")
    result = {r: [*v, sum(v)] for r, v in rows.items()}
    total_rule = next(r for r in table["rules"] if r["id"] == "t3_result_total")
    result["result_total"] = [sum(result[r][i] for r in total_rule["right"]) for i in range(7)]
    return {r["id"]: result[r["id"]] for r in data_rows(table)}


def appeals_counted(agency, year: int, counting: str, subtree: bool = False) -> list[tuple[Appeal, str]]:
    """Return the appeals section 四 counts, each with its outcome as of 31 December."""
    end = date(year, 12, 31)
    qs = Appeal.objects.filter(agency__path__startswith=agency.path) if subtree else Appeal.objects.filter(agency=agency)
    if counting == "concluded_or_pending":
        qs = qs.filter(Q(concluded_on__year=year) | Q(filed_on__lte=end) & (Q(concluded_on__isnull=True)
                                                                            | Q(concluded_on__gt=end)))
    else:
        qs = qs.filter(filed_on__year=year)
    return [(a, a.outcome if a.concluded_on and a.concluded_on <= end else "pending") for a in qs.order_by("filed_on")]


def t4_from_records(agency, year: int, counting: str, subtree: bool = False) -> dict[str, list[int]]:
    values = dict.fromkeys(T4_COLUMNS, 0)
    for appeal, outcome in appeals_counted(agency, year, counting, subtree):
        prefix = APPEAL_PREFIX[appeal.kind]
        values[f"{prefix}_{outcome}"] += 1
        values[f"{prefix}_total"] += 1
    return {"count": [values[c] for c in T4_COLUMNS]}


def _summed_figures(agency, year: int) -> dict:
    """Return the subtree's entered figures summed per row (counts and amounts alike)."""
    from decimal import Decimal

    total: dict = {}
    for figure in ReportFigure.objects.filter(agency__path__startswith=agency.path, year=year):
        key = (figure.table_id, figure.row_id)
        if key not in total:
            total[key] = ReportFigure(table_id=figure.table_id, row_id=figure.row_id, values=list(figure.values),
                                      source="下级机关填报数据汇总")
        else:
            total[key].values = [str(Decimal(a) + Decimal(b)) if isinstance(a, str) else a + b
                                 for a, b in zip(total[key].values, figure.values, strict=True)]
    return total


def figures_tables(agency, year: int, fmt: str, subtree: bool = False) -> tuple[Tables, list[Finding], dict]:
    """Return the section 二 tables from the entered figures, warning about rows nobody entered."""
    tables = {t_id: rows for t_id, rows in empty_tables(fmt).items() if t_id.startswith("t2")}
    entered = _summed_figures(agency, year) if subtree else {
        (f.table_id, f.row_id): f for f in ReportFigure.objects.filter(agency=agency, year=year)}
    catalogue = None if subtree else normative_counts(agency, year, fmt)
    if catalogue is not None:  # 第二十条第（一）项 comes from the catalogue once it holds such documents
        for row_id, values in catalogue.items():
            entered[("t2_art20_1", row_id)] = ReportFigure(table_id="t2_art20_1", row_id=row_id, values=values,
                                                           source="政府信息公开目录（自动统计）")
    findings, sources = [], {}
    for table in table_defs(fmt):
        if not table["id"].startswith("t2"):
            continue
        for row in data_rows(table):
            figure = entered.get((table["id"], row["id"]))
            if figure is None:
                findings.append(Finding("figures_missing", "warning",
                                        f"{table['caption']}“{row['path'][-1]}”尚未填报，按0计。"))
                continue
            tables[table["id"]][row["id"]] = figure.values
            sources[f"{table['id']}.{row['id']}"] = figure.source
    return tables, findings, sources


def fee_facts(agency, year: int) -> dict:
    """Return the year's 信息处理费 notices, the amount billed and the amount collected (one query)."""
    facts = FeeNotice.objects.filter(case__agency=agency, issued_on__year=year).aggregate(
        notices=Count("id"), billed=Sum("amount_yuan"),
        collected=Sum("amount_yuan", filter=Q(paid_on__isnull=False)))
    return {"notices": facts["notices"], "billed": facts["billed"] or 0, "collected": facts["collected"] or 0}


def _interaction_facts(agency, year: int) -> str:
    """Return the section 一 sentences on 信箱, interviews, new-media accounts and 报送/采用 (empty parts omitted)."""
    parts = []
    stats = message_stats(agency, year)
    if stats.received:
        boxes = "、".join(agency.message_boxes.filter(messages__received_on__year=year).distinct()
                         .values_list("name", flat=True))
        parts.append(f"全年共办理{boxes}留言{stats.received}件，已答复{stats.answered}件，其中按期答复"
                     f"{stats.answered_in_time}件，办结率{stats.completion_rate:g}%。")
    interviews = interviews_in_year(agency, year).count()
    if interviews:
        parts.append(f"开展领导访谈{interviews}次。")
    accounts = accounts_summary(agency, year)
    if accounts["active"] or accounts["closed"]:
        closed = f"{'、'.join(accounts['closed'])}等单位注销关停政务新媒体账号{len(accounts['closed'])}个，" \
            if accounts["closed"] else ""
        parts.append(f"{closed}保留的{accounts['active']}个政务新媒体账号纳入日常监测。")
    submitted = submission_counts(agency, year)
    if submitted["submitted"]:
        parts.append(f"向上级政府网站报送信息{submitted['submitted']}条，采用{submitted['used']}条。")
    return "".join(parts)


def default_narrative(agency, year: int, tables: Tables, counts: YearCounts | None = None) -> dict[str, str]:
    """Return narrative sections prefilled with facts from the platform."""
    t3, t4 = tables["t3"], tables["t4"]["count"]
    on_time = (counts or case_year_counts(agency, year)).concluded_on_time
    fees = fee_facts(agency, year)
    s1 = (f"{year}年，本机关共收到政府信息公开申请{t3['new_received'][-1]}件，上年结转{t3['carried_over'][-1]}件，"
          f"办结{t3['result_total'][-1]}件，其中按期答复{on_time}件；结转下年度继续办理{t3['carry_forward'][-1]}件。"
          f"发生政府信息公开行政复议{t4[4]}件、行政诉讼{t4[9] + t4[14]}件。")
    s1 = _interaction_facts(agency, year) + s1
    channels = items_per_channel(agency, year)
    posts = accounts_summary(agency, year)["posts"]  # the accounts of the agency and all agencies under it
    if posts > channels.get("wechat", 0):  # posts recorded on the accounts count, not only catalogue items
        channels["wechat"] = posts
    if channels:
        labels = {"portal": "门户网站", "wechat": "政务新媒体", "gazette": "政府公报", "other": "其他渠道"}
        s1 = (f"{year}年，本机关通过" + "、".join(f"{labels.get(c, c)}{n}条" for c, n in channels.items())
              + "主动公开政府信息。" + s1)
    if fees["notices"]:
        s6 = (f"{year}年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知{fees['notices']}份，"
              f"应收信息处理费{fees['billed']}元，实收{fees['collected']}元。")
    else:
        s6 = f"{year}年，本机关未收取信息处理费。"
    return {"s1": s1, "s5": "", "s6": s6}


def previous_tables(agency, year: int) -> Tables | None:
    latest = PublishedReport.objects.filter(agency=agency, year=year - 1).order_by("-version").first()
    return latest.tables if latest else None


def build_report(agency, year: int, *, subtree: bool = False) -> BuiltReport:
    """Compute the report for `year` from records, entered figures and the draft's narrative.

    With `subtree`, build the combined report of the agency and everything under it.
    """
    fmt = format_for_year(year)
    draft = ReportDraft.objects.filter(agency=agency, year=year).first()
    counting = draft.appeal_counting if draft else "filed_in_year"
    tables, findings, sources = figures_tables(agency, year, fmt, subtree)
    counts = case_year_counts(agency, year, subtree=subtree)  # read the year's cases once
    tables["t3"] = t3_from_records(agency, year, fmt, subtree, counts=counts)
    tables["t4"] = t4_from_records(agency, year, counting, subtree)
    ordered = {t["id"]: tables[t["id"]] for t in table_defs(fmt)}
    narrative = default_narrative(agency, year, ordered, counts if not subtree else None)
    if draft:
        narrative.update({k: v for k, v in draft.narrative.items() if v})
    findings = check_tables(ordered, fmt, previous_tables(agency, year)) + findings
    findings += narrative_findings("\n".join(narrative.values()), ordered)
    if subtree:
        findings = [f for f in findings if f.rule != "figures_missing"]
    inputs = {"figure_sources": sources, "appeal_counting": counting, "combined": subtree,
              # The cases section 三 counts: received, carried over or concluded in the year (of the agency and,
              # for the combined report, every agency under it).
              "cases": counts.cases}
    name = f"{agency.name}及所属机关（汇总）" if subtree else agency.name
    return BuiltReport(agency_name=name, year=year, format=fmt, tables=ordered, narrative=narrative,
                       findings=findings, inputs=inputs)


def cases_behind_cell(agency, year: int, row: str, column: str):
    """Return the cases counted in one section 三 cell (for opening a computed number)."""
    rows = year_filters(year)
    qs = Case.objects.filter(agency=agency)
    if row == "new_received":
        qs = qs.filter(rows["received"])
    elif row == "carried_over":
        qs = qs.filter(rows["carried_over"])
    elif row == "carry_forward":
        qs = qs.filter(rows["carried_forward"])
    else:
        qs = qs.filter(rows["concluded"])
        if row == "other":
            qs = qs.filter(outcome__startswith="other_")
        elif row != "result_total":
            qs = qs.filter(outcome=row)
    if column != "total":
        kinds = [k for k, c in COLUMN_FOR.items() if c == column]
        condition = Q()
        for kind, org_type in kinds:
            condition |= Q(applicant_kind=kind, org_type=org_type)
        qs = qs.filter(condition)
    return qs.order_by("received_on", "number")


def publication_status(agencies, year: int) -> list[tuple]:
    """Return (agency, latest published version or None) for each agency."""
    latest = {}
    for report in PublishedReport.objects.filter(agency__in=agencies, year=year).order_by("version"):
        latest[report.agency_id] = report
    return [(a, latest.get(a.pk)) for a in agencies]


def subtree_counts(agencies, year: int) -> dict:
    """Return applications received per agency of a subtree (for the combined view)."""
    return dict(Case.objects.filter(agency__in=agencies, received_on__year=year).values_list("agency_id").annotate(
        n=Count("id")))
