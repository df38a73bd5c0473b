"""Run history: every lab run and every "Run it", filterable, comparable, exportable."""

from __future__ import annotations

import streamlit as st

from engine.runs import KINDS, a_kind, compare, default_pair, matching, results_summary, to_csv
from ui import state
from ui.identity import current_learner
from ui.resources import get_run_log
from ui.storage_errors import storage_reason

#: the run's title, in pixels: most of a lab run's ("Quadratic bowl (condition 10): SGD, SGD +
#: momentum, Adam"), leaving the short columns on a 1280 px screen
RUN_WIDTH = 360

st.title("Run history", anchor=False)
st.caption("Every run you start (a lab's run or keep button, the Presenter's \u25b6 Play, a question's "
           "\u201cRun it\u201d) is kept with its settings, seed, results and time: the experiment tracking this app "
           "asks you about, practised. A run that repeats your latest one (same settings and seed) adds no second "
           "row, even from another tab or a link opened again; a question\u2019s \u201cRun it\u201d is kept for each "
           "answer.")

try:
    records = get_run_log().runs(current_learner())
except Exception as exc:  # an unreadable database must not take the page down
    st.error(f"Could not read the run history ({storage_reason(exc)}). Nothing was deleted.")
    st.stop()

if not records:
    st.info("No runs yet. Run something (a lab\u2019s run or keep button, \u25b6 Play in Presenter mode, "
            "\u201cRun it\u201d on a question) and it appears here.")
    st.stop()

c1, c2 = st.columns([1, 2])
kinds = c1.multiselect("Kind", list(KINDS), format_func=KINDS.get, key="hist.kinds", placeholder="All kinds")
text = c2.text_input("Search titles", key="hist.text", placeholder="e.g. rosenbrock, adam, digits")
shown = matching(records, kinds, text)
if not shown:
    st.info(f"No run matches these filters ({len(records)} run{'s' if len(records) > 1 else ''} kept). "
            "Clear the kind or the search to see them.")
    st.stop()

zone = state.timezone()
# the run first (a phone shows it beside the number), the results last: their text is longer than
# any width, and between two wide columns they pushed kind, time and seed off a 1280 px screen
st.dataframe(
    # on the learner's clock, as Progress's Recent attempts and Review's "today" (it was UTC here alone)
    [{"#": r.number, "Run": r.title, "Kind": KINDS[r.kind], "When": r.created_at.astimezone(zone),
      "Seed": r.seeds_text,  # text: a number column shows a grey "None", and a list
      "Results": results_summary(r.results)} for r in shown],
    hide_index=True, width="stretch",
    column_config={"When": st.column_config.DatetimeColumn(f"When ({zone})", format="YYYY-MM-DD HH:mm:ss"),
                   "Run": st.column_config.TextColumn(width=RUN_WIDTH),
                   "Results": st.column_config.TextColumn(width="large")},
)
st.download_button("Export CSV", to_csv(shown), file_name="tunelab-runs.csv", mime="text/csv",
                   icon=":material/download:", disabled=not shown, key="hist.csv", on_click="ignore")

st.header("Compare two runs", anchor=False)  # a section under the h1: h2 (no level skipped)
if len(shown) < 2:
    st.caption("Two runs are needed to compare.")
    st.stop()
label = {r.id: f"#{r.number} · {KINDS[r.kind]} · {r.title[:60]}" for r in shown}  # the learner's own numbering
ids = [r.id for r in shown]
newest, partner = default_pair(shown)  # two runs of the same kind when there are
a_col, b_col = st.columns(2)
a = a_col.selectbox("Run A", ids, index=ids.index(partner), format_func=label.get, key="hist.a")
b = b_col.selectbox("Run B", ids, index=ids.index(newest), format_func=label.get, key="hist.b")
ra, rb = next(r for r in shown if r.id == a), next(r for r in shown if r.id == b)
if ra.kind != rb.kind:
    st.caption(f"Run A is {a_kind(ra.kind)} and run B {a_kind(rb.kind)}: most fields differ.")
only_diff = st.toggle("Only the fields that differ", value=True, key="hist.diff")
fields = compare(ra, rb)
if only_diff and not any(d.differs for d in fields):  # an empty table read as a page that failed to draw
    st.info("These two runs have the same settings and results in every field.")
else:
    # with every field shown, a column says which differ; with only those, it would be all "yes"
    st.dataframe([{"Field": d.label, "Run A": d.a, "Run B": d.b}
                  | ({} if only_diff else {"Differs": "yes" if d.differs else ""})
                  for d in fields if d.differs or not only_diff], hide_index=True, width="stretch")
