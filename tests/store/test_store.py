from paperdigest.models import Paper
from paperdigest.stage import cache_key
from paperdigest.store import Store


def test_store_round_trip_and_stats(tmp_path):
    store = Store(tmp_path)
    paper = Paper(arxiv_id="2501.10120", version=1, title="PaSa")
    key = cache_key("x", paper)
    assert store.get("stage", key, Paper) is None
    store.put("stage", key, paper)
    assert store.get("stage", key, Paper) == paper
    assert store.computed["stage"] == 1 and store.hits["stage"] == 1
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_store_treats_corrupt_entries_as_missing(tmp_path):
    store = Store(tmp_path)
    store.put("stage", "ab" * 32, Paper(arxiv_id="1", title="t"))
    next(tmp_path.rglob("*.json")).write_text("{truncated")
    assert store.get("stage", "ab" * 32, Paper) is None


def test_cache_key_depends_on_content():
    assert cache_key("a", {"x": 1}) == cache_key("a", {"x": 1})
    assert cache_key("a", {"x": 1}) != cache_key("a", {"x": 2})
