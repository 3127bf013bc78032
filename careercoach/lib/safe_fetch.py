"""Fetch a web page that a user pointed us at, without letting them point us at ourselves.

A user-supplied URL is an SSRF risk: without care, "import from link" would read the
cloud metadata service, the admin port of Redis, or any intranet page for them. So:

* only ``http``/``https`` URLs with a host;
* the host is resolved once and refused if ANY of its addresses is not a public
  unicast address (private, loopback, link-local incl. 169.254.169.254, CGNAT,
  multicast, reserved, unspecified, and IPv6 forms that embed such an IPv4 address);
* we then connect to that vetted IP literal (the original name goes in the ``Host``
  header, TLS SNI and certificate check), so a DNS answer that changes between the
  check and the connect (DNS rebinding) cannot send us elsewhere;
* redirects are followed by hand, each hop checked the same way, up to a limit;
* one overall deadline covers DNS, connects, redirects and the body;
* the body is streamed and abandoned past a size limit; only HTML is accepted.

Environment proxies are deliberately ignored (urllib3, not requests): a proxy would
resolve the name itself and defeat the check.

Errors are ``FetchError`` subclasses whose message can be shown to the user as is.
This module knows nothing about jobs; callers map the errors to their own.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationParseError,
    NewConnectionError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util import parse_url
from w3lib.encoding import html_to_unicode

HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = "Mozilla/5.0 (compatible; CareerCoach job importer; +https://github.com/careercoach)"
_CHUNK = 64 * 1024
_HOSTNAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")
_SNIFF_BYTES = 1024

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Named explicitly although the rules above already cover them: these are the
# addresses an attacker actually aims at.
_METADATA = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, DigitalOcean
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
}

# --- Errors -----------------------------------------------------------------------------


class FetchError(Exception):
    """The page could not be fetched; the message is meant for the user."""


class InvalidUrl(FetchError):
    pass


class UnsafeAddress(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class PageTooLarge(FetchError):
    pass


class NotHtml(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class HttpStatusError(FetchError):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class ConnectionFailed(FetchError):
    pass


MSG_INVALID = "That doesn't look like a web address. Use a link that starts with http:// or https://."
MSG_PRIVATE = (
    "That address points to a private network (or this server itself), so we won't fetch it. "
    "Paste the posting's text instead."
)
MSG_TIMEOUT = "The page took too long to answer. Try again in a moment, or paste the posting's text instead."


# --- Address policy ---------------------------------------------------------------------


def address_refusal_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why we refuse to connect to ``ip``, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 spellings of an IPv4 address are judged by that IPv4 address. NAT64
        # (64:ff9b::/96) is how IPv6-only hosts reach the public IPv4 internet, so a
        # public embedded address is fine there.
        if ip.ipv4_mapped is not None:
            return address_refusal_reason(ip.ipv4_mapped)
        if ip in _NAT64:
            return address_refusal_reason(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and address_refusal_reason(ip.sixtofour):
            return "6to4 address of a private IPv4 address"
        if ip.teredo is not None and any(address_refusal_reason(part) for part in ip.teredo):
            return "Teredo address of a private IPv4 address"
    if ip in _METADATA:
        return "cloud metadata service"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_private:
        return "private network"
    if ip.version == 4 and ip in _CGNAT:
        return "carrier-grade NAT"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "not a public address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    return None


# --- Result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FetchedPage:
    url: str  # where we ended up, after redirects
    status: int
    content_type: str
    encoding: str
    text: str


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) form, no brackets
    port: int
    request_uri: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def _ascii_host(host: str) -> str:
    """An IP literal as is; a name in its ASCII (IDNA) form, checked for shape."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    try:
        host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InvalidUrl(MSG_INVALID) from None
    if len(host) > 253 or not _HOSTNAME.fullmatch(host) or any(len(label) > 63 for label in host.split(".")):
        raise InvalidUrl(MSG_INVALID)
    return host


