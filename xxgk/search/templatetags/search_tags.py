"""Template helpers of the search page: links that change one query parameter."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag
def with_param(params: dict, key: str, value) -> str:
    """Return '?…' for the current parameters with `key` set to `value` (removed when empty); page resets."""
    merged = {k: v for k, v in params.items() if k != "page"}
    if value in ("", None):
        merged.pop(key, None)
    else:
        merged[key] = value
    return "?" + urlencode(merged)


@register.simple_tag
def page_link(params: dict, page: int) -> str:
    return "?" + urlencode({**params, "page": page})
