"""`xxgk demo generate`: a province-sized synthetic dataset for benchmarks, written with bulk inserts.

Titles and bodies are built from jieba's dictionary (a real vocabulary of several hundred thousand
words) and the demo's title templates; metadata and case outcomes are spread over the years the way a
real platform's are. The same seed gives the same data.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max

from xxgk.agencies.models import Agency, AgencyKind, User
from xxgk.cases.models import Case, CaseEvent
from xxgk.catalog.models import Item, ItemRevision
from xxgk.catalog.vocab import ART20_CHOICES, GENRES, subject_choices
from xxgk.core.credit_code import make_credit_code
from xxgk.core.outcomes import outcomes

TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000
YEARS = (2019, 2020, 2021, 2022, 2023, 2024, 2025)
PLACES = ("洛阳", "郑州", "开封", "南阳", "新乡", "安阳", "许昌", "信阳", "周口", "商丘", "驻马店", "平顶山")
TITLE_TEMPLATES = ("关于{a}{b}工作的通知", "{place}{year}年{a}{b}实施方案", "关于印发{a}{b}管理办法的通知",
                   "{place}关于{a}{b}的公告", "{year}年{a}{b}情况报告", "关于进一步加强{a}{b}的意见",
                   "{place}{a}{b}专项规划（{year}—{year2}年）", "《{a}{b}管理办法》政策解读")
DEPARTMENTS = ("发展和改革委员会", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
               "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
               "文化广电和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局")


def vocabulary(limit: int = 30000) -> list[str]:
    """Return the most frequent 2–4 character nouns and verbs of jieba's dictionary, most frequent first."""
    import jieba

    words = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if 2 <= len(word) <= 4 and tag in ("n", "vn", "v", "nz", "an") and int(freq) >= 20:
                words.append((int(freq), word))
    words.sort(reverse=True)
    return [w for _, w in words[:limit]]


