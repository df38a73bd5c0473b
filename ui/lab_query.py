"""Open a lab on the settings a link names: "Try it in the lab" from a question, or a lab's own
"Link to these settings".

The engine reads and checks the URL (:func:`engine.content.labs.read_optimizer_query`,
:func:`engine.optim.training_link.read_training_query`,
:func:`engine.search.lab_link.read_search_query`); this sets the lab's widgets once per link,
before they are drawn (keyed by the link's parameters, so the visitor's later changes are kept),
and says plainly, as text, what the link asked for that the lab could not show.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

import streamlit as st

from engine.content.labs import LAB_HYPER, LAB_SCHEDULE_FIELDS, OPTIMIZER_QUERY_KEYS, read_optimizer_query
from ui.site_links import LINK_CAPTION, address_params, link_box, write_address
from ui import state
from ui.state import carried, first_run_of_visit
from ui.text import inert

#: the custom scenario's kinds of objective (the Search lab's radio)
OBJECTIVE_KINDS = ("Model on a dataset", "Benchmark function")


#: what a lab carries about its address, one dict per lab under ``<prefix>.link`` (:func:`_link`):
#: the visit it was last read in (``visit``, :func:`ui.state.first_run_of_visit`, absent at first),
#: the address the visit opened on and what it showed (``opened``), the notes of the link applied
#: (``notes``), the fingerprint of the settings last applied or written (``applied``), the
#: settings the lab's address last held (``last``), and the Training lab's preset (``preset``)
LINK: dict[str, Any] = {"opened": None, "notes": (), "applied": None, "last": None, "preset": None}


def _link(prefix: str) -> dict[str, Any]:
    """The lab's :data:`LINK` state (``prefix``: "ol", "tl", "sl")."""
    return carried(f"{prefix}.link", LINK)


def _signature(query: Mapping[str, str]) -> str:
    """A short fingerprint of a link's parameters (a link may be long: its text is not kept)."""
    return hashlib.sha256(repr(sorted(query.items())).encode()).hexdigest()


def _once(prefix: str, keys: Sequence[str], apply: Callable[[dict[str, str]], list[str]]) -> list[str]:
    """Call ``apply`` with the link's parameters (of ``keys``) when a visit of the page opens on a link
    not applied before, or when Back or Forward brings an address of the lab's back, and return the
    notes it gave (on every run of the visit).

    The address the visit opened on (``opened``: a question's short link, or the menu's
    bare address) is not rewritten while the lab shows what it opened on (:func:`lab_link`): each
    write of the address is an entry in the browser's history, and a lab reached from a question
    took two or three presses of Back to leave. Back to that address shows what it showed.
    """
    link = _link(prefix)
    first = first_run_of_visit(link)
    opened = link["opened"]
    if not first:
        if opened is not None:
            opened["open"] = False
        if not state.history_navigation():  # later, the address is the lab's own (or older)
            return link["notes"]
    address = address_params(keys)
    if first:
        opened = link["opened"] = {"address": address, "settings": None, "open": True}
    query = address
    if not first and opened is not None and address == opened["address"] and opened["settings"] is not None:
        query = dict(opened["settings"])
    if not query:
        last = link["last"]
        if not first or not last:
            if first:
                link["notes"] = ()  # an earlier visit's link says nothing about this one
            return link["notes"]
        # back from another page: the menu's address carries no settings, and Streamlit has dropped
        # the lab's widgets' values, so the lab reopens on what its address last said (it reset to
        # its defaults, and a link's notes from before came back over other settings)
        query, link["applied"] = dict(last), None
    signature = _signature(query)
    if link["applied"] != signature:
        link["notes"] = apply(query)
        link["applied"] = signature
    return link["notes"]


def _show(notes: Sequence[str]) -> None:
    """The link's notes in one box, each as text (the engine's sentences, but about a visitor's link)."""
    if len(notes) == 1:
        st.info(f"From the link: {inert(notes[0])}", icon=":material/link:")
    elif notes:
        st.info("From the link:\n" + "\n".join(f"- {inert(n)}" for n in notes), icon=":material/link:")