def _parse(url: str) -> _Target:
    url = (url or "").strip().replace(" ", "%20")
    if not url or len(url) > 2000 or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise InvalidUrl(MSG_INVALID)
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
        host = parts.hostname or ""
        parsed = parse_url(url)
    except (ValueError, LocationParseError):
        raise InvalidUrl(MSG_INVALID) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InvalidUrl(MSG_INVALID)
    host = _ascii_host(host)
    scheme = parts.scheme.lower()
    return _Target(
        url=url,
        scheme=scheme,
        host=host,
        port=port or (443 if scheme == "https" else 80),
        request_uri=parsed.request_uri or "/",
    )


def _resolve(target: _Target, *, deadline: float) -> list[str]:
    """getaddrinfo with a deadline (it has no timeout of its own)."""
    result: dict = {}

    def lookup():
        try:
            result["infos"] = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as e:
            result["error"] = e

    thread = threading.Thread(target=lookup, name="safe-fetch-dns", daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    if thread.is_alive():
        raise FetchTimeout(MSG_TIMEOUT)
    if "error" in result:
        raise ConnectionFailed(f"We couldn't find the site {target.host}. Check the link for typos.")
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in result["infos"]:
        address = sockaddr[0].split("%", 1)[0]  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise ConnectionFailed(f"We couldn't find the site {target.host}. Check the link for typos.")
    return addresses


def _check_addresses(addresses: list[str]) -> None:
    # Every address, not just the first: a name may resolve to a public and a private
    # address, and which one a client picks is not ours to guess.
    for address in addresses:
        if address_refusal_reason(ipaddress.ip_address(address)):
            raise UnsafeAddress(MSG_PRIVATE)


def _pool(target: _Target, ip: str, timeout: urllib3.Timeout, ca_certs: str) -> urllib3.HTTPConnectionPool:
    common = dict(host=ip, port=target.port, timeout=timeout, retries=False, maxsize=1, block=False)
    if target.scheme == "https":
        # Connect to the IP, but present and verify the original name (SNI + certificate).
        return urllib3.HTTPSConnectionPool(
            **common,
            cert_reqs="CERT_REQUIRED",
            ca_certs=ca_certs,
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(**common)


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchTimeout(MSG_TIMEOUT)
    return remaining


def _open(target: _Target, addresses: list[str], *, deadline: float, timeout: float, ca_certs: str):
    """Send the GET to the first vetted address that accepts a connection."""
    last_error: Exception | None = None
    for ip in addresses:
        remaining = _remaining(deadline)
        per_call = urllib3.Timeout(connect=min(timeout, remaining), read=min(timeout, remaining))
        pool = _pool(target, ip, per_call, ca_certs)
        try:
            response = pool.urlopen(
                "GET",
                target.request_uri,
                headers={
                    "Host": target.host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                    "Accept-Language": "en;q=1.0, *;q=0.5",
                    "Accept-Encoding": "gzip, deflate",
                },
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=True,
                assert_same_host=False,
            )
        except (NewConnectionError, ConnectTimeoutError) as e:
            pool.close()
            last_error = e
            continue
        except ReadTimeoutError:
            pool.close()
            raise FetchTimeout(MSG_TIMEOUT) from None
        except SSLError:
            pool.close()
            raise ConnectionFailed(
                f"We couldn't open a secure connection to {target.host} (its certificate could not be verified)."
            ) from None
        except (HTTPError, OSError):
            pool.close()
            raise ConnectionFailed(f"The connection to {target.host} failed. Try again in a moment.") from None
        return pool, response
    # NewConnectionError (refused, unreachable) subclasses ConnectTimeoutError in urllib3.
    timed_out = isinstance(last_error, ConnectTimeoutError) and not isinstance(last_error, NewConnectionError)
    if timed_out or time.monotonic() >= deadline:
        raise FetchTimeout(MSG_TIMEOUT)
    raise ConnectionFailed(f"We couldn't connect to {target.host}. Check the link and try again.")


def _format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def _too_large(max_bytes: int) -> PageTooLarge:
    return PageTooLarge(
        f"The page is larger than {_format_size(max_bytes)}, so we stopped reading it. "
        "Paste the posting's text instead."
    )


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _looks_like_html(head: bytes) -> bool:
    head = head.lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title"))


def _read_body(response, *, deadline: float, timeout: float, max_bytes: int) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes)
    sock = getattr(getattr(response, "connection", None), "sock", None)
    body = bytearray()
    try:
        while True:
            # One recv at a time, each bounded by what is left of the deadline, so a
            # server trickling a byte at a time cannot keep us past it.
            remaining = _remaining(deadline)
            if sock is not None:
                sock.settimeout(min(timeout, remaining))
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise _too_large(max_bytes)
    except (ReadTimeoutError, TimeoutError):
        raise FetchTimeout(MSG_TIMEOUT) from None
    except (HTTPError, OSError):
        raise ConnectionFailed("The connection broke while reading the page. Try again in a moment.") from None
    return bytes(body)


def _status_error(status: int, reason: str) -> HttpStatusError:
    label = f"{status} {reason}".strip()
    if status in (401, 403):
        message = (
            f"The site refused to show us the page ({label}). Some job sites only show postings to "
            "signed-in visitors: paste the posting's text instead."
        )
    elif status in (404, 410):
        message = f"The site says the page doesn't exist ({label}). The posting may have been taken down."
    elif status == 429:
        message = f"The site is limiting requests right now ({label}). Try again later, or paste the posting's text."
    elif status >= 500:
        message = f"The site had a problem answering ({label}). Try again later, or paste the posting's text."
    else:
        message = f"The site answered with an error ({label}). Paste the posting's text instead."
    return HttpStatusError(message, status)


def fetch_html(
    url: str,
    *,
    allow_private: bool | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    ca_certs: str | None = None,
) -> FetchedPage:
    """GET an HTML page under the rules in the module docstring.

    Defaults come from the JOBS_URL_IMPORT_* settings; ``allow_private=True`` lifts the
    address check (tests, and self-hosters importing from their own intranet).
    ``ca_certs`` replaces the certifi bundle (a private CA; tests).
    """
    allow_private = settings.JOBS_URL_IMPORT_ALLOW_PRIVATE if allow_private is None else allow_private
    timeout = float(settings.JOBS_URL_IMPORT_TIMEOUT if timeout is None else timeout)
    max_bytes = int(settings.JOBS_URL_IMPORT_MAX_BYTES if max_bytes is None else max_bytes)
    max_redirects = int(settings.JOBS_URL_IMPORT_MAX_REDIRECTS if max_redirects is None else max_redirects)
    deadline = time.monotonic() + timeout

    current = url
    for _hop in range(max_redirects + 1):
        target = _parse(current)
        addresses = _resolve(target, deadline=deadline)
        if not allow_private:
            _check_addresses(addresses)
        pool, response = _open(target, addresses, deadline=deadline, timeout=timeout, ca_certs=ca_certs or certifi.where())
        try:
            if response.status in REDIRECT_STATUSES:
                location = (response.headers.get("Location") or "").strip()
                if not location:
                    raise ConnectionFailed("The page redirected without saying where to.")
                current = urljoin(target.url, location)
                continue
            if response.status >= 400:
                raise _status_error(response.status, response.reason or "")
            content_type = response.headers.get("Content-Type", "")
            media_type = _media_type(content_type)
            if media_type and media_type not in HTML_CONTENT_TYPES:
                raise NotHtml(
                    f"That link is not a web page ({media_type}). Open it in your browser and paste the "
                    "posting's text instead."
                )
            body = _read_body(response, deadline=deadline, timeout=timeout, max_bytes=max_bytes)
            if not media_type and not _looks_like_html(body[:_SNIFF_BYTES]):
                raise NotHtml("That link is not a web page. Open it in your browser and paste the posting's text instead.")
            encoding, text = html_to_unicode(content_type or None, body)
            return FetchedPage(
                url=target.url, status=response.status, content_type=media_type or "text/html",
                encoding=encoding, text=text,
            )
        finally:
            # Never reuse: the next hop may be another host, and an unread body is junk.
            response.close()
            pool.close()
    raise TooManyRedirects(
        f"Too many redirects (more than {max_redirects}). Open the link in your browser and use the "
        "address it ends on."
    )
