"""The accounts file, password and key checks, and the sign-in rate limiter."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pwdlib import PasswordHash

from competency_graph.config import MEMORY, Settings
from competency_graph.errors import InputError, NotFoundError

#: roles in increasing power
ROLES = ("viewer", "editor", "admin")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_HASHER = PasswordHash.recommended()
#: hashed once so that a sign-in with an unknown name costs as much as one with a known name
_DUMMY_HASH = _HASHER.hash("not a password of anyone")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024


def has_role(role: str | None, needed: str) -> bool:
    """Whether ``role`` is at least ``needed`` (viewer < editor < admin)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class User:
    """A user as the pages and the CLI see it (no hashes)."""

    name: str
    role: str
    keys: int = 0
    created: str = ""


def _check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise InputError(f"the user name {name!r} is not valid: 1–64 letters, digits or . _ @ -, "
                         "starting with a letter or digit")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


def _check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return password


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Accounts:
    """The users of one installation, kept in a JSON file (or in memory for ``:memory:``).

    Every change re-reads the file under a lock and writes it atomically, so the CLI and a
    running server may both change it.
    """

    def __init__(self, path: str) -> None:
        self.path = None if path == MEMORY else Path(path)
        self._lock = threading.Lock()
        self._memory: dict[str, Any] = {"users": {}, "secret": secrets.token_urlsafe(32)}

    # -- the file ---------------------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        if self.path is None:
            return self._memory
        try:
            data: dict[str, Any] = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {"users": {}}
        except (OSError, ValueError) as exc:
            raise InputError(f"the accounts file {self.path} cannot be read: {exc}") from None
        data.setdefault("users", {})
        return data

    def _write(self, data: dict[str, Any]) -> None:
        if self.path is None:
            self._memory = data
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".accounts-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _change(self, change: Any) -> Any:
        with self._lock:
            data = self._read()
            result = change(data)
            self._write(data)
            return result

    # -- reading ----------------------------------------------------------------------------
    def secret(self) -> str:
        """The secret that signs session cookies (created and stored on first use)."""
        data = self._read()
        if data.get("secret"):
            return str(data["secret"])

        def add(data: dict[str, Any]) -> str:
            data.setdefault("secret", secrets.token_urlsafe(32))
            return str(data["secret"])
        return str(self._change(add))

    def users(self) -> list[User]:
        """Every user, by name."""
        return [self._public(name, rec) for name, rec in sorted(self._read()["users"].items())]

    def get(self, name: str) -> User | None:
        """The user ``name`` or None."""
        rec = self._read()["users"].get(name)
        return None if rec is None else self._public(name, rec)

    @staticmethod
    def _public(name: str, rec: dict[str, Any]) -> User:
        return User(name, rec["role"], len(rec.get("keys", [])), rec.get("created", ""))

    # -- changes ----------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str) -> User:
        """Create a user; :class:`InputError` when the name is taken or anything is invalid."""
        _check_name(name)
        _check_role(role)
        hashed = _HASHER.hash(_check_password(password))

        def add(data: dict[str, Any]) -> None:
            if name in data["users"]:
                raise InputError(f"a user named {name!r} exists already")
            data["users"][name] = {"role": role, "password": hashed, "keys": [],
                                   "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        self._change(add)
        return User(name, role)

    def remove(self, name: str) -> None:
        """Delete a user and its keys (:class:`NotFoundError` for an unknown name)."""
        def remove(data: dict[str, Any]) -> None:
            if data["users"].pop(name, None) is None:
                raise NotFoundError(f"no user named {name!r}")
        self._change(remove)

    def set_role(self, name: str, role: str) -> None:
        """Change a user's role."""
        _check_role(role)

        def change(data: dict[str, Any]) -> None:
            if name not in data["users"]:
                raise NotFoundError(f"no user named {name!r}")
            data["users"][name]["role"] = role
        self._change(change)

    def set_password(self, name: str, password: str) -> None:
        """Change a user's password."""
        hashed = _HASHER.hash(_check_password(password))

        def change(data: dict[str, Any]) -> None:
            if name not in data["users"]:
                raise NotFoundError(f"no user named {name!r}")
            data["users"][name]["password"] = hashed
        self._change(change)

    def issue_key(self, name: str) -> str:
        """Issue a new API key for ``name``; it is returned once and only its hash is kept."""
        key = "cgk_" + secrets.token_urlsafe(32)

        def add(data: dict[str, Any]) -> None:
            if name not in data["users"]:
                raise NotFoundError(f"no user named {name!r}")
            data["users"][name].setdefault("keys", []).append(_key_hash(key))
        self._change(add)
        return key

    def ensure_admin(self, password: str | None = None) -> tuple[str, str] | None:
        """On first run (no user at all) create ``admin``; return (name, password) when created.

        The password is ``password`` (the environment's) or a generated one-time password."""
        if self._read()["users"]:
            return None
        chosen = password or secrets.token_urlsafe(12)
        try:
            self.add("admin", "admin", chosen)
        except InputError:
            if self.get("admin") is not None:  # another process created it meanwhile
                return None
            raise
        return "admin", chosen

    # -- checks -----------------------------------------------------------------------------
    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` is right, else None (constant work for unknown names)."""
        rec = self._read()["users"].get(name) if len(password) <= MAX_PASSWORD else None
        if rec is None:
            _HASHER.verify(password[:MAX_PASSWORD], _DUMMY_HASH)
            return None
        if not _HASHER.verify(password, rec["password"]):
            return None
        return self._public(name, rec)

    def user_for_key(self, key: str) -> User | None:
        """The user owning the API key ``key`` or None."""
        digest = _key_hash(key)
        for name, rec in self._read()["users"].items():
            if any(secrets.compare_digest(digest, k) for k in rec.get("keys", [])):
                return self._public(name, rec)
        return None


_OPEN: dict[str, Accounts] = {}
_OPEN_LOCK = threading.Lock()


def open_accounts(settings: Settings) -> Accounts:
    """The accounts of ``settings`` (one object per file in a process; memory: a new one)."""
    path = settings.accounts_path
    if path == MEMORY:
        return Accounts(MEMORY)
    with _OPEN_LOCK:
        return _OPEN.setdefault(path, Accounts(path))


class SignInLimiter:
    """Failed sign-ins per user name and per client address in a sliding window.

    After ``limit`` failures within ``window`` seconds for the name or for the address, further
    attempts are refused until the oldest failure leaves the window. Kept in memory: one limiter
    per process (several workers each count their own, which only loosens the limit by the
    number of workers)."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def retry_after(self, name: str, address: str, now: float | None = None) -> int:
        """Seconds until another attempt is allowed (0 = allowed now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            wait = 0.0
            for key in (f"user:{name}", f"addr:{address}"):
                times = self._recent(key, now)
                if len(times) >= self.limit:
                    wait = max(wait, times[-self.limit] + self.window - now)
            return int(wait) + 1 if wait > 0 else 0

    def failed(self, name: str, address: str, now: float | None = None) -> None:
        """Record a failed attempt."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in (f"user:{name}", f"addr:{address}"):
                self._failures.setdefault(key, []).append(now)

    def succeeded(self, name: str) -> None:
        """Forget the failures of ``name`` after a good sign-in."""
        with self._lock:
            self._failures.pop(f"user:{name}", None)
