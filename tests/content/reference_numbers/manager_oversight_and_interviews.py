"""The numeric answers of the manager-oversight-and-interviews bank (``mio-*``).

As in :mod:`tests.content.reference_numbers.optimisers`: where a prompt names a scheduler, the check
steps that scheduler on a real optimiser with the prompt's numbers; where it names
torch.utils.flop_counter.FlopCounterMode, the check builds the prompt's torch.nn layers on the meta
device (shapes without data) and counts a forward pass with it.
"""

from __future__ import annotations

import math

from tests.content.reference_numbers._shared import rate_after

BANKS = ("manager-oversight-and-interviews",)


def _step_schedule_rate_share() -> float:
    import torch

    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[30_000, 60_000], gamma=0.1)
    used = []  # the rate each optimiser step uses, in units of the peak
    for _ in range(90_000):
        used.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return 100 * math.fsum(used[:50_000]) / math.fsum(used)  # per cent of the whole run's sum


def _context_length_flops() -> float:
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    with torch.device("meta"):  # shapes only: the counter reads each product's sizes, nothing is computed
        layer = torch.nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048, batch_first=True)
        encoder = torch.nn.TransformerEncoder(layer, num_layers=6, enable_nested_tensor=False)
    encoder.train()  # in eval mode the fused fast path runs, which FlopCounterMode does not count
    flops = {}
    for tokens in (512, 2048):
        with torch.no_grad(), FlopCounterMode(display=False) as counter:
            encoder(torch.zeros(1, tokens, 512, device="meta"))
        flops[tokens] = counter.get_total_flops()
    assert flops[512] == 6 * 512 * (6_291_456 + 2_048 * 512)  # the explanation's count, 22.5 GFLOPs
    return flops[2048] / flops[512]


def _longer_warmup_rate_at_failure() -> float:
    import torch

    peak = 3e-4

    def proposed(opt):
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=4000)
        cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=96_000, eta_min=0)
        return torch.optim.lr_scheduler.SequentialLR(opt, [warm, cosine], milestones=[4000])

    return 100 * rate_after(proposed, 12_000, peak)[0] / peak  # per cent of the peak


CHECKS = {
    "mio-step-schedule-rate-share": _step_schedule_rate_share,
    "mio-context-length-flops": _context_length_flops,
    "mio-longer-warmup-rate-at-failure": _longer_warmup_rate_at_failure,
}
