"""The Gaussian-process step-through of the search lab (filled in once the GP state is known)."""

from __future__ import annotations

import streamlit as st


def gp_iterations_view(result, space, maximize: bool) -> None:
    if result is None:
        st.info("Run the Bayesian optimisation strategy to step through its Gaussian process.")
        return
    st.info("The Gaussian-process view is being built.")
