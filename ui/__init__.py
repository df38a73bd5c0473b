"""Streamlit-side helpers: cached engine resources, session state, answer widgets, figures."""
