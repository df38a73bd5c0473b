"""The forms a question can take besides plain text: plot, generated, code, derivation, live.

:data:`FORMS` is the one registry: form name -> the question block that makes it and its
title. A question can have several forms (a generated derivation); ``validate --json``
counts each.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Form(NamedTuple):
    field: str
    title: str
    #: a block whose presence takes the form away (a plot's run is drawn, not checked live)
    unless: str | None = None


FORMS: dict[str, Form] = {
    "plot": Form("figure", "Read the plot"),
    "generated": Form("variables", "Generated variant"),
    "code": Form("code", "Read the code"),
    "derivation": Form("steps", "Derive it"),
    # a question whose answer "Run it" measures: the live-check walk-through looked for them in
    # this filter and found no way to ask for them. A plot question's simulation draws its figure:
    # it has no "Run it" (engine.forms.instance), so it is not one of them (the filter offered 84
    # questions, 30 of them plots without the button)
    "live": Form("simulation", "Check it live", unless="figure"),
}


def forms_of(question: Any) -> list[str]:
    """The forms of a question (empty for a plain text question)."""
    return [name for name, form in FORMS.items() if getattr(question, form.field, None) is not None
            and (form.unless is None or getattr(question, form.unless, None) is None)]
