"""Simulation-backed questions: typed scenarios the engine runs, and the verdict on an answer."""
