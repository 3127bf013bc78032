"""careercoach.lib.safe_fetch against a real HTTP(S) server on 127.0.0.1."""

from __future__ import annotations

import datetime
import gzip
import ipaddress
import socket
import ssl
import threading
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from careercoach.lib import safe_fetch
from careercoach.lib.safe_fetch import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HttpStatusError,
    InvalidUrl,
    NotHtml,
    PageTooLarge,
    TooManyRedirects,
    UnsafeAddress,
    address_refusal_reason,
    fetch_html,
)
from tests.loopback_http import (
    LoopbackServer,
    drip_handler,
    html_handler,
    redirect_handler,
    send,
    slow_handler,
    stream_handler,
)

PAGE = "<!doctype html><html><head><title>Engineer</title></head><body><h1>Engineer</h1></body></html>"


@pytest.fixture
def server():
    with LoopbackServer() as s:
        yield s


@pytest.fixture(autouse=True)
def _defaults(settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = False
    settings.JOBS_URL_IMPORT_TIMEOUT = 5.0
    settings.JOBS_URL_IMPORT_MAX_BYTES = 3 * 1024 * 1024
    settings.JOBS_URL_IMPORT_MAX_REDIRECTS = 5


@pytest.fixture
def loopback_counts_as_public(monkeypatch):
    """Treat 127.0.0.1 (only) as public, so a test server can be the first, allowed hop."""
    real = safe_fetch.address_refusal_reason

    def policy(ip):
        return None if str(ip) == "127.0.0.1" else real(ip)

    monkeypatch.setattr(safe_fetch, "address_refusal_reason", policy)


# --- Address policy ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.1.1",
        "100.64.0.1", "100.100.100.200", "0.0.0.0", "255.255.255.255", "224.0.0.1", "240.0.0.1", "198.18.0.1",
        "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:7f00:1::1", "2002:a00:1::1",
    ],
)
def test_refuses_non_public_addresses(address):
    assert address_refusal_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "64:ff9b::808:808", "::ffff:8.8.8.8"])
def test_allows_public_addresses(address):
    assert address_refusal_reason(ipaddress.ip_address(address)) is None


# --- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "", "   ", "not a url", "example.com/jobs/1", "ftp://example.com/job", "javascript:alert(1)", "file:///etc/passwd",
        "http://", "http:///path", "https://exa mple.com/", "http://example.com:99999/", "http://exa$mple.com/",
        "http://example.com/\r\nX-Injected: 1", "https://" + "a" * 64 + ".com/",
    ],
)
def test_malformed_url(url):
    with pytest.raises(InvalidUrl, match="doesn't look like a web address"):
        fetch_html(url)


# --- Private addresses ------------------------------------------------------------------


def test_fetches_loopback_when_allowed(server):
    url = server.route("/job", html_handler(PAGE))
    page = fetch_html(url, allow_private=True)
    assert page.status == 200
    assert page.url == url
    assert page.content_type == "text/html"
    assert "<h1>Engineer</h1>" in page.text
    path, headers = server.requests[0]
    assert path == "/job"
    assert headers["Host"] == f"127.0.0.1:{server.port}"


