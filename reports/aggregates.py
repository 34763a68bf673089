"""
Database expressions the figures need that Django lacks: whole days between two dates, and the median,
on PostgreSQL and SQLite alike (SQLite is given the median as a Python aggregate on each connection).
"""

import statistics

from django.db.backends.signals import connection_created
from django.db.models import Aggregate, FloatField, Func, IntegerField
from django.dispatch import receiver

SQLITE_MEDIAN = "pm1_median"


class DaysBetween(Func):
    """Whole days from the second date to the first."""

    arity = 2
    output_field = IntegerField()
    # PostgreSQL: a date less a date is a number of days.
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(f"julianday({sql})")
            params.extend(expression_params)
        return f"CAST({' - '.join(parts)} AS INTEGER)", params


class Median(Aggregate):
    """The median of a number (of two middle values, their mean), ``None`` over no rows."""

    name = "Median"
    output_field = FloatField()
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        median = self.copy()
        median.template = f"{SQLITE_MEDIAN}(%(expressions)s)"
        return median.as_sql(compiler, connection, **extra_context)


class _SQLiteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


@receiver(connection_created)
def median_for_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAN, 1, _SQLiteMedian)
