"""Schemas shared by every API operation."""

from ninja import Schema


class ErrorOut(Schema):
    """Every error response: a complete Chinese sentence, and field errors when input was invalid."""

    detail: str
    errors: list[dict] | None = None
