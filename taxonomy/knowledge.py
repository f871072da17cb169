"""What the vocabulary knows beyond names, which matching uses: which skill headings are only
catch-alls (two skills under "Övriga kompetensord" are not related for being there), what a
driving licence includes, and which concept is Swedish."""

# Headings of the taxonomy that gather unrelated skills: being under the same one says nothing.
CATCH_ALL_HEADLINES = frozenset({
    "zmYu_aAM_TuF",  # Övriga kompetensord
    "HjPN_99i_cFD",  # Yrkesbevis/examen
    "s48H_Sft_DTn",  # Certifikat/licenser
    "Ka2f_mQd_FvC",  # Generella kompetenser
})

SWEDISH = "zSLA_vw2_FXN"  # the language concept Svenska

# What each driving-licence category lets one drive besides its own (Transportstyrelsen's
# behörigheter: a heavier category is only issued on top of B, A includes A2 and A1, and AM is
# included in every other category). By the taxonomy's codes; "Utökad B" is B96.
LICENCE_INCLUDES = {
    "A1": {"AM"},
    "A2": {"A1"},
    "A": {"A2"},
    "B": {"AM"},
    "Utökad B": {"B"},
    "BE": {"Utökad B"},
    "C1": {"B"},
    "C1E": {"C1", "BE"},
    "C": {"C1"},
    "CE": {"C", "C1E"},
    "D1": {"B"},
    "D1E": {"D1", "BE"},
    "D": {"D1"},
    "DE": {"D", "D1E"},
}


def licences_covered(codes) -> dict[str, str]:
    """Every category the held ones allow, each with the held category that allows it."""
    covered = {code: code for code in codes}
    for held in codes:
        stack = list(LICENCE_INCLUDES.get(held, ()))
        while stack:
            code = stack.pop()
            if code not in covered:
                covered[code] = held
                stack.extend(LICENCE_INCLUDES.get(code, ()))
    return covered

# The order licences are listed in, as Transportstyrelsen lists them.
LICENCE_ORDER = ["AM", "A1", "A2", "A", "B", "Utökad B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE"]
