"""Who may do what: the one-time token, sessions, CSRF, login throttling and the security headers.

* **Loopback** (the default): the server prints its address with a one-time token, as Jupyter
  does; opening that link makes a session (the person at the keyboard, as ``admin``) and drops the
  token from the address. Accounts, if any exist, can log in too.
* **LAN** (``--host`` not loopback): only accounts (``graphkit users add``) log in; the server
  refuses to start without one.

Sessions live in the server's memory (a restart logs everyone out) behind an HttpOnly,
SameSite=Strict cookie. Every form and upload carries the session's CSRF token, checked before
the page's code runs (:func:`graphkit.web.respond.view`). Every response carries a
Content-Security-Policy that allows scripts only from the app's own files or by the request's
nonce.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from graphkit.web.users import User

__all__ = ["SESSION_COOKIE", "Session", "Sessions", "Throttle", "security_headers", "LOCAL_USER",
           "same_secret"]

SESSION_COOKIE = "graphkit_session"
#: Sessions end after this long without a request, in seconds.
SESSION_IDLE_S = 8 * 3600
#: The person who started the server (who holds the one-time token).
LOCAL_USER = User("local", "admin")


def same_secret(given: str | None, expected: str) -> bool:
    """Compare secrets in constant time."""
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


@dataclass
class Session:
    user: User
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lang: str | None = None
    as_of: str | None = None
    seen: float = field(default_factory=time.monotonic)


class Sessions:
    """The open sessions, by cookie value."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, user: User) -> tuple[str, Session]:
        key = secrets.token_urlsafe(32)
        session = Session(user)
        with self._lock:
            self._sessions[key] = session
        return key, session

    def get(self, key: str | None) -> Session | None:
        if not key:
            return None
        with self._lock:
            session = self._sessions.get(key)
            if session is None:
                return None
            now = time.monotonic()
            if now - session.seen > SESSION_IDLE_S:
                del self._sessions[key]
                return None
            session.seen = now
            return session

    def close(self, key: str | None) -> None:
        with self._lock:
            self._sessions.pop(key or "", None)

    def close_user(self, name: str) -> None:
        """End every session of ``name`` (a removed account)."""
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.user.name == name]:
                del self._sessions[key]


class Throttle:
    """At most ``attempts`` failed logins per ``window`` seconds for one client address."""

    def __init__(self, attempts: int = 5, window: float = 300.0):
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        now = time.monotonic()
        failures = self._failures.setdefault(client, deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def blocked(self, client: str) -> bool:
        with self._lock:
            return len(self._recent(client)) >= self.attempts

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(time.monotonic())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


def security_headers(nonce: str, *, html: bool) -> dict[str, str]:
    """The headers every response carries; scripts only from the app or with this request's nonce."""
    headers = {
        "Content-Security-Policy": (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            # Renderers set element styles from script; no inline <script> is allowed, styles are.
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if html:
        headers["Cache-Control"] = "no-store"
    return headers
