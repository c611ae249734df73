"""What the task queue (django-q2) runs, by these dotted names: keep them stable, since queued
and scheduled tasks name them."""

from syndication.push import deliveries_due as _deliveries_due
from syndication.push import subscription_deliver as _subscription_deliver


def subscription_deliver(subscription_id: int) -> int:
    """Send one subscription's due deliveries, in order."""
    return _subscription_deliver(subscription_id)


def deliveries_due() -> int:
    """Every minute: kick the subscriptions with deliveries due."""
    return _deliveries_due()
