import csv
import io

import pytest

from engine.runs import RunLog, flatten, to_csv
from engine.store import Store


def test_runs_are_kept_filtered_and_exported(db_url):
    url = db_url
    log = RunLog(Store(url))
    a = log.record("me", "optimizer_lab", "SGD on quadratic", {"lr": 0.1, "runs": [{"optimizer": "sgd"}]},
                   {"sgd": {"outcome": "converged", "final_loss": 1e-9}}, seed=0)
    b = log.record("me", "run_it", "lr question", {"scenario": "optimizer"}, {"measured": "diverged", "agrees": True})
    again = RunLog(Store(url))  # a new session
    assert [r.id for r in again.runs("me")] == [b, a]
    assert [r.kind for r in again.runs("me", "run_it")] == ["run_it"]
    assert again.runs("someone else") == []
    rows = list(csv.DictReader(io.StringIO(to_csv(again.runs("me")))))
    assert rows[1]["config.runs[0].optimizer"] == "sgd"
    assert rows[1]["results.sgd.outcome"] == "converged"
    assert rows[0]["results.agrees"] == "True"


def test_unknown_kind_and_flatten():
    with pytest.raises(ValueError, match="unknown run kind"):
        RunLog(Store("sqlite://")).record("me", "nope", "x", {}, {})
    with pytest.raises(ValueError, match="a learner"):
        RunLog(Store("sqlite://")).record("", "run_it", "x", {}, {})
    assert flatten("", {"a": {"b": [1, 2]}, "c": 3}, {}) == {"a.b": "[1, 2]", "c": 3}
