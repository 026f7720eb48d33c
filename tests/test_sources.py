"""Source texts: resolution, checksums and the verified download (against a loopback server)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading

import pytest

from benchmark.errors import BenchmarkError, SourceMissingError
from benchmark.sources import fetch_gnad, resolve_text, text_sha256


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_verifies_and_writes(server, mini, tmp_path):
    served, base = server
    body = (mini.sources / "10kGNAD" / "test.csv").read_bytes()
    (served / "test.csv").write_bytes(body)
    target = fetch_gnad(tmp_path / "dest", url=f"{base}/test.csv",
                        sha256=hashlib.sha256(body).hexdigest())
    assert target.read_bytes() == body
    text = resolve_text("10kGNAD", 1, annotations=mini.annotations, sources=tmp_path / "dest")
    assert text.startswith("Die EU")


def test_fetch_refuses_wrong_checksum_and_writes_nothing(server, tmp_path):
    served, base = server
    (served / "test.csv").write_bytes(b"tampered")
    with pytest.raises(BenchmarkError, match="expected"):
        fetch_gnad(tmp_path / "dest", url=f"{base}/test.csv", sha256="0" * 64)
    assert not list((tmp_path / "dest").rglob("*.csv"))
    assert not list((tmp_path / "dest").rglob("*.part"))


def test_fetch_unreachable_is_a_clear_error(tmp_path):
    with pytest.raises(BenchmarkError, match="could not download"):
        fetch_gnad(tmp_path, url="http://127.0.0.1:9/none.csv", sha256="0" * 64, timeout=2)


def test_missing_sources_name_the_fix(tmp_path, mini):
    with pytest.raises(SourceMissingError, match="eventbench sources fetch"):
        resolve_text("10kGNAD", 0, annotations=mini.annotations, sources=tmp_path)


def test_checksum_is_of_the_nfc_text():
    composed, decomposed = "Stra\u00dfe Ö", "Stra\u00dfe O\u0308"
    assert text_sha256(composed) == text_sha256(decomposed)


@pytest.mark.parametrize("ref", [-1, 3, "0", True])
def test_bad_row_reference(mini, ref):
    with pytest.raises(BenchmarkError, match="row index"):
        resolve_text("10kGNAD", ref, annotations=mini.annotations, sources=mini.sources)
