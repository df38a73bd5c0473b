"""The fixed vocabularies of the question banks: topics, roles, difficulties, types.

A bank may only use the slugs listed here; the loader rejects anything else and suggests
the closest known slug. Adding a topic is one line in ``TOPICS`` (and the README table).
"""

from __future__ import annotations

from collections.abc import Iterable

#: slug -> (title, what the topic covers)
TOPICS: dict[str, tuple[str, str]] = {
    "parameters-vs-hyperparameters": (
        "Parameters vs hyperparameters",
        "What a model learns from data versus what is set before training, with examples.",
    ),
    "overfitting-underfitting": (
        "Over/underfitting and bias-variance",
        "Training versus validation error, capacity, regularisation, the bias-variance trade-off.",
    ),
    "grid-search": (
        "Grid search",
        "Exhaustive search over a Cartesian grid: cost, when it is the right tool.",
    ),
    "random-search": (
        "Random search",
        "Sampling configurations at random and why it often beats a grid of the same size.",
    ),
    "bayesian-optimisation": (
        "Bayesian optimisation",
        "Surrogate models, acquisition functions, exploration vs exploitation, TPE.",
    ),
    "cross-validation": (
        "Cross-validation",
        "k-fold, stratified, nested and time-series splits, and data leakage.",
    ),
    "tuning-process": (
        "The tuning process",
        "From choosing hyperparameters and a space to retraining the final model on all training data.",
    ),
    "metrics": (
        "Evaluation metrics",
        "Accuracy, precision, recall, F1, ROC-AUC, regression errors, and choosing one.",
    ),
    "resource-management": (
        "Budgets and resources",
        "Compute budgets, parallelism, early stopping, successive halving and Hyperband.",
    ),
    "experiment-tracking": (
        "Experiment tracking",
        "What to log, MLflow and Weights & Biases, seeds and reproducibility.",
    ),
    "best-practices": (
        "Best practices and mistakes",
        "Start simple, over-tuning, tuning on the test set, data quality before tuning.",
    ),
    "learning-rate": (
        "The learning rate",
        "Too high, too low, and the step = learning rate x gradient arithmetic.",
    ),
    "lr-schedules": (
        "Learning-rate schedules",
        "Step, exponential, 1/t, cosine and warmup schedules with their formulas.",
    ),
    "training-loop": (
        "The training loop",
        "Forward pass, loss, backward pass, optimiser step, zeroing gradients.",
    ),
    "sgd-momentum": (
        "SGD and momentum",
        "Plain and mini-batch SGD, momentum, Nesterov momentum.",
    ),
    "adaptive-optimisers": (
        "Adaptive optimisers",
        "Adagrad, RMSprop, Adam and AdamW: per-parameter step sizes and decoupled weight decay.",
    ),
    "choosing-optimisers": (
        "Choosing an optimiser",
        "SGD versus Adam-family optimisers: when and why.",
    ),
    "answer-structure": (
        "Structuring a spoken answer",
        "How to shape an interview answer, with variants for each role.",
    ),
    "model-hyperparameters": (
        "Model and architecture hyperparameters",
        "Random-forest trees, depth and features per split; network layers and units; what each controls.",
    ),
    "tuning-tools": (
        "Tuning libraries",
        "Optuna, Hyperopt, GridSearchCV and RandomizedSearchCV: how they are used and what their defaults do.",
    ),
    "production-constraints": (
        "Tuning under production constraints",
        "Latency, model size, memory and serving cost as objectives or constraints of a search.",
    ),
    "debugging-training": (
        "Debugging a training run",
        "NaN or exploding losses, a loss that will not move, train and validation curves that part; a checklist.",
    ),
    "loss-landscapes": (
        "Non-convex landscapes",
        "Several minima, starts and seeds that end in different places, and what that means for tuning and reporting.",
    ),
    "fine-tuning": (
        "Fine-tuning large models",
        "LoRA and QLoRA rank and alpha, epochs, learning rate and warm-up, and the memory arithmetic in bf16 and 4-bit.",
    ),
    "generative-sampling": (
        "Sampling from generative models",
        "Temperature, top-k and top-p, repetition penalties, beam width, diffusion guidance scale and sampling steps.",
    ),
    "generative-evaluation": (
        "Judging generated output",
        "Human preference, FID and CLIP-style scores, diversity, and tuning against them.",
    ),
}

#: slug -> title
ROLES: dict[str, str] = {
    "data-scientist": "Data scientist",
    "ml-engineer": "ML engineer",
    "manager": "Manager",
    "creative": "Creative (generative models)",
}

DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")

#: type slug -> (its name, as the Question type filter and Progress's tables say it; what the card
#: asks the learner to do). Practice's filter and Progress's table each named the types their own
#: way ("Multi choice", "multi choice"), and neither as the card does
QUESTION_TYPES: dict[str, tuple[str, str]] = {
    "single_choice": ("One choice", "Pick the one right answer"),
    "multi_choice": ("Several choices", "Pick every right answer"),
    "numeric": ("A number", "Give a number"),
    "ordering": ("An order", "Put in order"),
    "free_text": ("Own words", "Answer in your own words, then check against the key points"),
}


def type_name(slug: str) -> str:
    """A question type's name (:data:`QUESTION_TYPES`; the slug itself when unknown)."""
    return QUESTION_TYPES.get(slug, (slug, ""))[0]


def topic_title(slug: str) -> str:
    """Return the display title of a topic slug (the slug itself when unknown)."""
    return TOPICS.get(slug, (slug, ""))[0]


def topics_text(slugs: Iterable[str]) -> str:
    """Topics' titles joined for a table's cell: "Random search, Grid search"."""
    return ", ".join(topic_title(t) for t in slugs)
