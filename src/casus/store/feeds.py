"""The store's side of ``casus watch``: each feed's validators and the items already handled.

Feed state lives in the store, beside the documents it produced, so a watch that is stopped
or killed resumes where it was: an item is recorded right after its document is stored, and a
feed's ETag and Last-Modified only after a poll handled every item, so a conditional GET never
hides an item that still waits. A failing item is tried again on later polls, up to a bound.
"""

from __future__ import annotations

from casus.store.grouping import utc_now


class FeedStateMixin:
    """Statements of :class:`casus.store.sql.SQLStore` about watched feeds."""

    def feed_validators(self, feed_url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) the feed last answered with, or (None, None)."""
        row = self.conn.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed_url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_feed_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None:
        with self.conn.transaction():
            self.conn.execute(
                "INSERT INTO feeds (url, etag, last_modified, polled_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "polled_at = excluded.polled_at",
                (feed_url, etag, last_modified, utc_now()),
            )

    def settled_feed_items(self, feed_url: str, links: list[str], max_attempts: int) -> set[str]:
        """The links among ``links`` needing no fetch: stored, or failed ``max_attempts`` times."""
        settled: set[str] = set()
        for start in range(0, len(links), 500):
            chunk = links[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT link FROM feed_items WHERE feed_url = ? AND link IN ({marks}) "
                f"AND (status = 'done' OR attempts >= ?)",
                [feed_url, *chunk, max_attempts],
            ).fetchall()
            settled.update(r[0] for r in rows)
        return settled

    def record_feed_item(self, feed_url: str, link: str, done: bool) -> None:
        """Record an item as handled (``done``) or as one more failed attempt."""
        with self.conn.transaction():
            self.conn.execute(
                "INSERT INTO feed_items (feed_url, link, status, attempts, seen_at) VALUES (?, ?, ?, 1, ?) "
                "ON CONFLICT (feed_url, link) DO UPDATE SET status = excluded.status, "
                "attempts = feed_items.attempts + 1, seen_at = excluded.seen_at",
                (feed_url, link, "done" if done else "failed", utc_now()),
            )
