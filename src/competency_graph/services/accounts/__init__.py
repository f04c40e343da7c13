"""Accounts of the web workspace and the HTTP API: users, roles, passwords, API keys.

Decision (docs/web.md): users live in a small JSON file beside the store (``Settings.
accounts_path``), not in an RDF graph. Accounts are not knowledge: they must never be exported
with the graph, reached by the SPARQL endpoint, or replaced by a graph import, and a remote
SPARQL store is often shared by people who must not read password hashes. The file is written
atomically (temporary file + ``os.replace``) with mode 0600; it also holds the secret that signs
session cookies, generated on first use.

Passwords are hashed with argon2 (``pwdlib``). API keys are random 32-byte tokens; only their
SHA-256 is stored (a key has full entropy, so a slow hash adds nothing). Roles are ordered:
viewer (read) < editor (import and edit programmes and indicators) < admin (users and
frameworks).
"""

from __future__ import annotations

from competency_graph.services.accounts.users import (
    ROLES,
    Accounts,
    SignInLimiter,
    User,
    has_role,
    open_accounts,
)

__all__ = ["ROLES", "Accounts", "SignInLimiter", "User", "has_role", "open_accounts"]