class Synth:
    """Deterministic text and metadata for one seed."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words = vocabulary()
        self.subjects = [code for code, _ in subject_choices()]

    def word(self) -> str:
        # Skewed towards the frequent words (the list is most frequent first), as in real text.
        return self.words[int(len(self.words) * self.rng.random() ** 3)]

    def title(self, year: int) -> str:
        template = self.rng.choice(TITLE_TEMPLATES)
        return template.format(a=self.word(), b=self.word(), place=self.rng.choice(PLACES), year=year,
                               year2=year + 4)

    def sentence(self) -> str:
        return "".join(self.word() for _ in range(self.rng.randint(4, 12))) + self.rng.choice("，。。；")

    def body(self) -> str:
        """Return 300–3000 characters of text in paragraphs, as HTML."""
        target, length, paragraphs = self.rng.randint(300, 3000), 0, []
        while length < target:
            paragraph = "".join(self.sentence() for _ in range(self.rng.randint(3, 8)))
            paragraphs.append(paragraph)
            length += len(paragraph)
        return "".join(f"<p>{p}</p>" for p in paragraphs)

    def day(self, year: int) -> date:
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(360))


def _agencies(n: int, synth: Synth, seed: int, now: datetime) -> list[Agency]:
    root = Agency.objects.create(name=f"演示省人民政府（生成数据{seed}）", kind=AgencyKind.GOVERNMENT,
                                 credit_code=make_credit_code(f"1141{seed % 100:02d}{0:08d}G99"), created_at=now)
    root.path = f"/{root.pk}/"
    root.save(update_fields=["path"])
    made = [root]
    for start in range(1, n, BATCH):
        batch = []
        for i in range(start, min(start + BATCH, n)):
            name = f"{synth.rng.choice(PLACES)}市第{i}{synth.rng.choice(DEPARTMENTS)}"
            batch.append(Agency(name=name[:100], kind=AgencyKind.DEPARTMENT, parent=root,
                                credit_code=make_credit_code(f"1141{seed % 100:02d}{i:08d}G99"), created_at=now))
        created = Agency.objects.bulk_create(batch)
        for a in created:
            a.path = f"{root.path}{a.pk}/"
        Agency.objects.bulk_update(created, ["path"])
        made += created
    return made


def _items(n: int, agencies: list[Agency], user: User, synth: Synth, progress, years=YEARS) -> None:
    serials: dict[int, int] = {}
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        items, contents = [], []
        for _ in range(size):
            agency, year = synth.rng.choice(agencies), synth.rng.choice(years)
            if agency.pk not in serials:  # carry on after what an earlier run left
                serials[agency.pk] = Item.objects.filter(agency=agency).aggregate(m=Max("serial"))["m"] or 0
            serial = serials[agency.pk] = serials[agency.pk] + 1
            written = synth.day(year)
            published = written + timedelta(days=synth.rng.randint(1, 25))
            genre = synth.rng.choice(GENRES)
            item = Item(agency=agency, index_number=f"{agency.credit_code}/{year}-{serial:06d}", serial=serial,
                        status="published", title=synth.title(year)[:300], written_on=written, formed_on=written,
                        due_on=written + timedelta(days=28), published_on=published,
                        subject=synth.rng.choice(synth.subjects), genre=genre,
                        art20_category=synth.rng.choice(ART20_CHOICES)[0],
                        doc_kind=synth.rng.choice(("", "", "", "", "normative", "regulation")),
                        validity=synth.rng.choice(("valid", "valid", "valid", "expired", "repealed")),
                        summary=synth.sentence(), body=synth.body(), channels=["portal"], revision=1,
                        published_revision=1, created_by=user,
                        created_at=datetime.combine(written, time(9), TZ))
            if item.validity != "valid":
                item.repealed_on = published + timedelta(days=365)
            items.append(item)
        with transaction.atomic():
            Item.objects.bulk_create(items)
            for item in items:
                content = {k: getattr(item, k) for k in ("title", "doc_number", "subject", "genre", "art20_category",
                                                         "doc_kind", "validity", "keywords", "summary", "body",
                                                         "channels")}
                content.update(written_on=item.written_on.isoformat(), attachments=[], outlets=[],
                               valid_from=None, repealed_on=item.repealed_on.isoformat() if item.repealed_on else None)
                contents.append(ItemRevision(item=item, number=1, content=content, created_at=item.created_at,
                                             created_by=user))
            ItemRevision.objects.bulk_create(contents)
        done += size
        progress("items", done, n)


def _cases(n: int, agencies: list[Agency], user: User, synth: Synth, progress, years=YEARS) -> None:
    codes = [o.code for o in outcomes()]
    kinds = [k for k in (("natural", ""),) * 6 + (("legal", "business"), ("legal", "research"),
                                                     ("legal", "nonprofit"), ("legal", "legal_service"),
                                                     ("legal", "other"))]
    numbers: dict[tuple[int, int], int] = {}
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        cases = []
        for _ in range(size):
            agency, year = synth.rng.choice(agencies), synth.rng.choice(years)
            if (agency.pk, year) not in numbers:
                numbers[(agency.pk, year)] = Case.objects.filter(agency=agency, number__startswith=f"{year}-").count()
            seq = numbers[(agency.pk, year)] = numbers[(agency.pk, year)] + 1
            received = synth.day(year)
            kind, org = synth.rng.choice(kinds)
            concluded = synth.rng.random() < 0.95
            replied = received + timedelta(days=synth.rng.randint(3, 40)) if concluded else None
            cases.append(Case(
                agency=agency, number=f"{year}-{seq:06d}", status="concluded" if concluded else "processing",
                applicant_kind=kind, org_type=org, applicant_name=synth.word() + ("公司" if kind == "legal" else ""),
                applicant_key=f"gen-{synth.rng.randrange(n)}", title=synth.title(year)[:300],
                description=synth.sentence(), channel=synth.rng.choice(("online", "post", "in_person", "email")),
                received_on=received, due_on=received + timedelta(days=28), handler=user,
                outcome=synth.rng.choice(codes) if concluded else "", replied_on=replied,
                replied_late=bool(replied and (replied - received).days > 28),
                created_at=datetime.combine(received, time(10), TZ)))
        with transaction.atomic():
            Case.objects.bulk_create(cases)
            events = []
            for case in cases:
                events.append(CaseEvent(case=case, at=case.created_at, on=case.received_on, actor=user,
                                        kind="received", summary="收到申请"))
                if case.replied_on:
                    events.append(CaseEvent(case=case, at=datetime.combine(case.replied_on, time(16), TZ),
                                            on=case.replied_on, actor=user, kind="decided",
                                            summary="作出答复", data={"outcome": case.outcome}))
            CaseEvent.objects.bulk_create(events)
        done += size
        progress("cases", done, n)


def generate(*, agencies: int, items: int, cases: int, seed: int = 1, years: tuple[int, ...] = YEARS,
             progress: Callable[[str, int, int], None] = lambda *a: None) -> dict:
    """Add `agencies` agencies (one root and its departments), `items` published items and `cases` cases."""
    synth = Synth(seed)
    now = datetime(2026, 1, 1, 9, tzinfo=TZ)
    user, _ = User.objects.get_or_create(username="gen-staff", defaults={"full_name": "生成数据经办人",
                                                                          "is_active": False})
    made = _agencies(max(agencies, 1), synth, seed, now)
    _items(items, made, user, synth, progress, years)
    _cases(cases, made, user, synth, progress, years)
    return {"agencies": len(made), "items": items, "cases": cases, "root_id": made[0].pk}
