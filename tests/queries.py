"""Query-count helper for list views: the bound must hold with 1 row and with 3 rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, **extra):
    """Queries of one request in the steady state: after one warm-up request, so what a page
    keeps in the cache (the start pages' key figures) is counted as users meet it."""
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def assert_queries_constant(client, url, add_row, bound):
    """Render `url` with one row, then with three (`add_row()` adds one); both within `bound`,
    and the same number, so nothing is queried per row."""
    add_row()
    one = count_queries(client, url)
    add_row()
    add_row()
    three = count_queries(client, url)
    assert (one, three) == (one, one), f"{one} queries with 1 row, {three} with 3: a query per row"
    assert one <= bound, f"{one} queries, bound {bound}"
