"""Queries whose SQL the ORM writes once per process and the database runs many times.

A query of a dozen correlated counts costs the ORM milliseconds to build and compile, and the
database a fraction of one to run. Where such a query has the same shape every time and differs
only in a few values (a track's id, today's date), `Compiled` builds it once with marker values,
finds where those markers sit among the compiled query's parameters, and afterwards runs the same
SQL with the values asked for. The SQL is the ORM's own, per database vendor; only the values
change."""

import datetime
import threading

from django.db import connection

# Values no real query passes: a negative id, a date in the Middle Ages.
MARKERS = {int: (-7_301_013, -7_301_029, -7_301_047),
           datetime.date: (datetime.date(1111, 1, 11), datetime.date(1111, 2, 12))}


class Compiled:
    def __init__(self, build, **kinds):
        """`build(**values)` returns the queryset; `kinds` names each value's type (int or date)."""
        self.build = build
        self.kinds = kinds
        self._sql: dict = {}
        self._lock = threading.Lock()

    def _markers(self) -> dict:
        taken = {kind: iter(values) for kind, values in MARKERS.items()}
        return {name: next(taken[kind]) for name, kind in self.kinds.items()}

    def _compile(self):
        vendor = connection.vendor
        if vendor not in self._sql:
            with self._lock:
                markers = self._markers()
                sql, params = self.build(**markers).query.sql_with_params()
                # A date may stand in the parameters as the database adapter wrote it (SQLite: text).
                by_marker = {(type(m), m): name for name, m in markers.items()}
                by_marker.update({(str, str(m)): name for name, m in markers.items() if isinstance(m, datetime.date)})
                slots = []
                for param in params:
                    name = by_marker.get((type(param), param)) if isinstance(param, (int, str, datetime.date)) else None
                    slots.append((name, isinstance(param, str)) if name else None)
                missing = set(markers) - {slot[0] for slot in slots if slot}
                if missing:  # the ORM wrote a value into the SQL itself: it cannot be replaced
                    raise ValueError(f"values not among the query's parameters: {sorted(missing)}")
                self._sql[vendor] = (sql, slots, list(params))
        return self._sql[vendor]

    def row(self, **values) -> dict:
        """The query's first row, by column name, for these values."""
        sql, slots, params = self._compile()
        with connection.cursor() as cursor:
            cursor.execute(sql, [(str(values[slot[0]]) if slot[1] else values[slot[0]]) if slot else param
                                 for slot, param in zip(slots, params)])
            row = cursor.fetchone()
            names = [column[0] for column in cursor.description]
        return dict(zip(names, row)) if row else {}
