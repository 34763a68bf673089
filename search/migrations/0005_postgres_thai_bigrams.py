"""
PostgreSQL only: every indexed vector also holds the pairs of adjacent Thai words as lexemes
(เร่งรัด + การ -> เร่งรัดการ), so that an exact phrase is first looked up in the GIN index by its
pairs and only the few pages that have them are checked for the whole phrase. Without them,
a phrase with a common word (เร่งรัดการ) checked the vectors of every page that has both words.

The pairs are taken from the vector's own positions, exactly as PostgreSQL's phrase operator
sees adjacency; they carry no positions, so they never take part in a phrase or in ranking.
``pm1_with_thai_bigrams`` adds them and is idempotent (existing entries get them here);
``pm1_phrase_query`` is ``phraseto_tsquery`` that also requires the phrase's pairs; a phrase of two
Thai words is its one pair, which the index answers without checking any vector.

The vectors also move out of the table's rows (``toast_tuple_target``), uncompressed (``EXTERNAL``):
listing the pages that have a word then reads narrow rows (160 MB rather than 600 MB at 400 000
pages: a word in 70 000 pages is listed in 65 ms rather than 290 ms), and ranking or checking a
page's vector reads it without decompressing it; the vectors take 1.7 GB rather than 1 GB.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION pm1_thai_bigrams(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT first.lexeme || second.lexeme)), ''::tsvector)
    FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS first
    JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS second
        ON second.position = first.position + 1
    WHERE first.lexeme ~ '^[\u0e01-\u0e5b]+$' AND second.lexeme ~ '^[\u0e01-\u0e5b]+$'
$$;
CREATE OR REPLACE FUNCTION pm1_with_thai_bigrams(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT vector || pm1_thai_bigrams(vector) $$;
CREATE OR REPLACE FUNCTION pm1_phrase_query(phrase text) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN pairs = '' THEN words
        WHEN numnode(words) = 3 AND strpos(pairs, ' ') = 0 THEN to_tsquery('simple', pairs)
        ELSE words && to_tsquery('simple', pairs)
    END
    FROM (
        SELECT phraseto_tsquery(phrase) AS words,
            array_to_string(tsvector_to_array(pm1_thai_bigrams(to_tsvector(phrase))), ' & ') AS pairs
    ) AS parts
$$;
"""

FILL = """
ALTER TABLE wagtailsearch_indexentry SET (toast_tuple_target = 128),
    ALTER COLUMN title SET STORAGE EXTERNAL, ALTER COLUMN body SET STORAGE EXTERNAL;
UPDATE wagtailsearch_indexentry
SET title = pm1_with_thai_bigrams(title), body = pm1_with_thai_bigrams(body)
"""

DROP = """
ALTER TABLE wagtailsearch_indexentry RESET (toast_tuple_target),
    ALTER COLUMN title SET STORAGE EXTENDED, ALTER COLUMN body SET STORAGE EXTENDED;
DROP FUNCTION IF EXISTS pm1_phrase_query(text);
DROP FUNCTION IF EXISTS pm1_with_thai_bigrams(tsvector);
DROP FUNCTION IF EXISTS pm1_thai_bigrams(tsvector);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(FILL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("pm1search", "0004_search_state"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
