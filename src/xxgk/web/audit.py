"""The audit trail of a report: every corrected cell — who, when, why, old → new — from its versions."""

from __future__ import annotations

import contextlib
from typing import Any

from ..store.cells import CellRef, header
from ..store.rows import VersionRow


def audit_trail(versions: list[VersionRow]) -> list[dict[str, Any]]:
    """Who changed which cell when and why, old → new; newest first."""
    out = []
    for v in versions:
        if v.kind != "correction":
            continue
        for c in v.changed or []:
            label = c.get("cell")
            with contextlib.suppress(KeyError, ValueError, IndexError, TypeError):
                label = header(CellRef(c["table"], c["row"], int(c["column"])))
            out.append({"version": v.id, "parent": v.parent_id, "who": v.created_by, "when": v.created_at,
                        "why": v.reason, "cell": c.get("cell"),
                        "key": f"{c.get('table')}/{c.get('row')}/{c.get('column')}", "label": label, "old": c.get("old"),
                        "old_raw": c.get("old_raw"), "new": c.get("new"), "new_raw": c.get("new_raw")})
    out.sort(key=lambda a: (a["when"], a["version"]), reverse=True)
    return out
