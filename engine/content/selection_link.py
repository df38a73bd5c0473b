"""Practice's selection in the address: its filters written as a link's parameters, and read back.

Practice writes the filters a learner chose (banks, topics, difficulties, roles, question types,
forms, "only the ones I missed") into the address beside the question on screen, so a reload
opens the same selection and the address bar is a link to it (``?bank=adaptive-optimisers&topic=grid-search,
random-search&difficulty=hard``). A filter left at "all" is left out of the address, and a list is
one parameter with its names joined by commas, in the order they were chosen.

A link is text anyone can write: :func:`read_selection` keeps the names each filter offers and
leaves the rest out, with one plain sentence per filter that names none of the link's text. A
private bank's slug reads like an unknown one (its existence is not told).

Pure Python: the page reads ``st.query_params`` and sets its widgets.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from engine.content.topics import DIFFICULTIES, QUESTION_TYPES, ROLES, TOPICS
from engine.forms import FORMS
from engine.link_query import first_names

#: Practice's filter -> its key in the address; "missed_only" is a switch (``missed=1``), the rest lists
SELECTION_KEYS: dict[str, str] = {
    "banks": "bank", "topics": "topic", "difficulties": "difficulty", "roles": "role", "types": "type",
    "forms": "form", "missed_only": "missed",
}
#: each list filter's names in a sentence: (one, several)
NOUNS: dict[str, tuple[str, str]] = {
    "banks": ("bank", "banks"), "topics": ("topic", "topics"), "difficulties": ("difficulty", "difficulties"),
    "roles": ("role", "roles"), "types": ("question type", "question types"), "forms": ("form", "forms"),
}
#: the switch's value when on
ON = "1"
#: Practice's address (its ``url_path`` in app.py), relative: every page's address is one step under the app's
PRACTICE_PATH = "practice"


def filter_options(bank_slugs: Collection[str]) -> dict[str, Collection[str]]:
    """The names each list filter offers: ``bank_slugs`` (the public banks) and the registries'."""
    return {"banks": bank_slugs, "topics": TOPICS, "difficulties": DIFFICULTIES, "roles": ROLES,
            "types": QUESTION_TYPES, "forms": FORMS}


def default_selection() -> dict[str, Any]:
    """Every filter at "all": what an address without a selection stands for."""
    return {name: (False if name == "missed_only" else []) for name in SELECTION_KEYS}


def selection_params(filters: Mapping[str, Any]) -> dict[str, str]:
    """The address's parameters for ``filters`` (Practice's filter -> its chosen names, or the
    switch's bool): a filter left at "all" is left out."""
    params: dict[str, str] = {}
    for name, key in SELECTION_KEYS.items():
        value = filters.get(name)
        if name == "missed_only":
            if value:
                params[key] = ON
        elif value:
            params[key] = ",".join(value)
    return params


def selection_query(filters: Mapping[str, Any]) -> str:
    """``filters`` as a link's query (without its "?"), commas kept readable; "" when all are "all"."""
    return urlencode(selection_params(filters), safe=",", quote_via=quote)


def question_link(question_id: str) -> str:
    """The address that opens Practice on ``question_id`` (``practice?q=<id>``), from another page.

    Relative, as the card's own "Link to this question" is: a link a learner clicks resolves it
    against the page they are on, so it reaches Practice under whatever host and path the app is
    served at (a whole address built from the request's host does not, behind a proxy that serves
    the app under a path of its own).

    Examples
    --------
    >>> from urllib.parse import urljoin
    >>> question_link("lr-one-step-distance")
    'practice?q=lr-one-step-distance'
    >>> urljoin("https://tunelab.example.org/progress", question_link("lr-one-step-distance"))
    'https://tunelab.example.org/practice?q=lr-one-step-distance'
    """
    return f"{PRACTICE_PATH}?{urlencode({'q': question_id}, quote_via=quote)}"


def names_selection(query: Mapping[str, str]) -> bool:
    """Whether the address ``query`` names any filter (a key of :data:`SELECTION_KEYS`)."""
    return any(key in query for key in SELECTION_KEYS.values())


def read_selection(query: Mapping[str, str], options: Mapping[str, Collection[str]]
                   ) -> tuple[dict[str, Any], list[str]]:
    """The filters the address ``query`` names, and a sentence for each it could not use.

    Parameters
    ----------
    query
        The address's parameters (key -> text), as ``st.query_params`` gives them.
    options
        Each list filter's names (:func:`filter_options`).

    Returns
    -------
    filters, notes
        Every filter of :data:`SELECTION_KEYS`: the names the address gives that the filter offers,
        each once, in the address's order (a filter the address leaves out: none chosen, "all");
        the switch on for ``missed=1`` only. The notes name no text of the address.
    """
    filters = default_selection()
    notes: list[str] = []
    for name, key in SELECTION_KEYS.items():
        if key not in query:
            continue
        text = str(query[key]).strip()
        if name == "missed_only":
            filters[name] = text == ON
            if text not in (ON, "0", ""):
                notes.append("The link's \u201conly the ones I missed\u201d is neither 1 nor 0: it is off.")
            continue
        parts = first_names(text)
        offered = options[name]
        filters[name] = list(dict.fromkeys(p for p in parts if p in offered))
        unknown = len({p for p in parts if p not in offered})
        if unknown:
            what = NOUNS[name][unknown > 1]
            notes.append(f"The link names {unknown:,} {what} that Practice does not have: "
                         f"{'they are' if unknown > 1 else 'it is'} left out.")
    return filters, notes
