"""Reads of people that pages make beyond showing a record: a search by personnummer is a read of
whoever it finds, and is logged even when it finds nobody (looking numbers up is itself of note
to the monthly review). The participant list and the nomination picker both search so."""

from accounts.audit import Read, record, record_read


def record_number_search(request, found) -> None:
    found = list(found)
    if found:
        record_read(request, found, Read.SEARCH_BY_NUMBER)
    else:
        record(request.user, Read.SEARCH_BY_NUMBER, None, {"page": request.path, "found": 0})
