"""How typed text is compared with a vocabulary's labels: Unicode NFKC, case-folded, punctuation
to spaces, one space between words. "B-körkort", "b körkort" and "B  KÖRKORT" are one key."""

import functools
import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")


def key(text) -> str:
    return _key(str(text or ""))


@functools.lru_cache(maxsize=8192)  # matching asks for the same few labels thousands of times
def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())
