"""Case statuses and the transitions each step may make. Pure."""

from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    AWAITING_FEE = "awaiting_fee"
    CONCLUDED = "concluded"


STATUS_LABELS = {
    Status.RECEIVED: "已收到",
    Status.PROCESSING: "办理中",
    Status.AWAITING_SUPPLEMENT: "待补正",
    Status.AWAITING_FEE: "待缴费",
    Status.CONCLUDED: "已办结",
}

OPEN = frozenset(s for s in Status if s != Status.CONCLUDED)

# step → the statuses it may start from.
TRANSITIONS: dict[str, frozenset[Status]] = {
    "assign": frozenset({Status.RECEIVED, Status.PROCESSING}),
    "request_supplement": frozenset({Status.RECEIVED, Status.PROCESSING}),
    "receive_supplement": frozenset({Status.AWAITING_SUPPLEMENT}),
    "close_no_supplement": frozenset({Status.AWAITING_SUPPLEMENT}),
    "consult": frozenset({Status.PROCESSING}),
    "record_consultation_answer": frozenset({Status.PROCESSING, Status.AWAITING_FEE}),
    "extend": frozenset({Status.PROCESSING, Status.AWAITING_FEE}),
    "issue_fee_notice": frozenset({Status.PROCESSING}),
    "record_payment": frozenset({Status.AWAITING_FEE}),
    "close_fee_unpaid": frozenset({Status.AWAITING_FEE}),
    "decide": frozenset({Status.PROCESSING}),
    "withdraw": OPEN,
    "record_delivery": frozenset({Status.CONCLUDED}),
}

STEP_LABELS = {
    "assign": "分办", "request_supplement": "补正告知", "receive_supplement": "收到补正",
    "close_no_supplement": "逾期不补正办结", "consult": "征求意见", "record_consultation_answer": "登记意见答复",
    "extend": "延期答复", "issue_fee_notice": "收费通知", "record_payment": "登记缴费",
    "close_fee_unpaid": "逾期未缴费办结", "decide": "作出答复", "withdraw": "撤回申请", "record_delivery": "登记送达",
}


class IllegalStep(Exception):
    """A step the case's status does not allow; the message says why in Chinese."""


def check_transition(step: str, status: Status | str) -> None:
    """Raise IllegalStep unless `step` may be taken from `status`."""
    status = Status(status)
    if status not in TRANSITIONS[step]:
        allowed = "、".join(STATUS_LABELS[s] for s in sorted(TRANSITIONS[step]))
        raise IllegalStep(
            f"案件当前状态为“{STATUS_LABELS[status]}”，不能进行“{STEP_LABELS[step]}”操作（仅在{allowed}时可以）。"
        )
