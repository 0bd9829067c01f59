"""A reviewer's verdict on one finding: confirmed or dismissed (or reopened), with a comment, who and when.

The one place a finding's review state is set: the web app calls :func:`set_review` with the finding's id,
``xxgk review`` through :func:`xxgk.store.corrections.review` (which finds the finding from a report and an
id or rule first).
"""

from __future__ import annotations

import getpass
import os

from . import schema as s
from .rows import FindingRow
from .store import Store, _row

ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "open"}


class ReviewError(ValueError):
    """A review that cannot be made (unknown action, dismissal without a comment, no such finding)."""


def default_who() -> str:
    """Who is doing it, when not said: $XXGK_USER, else the login name."""
    try:
        return os.environ.get("XXGK_USER") or getpass.getuser()
    except Exception:  # no login name (containers): still record something honest
        return "unknown"


def set_review(store: Store, finding_id: int, action: str, *, comment: str | None = None,
               who: str | None = None) -> FindingRow:
    """Record ``action`` (confirm / dismiss / reopen) on finding ``finding_id``: a dismissal needs a comment;
    ``who`` defaults to :func:`default_who`; reopening clears who and when."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}: use one of {', '.join(ACTIONS)}")
    comment = (comment or "").strip() or None
    if action == "dismiss" and comment is None:
        raise ReviewError("dismissing a finding needs a comment saying why it is not a problem")
    with store.write() as session:
        f = session.get(s.Finding, finding_id)
        if f is None:
            raise ReviewError(f"no finding {finding_id}")
        f.review_state = ACTIONS[action]
        f.review_comment = comment
        f.reviewed_by = None if action == "reopen" else (who or default_who())
        f.reviewed_at = None if action == "reopen" else s.utcnow()
        session.flush()
        return _row(FindingRow, f)
