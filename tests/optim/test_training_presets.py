"""The Training lab's defaults and run table (engine/optim/training_presets.py), and one-thread training."""

from __future__ import annotations

import pytest
import torch

from engine.optim.training import TrainConfig, TrainSetup, check_request, one_thread, train_many
from engine.optim.training_presets import DEFAULT_RUNS, PRESETS, configs_from_rows, default_comparison


def test_the_default_comparison_is_what_the_lab_opens_with_and_fits_the_ceiling():
    setup, configs = default_comparison()
    assert (setup.dataset, setup.hidden, setup.epochs) == ("digits", (64,), 10)
    assert [c.name() for c in configs] == ["SGD lr=0.05", "SGD + momentum lr=0.05", "Adam lr=0.001",
                                           "AdamW lr=0.003 cosine annealing"]
    assert check_request(setup, configs) < 10  # CPU-seconds, estimated
    assert len(DEFAULT_RUNS) == 4 and PRESETS["sgd-vs-adam"].setup() == setup


@pytest.mark.parametrize("row, message", [
    ({"optimizer": "sgd", "lr": None, "batch_size": 32}, "every run needs a learning rate and a batch size"),
    ({"optimizer": "lbfgs", "lr": 0.1, "batch_size": 32}, "unknown optimizer 'lbfgs'"),
    ({"optimizer": "sgd", "lr": 0.1, "batch_size": 32, "schedule": "cyclic"}, "unknown schedule 'cyclic'"),
])
def test_a_bad_row_is_one_sentence(row, message):
    with pytest.raises(ValueError, match=message):
        configs_from_rows([row])


def test_an_empty_row_being_typed_is_skipped_and_labels_say_what_differs():
    configs = configs_from_rows([{"optimizer": None}, {"optimizer": "adam", "lr": 0.01, "batch_size": 8}])
    assert [c.name() for c in configs] == ["Adam lr=0.01 bs=8"]


def test_training_runs_on_one_thread_and_restores_the_count():
    before = torch.get_num_threads()
    with one_thread():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    seen = []
    train_many(TrainSetup("moons", (8,), 1), [TrainConfig("sgd", 0.1, batch_size=200)],
               on_progress=lambda f, m, *done: seen.append(torch.get_num_threads()))
    assert set(seen) == {1} and torch.get_num_threads() == before
