"""The user book: who may log in, their role and (for authors) their agency. Argon2 hashes, never passwords.

Kept as ``users.json`` in the store's data folder beside the blobs, so every server on the same store sees the
same users. Writes replace the file atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROLES = ("admin", "reviewer", "author")
ROLE_LABELS = {"admin": "管理员", "reviewer": "审核员", "author": "填报人"}
FILE_NAME = "users.json"


class UserError(ValueError):
    """A user cannot be added or found (bad role, author without agency, unknown name…)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    agency: str | None = None  # an author sees and edits only this agency's reports

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def can(self, action: str) -> bool:
        """May this user ``review`` findings, ``correct`` cells, ``upload`` files or ``admin``?"""
        allowed = {
            "review": ("admin", "reviewer"),
            "correct": ("admin", "reviewer", "author"),
            "upload": ("admin", "reviewer"),
            "admin": ("admin",),
        }
        return self.role in allowed.get(action, ())


LOCAL_USER = User(name="本地用户", role="admin")


class UserBook:
    """The users of one data folder."""

    def __init__(self, data_dir: str | Path) -> None:
        self.path = Path(data_dir) / FILE_NAME

    def _load(self) -> dict[str, dict[str, str | None]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot read the user file {self.path}: {exc}") from exc
        return dict(data.get("users", {}))

    def _save(self, users: dict[str, dict[str, str | None]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"users": users}, fh, ensure_ascii=False, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def empty(self) -> bool:
        return not self._load()

    def users(self) -> list[User]:
        return [User(name, str(u["role"]), u.get("agency")) for name, u in sorted(self._load().items())]

    def get(self, name: str) -> User | None:
        u = self._load().get(name)
        return None if u is None else User(name, str(u["role"]), u.get("agency"))

    def add(self, name: str, password: str, role: str, agency: str | None = None) -> User:
        """Add (or replace) a user; the password is kept as an argon2 hash."""
        from argon2 import PasswordHasher

        name = name.strip()
        if not name:
            raise UserError("a user needs a name")
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        if role == "author" and not agency:
            raise UserError("an author needs --agency (the agency whose reports they write)")
        if len(password) < 8:
            raise UserError("the password must have at least 8 characters")
        users = self._load()
        users[name] = {"role": role, "agency": agency or None, "hash": PasswordHasher().hash(password)}
        self._save(users)
        return User(name, role, agency or None)

    def remove(self, name: str) -> None:
        users = self._load()
        if name not in users:
            raise UserError(f"no user {name!r}")
        del users[name]
        self._save(users)

    def verify(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None (same work whether the name exists or not)."""
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = PasswordHasher()
        u = self._load().get(name)
        stored = str(u["hash"]) if u else _DUMMY_HASH
        try:
            hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return None if u is None else User(name, str(u["role"]), u.get("agency"))


# verified against when the name is unknown, so a wrong name costs as long as a wrong password
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$0tW3XbTRsUQ4mCTcHXPu1eAVvxdaM1W+8rc6W0Sp3fY"
