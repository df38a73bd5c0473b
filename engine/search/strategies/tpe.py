"""TPE through Optuna's TPESampler (ask/tell), so the algorithm is Optuna's own."""

from __future__ import annotations

from engine.search.space import Param, SearchSpace
from engine.search.strategies.base import Strategy
from engine.search.trials import COMPLETE, Evaluate


def optuna_distribution(p: Param):
    import optuna

    if p.kind == "categorical":
        return optuna.distributions.CategoricalDistribution(list(p.choices))
    if p.kind == "int":
        return optuna.distributions.IntDistribution(int(p.low), int(p.high), log=p.log)
    return optuna.distributions.FloatDistribution(float(p.low), float(p.high), log=p.log)


def _suggest(trial, p: Param):
    if p.kind == "categorical":
        return trial.suggest_categorical(p.name, list(p.choices))
    if p.kind == "int":
        return trial.suggest_int(p.name, int(p.low), int(p.high), log=p.log)
    return trial.suggest_float(p.name, float(p.low), float(p.high), log=p.log)


class TPEStrategy(Strategy):
    name = "tpe"

    def __init__(self, n_startup_trials: int = 10):
        super().__init__()
        self.n_startup_trials = n_startup_trials

    def run(self, space: SearchSpace, evaluate: Evaluate, budget: int, seed: int, maximize: bool) -> None:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=self.n_startup_trials)
        study = optuna.create_study(direction="maximize" if maximize else "minimize", sampler=sampler)
        dists = {p.name: optuna_distribution(p) for p in space.params}
        for _ in range(budget):
            if space.conditional:
                # define-by-run: Optuna sees only the parameters this configuration sets, which
                # is how TPE's tree-structured model handles conditional spaces
                ot = study.ask()
                for p in space.params:
                    if p in space.active(ot.params):
                        _suggest(ot, p)
            else:
                ot = study.ask(dists)
            trial = evaluate([dict(ot.params)], 1.0)[0]
            if trial.state == COMPLETE and trial.value is not None:
                study.tell(ot, trial.value)
            else:
                study.tell(ot, state=optuna.trial.TrialState.FAIL)
