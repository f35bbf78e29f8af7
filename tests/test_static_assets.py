"""Static files: content-hashed URLs cached for a year, and compressed text responses."""

import gc
import gzip
import re
import warnings

import brotli
import pytest

from quizapp.security import CONTENT_SECURITY_POLICY


def fetch(client, path: str, **kwargs):
    """Read a response whole and close it, as a server would after sending a file."""
    reply = client.get(path, **kwargs)
    reply.get_data()
    reply.close()
    return reply


def static_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


@pytest.fixture
def asset_urls(client):
    urls = static_urls(client.get("/").get_data(as_text=True))
    linked = {url.partition("?")[0] for url in urls}
    assert {"/static/style.css", "/static/app.js", "/static/theme.js"} <= linked, urls
    return urls


def test_pages_link_static_files_by_content_hash(asset_urls):
    for url in asset_urls:
        assert re.fullmatch(r"/static/[\w.]+\?v=[0-9a-f]{12}", url)


def test_hashed_static_url_is_cached_for_a_year(client, asset_urls):
    for url in asset_urls:
        reply = fetch(client, url)
        assert reply.status_code == 200
        assert reply.cache_control.immutable
        assert reply.cache_control.max_age == 365 * 24 * 60 * 60
        assert not reply.cache_control.no_cache


@pytest.mark.parametrize("query", ["", "?v=0123456789ab"])
def test_static_file_without_its_current_hash_is_revalidated(client, query):
    reply = fetch(client, f"/static/style.css{query}")
    assert reply.status_code == 200
    assert reply.cache_control.no_cache
    assert not reply.cache_control.immutable


def test_changed_file_gets_a_new_url(app, client, tmp_path):
    app.static_folder = str(tmp_path)
    (tmp_path / "style.css").write_text("body { color: black; }")
    before = static_urls(client.get("/").get_data(as_text=True))
    (tmp_path / "style.css").write_text("body { color: navy; }")
    after = static_urls(client.get("/").get_data(as_text=True))
    assert before[1] != after[1]
    assert after[1].startswith("/static/style.css?v=")


@pytest.mark.parametrize(("accepted", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
@pytest.mark.parametrize("path", ["/", "/static/style.css", "/static/app.js"])
def test_text_is_compressed_when_the_client_accepts_it(client, path, accepted, encoding):
    reply = fetch(client, path, headers={"Accept-Encoding": accepted})
    assert reply.status_code == 200
    assert reply.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in reply.headers["Vary"]


@pytest.mark.parametrize(("accepted", "compress"), [
    ("br", lambda data: brotli.compress(data, quality=2)),
    ("gzip", lambda data: gzip.compress(data, compresslevel=4, mtime=0)),
])
def test_responses_are_compressed_at_the_fast_levels_made_for_dynamic_pages(
    client, accepted, compress
):
    plain = fetch(client, "/static/style.css").data
    reply = fetch(client, "/static/style.css", headers={"Accept-Encoding": accepted})
    assert reply.data[10:] == compress(plain)[10:]  # gzip's header carries the time


def test_text_is_plain_when_the_client_accepts_no_compression(client):
    reply = fetch(client, "/static/style.css")
    assert "Content-Encoding" not in reply.headers
    assert b"{" in reply.data


def test_compressed_pages_keep_the_strict_content_security_policy(client):
    reply = fetch(client, "/", headers={"Accept-Encoding": "br"})
    assert reply.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def test_a_static_response_dropped_unclosed_leaves_no_file_open(client, asset_urls):
    """A browser that hangs up mid-response must not leave the file for the collector."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        for url in asset_urls:
            reply = client.get(url, buffered=False)
            del reply  # never closed, as when the connection drops
        gc.collect()
    assert [str(warning.message) for warning in caught] == []
