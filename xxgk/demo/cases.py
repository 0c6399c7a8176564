"""Demo cases: the 13 applications of 2020 the seed report counts, its 行政复议, and open cases now."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from xxgk.cases.services import (
    appeal_conclude,
    appeal_register,
    case_assign,
    case_decide,
    case_record_delivery,
    case_request_supplement,
)
from xxgk.cases.services.intake import ApplicantDetails, RequestDetails, case_register, case_submit_online
from xxgk.core.id_number import id_check_char
from xxgk.platform.selectors import work_calendar

TZ = ZoneInfo("Asia/Shanghai")

# (received, title, outcome, reasons, withheld) — the seed: 10 予以公开, 1 部分公开,
# 1 不予公开（过程性信息）, 1 无法提供（不掌握）; all natural persons; all answered in time.
CASES_2020 = (
    ("2020-01-08", "西工区2019年区级财政预算执行情况", "granted", "", ""),
    ("2020-03-10", "西工区2020年城镇老旧小区改造计划", "granted", "", ""),
    ("2020-04-14", "纱厂南路道路改造工程立项批复文件", "granted", "", ""),
    ("2020-05-12", "西工区2020年度政府投资项目计划", "granted", "", ""),
    ("2020-06-09", "金谷园街道棚户区改造项目征收补偿方案", "partial", "补偿协议汇总表含被征收人个人信息。",
     "被征收人姓名、身份证号码、银行账号等个人信息（条例第十五条）。"),
    ("2020-06-23", "西工区2020年第一批低保资格认定结果", "granted", "", ""),
    ("2020-07-14", "西工区2020年义务教育阶段学校招生划片方案", "granted", "", ""),
    ("2020-08-11", "区政府常务会议关于唐宫路改造的讨论记录", "denied_process",
     "所申请信息属于行政机关内部讨论记录，为过程性信息。", ""),
    ("2020-09-08", "西工区2020年农村危房改造补助资金分配表", "granted", "", ""),
    ("2020-09-22", "洛阳某化工企业环境影响评价报告", "unable_not_held",
     "经检索，本机关未制作、未获取该信息；建议向洛阳市生态环境局西工分局申请。", ""),
    ("2020-10-20", "西工区2020年公共租赁住房分配名单", "granted", "", ""),
    ("2020-11-10", "西工区脱贫攻坚专项资金使用情况", "granted", "", ""),
    ("2020-12-01", "西工区2020年行政事业性收费项目目录", "granted", "", ""),
)

NAMES = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴芳", "徐强", "孙丽", "马超")
ACCESS = "本机关已通过电子邮件向您提供该信息，您也可以在本机关政府信息公开平台查阅。"


def demo_id_number(serial: int) -> str:
    """Return a valid, deterministic 居民身份证号码 registered in 西工区."""
    first17 = f"410303{1960 + serial % 40}{1 + serial % 12:02d}{1 + serial % 28:02d}{100 + serial:03d}"
    return first17 + id_check_char(first17)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=TZ)


def _person(serial: int) -> ApplicantDetails:
    return ApplicantDetails(kind="natural", name=NAMES[serial % len(NAMES)], id_type="resident_id",
                            id_number=demo_id_number(serial), phone=f"1390379{serial:04d}",
                            email=f"applicant{serial}@example.cn", address="河南省洛阳市西工区", postcode="471000")


def load_2020_cases(gov, users) -> list:
    """Create the 2020 cases through the services, each with its history and letters."""
    calendar, cases = work_calendar(), []
    handler = users["jingban"]
    for serial, (received, title, outcome, reasons, withheld) in enumerate(CASES_2020):
        received_on = date.fromisoformat(received)
        if serial % 3 == 0:
            case, _ = case_register(agency=gov, applicant=_person(serial), request_details=RequestDetails(title=title),
                                    channel="in_person", submitted_on=received_on, at=_at(received_on), actor=handler)
        else:
            case, _ = case_submit_online(agency=gov, applicant=_person(serial), request_details=RequestDetails(title=title),
                                         today=received_on, at=_at(received_on))
        assigned = calendar.add_working_days(received_on, 1)
        case_assign(case=case, handler=handler, today=assigned, at=_at(assigned), actor=users["gongkaiban"])
        decided = calendar.add_working_days(received_on, 8 + serial % 7)
        case_decide(case=case, outcome=outcome, reasons=reasons, withheld=withheld,
                    access_info=ACCESS if outcome in ("granted", "partial") else "", today=decided, at=_at(decided),
                    actor=handler)
        delivered = calendar.add_working_days(decided, 1)
        case_record_delivery(case=case, method="email", delivered_on=delivered, at=_at(delivered), actor=handler)
        cases.append(case)
    return cases


def load_2019_review(gov, users) -> None:
    """The 2020 行政复议 about 2019 disclosure work (结果维持), linked to its 2019 case."""
    calendar, handler = work_calendar(), users["jingban"]
    received = date(2019, 11, 18)
    case, _ = case_submit_online(agency=gov, applicant=_person(20),
                                 request_details=RequestDetails(title="西工区2019年征收土地补偿标准测算依据"),
                                 today=received, at=_at(received))
    case_assign(case=case, handler=handler, today=calendar.add_working_days(received, 1),
                at=_at(calendar.add_working_days(received, 1)))
    decided = calendar.add_working_days(received, 12)
    case_decide(case=case, outcome="denied_process", reasons="所申请的测算依据属于内部磋商过程中的过程性信息。",
                today=decided, at=_at(decided), actor=handler)
    appeal = appeal_register(agency=gov, kind="review", filed_on=date(2020, 1, 13), case=case, body="洛阳市人民政府",
                             note="申请人对不予公开决定不服申请行政复议。", at=_at(date(2020, 1, 13)))
    appeal_conclude(appeal=appeal, outcome="maintained", concluded_on=date(2020, 3, 12), at=_at(date(2020, 3, 12)))


def load_open_cases(gov, finance, users, applicants, today: date) -> None:
    """A few open cases received recently, so the inbox and reminders have something to show."""
    calendar = work_calendar()
    recent = today - timedelta(days=3)
    zhangsan = applicants["zhangsan"]
    details = ApplicantDetails(kind="natural", name=zhangsan.name, id_type="resident_id", id_number=demo_id_number(30),
                               phone=zhangsan.phone, email="zhangsan@example.cn")
    case_submit_online(agency=gov, applicant=details, account=zhangsan,
                       request_details=RequestDetails(title=f"西工区{today.year}年城市更新项目清单"),
                       today=recent, at=_at(recent))
    older = today - timedelta(days=24)
    case, _ = case_submit_online(agency=gov, applicant=_person(31),
                                 request_details=RequestDetails(title=f"西工区{today.year}年上半年财政收支情况"),
                                 today=older, at=_at(older))
    case_assign(case=case, handler=users["jingban"], today=calendar.add_working_days(older, 1),
                at=_at(calendar.add_working_days(older, 1)), actor=users["gongkaiban"])
    unclear_on = today - timedelta(days=2)
    unclear, _ = case_submit_online(agency=gov, applicant=_person(32),
                                    request_details=RequestDetails(title="关于我家房子的所有文件"),
                                    today=unclear_on, at=_at(unclear_on))
    case_request_supplement(case=unclear, items="请写明房屋的具体地址及所需文件的名称或文号。", today=today,
                            at=_at(today), actor=users["jingban"])
    case_register(agency=finance, applicant=_person(33), request_details=RequestDetails(title="区财政局部门决算说明"),
                  channel="post", signed_on=recent, at=_at(recent), actor=users["czj_jingban"])
