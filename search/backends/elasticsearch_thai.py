"""
Elasticsearch with its own ``thai`` analyzer (Lucene's ThaiAnalyzer: dictionary word breaks,
Thai stop words) on the raw text, instead of PM1's segmentation: the alternative issue 4 asked to
measure. ``ELASTICSEARCH_ANALYZER=thai`` selects it; ``bench/search_quality.py`` ranks both on the
relevance set (README, "Search").
"""

from copy import deepcopy

from modelsearch.backends import elasticsearch8
from modelsearch.utils import deep_update

__all__ = ["SearchBackend"]


class ThaiAnalyzerSearchBackend(elasticsearch8.Elasticsearch8SearchBackend):
    settings = deep_update(
        deepcopy(elasticsearch8.Elasticsearch8SearchBackend.settings),
        {"settings": {"analysis": {"analyzer": {"default": {"type": "thai"}}}}},
    )


SearchBackend = ThaiAnalyzerSearchBackend
