"""The Training lab's results table: one row per run, numbers kept sortable, words where a run diverged."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

_DIVERGED_HELP = "{what} after the last epoch; diverged: the loss stopped being a finite number."


def show_results_table(results: list[Any]) -> None:
    """Draw ``results`` (:class:`engine.optim.training.TrainResult`) as a table.

    A diverged run's loss is not finite: inf, which sorts as the worst loss, shown as "diverged"
    (a null cell would show a grey "None" whatever the Styler says). A run that diverged in its
    first epoch has no scored epoch: -inf, which sorts as the worst accuracy, shown as "—".
    """
    inf = float("inf")
    table = pd.DataFrame([
        {
            "Run": r.config.name(),
            "Final train loss": r.train_loss[-1] if r.diverged_at_epoch is None else inf,
            "Final val loss": r.val_loss[-1] if r.diverged_at_epoch is None else inf,
            "Best val accuracy": max(r.val_acc) if r.val_acc else -inf,
            "Diverged": "no" if r.diverged_at_epoch is None else f"at epoch {r.diverged_at_epoch}",
            # where its schedule took the rate (a schedule's whole effect on a run is otherwise unseen)
            "Rate at the end": r.lrs[-1] if r.lrs else r.config.lr,
            "Seconds": r.seconds,
        }
        for r in results
    ])
    st.dataframe(
        table.style
        .format(lambda v: f"{v:.4f}" if math.isfinite(v) else "diverged", subset=["Final train loss", "Final val loss"])
        .format(lambda v: f"{v:.2%}" if math.isfinite(v) else "—", subset=["Best val accuracy"])
        .format("{:.3g}", subset=["Seconds", "Rate at the end"]),
        hide_index=True, width="stretch",
        column_config={
            "Final train loss": st.column_config.NumberColumn(help=_DIVERGED_HELP.format(what="Training loss")),
            "Final val loss": st.column_config.NumberColumn(help=_DIVERGED_HELP.format(what="Validation loss")),
            "Best val accuracy": st.column_config.NumberColumn(
                help="The best validation accuracy of any epoch (before a divergence); —: the run diverged "
                     "in its first epoch, so no epoch was scored."),
            "Diverged": st.column_config.TextColumn(
                help="The epoch after which the loss was no longer a finite number; no: it stayed finite."),
            "Rate at the end": st.column_config.NumberColumn(
                help="The learning rate after the last epoch: the run's rate where its schedule took it (the "
                     "same as the run's rate with no schedule)."),
        },
    )