def apply_optimizer_query(prefix: str = "ol") -> None:
    """Set the Optimizer lab's widget values from the URL the first time this link is seen."""
    ss = st.session_state

    def apply(query: dict[str, str]) -> list[str]:
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
        # a link's own pairs of optimiser and rate (a question's runs); another link's go
        ss[f"{prefix}.only_pairs"] = settings.get("only")
        ss[f"{prefix}.only"] = "only" in settings
        return notes

    _show(_once(prefix, OPTIMIZER_QUERY_KEYS, apply))


# --------------------------------------------------------------------------- the Training lab
#: settings -> the Training lab's widget keys
_TRAINING_WIDGETS = {"dataset": "tl.dataset", "width": "tl.width", "depth": "tl.depth", "epochs": "tl.epochs",
                     "seed": "tl.seed", "rt_opt": "tl.rt.opt", "rt_from": "tl.rt.lo", "rt_to": "tl.rt.hi",
                     "rt_iters": "tl.rt.iters"}


def apply_training_query() -> None:
    """Open the Training lab on a link's preset and settings (once per link), say which preset it
    opened, and what the link asked for that the lab could not show.

    The runs table starts from the link's runs (``tl.start_runs``; the page's default runs
    otherwise): a data editor's own state cannot be set, so its edits are dropped instead.
    """
    from engine.optim.training_link import TRAINING_QUERY_KEYS, read_training_query
    from engine.optim.training_presets import PRESETS, TABS

    ss, link = st.session_state, _link("tl")

    def apply(query: dict[str, str]) -> list[str]:
        settings, notes = read_training_query(query)
        for name, key in _TRAINING_WIDGETS.items():
            if name in settings:
                ss[key] = settings[name]
        if "tab" in settings:
            ss["tl.tab"] = TABS[settings["tab"]]
        if "runs" in settings:
            ss["tl.start_runs"] = [dict(r) for r in settings["runs"]]
            ss.pop("tl.runs", None)
            ss.pop("tl.runs.reset", None)  # a reset runs table (ui/editor_limits.py) starts from them too
        ss.pop("tl.results", None)  # another comparison's curves
        link["preset"] = settings.get("preset")
        return notes

    notes = _once("tl", TRAINING_QUERY_KEYS, apply)
    preset = PRESETS.get(link["preset"] or "") if "preset" in st.query_params else None
    if preset is not None:  # a title from the lab's own registry: trusted text
        button, key, ran = (("Run the range test", "tl.rt.go", "tl.rt.last") if preset.tab == "range-test"
                            else ("Train", "tl.train", "tl.results"))
        # the instruction only until it is followed (its button pressed in this run, or a result there):
        # "Press Train to run it" stayed above the curves and a stopped run's message (a lecturer's walk-through)
        followed = ss.get(key) or ss.get(ran)
        st.info(f"Preset: **{preset.title}**." + ("" if followed else f" Press **{button}** to run it."))
    _show(notes)


# --------------------------------------------------------------------------- the Search lab
def apply_search_query() -> None:
    """Open the Search lab on a link's scenario and settings (once per link), and say what the link
    asked for that the lab could not show.

    A custom model's search space starts from the link's ranges (``sl.space_start``, read by
    :func:`space_start`): a data editor's own state cannot be set, so its edits are dropped instead.
    """
    from engine.search.lab import space_rows
    from engine.search.lab_link import SCENARIOS, SEARCH_QUERY_KEYS, read_search_query
    from engine.search.objectives import BENCHMARKS, DATASETS

    ss = st.session_state

    def apply(query: dict[str, str]) -> list[str]:
        settings, notes = read_search_query(query)
        if "preset" in settings:
            ss["sl.preset"] = settings["preset"]
        preset = ss.get("sl.preset", SCENARIOS[0])  # the strategies and budget are each scenario's own
        objective = settings.get("objective")
        if objective in BENCHMARKS:
            ss["sl.kind"], ss["sl.bench"] = OBJECTIVE_KINDS[1], objective
        elif objective:
            dataset, _, model = objective.partition(":")
            task = DATASETS[dataset].task
            ss["sl.kind"], ss["sl.dataset"], ss[f"sl.model.{task}"] = OBJECTIVE_KINDS[0], dataset, model
            if "metric" in settings:
                ss[f"sl.metric.{task}"] = settings["metric"]
            for name in ("folds", "stratified"):
                if name in settings:
                    ss[f"sl.{name}"] = settings[name]
            ss["sl.space_start"] = (objective, space_rows(settings["space"]))
            ss.pop(f"sl.space.{objective}", None)
            ss.pop(f"sl.space.{objective}.reset", None)
        for name, key in (("strategies", f"sl.strats.{preset}"), ("budget", f"sl.budget.{preset}"),
                          ("seed", "sl.seed"), ("points", "sl.points"), ("seeds", "sl.seeds")):
            if name in settings:
                ss[key] = settings[name]
        ss.pop("sl.results", None)  # another search's results
        return notes

    _show(_once("sl", SEARCH_QUERY_KEYS, apply))


