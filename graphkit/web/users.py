"""The app's accounts: names, roles and argon2 password hashes, kept in the project folder.

The file is ``<project>/.graphkit/users.json`` (never in the app's own repository), written
atomically and readable by its owner only. Roles, from least to most: ``viewer`` (reads answers;
natural persons are pseudonymised), ``editor`` (loads and removes sources, sees names), ``admin``
(manages accounts).

Examples
--------
>>> import tempfile
>>> users = Users(tempfile.mkdtemp())
>>> users.add("amina", "a long passphrase", role="editor").role
'editor'
>>> users.check("amina", "a long passphrase").name, users.check("amina", "wrong")
('amina', None)
>>> users.set_role("amina", "viewer").role, [u.role for u in users.list()]
('viewer', ['viewer'])
"""

from __future__ import annotations

import functools
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.errors import AccountError
from graphkit.i18n import N_, _

__all__ = ["ROLES", "ROLE_NAMES", "User", "Users", "MIN_PASSWORD", "at_least"]

#: The roles, from least to most allowed.
ROLES = ("viewer", "editor", "admin")
ROLE_NAMES = {"viewer": N_("viewer"), "editor": N_("editor"), "admin": N_("admin")}
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def at_least(role: str, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may."""
    return ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def personal(self) -> bool:
        """Whether this user may see natural persons' names."""
        return at_least(self.role, "editor")


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


class Users:
    """The accounts of the project in ``root``."""

    def __init__(self, root: str | Path):
        self.path = Path(root) / ".graphkit" / "users.json"

    def _read(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _write(self, users: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(users, indent=2, sort_keys=True).encode())
        os.chmod(self.path, 0o600)

    def __bool__(self) -> bool:
        return bool(self._read())

    def list(self) -> list[User]:
        return [User(name, entry["role"]) for name, entry in sorted(self._read().items())]

    def add(self, name: str, password: str, *, role: str = "viewer") -> User:
        if not _NAME.match(name):
            raise AccountError(_("{name!r} is not a user name: letters, digits and . _ @ - (up to 64)").format(
                name=name))
        if role not in ROLES:
            raise AccountError(_("{role!r} is not a role: expected one of {roles}").format(
                role=role, roles=", ".join(ROLES)))
        if len(password) < MIN_PASSWORD:
            raise AccountError(_("the password is too short: at least {n} characters").format(n=MIN_PASSWORD))
        users = self._read()
        users[name] = {"role": role, "hash": _hasher().hash(password)}
        self._write(users)
        return User(name, role)

    def set_role(self, name: str, role: str) -> User:
        """Give the account ``name`` the role ``role`` (its password stays)."""
        if role not in ROLES:
            raise AccountError(_("{role!r} is not a role: expected one of {roles}").format(
                role=role, roles=", ".join(ROLES)))
        users = self._read()
        if name not in users:
            raise AccountError(_("no user {name!r}").format(name=name))
        users[name]["role"] = role
        self._write(users)
        return User(name, role)

    def remove(self, name: str) -> None:
        users = self._read()
        if name not in users:
            raise AccountError(_("no user {name!r}").format(name=name))
        del users[name]
        self._write(users)

    def check(self, name: str, password: str) -> User | None:
        """The user if ``password`` is theirs, else None (the same time either way)."""
        from argon2.exceptions import VerificationError

        entry = self._read().get(name)
        hasher = _hasher()
        try:
            if entry is None:
                hasher.verify(_dummy_hash(), password)  # as slow as a real check: names don't leak
                return None
            hasher.verify(entry["hash"], password)
        except VerificationError:
            return None
        return User(name, entry["role"])


@functools.cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_hex(16))
