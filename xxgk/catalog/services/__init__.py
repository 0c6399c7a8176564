"""Catalogue services: drafting, submitting with the scan, review steps, publishing, withdrawing."""

from .items import (
    item_create,
    item_publish,
    item_submit,
    item_update,
    item_withdraw,
    review_consult,
    review_initial,
    review_signoff,
    scan_hit_accept,
)

__all__ = ["item_create", "item_publish", "item_submit", "item_update", "item_withdraw", "review_consult",
           "review_initial", "review_signoff", "scan_hit_accept"]
