"""Run history: every lab run and every "Run it", filterable, comparable, exportable."""

from __future__ import annotations

import json

import streamlit as st

from engine.runs import KINDS, flatten, to_csv
from ui.identity import current_learner
from ui.resources import get_run_log

st.title("Run history")
st.caption("Every lab run and every \u201cRun it\u201d is kept with its settings, seed, results and time: "
           "the experiment tracking this app asks you about, practised.")

try:
    records = get_run_log().runs(current_learner())
except Exception as exc:  # an unreadable database must not take the page down
    st.error(f"Could not read the run history ({exc.__class__.__name__}). Nothing was deleted.")
    st.stop()

if not records:
    st.info("No runs yet. Open a lab or press \u201cRun it\u201d on a question, and the runs appear here.")
    st.stop()

c1, c2 = st.columns([1, 2])
kinds = c1.multiselect("Kind", list(KINDS), format_func=KINDS.get, key="hist.kinds", placeholder="All kinds")
text = c2.text_input("Search titles", key="hist.text", placeholder="e.g. rosenbrock, adam, digits")
shown = [r for r in records if (not kinds or r.kind in kinds) and text.lower() in r.title.lower()]

st.dataframe(
    [{"#": r.id, "When (UTC)": r.created_at, "Kind": KINDS[r.kind], "Run": r.title, "Seed": r.seed,
      "Results": json.dumps(r.results)[:160]} for r in shown],
    hide_index=True, width="stretch",
    column_config={"When (UTC)": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss"),
                   "Run": st.column_config.TextColumn(width="large")},
)
st.download_button("Export CSV", to_csv(shown), file_name="tunelab-runs.csv", mime="text/csv",
                   icon=":material/download:", disabled=not shown, key="hist.csv")

st.markdown("### Compare two runs")
if len(shown) < 2:
    st.caption("Two runs are needed to compare.")
    st.stop()
label = {r.id: f"#{r.id} · {KINDS[r.kind]} · {r.title[:60]}" for r in shown}
a_col, b_col = st.columns(2)
a = a_col.selectbox("Run A", [r.id for r in shown], index=1, format_func=label.get, key="hist.a")
b = b_col.selectbox("Run B", [r.id for r in shown], index=0, format_func=label.get, key="hist.b")
ra, rb = next(r for r in shown if r.id == a), next(r for r in shown if r.id == b)
fa = flatten("", {"config": ra.config, "seed": ra.seed, "results": ra.results}, {})
fb = flatten("", {"config": rb.config, "seed": rb.seed, "results": rb.results}, {})
rows = []
for key in list(dict.fromkeys(list(fa) + list(fb))):
    va, vb = fa.get(key), fb.get(key)
    rows.append({"Field": key, "Run A": "" if va is None else str(va), "Run B": "" if vb is None else str(vb),
                 "Differs": va != vb})
only_diff = st.toggle("Only the fields that differ", value=True, key="hist.diff")
st.dataframe([r for r in rows if r["Differs"] or not only_diff], hide_index=True, width="stretch")
