"""App config for pre-publication review."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "xxgk.review"
    label = "review"
    verbose_name = "发布审查"
