"""Catalogue rules: 经办人 draft, 审核人 review, 负责人 sign off and publish, 公开办 oversees."""

from xxgk.platform.policy import can, rule


@rule("item.draft")
def _item_draft(user, agency) -> bool:
    return can(user, "agency.handle", agency)


@rule("item.review")
def _item_review(user, agency) -> bool:
    return can(user, "agency.review", agency)


@rule("item.signoff")
def _item_signoff(user, agency) -> bool:
    return can(user, "agency.approve", agency)


@rule("item.view_internal")
def _item_view_internal(user, agency) -> bool:
    return can(user, "agency.view_records", agency)
