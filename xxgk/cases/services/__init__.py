"""Case services (writes): intake, handling steps, letters, ledger import, appeals."""

from .appeals import appeal_conclude, appeal_register
from .handling import (
    case_assign,
    case_close_fee_unpaid,
    case_close_no_supplement,
    case_consult,
    case_decide,
    case_extend,
    case_issue_fee_notice,
    case_receive_supplement,
    case_recompute_due,
    case_record_consultation_answer,
    case_record_delivery,
    case_record_payment,
    case_request_supplement,
    case_withdraw,
)
from .intake import case_register, case_submit_online

__all__ = [
    "appeal_conclude", "appeal_register", "case_assign", "case_close_fee_unpaid", "case_close_no_supplement",
    "case_consult", "case_decide", "case_extend", "case_issue_fee_notice", "case_receive_supplement",
    "case_record_consultation_answer", "case_record_delivery", "case_record_payment", "case_recompute_due",
    "case_register", "case_request_supplement", "case_submit_online", "case_withdraw",
]
