"""Open the Optimizer lab on the settings a link names ("Try it in the lab" from a question).

The engine reads and checks the URL (:func:`engine.content.labs.read_optimizer_query`); this
sets the lab's widgets once per link, before they are drawn, so the visitor can change them
afterwards, and says plainly what the link asked for that the lab could not show.
"""

from __future__ import annotations

import streamlit as st

from engine.content.labs import LAB_HYPER, LAB_SCHEDULE_FIELDS, OPTIMIZER_QUERY_KEYS, read_optimizer_query
from ui.text import inert


def apply_optimizer_query(prefix: str = "ol") -> None:
    """Set the lab's widget values from the URL the first time this link is seen."""
    query = {k: st.query_params[k] for k in OPTIMIZER_QUERY_KEYS if k in st.query_params}
    if not query:
        return
    ss = st.session_state
    signature = repr(sorted(query.items()))
    if ss.get(f"{prefix}.query_applied") != signature:
        settings, notes = read_optimizer_query(query)
        surface = settings.get("surface", ss.get(f"{prefix}.surface", "quadratic"))
        keys = {"surface": "surface", "condition": "condition", "noise": "noise", "optimizers": "optimizers",
                "lrs": "lrs", "steps": "steps", "schedule": "schedule", "seed": "seed"}
        for name, key in keys.items():
            if name in settings:
                ss[f"{prefix}.{key}"] = settings[name]
        if "start" in settings:
            ss[f"{prefix}.sx.{surface}"], ss[f"{prefix}.sy.{surface}"] = settings["start"]
        for name in LAB_HYPER:  # keys as ui.optim_controls.lab_number draws them
            if name in settings:
                ss[f"{prefix}.{name}"] = settings[name]
        schedule = settings.get("schedule", ss.get(f"{prefix}.schedule", "constant"))
        for f in LAB_SCHEDULE_FIELDS.get(schedule, ()):
            if f.name in settings:
                ss[f"{prefix}.{schedule}.{f.name}"] = settings[f.name]
        ss[f"{prefix}.query_applied"] = signature
        ss[f"{prefix}.query_notes"] = notes
    for note in ss.get(f"{prefix}.query_notes", []):
        st.info(f"From the link: {inert(note)}", icon=":material/link:")
