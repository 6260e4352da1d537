"""The `endpoints` setting: each origin's requests go to a replacement base, with path and query kept."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from paperdigest.errors import ConfigError, FetchError
from paperdigest.http import RetryPolicy, get_bytes, make_client
from paperdigest.settings import load_settings

ARXIV = frozenset({"arxiv.org"})


def test_a_toml_table_and_the_env_form_give_the_same_mapping(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[endpoints]\n"https://huggingface.co" = "http://127.0.0.1:8080/hf/"\n"HTTPS://ArXiv.org:443" = "https://mirror.example/a"\n')
    from_toml = load_settings(config=config, environ={}).endpoints
    env = {"PAPERDIGEST_ENDPOINTS": "https://arxiv.org=https://mirror.example/a/, https://huggingface.co=http://127.0.0.1:8080/hf"}
    (tmp_path / "empty.toml").write_text("")
    from_env = load_settings(config=tmp_path / "empty.toml", environ=env).endpoints
    assert from_toml == from_env == (
        ("https://arxiv.org", "https://mirror.example/a"), ("https://huggingface.co", "http://127.0.0.1:8080/hf"))
    assert load_settings(config=config, environ={}).arxiv_interval == 3.0


@pytest.mark.parametrize(
    "value",
    ["huggingface.co=http://x", "https://huggingface.co/api=http://x", "https://huggingface.co=ftp://x",
     "https://huggingface.co=http://x/?q=1", "https://huggingface.co", "https://huggingface.co:99999=http://x"],
)
def test_a_malformed_mapping_is_a_config_error(tmp_path, value):
    (tmp_path / "c.toml").write_text("")
    with pytest.raises(ConfigError, match="endpoints"):
        load_settings(config=tmp_path / "c.toml", environ={"PAPERDIGEST_ENDPOINTS": value})


def _serve(handler, url: str, endpoints, only_hosts=None) -> bytes:
    async def go() -> bytes:
        policy = RetryPolicy(min_interval={})
        async with make_client(transport=httpx.MockTransport(handler), policy=policy, endpoints=endpoints) as client:
            return await get_bytes(client, url, only_hosts=only_hosts)

    return asyncio.run(go())


def test_path_and_query_are_kept_under_the_base_and_host_names_the_base():
    asked: list[httpx.Request] = []

    def handler(request):
        asked.append(request)
        return httpx.Response(200, content=b"[]")

    endpoints = [("https://huggingface.co", "http://127.0.0.1:8080/hf")]
    assert _serve(handler, "https://huggingface.co/api/daily_papers?date=2025-01-20", endpoints) == b"[]"
    assert str(asked[0].url) == "http://127.0.0.1:8080/hf/api/daily_papers?date=2025-01-20"
    assert asked[0].headers["host"] == "127.0.0.1:8080"
    _serve(handler, "https://arxiv.org/pdf/1", endpoints)
    assert str(asked[1].url) == "https://arxiv.org/pdf/1"  # an origin not mapped is asked directly


def test_the_allow_list_follows_the_mapping():
    """A mapped arXiv may speak plain http and redirect within its base; off the base is off arXiv."""
    asked: list[str] = []

    def handler(request):
        asked.append(str(request.url))
        if request.url.path == "/arxiv/pdf/1":
            return httpx.Response(301, headers={"location": "/arxiv/pdf/1v2"})
        if request.url.path == "/arxiv/pdf/2":
            return httpx.Response(302, headers={"location": "http://127.0.0.1:8080/elsewhere/pdf/2"})
        return httpx.Response(200, content=b"%PDF-1.7")

    endpoints = [("https://arxiv.org", "http://127.0.0.1:8080/arxiv")]
    assert _serve(handler, "https://arxiv.org/pdf/1", endpoints, ARXIV) == b"%PDF-1.7"
    assert asked == ["http://127.0.0.1:8080/arxiv/pdf/1", "http://127.0.0.1:8080/arxiv/pdf/1v2"]
    with pytest.raises(FetchError, match="refusing to fetch 'http://127.0.0.1:8080/elsewhere/pdf/2'"):
        _serve(handler, "https://arxiv.org/pdf/2", endpoints, ARXIV)
    with pytest.raises(FetchError, match="refusing to fetch 'http://arxiv.org/pdf/3': not https"):
        _serve(handler, "http://arxiv.org/pdf/3", endpoints, ARXIV)  # plain http to the origin itself: never
    assert not [url for url in asked if "elsewhere" in url or url.endswith("/3")]


def test_no_request_anywhere_follows_a_redirect_to_plain_http():
    asked: list[str] = []

    def handler(request):
        asked.append(str(request.url))
        return httpx.Response(302, headers={"location": "http://huggingface.co/api/daily_papers"})

    with pytest.raises(FetchError, match="refusing to fetch 'http://huggingface.co/api/daily_papers': not https"):
        _serve(handler, "https://huggingface.co/api/daily_papers", [])
    assert asked == ["https://huggingface.co/api/daily_papers"]