def keep_search_address(preset: str) -> None:
    """Drop the link's notes when the visitor picks another scenario (they were about the old
    scenario's settings).

    The address follows in one write at the end of the page's run (:func:`lab_link`: each write of
    the address is an entry in the browser's history, and a second, of the scenario alone, took a
    press of Back that showed nothing new), or from :func:`stop_search` when the scenario cannot
    be set up.
    """
    before = st.query_params.get("preset")
    if before is not None and before != preset:
        _link("sl")["notes"] = ()


def stop_search(message: str, preset: str) -> NoReturn:
    """Say ``message`` (one sentence, an error) and end the Search lab's run there, with the
    scenario ``preset`` in the address (:func:`lab_link`, which writes it otherwise, is not reached:
    a reload, or a copied address, reopens the scenario that said so)."""
    from engine.search.lab_link import SEARCH_QUERY_KEYS

    st.error(message)
    if st.query_params.get("preset") != preset:
        write_address(SEARCH_QUERY_KEYS, {"preset": preset})
        _link("sl")["applied"] = _signature({"preset": preset})
    st.stop()


def lab_link(prefix: str, keys: Sequence[str], path: str, query: Mapping[str, str],
             caption: str = LINK_CAPTION) -> None:
    """The lab's "Link to these settings" box, and the same settings in the address bar.

    As on Presenter, the address bar follows the settings on screen, so an address copied from
    it, or a reload, reopens what is shown (it kept the link the lab was opened with, while the
    box said something else). The address written counts as applied (:func:`_once` sets nothing
    again from it), and the notes of the link the lab was opened with stay. The address the visit
    opened on is the exception while the lab still shows what it opened on: a short link reopens
    the same settings, and the bare address of the menu those of the visit before (in this browser
    session only: a reload there opens the defaults).

    Parameters
    ----------
    prefix : str
        The lab's session-state prefix ("ol", "tl", "sl").
    keys : sequence of str
        The lab's link parameters: the address's other parameters are left as they are.
    path : str
        The lab's page ("/training-lab").
    query : mapping of str to str
        The settings on screen, as the lab's link writes them.
    caption : str, optional
        The box's caption.
    """
    link = _link(prefix)
    wanted = {k: str(v) for k, v in query.items() if k in keys}
    link["last"] = wanted  # the lab reopens on it (see _once)
    address = address_params(keys)
    opened = link["opened"]
    if opened is not None and opened.get("open"):
        opened["open"] = False
        if address == opened["address"] and not link["notes"]:
            opened["settings"] = wanted  # what the address this visit opened on shows
    # that address, while it shows what it opened on, is left as it is: a question's short link
    # reopens the same settings, and a write would be one more press of Back to leave the lab (a
    # link the lab could not follow in full is written as the lab follows it, as its notes say)
    kept = opened is not None and address == opened["address"] and wanted == opened["settings"]
    if address != wanted and not kept:
        write_address(keys, wanted)
        link["applied"] = _signature(wanted)
    link_box(path, query, caption)


def space_start(objective: str, space: Any) -> list[dict[str, Any]]:
    """The rows the custom search-space table starts from: a link's ranges for ``objective``, else
    ``space``'s (:func:`engine.search.lab.space_rows`)."""
    from engine.search.lab import space_rows

    linked = st.session_state.get("sl.space_start")
    return [dict(r) for r in linked[1]] if linked and linked[0] == objective else space_rows(space)
