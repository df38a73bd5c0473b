"""Named demonstrations of learning-rate effects, for presenter mode and lab links.

A preset is plain data: a surface, the runs to compare (each an optimiser with a multiple of
the one shared learning rate), the default rate and step count, and, for the regimes demo,
the rates that show each regime.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.optim.run import RunConfig
from engine.optim.schedules import ScheduleSpec


@dataclass(frozen=True)
class PresetRun:
    optimizer: str
    label: str
    lr_scale: float = 1.0
    hyper: tuple[tuple[str, float], ...] = ()
    schedule: ScheduleSpec = field(default_factory=ScheduleSpec)


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    story: str
    surface: str
    surface_params: tuple[tuple[str, float], ...]
    runs: tuple[PresetRun, ...]
    lr: float
    steps: int
    #: label -> rate, shown as one-click buttons
    marks: tuple[tuple[str, float], ...] = ()
    start: tuple[float, float] | None = None
    show_lr: bool = False

    @property
    def one_rate(self) -> bool:
        """Every run at the slider's rate itself, so a run's name need not repeat it."""
        return all(r.lr_scale == 1.0 for r in self.runs)

    def configs(self, lr: float) -> list[RunConfig]:
        return [
            RunConfig(r.optimizer, lr * r.lr_scale, dict(r.hyper), r.schedule, self.start,
                      # as the slider writes the rate (0.1234, not 0.123): the card and the slider agree
                      label=f"{r.label} (lr {lr * r.lr_scale:g})")
            for r in self.runs
        ]


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            key="lr-regimes",
            title="Too low, about right, too high",
            story=(
                "Plain gradient descent on the bowl f = x² + 4y², four times steeper across (y) than along (x). "
                "Each step multiplies the distance along y by (1 − 8·lr) and along x by (1 − 2·lr), so the "
                "steep direction sets the limit: a tiny rate crawls, 0.1 lands in a few steps, just under "
                "0.25 oscillates across the valley, each swing a little smaller, while it slides along it, "
                "exactly 0.25 swings for ever, and above 0.25 every step overshoots further: divergence."
            ),
            surface="quadratic",
            surface_params=(("condition", 4.0),),
            runs=(PresetRun("sgd", "SGD"),),
            lr=0.1,
            steps=40,
            marks=(("Too low", 0.01), ("About right", 0.1), ("Oscillating", 0.24), ("Too high", 0.3)),
            # off both axes, so the bounce across the valley shows as a zig-zag, not a line
            start=(-4.0, 2.0),
        ),
        Preset(
            key="ravine",
            title="SGD vs momentum in a ravine",
            story=(
                "A bowl 50 times steeper across than along. A rate must stay below 2/100 to be safe in "
                "the steep direction, and such a rate is tiny for the flat one: plain SGD slides to the "
                "floor and then crawls along it, still far from the minimum after 100 steps. Momentum "
                "adds up the steady push along the floor (at 0.9, about ten times the step) and gets "
                "there in a few dozen steps, swinging across the ravine on the way."
            ),
            surface="quadratic",
            surface_params=(("condition", 50.0),),
            runs=(PresetRun("sgd", "SGD"), PresetRun("momentum", "SGD + momentum 0.9")),
            lr=0.01,
            steps=100,
        ),
        Preset(
            key="adam-vs-sgd",
            title="Adam vs SGD",
            story=(
                "The same rate for both on a badly scaled bowl (condition 100). SGD's step is rate × "
                "gradient, so the steep direction only tolerates a rate below 0.01: at 0.05 SGD blows up "
                "there, and at a rate it survives (0.009) it is still crawling along the flat direction "
                "when the steps run out. Adam divides by the gradient's running scale: each coordinate "
                "moves about lr per step whatever its gradient, so at 0.05 one rate suits both directions."
            ),
            surface="quadratic",
            surface_params=(("condition", 100.0),),
            runs=(PresetRun("sgd", "SGD"), PresetRun("adam", "Adam")),
            lr=0.05,
            steps=200,
            marks=(("Safe for SGD", 0.009), ("Adam's rate", 0.05)),
        ),
        Preset(
            key="decay",
            title="Four decay schedules vs constant",
            story=(
                "Noisy gradients keep a constant-rate run bouncing around the minimum, at a loss that "
                "stays up in proportion to the rate. Decaying the rate shrinks the bounce: step decay "
                "cuts it in jumps, exponential decay takes the same share off every step, 1/t decay "
                "falls fastest at first (below exponential until about step 80 here), then ever more "
                "slowly, never stopping, and cosine keeps the highest rate from step 50 to about step 155, "
                "then eases it down to zero by the end of the run. All four end far below the constant rate; "
                "which of them ends lowest changes with the noise, so compare the mean loss over the last "
                "steps, not one value."
            ),
            surface="noisy_quadratic",
            surface_params=(("condition", 5.0), ("noise", 3.0)),
            runs=(
                PresetRun("sgd", "Constant"),
                PresetRun("sgd", "Step (×0.3 every 50)", schedule=ScheduleSpec("step", {"step_size": 50, "gamma": 0.3})),
                PresetRun("sgd", "Exponential (0.98)", schedule=ScheduleSpec("exponential", {"gamma": 0.98})),
                PresetRun("sgd", "1/t (k = 0.05)", schedule=ScheduleSpec("inverse_time", {"k": 0.05})),
                # T_max left to the run's length: whatever the Steps slider says, the rate reaches 0 at the end
                PresetRun("sgd", "Cosine (to 0 at the end)", schedule=ScheduleSpec("cosine", {})),
            ),
            lr=0.1,
            steps=200,
            show_lr=True,
        ),
        Preset(
            key="minima",
            title="Where a run ends: four minima",
            story=(
                "Himmelblau's function has four minima, all with loss 0. Gradient descent from (0.5, −0.5) "
                "heads for the saddle between the two right-hand minima. At lr 0.01 it creeps onto the "
                "saddle and falls off the lower side to (3.58, −1.85); at 0.02 its longer, zigzagging "
                "steps leave on the upper side, to (3, 2); at 0.03 it cannot settle at all. Same start, "
                "same loss at the end, different solutions: on a non-convex loss the rate picks the basin."
            ),
            surface="himmelblau",
            surface_params=(),
            runs=(PresetRun("sgd", "SGD"),),
            lr=0.01,
            steps=150,
            marks=(("Lower-right minimum", 0.01), ("Upper-right minimum", 0.02), ("Cannot settle", 0.03)),
            start=(0.5, -0.5),
        ),
    )
}

#: the rates the presenter slider offers: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8 in every decade from 1e-4
#: to 2 (so 1 itself is there), plus every preset's rates; a link may add its own (engine.links)
LR_CHOICES: tuple[float, ...] = tuple(sorted(
    {float(f"{m * 10.0 ** e:.2g}") for e in range(-4, 1) for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8)
     if m * 10.0 ** e <= 2}
    | {p.lr for p in PRESETS.values()}
    | {v for p in PRESETS.values() for _, v in p.marks}
))
STEP_CHOICES: tuple[int, ...] = (20, 40, 60, 100, 150, 200, 300, 500)
