"""The forms a question can take besides plain text: plot, generated, code, derivation.

:data:`FORMS` is the one registry: form name -> the question block that makes it. A question
can have several forms (a generated derivation); ``validate --json`` counts each.
"""

from __future__ import annotations

from typing import Any

#: form -> the question field that gives it
FORMS: dict[str, str] = {
    "plot": "figure",
    "generated": "variables",
    "code": "code",
    "derivation": "steps",
}


def forms_of(question: Any) -> list[str]:
    """The forms of a question (empty for a plain text question)."""
    return [form for form, field in FORMS.items() if getattr(question, field, None) is not None]