def test_setting_allows_private(server, settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = True
    assert "Engineer" in fetch_html(server.route("/job", html_handler(PAGE))).text


def test_refuses_loopback_by_default(server):
    url = server.route("/job", html_handler(PAGE))
    with pytest.raises(UnsafeAddress, match="private network"):
        fetch_html(url)
    assert server.requests == []


def test_explicit_false_beats_setting(server, settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = True
    with pytest.raises(UnsafeAddress):
        fetch_html(server.route("/job", html_handler(PAGE)), allow_private=False)


@pytest.mark.parametrize(
    "host", ["localhost", "[::1]", "0.0.0.0", "2130706433", "0x7f.1", "127.1", "[::ffff:127.0.0.1]", "LOCALHOST."]
)
def test_refuses_names_and_spellings_of_loopback(server, host):
    server.route("/job", html_handler(PAGE))
    with pytest.raises(UnsafeAddress):
        fetch_html(f"http://{host}:{server.port}/job")
    assert server.requests == []


def test_refuses_metadata_address():
    with pytest.raises(UnsafeAddress):
        fetch_html("http://169.254.169.254/latest/meta-data/")


def test_connects_to_the_vetted_address(server, monkeypatch, loopback_counts_as_public):
    """DNS rebinding: the name is resolved once; a second answer is never used."""
    real = socket.getaddrinfo
    calls = []

    def rebinding(host, *args, **kwargs):
        if host == "jobs.rebind.test":
            calls.append(host)
            address = "127.0.0.1" if len(calls) == 1 else "169.254.169.254"
            return real(address, *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    server.route("/job", html_handler(PAGE))
    page = fetch_html(f"http://jobs.rebind.test:{server.port}/job")
    assert "Engineer" in page.text
    assert calls == ["jobs.rebind.test"]
    assert server.requests[0][1]["Host"] == f"jobs.rebind.test:{server.port}"


# --- Redirects --------------------------------------------------------------------------


def test_follows_redirects(server):
    final = server.route("/final", html_handler(PAGE))
    server.route("/b", redirect_handler("/final", 301))
    start = server.route("/a", redirect_handler(server.url("/b"), 302))
    page = fetch_html(start, allow_private=True)
    assert page.url == final
    assert [path for path, _ in server.requests] == ["/a", "/b", "/final"]


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/"])
def test_refuses_redirect_to_private_address(server, loopback_counts_as_public, target):
    start = server.route("/a", redirect_handler(target))
    with pytest.raises(UnsafeAddress):
        fetch_html(start)
    assert [path for path, _ in server.requests] == ["/a"]


def test_refuses_redirect_to_other_scheme(server):
    start = server.route("/a", redirect_handler("file:///etc/passwd"))
    with pytest.raises(InvalidUrl):
        fetch_html(start, allow_private=True)


def test_redirect_limit(server, settings):
    settings.JOBS_URL_IMPORT_MAX_REDIRECTS = 3
    start = server.route("/loop", redirect_handler("/loop"))
    with pytest.raises(TooManyRedirects, match=r"Too many redirects \(more than 3\)"):
        fetch_html(start, allow_private=True)
    assert len(server.requests) == 4


def test_redirect_without_location(server):
    start = server.route("/a", lambda req: send(req, 302, b""))
    with pytest.raises(ConnectionFailed, match="without saying where"):
        fetch_html(start, allow_private=True)


# --- Content type, size, status ---------------------------------------------------------


def test_refuses_non_html(server):
    url = server.route("/cv.pdf", html_handler(b"%PDF-1.7 ...", content_type="application/pdf"))
    with pytest.raises(NotHtml, match=r"not a web page \(application/pdf\)"):
        fetch_html(url, allow_private=True)


@pytest.mark.parametrize("content_type", ["application/xhtml+xml", "TEXT/HTML; charset=UTF-8"])
def test_accepts_html_types(server, content_type):
    url = server.route("/job", html_handler(PAGE, content_type=content_type))
    assert "Engineer" in fetch_html(url, allow_private=True).text


def test_sniffs_html_without_content_type(server):
    url = server.route("/job", html_handler(PAGE, content_type=""))
    assert "Engineer" in fetch_html(url, allow_private=True).text


def test_refuses_binary_without_content_type(server):
    url = server.route("/blob", html_handler(b"\x89PNG\r\n\x1a\n....", content_type=""))
    with pytest.raises(NotHtml):
        fetch_html(url, allow_private=True)


def test_refuses_streamed_body_past_the_limit(server, settings):
    settings.JOBS_URL_IMPORT_MAX_BYTES = 100 * 1024
    url = server.route("/huge", stream_handler(5 * 1024 * 1024, chunk=16 * 1024))
    with pytest.raises(PageTooLarge, match="larger than 100 KB"):
        fetch_html(url, allow_private=True)


def test_refuses_announced_large_body(server):
    url = server.route("/huge", stream_handler(4 * 1024 * 1024, content_length=True))
    with pytest.raises(PageTooLarge, match="The page is larger than 3 MB"):
        fetch_html(url, allow_private=True)


def test_refuses_compressed_body_past_the_limit(server, settings):
    """A small gzip body that inflates to 100 MB is cut off at the limit, not inflated."""
    settings.JOBS_URL_IMPORT_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b"<html>" + b"\0" * (100 * 1024 * 1024), 9)
    url = server.route("/bomb", lambda req: send(req, 200, bomb, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(PageTooLarge):
        fetch_html(url, allow_private=True)


def test_decompresses_gzip(server):
    url = server.route("/gz", lambda req: send(req, 200, gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"}))
    assert "<h1>Engineer</h1>" in fetch_html(url, allow_private=True).text
    assert "gzip" in server.requests[0][1]["Accept-Encoding"]


def test_accepts_body_at_the_limit(server, settings):
    settings.JOBS_URL_IMPORT_MAX_BYTES = 1000
    body = b"<html>" + b"x" * (1000 - 13) + b"</html>"
    assert len(body) == 1000
    assert fetch_html(server.route("/job", html_handler(body)), allow_private=True).text.endswith("</html>")


@pytest.mark.parametrize(("status", "message"), [(404, "doesn't exist"), (403, "refused"), (500, "problem")])
def test_http_errors(server, status, message):
    url = server.route("/job", html_handler(PAGE, status=status))
    with pytest.raises(HttpStatusError, match=message) as excinfo:
        fetch_html(url, allow_private=True)
    assert excinfo.value.status == status


# --- Timeouts and connection failures ---------------------------------------------------


def test_slow_server_times_out(server, settings):
    settings.JOBS_URL_IMPORT_TIMEOUT = 0.5
    url = server.route("/slow", slow_handler(3))
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="took too long"):
        fetch_html(url, allow_private=True)
    assert time.monotonic() - started < 1.5


def test_trickling_server_hits_the_overall_deadline(server, settings):
    settings.JOBS_URL_IMPORT_TIMEOUT = 0.6
    url = server.route("/drip", drip_handler(0.05, 200))  # 10 s in all, never 0.6 s silent
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch_html(url, allow_private=True)
    assert time.monotonic() - started < 1.5


def test_connection_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ConnectionFailed, match="couldn't connect"):
        fetch_html(f"http://127.0.0.1:{port}/", allow_private=True)


def test_unknown_host(settings):
    settings.JOBS_URL_IMPORT_TIMEOUT = 3
    with pytest.raises(FetchError) as excinfo:
        fetch_html("http://no-such-host.invalid/")
    assert not isinstance(excinfo.value, UnsafeAddress)


# --- Decoding ---------------------------------------------------------------------------


def test_decodes_with_header_charset(server):
    body = "<html><title>Café Développeur</title></html>".encode("iso-8859-1")
    url = server.route("/job", html_handler(body, content_type="text/html; charset=ISO-8859-1"))
    assert "Café Développeur" in fetch_html(url, allow_private=True).text


def test_decodes_with_meta_charset(server):
    body = '<html><head><meta charset="windows-1252"></head><title>Zürich – €</title></html>'.encode("cp1252")
    url = server.route("/job", html_handler(body, content_type="text/html"))
    assert "Zürich – €" in fetch_html(url, allow_private=True).text


def test_defaults_to_utf8(server):
    url = server.route("/job", html_handler("<html><title>Kraków</title></html>", content_type="text/html"))
    assert "Kraków" in fetch_html(url, allow_private=True).text


# --- HTTPS: connect to the IP, present and verify the name ------------------------------


def _certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_file), str(key_file)


@pytest.fixture
def tls_server(tmp_path):
    cert_file, key_file = _certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server_names: list = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    with LoopbackServer(ssl_context=context) as server:
        server.route("/job", html_handler(PAGE))
        server.sni = server_names
        server.cert_file = cert_file
        yield server


def test_https_pins_ip_but_verifies_the_name(tls_server):
    page = fetch_html(f"https://localhost:{tls_server.port}/job", allow_private=True, ca_certs=tls_server.cert_file)
    assert "Engineer" in page.text
    assert tls_server.sni == ["localhost"]
    assert tls_server.requests[0][1]["Host"] == f"localhost:{tls_server.port}"


def test_https_with_untrusted_certificate(tls_server):
    with pytest.raises(ConnectionFailed, match="certificate"):
        fetch_html(f"https://localhost:{tls_server.port}/job", allow_private=True)


def test_https_certificate_for_another_name(tls_server):
    # The certificate says "localhost"; asking for the IP must not be accepted for it.
    with pytest.raises(ConnectionFailed, match="certificate"):
        fetch_html(f"https://127.0.0.1:{tls_server.port}/job", allow_private=True, ca_certs=tls_server.cert_file)


def test_fetches_do_not_leak_threads(server):
    url = server.route("/job", html_handler(PAGE))
    before = threading.active_count()
    for _ in range(5):
        fetch_html(url, allow_private=True)
    time.sleep(0.1)
    assert threading.active_count() <= before + 1
