"""PostgreSQL full text, Thai-aware: see ``search.backends.database``."""

from django.db.models import AutoField, BigAutoField, BigIntegerField, Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from django.db.models.sql import InsertQuery
from modelsearch.backends.database.postgres import postgres
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from . import ThaiQueryMixin, segment_value
from .database import refresh_documents

__all__ = ["PostgresSearchBackend"]


class PostgresObjectIndexer(postgres.ObjectIndexer):
    def prepare_value(self, value):
        return segment_value(super().prepare_value(value))


class PostgresIndex(postgres.PostgresIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [PostgresObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        model_class = self.entries.model
        compiler = InsertQuery(model_class).get_compiler(connection=self.write_connection)
        rows = []
        params = []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(model_class._meta.get_field(name), getattr(indexer, name))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                # Pairs of adjacent Thai words for exact phrases (migration 0005_postgres_thai_bigrams).
                vectors.append(sql if name == "autocomplete" else f"pm1_with_thai_bigrams({sql})")
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {', '.join(vectors)}, 1.0, %s, %s)")
        table = model_class._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                VALUES {", ".join(rows)}
                ON CONFLICT (content_type_id, object_id) DO UPDATE SET
                    title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                    body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,  # noqa: S608 (table name from the model, values as parameters)
                params,
            )
        self._refresh_title_norms()
        refresh_documents(model, objs)

    def delete_stale_model_entries(self, model):
        """
        Upstream's ``object_id NOT IN (all primary keys as text)`` degrades to a scan of the whole
        subquery for every entry once the keys outgrow ``work_mem`` (hours at 400 000 pages). For
        integer keys, each entry looks its object up by primary key instead.
        """
        if not isinstance(model._meta.pk, (AutoField, BigAutoField, IntegerField)):
            return super().delete_stale_model_entries(model)
        objects = model._default_manager.filter(pk=Cast(OuterRef("object_id"), BigIntegerField()))
        stale = self.entries.filter(content_type_id__in=get_descendants_content_types_pks(model))
        stale.filter(~Exists(objects)).delete()


class PostgresSearchBackend(ThaiQueryMixin, postgres.PostgresSearchBackend):
    index_class = PostgresIndex
