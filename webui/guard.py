"""HTTP protection in front of the Gradio app (an ASGI middleware), on for every launch.

- Host allow-list: a request whose Host header is not a name the server was started for is refused
  (400). A web page the user visits cannot reach 127.0.0.1 through DNS rebinding (its requests carry the
  attacker's host name).
- Same origin: a request that a browser marks as coming from another site (an Origin or Referer of
  another origin, `Origin: null`, `Sec-Fetch-Site: cross-site`) is refused (403) when it may change
  state (POST, PUT, PATCH, DELETE) and whenever it carries an Origin: a cross-site form post or fetch
  can neither upload, search nor remove documents. Programs that send no Origin (curl, httpx, the
  benchmark) are not affected.
- Protective headers on every response: frame-ancestors 'none' / X-Frame-Options DENY (no
  clickjacking), nosniff, a Content-Security-Policy that the Gradio page runs under (it needs inline
  scripts and styles and `new Function` for its event handlers; nothing is loaded from elsewhere),
  same-origin referrer, opener and resource policies.
- Optional authentication with one shared secret (a password or token read from a file or an
  environment variable, never from the command line): HTTP Basic (any user name, the secret as
  password: the browser asks once and resends it) or `Authorization: Bearer SECRET` for programs.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import config

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# Gradio's launch() calls this on itself, without credentials; it only starts the queue, once.
NO_PASSWORD_PATHS = frozenset({"/gradio_api/startup-events"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Gradio's inline config and js_on_load handlers
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class Policy:
    """What the guard accepts. `hosts`: lower-case host names without port; `any_local_address`: the
    server listens on every interface, so the address a request arrived at is accepted as a host too."""

    hosts: frozenset[str]
    proxy_hosts: frozenset[str] = frozenset()  # --allowed-host: also accepted as an Origin's host
    any_local_address: bool = False
    secret: str | None = field(default=None, repr=False)

    @classmethod
    def for_server(cls, host: str, allowed_hosts: Iterable[str] = (), secret: str | None = None) -> Policy:
        extra = {_host_only(h) for h in allowed_hosts if h.strip()}
        names = set(LOOPBACK_NAMES) | extra
        wildcard = is_wildcard(host)
        if wildcard:
            for name in (socket.gethostname(), socket.getfqdn()):
                if name:
                    names.add(name.lower())
        else:
            names.add(_host_only(host))
        return cls(frozenset(names), frozenset(extra), wildcard, secret or None)


def _host_only(value: str) -> str:
    """'Example.org:7860' -> 'example.org'; '[::1]:7860' -> '::1'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _netloc(value: str, scheme: str) -> str:
    """'host:port' with the scheme's default port made explicit, for comparing origins."""
    host = _host_only(value)
    port = value.rsplit(":", 1)[1] if ":" in value.rsplit("]", 1)[-1] else ("443" if scheme == "https" else "80")
    return f"{host}:{port}"


class Guard:
    """ASGI middleware applying a `Policy` to every HTTP request (see the module docstring)."""

    def __init__(self, app, policy: Policy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        problem = self.check(scope, headers)
        if problem is not None:
            status, text, extra = problem
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await _plain(send, status, text, extra)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                message = {**message, "headers": [*message.get("headers", ()),
                                                   *((k, v) for k, v in HEADERS if k not in present)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def check(self, scope, headers: dict[str, str]) -> tuple[int, str, list] | None:
        """(status, message, extra headers) when the request is refused, else None."""
        raw_host = headers.get("host", "")
        host = _host_only(raw_host)
        arrived_at = (scope.get("server") or ("", 0))[0]
        if not (host in self.policy.hosts or (self.policy.any_local_address and host == str(arrived_at).lower())):
            return (400, f"itu-search: the host name '{raw_host[:100]}' is not served here. If you reach this "
                         "server through a proxy or another name, start it with --allowed-host NAME.", [])
        if (self.policy.secret is not None and scope.get("path") not in NO_PASSWORD_PATHS
                and not self._authorized(headers.get("authorization", ""))):
            return (401, "itu-search: this server asks for the password (any user name).",
                    [(b"www-authenticate", b'Basic realm="itu-search", charset="UTF-8"')])
        method = scope.get("method", "GET").upper()
        if self._cross_site(headers, raw_host) and (method in UNSAFE_METHODS or "origin" in headers):
            return (403, "itu-search: refused a request sent by another web site (cross-origin). Open the "
                         "search page itself and use it there.", [])
        return None

    def _cross_site(self, headers: dict[str, str], raw_host: str) -> bool:
        if headers.get("sec-fetch-site", "") == "cross-site":
            return True
        source = headers.get("origin") or headers.get("referer")
        if source is None:
            return False  # not sent by a browser page (curl, scripts): nothing to forge
        if source.strip().lower() == "null":
            return True
        parts = urlsplit(source.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return True
        if _netloc(parts.netloc, parts.scheme) in (_netloc(raw_host, "http"), _netloc(raw_host, "https")):
            return False
        return _host_only(parts.netloc) not in self.policy.proxy_hosts

    def _authorized(self, value: str) -> bool:
        scheme, _, given = value.strip().partition(" ")
        given = given.strip()
        if scheme.lower() == "basic":
            try:
                given = base64.b64decode(given, validate=True).decode("utf-8").partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return False
        elif scheme.lower() != "bearer":
            return False
        secret = self.policy.secret or ""
        return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


async def _plain(send, status: int, text: str, extra: list) -> None:
    body = (text + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS, *extra]})
    await send({"type": "http.response.body", "body": body})


def middleware(policy: Policy):
    """The Starlette `Middleware` entry for FastAPI(middleware=[...]) (what Gradio's app_kwargs passes on)."""
    from starlette.middleware import Middleware

    return Middleware(Guard, policy=policy)


def read_secret(path: str | None, env_value: str | None) -> str | None:
    """The shared secret from a file (first line) or an environment variable's value; None if neither.
    Raises ValueError with a message for a file that cannot be read or an empty secret."""
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                secret = fh.readline().strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read the password file {path}: {getattr(exc, 'strerror', None) or exc}") from exc
        if not secret:
            raise ValueError(f"the password file {path} is empty: put the password on its first line")
        return secret
    if env_value is not None:
        if not env_value.strip():
            raise ValueError("the password environment variable is set but empty")
        return env_value.strip()
    return None


# ------------------------------------------------------------------------------------------- command line

PASSWORD_ENV = config.PASSWORD_ENV


def add_arguments(p) -> None:
    """The serve options shared by `itu-search serve` and `python ui.py`."""
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="another host name the server is reached by (a reverse proxy, a DNS name); repeatable")
    p.add_argument("--password-file", metavar="FILE",
                   help=f"ask for the password on the first line of FILE (or set ${PASSWORD_ENV}); required with "
                        "a --host other than 127.0.0.1/localhost. Never put the password itself on the command line")
    p.add_argument("--no-password", action="store_true",
                   help="serve a non-local --host without a password (only behind a proxy that authenticates)")


def policy_from_args(args, environ) -> Policy:
    """The Policy for parsed serve arguments; ValueError with the message and the next step if refused."""
    secret = read_secret(args.password_file, environ.get(PASSWORD_ENV))
    if secret is None and not is_loopback(args.host) and not args.no_password:
        raise ValueError(f"--host {args.host} makes the web UI reachable from other machines, and anyone who "
                         f"reaches it can upload and remove documents: set a password with --password-file FILE "
                         f"or ${PASSWORD_ENV} (or pass --no-password if a proxy in front authenticates)")
    return Policy.for_server(args.host, args.allowed_host, secret)
