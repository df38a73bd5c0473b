"""TPE through Optuna's TPESampler (ask/tell), so the algorithm is Optuna's own.

Each trial is asked define-by-run: only the parameters a configuration sets are suggested,
which is how TPE's tree-structured model handles conditional spaces. For an unconditional
space this is the same sequence of suggestions as ``study.ask(fixed_distributions)``.
"""

from __future__ import annotations

from engine.search.space import Param, SearchSpace
from engine.search.strategies.base import Strategy
from engine.search.trials import COMPLETE, Evaluate


def _suggest(trial, p: Param):
    if p.kind == "categorical":
        return trial.suggest_categorical(p.name, list(p.choices))
    if p.kind == "int":
        return trial.suggest_int(p.name, int(p.low), int(p.high), log=p.log)
    return trial.suggest_float(p.name, float(p.low), float(p.high), log=p.log)


class TPEStrategy(Strategy):
    name = "tpe"
    title = "TPE (Optuna)"
    # the start said: a budget of 12 showed TPE's first ten trials scattered like random search's
    blurb = ("Optuna's tree-structured Parzen estimator: its first 10 trials are random draws; from then on it "
             "models where good and bad configurations lie and samples where the ratio favours good ones.")
    equivalent = "optuna.samplers.TPESampler"

    def __init__(self, n_startup_trials: int = 10):
        super().__init__()
        self.n_startup_trials = n_startup_trials

    def run(self, space: SearchSpace, evaluate: Evaluate, budget: int, seed: int, maximize: bool) -> None:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=self.n_startup_trials)
        study = optuna.create_study(direction="maximize" if maximize else "minimize", sampler=sampler)
        for _ in range(budget):
            ot = study.ask()
            for p in space.params:
                # a parameter is active once its parent (suggested earlier) takes one of its values
                if p in space.active(ot.params):
                    _suggest(ot, p)
            trial = evaluate([dict(ot.params)], 1.0)[0]
            if trial.state == COMPLETE and trial.value is not None:
                study.tell(ot, trial.value)
            else:
                study.tell(ot, state=optuna.trial.TrialState.FAIL)
