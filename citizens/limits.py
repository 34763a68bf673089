"""
Fixed-window counters in the cache for the citizens' forms: per client address, and per e-mail address
for confirmation messages (so that nobody can flood someone else's mailbox from many addresses).
Counted keys are hashed: neither addresses nor e-mail addresses are written to the cache.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/hour"`` -> (5, 3600); the period is read by its first letter (s, m, h, d), as DRF does."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[0].lower()]


@dataclass(frozen=True)
class Limit:
    """At most ``rate`` (e.g. ``"5/hour"``) counted events per ``who`` in ``scope``."""

    scope: str
    rate: str

    def _key(self, who: str) -> tuple[str, int]:
        count, period = parse_rate(self.rate)
        window = int(time.time() // period)
        digest = hashlib.sha256(f"{self.scope}:{who}".encode()).hexdigest()[:32]
        return f"pm1:limit:{self.scope}:{digest}:{window}", period

    def exceeded(self, who: str) -> bool:
        """Has ``who`` used up this window's events?"""
        key, _ = self._key(who)
        return cache.get(key, 0) >= parse_rate(self.rate)[0]

    def count(self, who: str) -> None:
        """One more event for ``who`` in this window."""
        key, period = self._key(who)
        if not cache.add(key, 1, period):
            try:
                cache.incr(key)
            except ValueError:
                # The window ended between add() and incr().
                cache.add(key, 1, period)

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        period = parse_rate(self.rate)[1]
        return int(period - time.time() % period) + 1
