"""Offline judge of free-text answers: which key points the text states, and where.

Importing this package is cheap; the models load on the first :func:`get_judge` call.
"""

from engine.judge.judge import Judge, Judgement, PointVerdict, get_judge, warm_for

__all__ = ["Judge", "Judgement", "PointVerdict", "get_judge", "warm_for"]
