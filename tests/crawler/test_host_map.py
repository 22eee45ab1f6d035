"""Issue 15 (1): the host map behaves like a hosts-file entry (``curl --resolve``).

Real loopback servers on free ports: an HTTP one that builds its absolute links from the Host
header (as Java CMS front ends do) and an HTTPS one that records the SNI name it was asked
for. A real Scrapy process with the crawl's resolver fetches through the map.
"""

from __future__ import annotations

import datetime
import json
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.urls import HostMap
from tests.crawler.conftest import REPO, env


class _Echo(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.hosts.append(self.headers.get("Host"))
        body = f'<a href="http://{self.headers.get("Host")}/col/col1/index.html">年报</a>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(server):
    server.hosts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture()
def servers(tmp_path):
    plain = _serve(ThreadingHTTPServer(("127.0.0.1", 0), _Echo))
    secure = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_self_signed(tmp_path, "www.b.gov.cn"))
    secure.sni = []
    context.sni_callback = lambda sock, name, ctx: secure.sni.append(name)
    secure.socket = context.wrap_socket(secure.socket, server_side=True)
    _serve(secure)
    yield plain, secure
    for server in (plain, secure):
        server.shutdown()
        server.server_close()


def _probe(host_map: dict, *urls: str) -> list[dict]:
    proc = subprocess.run([sys.executable, str(REPO / "tests/crawler/hostmap_probe.py"),
                           json.dumps(host_map), *urls], capture_output=True, text=True,
                          env=env(), cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_real_host_real_sni_real_urls(servers):
    plain, secure = servers
    host_map = {"www.a.gov.cn": f"http://127.0.0.1:{plain.server_address[1]}",
                "www.b.gov.cn": f"https://127.0.0.1:{secure.server_address[1]}"}
    hm = HostMap(host_map, ["gov.cn"])
    urls = [hm.transport("http://www.a.gov.cn/index.html"), hm.transport("http://www.b.gov.cn/index.html")]
    assert urls == ["http://www.a.gov.cn/index.html", "https://www.b.gov.cn/index.html"]
    rows = {r["url"]: r for r in _probe(host_map, *urls)}
    assert plain.hosts == ["www.a.gov.cn"]
    assert secure.hosts == ["www.b.gov.cn"] and secure.sni == ["www.b.gov.cn"]
    a = rows["http://www.a.gov.cn/index.html"]
    assert a["status"] == 200 and 'href="http://www.a.gov.cn/col/col1/index.html"' in a["body"]
    assert rows["https://www.b.gov.cn/index.html"]["status"] == 200
    assert hm.fetched_from(urls[0]) == f"http://127.0.0.1:{plain.server_address[1]}/index.html"


def test_unmapped_names_are_not_pinned(servers):
    plain, _secure = servers
    host_map = {"www.a.gov.cn": f"http://127.0.0.1:{plain.server_address[1]}"}
    rows = _probe(host_map, "http://www.unmapped.invalid/index.html")
    assert plain.hosts == [] and "error" in rows[0]  # went to real DNS, which has no such name


def test_pins_are_hosts_file_entries():
    hm = HostMap({"www.a.gov.cn": "http://127.0.0.1:8703", "www.b.gov.cn": "https://10.0.0.9",
                  "www.c.gov.cn": "http://www.c.gov.cn"}, [])
    assert hm.pins() == {("www.a.gov.cn", 80): ("127.0.0.1", 8703), ("www.a.gov.cn", None): ("127.0.0.1", None),
                         ("www.b.gov.cn", 443): ("10.0.0.9", 443), ("www.b.gov.cn", None): ("10.0.0.9", None)}
    assert hm.fetched_from("http://www.c.gov.cn/x") is None
