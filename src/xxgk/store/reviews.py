"""A reviewer's verdict on one finding: confirmed or dismissed (or reopened), with a comment, who and when."""

from __future__ import annotations

from . import schema as s
from .rows import FindingRow
from .store import Store, _row

ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "open"}


def set_review(store: Store, finding_id: int, action: str, *, comment: str | None = None,
               who: str | None = None) -> FindingRow:
    """Record ``action`` (confirm / dismiss / reopen) on finding ``finding_id``; a dismissal needs a comment."""
    if action not in ACTIONS:
        raise ValueError(f"unknown review action {action!r}: use one of {', '.join(ACTIONS)}")
    comment = (comment or "").strip() or None
    if action == "dismiss" and comment is None:
        raise ValueError("dismissing a finding needs a comment saying why")
    with store.write() as session:
        f = session.get(s.Finding, finding_id)
        if f is None:
            raise KeyError(f"no finding {finding_id}")
        f.review_state = ACTIONS[action]
        f.review_comment = comment
        f.reviewed_by = who
        f.reviewed_at = s.utcnow() if action != "reopen" else None
        session.flush()
        return _row(FindingRow, f)
