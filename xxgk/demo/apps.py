"""App config for the demo loader."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "xxgk.demo"
    label = "demo"
    verbose_name = "演示数据"
