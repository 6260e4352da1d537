"""Category names are checked against arXiv's taxonomy, with the closest valid names suggested."""

import pytest

from paperdigest.errors import UsageError
from paperdigest.settings import Settings
from paperdigest.taxonomy import CATEGORIES, check_categories, closest


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("astroph", "astro-ph"), ("cs.cl", "cs.CL"), ("hepth", "hep-th"), ("cond-mat.mes", "cond-mat.mes-hall"), ("cs.XX", "cs")],
)
def test_closest_names(typo, suggestion):
    assert suggestion in closest(typo)


def test_unknown_category_is_a_usage_error_with_a_suggestion():
    with pytest.raises(UsageError, match=r"unknown arXiv category 'astroph' in categories; did you mean 'astro-ph'\?"):
        Settings(categories=("cs.CL", "astroph"))
    with pytest.raises(UsageError, match="'zzzz'") as error:
        check_categories(["zzzz"], "--feed")
    assert "did you mean" not in str(error.value)


def test_every_category_of_the_recorded_all_archives_day_is_known(corpus):
    from paperdigest.sources.rss import parse_rss

    papers, _, _ = parse_rss((corpus / "arxiv_rss" / "aioarxiv_rss_mock_feed.xml").read_bytes())
    seen = {c for p in papers for c in p.categories}
    assert len(seen) > 100 and seen <= CATEGORIES
    assert check_categories(["cs", "math.AG", "all"]) == ("cs", "math.AG", "all")
