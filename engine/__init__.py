"""TuneLab engine: question banks, grading, persistence and (later) the simulators.

Pure Python; never imports streamlit. Heavy libraries (torch, scikit-learn) are imported
lazily inside the functions that need them.
"""

__version__ = "0.1.0"
