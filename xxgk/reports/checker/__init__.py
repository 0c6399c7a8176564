"""Read an annual report as published (text, HTML, DOCX) into tables and findings."""

from .parse import CheckResult, check_document

__all__ = ["CheckResult", "check_document"]
