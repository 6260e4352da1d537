"""Bare arXiv ids of a .txt library are looked up once: the next run with the same library asks arXiv nothing."""

import asyncio

import httpx
import pytest

from paperdigest.http import RetryPolicy, make_client
from paperdigest.profile import Profile, look_up_bare_ids
from paperdigest.relevance import LibraryItem
from paperdigest.store import Store

pytestmark = pytest.mark.corpus


def _look_up(store, handler, ids, events):
    async def main():
        policy = RetryPolicy(min_interval={}, backoff=0.01)
        async with make_client(transport=httpx.MockTransport(handler), policy=policy) as client:
            profile = Profile(liked=[LibraryItem(title="", arxiv_id=i) for i in ids])
            return await look_up_bare_ids(profile, [], client, store, events.append)

    return asyncio.run(main())


def test_looked_up_ids_are_kept_and_a_failed_lookup_is_not(corpus, tmp_path):
    answer = next((corpus / "arxiv_api").rglob("id_1605.08386_*.xml")).read_bytes()
    asked = []

    def arxiv(request):
        asked.append(str(request.url))
        return httpx.Response(200, content=answer)

    def down(request):
        asked.append(str(request.url))
        return httpx.Response(503)

    events = []
    first = _look_up(Store(tmp_path), arxiv, ["1605.08386"], events)
    again = _look_up(Store(tmp_path), down, ["1605.08386"], events)  # a new run on the same cache
    assert len(asked) == 1 and "id_list=1605.08386" in asked[0]
    assert first.liked[0].title.startswith("Heat-bath random walks with Markov bases") and again == first
    assert not events
    # An id arXiv does not know is not kept: the next run asks again.
    _look_up(Store(tmp_path), arxiv, ["1605.08386", "2411.99999"], events)
    _look_up(Store(tmp_path), arxiv, ["1605.08386", "2411.99999"], events)
    assert len(asked) == 3 and any("no paper with id 2411.99999" in e.message for e in events)
