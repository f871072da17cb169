"""Database ids from URLs and forms. A bigint holds 19 digits; anything longer, or not digits at
all, is no id: a guessed or tampered number gets "not found", never a database error."""

MAX_DIGITS = 18


class IdConverter:
    """`<id:pk>` in URL patterns."""

    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def parse_id(value) -> int | None:
    value = str(value or "").strip()
    # ASCII digits only: "²" is a digit to str.isdigit() but no number to int().
    return int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS else None


def parse_ids(values) -> list[int]:
    return [i for i in (parse_id(v) for v in values) if i is not None]
