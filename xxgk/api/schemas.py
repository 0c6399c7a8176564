"""Schemas shared by every API operation."""

from typing import Annotated

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """Every error response: a complete Chinese sentence, and field errors when input was invalid."""

    detail: str
    errors: list[dict] | None = None


# Bounded numbers for path and query parameters: out-of-range input is a 400 with a Chinese message,
# never an overflow deep in the database driver.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=10**9)]

