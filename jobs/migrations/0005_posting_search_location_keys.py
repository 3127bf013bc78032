# The catalog's search document gains the location keys (jobs.search): the function
# that makes them, and the index rebuilt with the new expression.

import django.contrib.postgres.indexes
import jobs.search
from django.db import migrations, models

# Every ending of every word of a location, lower-cased: "Berlin" → xxlocberlin,
# xxlocerlin, … A typed location is found as prefixes of these (jobs/search.py).
LOCATION_KEYS_FUNCTION = """
CREATE OR REPLACE FUNCTION jobs_location_keys(location text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT 'xxloc' || substr(word, start)), '{}')
    FROM regexp_split_to_table(lower(location), '[^[:alnum:]]+') AS word,
         generate_series(1, length(word)) AS start
    WHERE word <> ''
$$
"""


def _index():
    return django.contrib.postgres.indexes.GinIndex(
        jobs.search.PostingSearchDocument(), condition=models.Q(("is_active", True)), name="posting_search_filters_gin"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0004_resume_intelligence"),
    ]

    operations = [
        migrations.RunSQL(LOCATION_KEYS_FUNCTION, migrations.RunSQL.noop),
        migrations.RemoveIndex(model_name="jobposting", name="posting_search_filters_gin"),
        migrations.AddIndex(model_name="jobposting", index=_index()),
    ]
