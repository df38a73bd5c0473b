"""Hyperparameter search: spaces, strategies, objectives, an evaluation cache."""
