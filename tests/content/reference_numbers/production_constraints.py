"""The numeric answers of the production-constraints bank (``pc-*``).

Their prompts set out serving arithmetic: a language model's KV-cache bytes, the memory of weights
in fp16 and int8, the GPU cost of a batch of generated images, and the GPUs a peak needs once the
settings that break the latency limit are dropped. Each check writes that arithmetic out in exact
integers or fractions, bytes per value taken from torch's dtypes.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("production-constraints",)


def _kv_cache_concurrent_requests() -> float:
    import torch

    layers, kv_heads, head_dim, tokens = 32, 8, 128, 8192
    fp16_bytes = torch.float16.itemsize
    per_request = 2 * layers * kv_heads * head_dim * fp16_bytes * tokens  # keys and values
    free = (80 - 15 - 5) * 2**30  # GiB left after the weights and the runtime's reserve
    return free // per_request


def _int8_weights_freed() -> float:
    import torch

    params = 7 * 10**9
    return (params * torch.float16.itemsize - params * torch.int8.itemsize) / 10**9  # fp16 minus int8, in GB


def _cost_per_thousand_images() -> float:
    gpu_seconds = Fraction(1000, 4) * Fraction(5)  # 250 batches of 5.0 s
    return float(gpu_seconds * Fraction("2.40") / 3600)


def _gpus_under_latency_budget() -> float:
    measured = {1: (50, 25), 8: (200, 55), 16: (250, 80), 32: (320, 140)}  # batch: (rps per GPU, p99 ms)
    best = max(rps for rps, p99 in measured.values() if p99 <= 100)
    return math.ceil(Fraction(2400, best))


CHECKS = {
    "pc-kv-cache-concurrent-requests": _kv_cache_concurrent_requests,
    "pc-int8-weights-freed": _int8_weights_freed,
    "pc-cost-per-thousand-images": _cost_per_thousand_images,
    "pc-gpus-under-latency-budget": _gpus_under_latency_budget,
}
