"""Background tasks of monitoring: fetch a channel's RSS/Atom feed (never inside a web request)."""

from django.utils import timezone
from django_tasks import task


@task()
def fetch_channel_feed(*, channel_id: int) -> dict:
    """Fetch the channel's feed with a timeout and store new entries; errors are returned, not raised."""
    from .feeds import FeedError, fetch_feed
    from .models import Channel
    from .services import channel_store_feed

    channel = Channel.objects.filter(pk=channel_id, status="active").exclude(feed_url="").first()
    if channel is None:
        return {"skipped": True}
    try:
        entries = fetch_feed(channel.feed_url)
    except FeedError as exc:
        return {"error": str(exc)}
    return {"added": channel_store_feed(channel=channel, entries=entries, at=timezone.now())}
