"""Domain errors: each carries a complete Chinese message and the HTTP status it maps to."""


class DomainError(Exception):
    """A refused request; `message` is shown to the user as is."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """The input is malformed or breaks a rule (HTTP 400)."""

    status = 400


class NotFound(DomainError):
    """The thing named does not exist (HTTP 404)."""

    status = 404


class Conflict(DomainError):
    """The request clashes with existing state, e.g. a duplicate (HTTP 409)."""

    status = 409


class IllegalTransition(Conflict):
    """A step that the object's current state does not allow (HTTP 409)."""
