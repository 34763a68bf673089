"""
Elasticsearch 8 (or a compatible OpenSearch) for search at scale, selected by ``ELASTICSEARCH_URL``.

Documents carry the same segmented text as the database index (core/text.py), so the engine's
standard analyzer sees Thai words separated by spaces and the query pipeline is shared with the
embedded default. ``bench/search_quality.py`` compares this with Elasticsearch's own ``thai``
tokenizer on the relevance set.
"""

from copy import deepcopy

from modelsearch.backends import elasticsearch8
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import deep_update

from . import ThaiQueryMixin, segment_value

__all__ = ["Elasticsearch8Mapping", "SearchBackend"]


class Elasticsearch8Mapping(elasticsearch8.Elasticsearch8Mapping):
    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, (SearchField, AutocompleteField)):
            value = segment_value(value)
            edgengrams = [segment_value(text) for text in edgengrams]
        return name, value, edgengrams


class Elasticsearch8SearchQueryCompiler(elasticsearch8.Elasticsearch8SearchQueryCompiler):
    mapping_class = Elasticsearch8Mapping


class Elasticsearch8AutocompleteQueryCompiler(elasticsearch8.Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = Elasticsearch8Mapping


class Elasticsearch8SearchBackend(ThaiQueryMixin, elasticsearch8.Elasticsearch8SearchBackend):
    mapping_class = Elasticsearch8Mapping
    # Full text is already split into words; English words are stemmed as the database does
    # (SQLite's porter tokenizer, PostgreSQL's english configuration). Thai words pass unchanged.
    settings = deep_update(
        deepcopy(elasticsearch8.Elasticsearch8SearchBackend.settings),
        {
            "settings": {
                "analysis": {
                    "analyzer": {
                        "default": {
                            "type": "custom",
                            "tokenizer": "standard",
                            "filter": ["lowercase", "asciifolding", "porter_stem"],
                        }
                    }
                }
            }
        },
    )
    query_compiler_class = Elasticsearch8SearchQueryCompiler
    autocomplete_query_compiler_class = Elasticsearch8AutocompleteQueryCompiler


SearchBackend = Elasticsearch8SearchBackend
