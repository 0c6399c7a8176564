"""Interaction services: message boxes, consultations, surveys and interviews."""

from .messages import (  # noqa: F401
    Letter,
    RateLimited,
    message_box_save,
    message_mark_invalid,
    message_publish,
    message_rate,
    message_reply,
    message_submit,
    message_supervise,
    message_transfer,
)
from .participation import (  # noqa: F401
    comment_decide,
    comment_moderate,
    consultation_close,
    consultation_comment,
    consultation_create,
    consultation_publish_feedback,
    interview_save,
    survey_create,
    survey_respond,
)
