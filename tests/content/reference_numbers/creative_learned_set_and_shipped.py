"""The numeric answers of the creative-learned-set-and-shipped bank (``cls-*``).

The vocoder adapter's trainable count is read off real torch modules, a LoRA around each Conv1d
whose down convolution keeps the layer's kernel, after checking that its output adds alpha / r
times the adapter's own; the frozen-partner count builds the prompt's cross-attention adapters,
applies the teammate's filter, and checks that the trainable A matrices get exactly zero gradients
and that AdamW steps leave the output as it was; the OneCycleLR rate is stepped on a real SGD
optimiser; the rate above which Nesterov diverges is found by torch.optim.SGD(nesterov=True) on a
vector of curvatures, and checked against the closed form; the steps inside the latency budget are
exact arithmetic after the weight bytes decide the format.
"""

from __future__ import annotations

from fractions import Fraction

from tests.content.reference_numbers._shared import lora_linear

BANKS = ("creative-learned-set-and-shipped",)


def _conv_lora_trainable_count() -> int:
    import torch
    from torch import nn

    class LoRAConv1d(nn.Module):
        def __init__(self, base: nn.Conv1d, r: int, alpha: float, dropout: float):
            super().__init__()
            self.base = base.requires_grad_(False)
            self.drop = nn.Dropout(dropout)
            self.down = nn.Conv1d(base.in_channels, r, base.kernel_size, padding=base.padding,
                                  dilation=base.dilation, bias=False)
            self.up = nn.Conv1d(r, base.out_channels, 1, bias=False)
            nn.init.zeros_(self.up.weight)
            self.scale = alpha / r

        def forward(self, x):
            return self.base(x) + self.scale * self.up(self.down(self.drop(x)))

    torch.manual_seed(0)
    layers = nn.ModuleList(
        LoRAConv1d(nn.Conv1d(256, 256, k, padding=k // 2), r=4, alpha=8, dropout=0.1)
        for k in (3, 7, 11) for _ in range(4))
    # the scale the forward pass applies: alpha / r = 2 times the adapter's own output
    layer = layers[1].eval()
    nn.init.normal_(layer.up.weight)
    x = torch.randn(1, 256, 50)
    with torch.no_grad():
        added = layer(x) - layer.base(x)
        assert torch.allclose(added, 2 * layer.up(layer.down(x)), atol=1e-5)
    frozen = sum(p.numel() for p in layers.parameters() if not p.requires_grad)
    assert frozen == 4 * sum(256 * 256 * k + 256 for k in (3, 7, 11))  # 5,508,096
    return sum(p.numel() for p in layers.parameters() if p.requires_grad)


def _frozen_up_matrices_count() -> int:
    import torch
    from torch import nn

    class CrossAttentionProjections(nn.Module):
        def __init__(self):
            super().__init__()
            self.to_q = lora_linear(384, 384, r=8, alpha=16)
            self.to_k = lora_linear(512, 384, r=8, alpha=16)
            self.to_v = lora_linear(512, 384, r=8, alpha=16)

        def forward(self, h, text):
            return self.to_q(h).sum() + self.to_k(text).sum() + self.to_v(text).sum()

    torch.manual_seed(0)
    model = nn.ModuleList(CrossAttentionProjections() for _ in range(6))
    for name, p in model.named_parameters():  # the teammate's filter, meant to train B only
        p.requires_grad = "lora_A" in name
    h, text = torch.randn(2, 10, 384), torch.randn(2, 12, 512)

    def out():
        return sum(block(h, text) for block in model)

    before = out().item()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, weight_decay=0)
    for _ in range(3):
        opt.zero_grad()
        out().backward()
        assert all(p.grad is not None and p.grad.abs().max() == 0 for p in model.parameters() if p.requires_grad)
        opt.step()
    assert out().item() == before  # frozen B at zero: the adapters add nothing, and A never moves
    intended = sum(p.numel() for n, p in model.named_parameters() if "lora_B" in n)
    assert intended == 55_296
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def _onecycle_rate_after_800() -> float:
    import torch

    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.04, momentum=0.9, nesterov=True)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.04, total_steps=1000)
    assert opt.param_groups[0]["momentum"] == 0.95  # the momentum passed is replaced at once
    for _ in range(800):
        opt.step()
        sched.step()
    assert abs(opt.param_groups[0]["momentum"] - 0.9313) < 1e-4
    return opt.param_groups[0]["lr"]


def _nesterov_divergence_rate() -> float:
    import torch

    beta, h = 0.9, 20.0
    # the map depends on lr × h alone: one run at lr = 1e-3 over many curvatures finds the
    # smallest lr × h at which the weight grows, for each kind of momentum
    curv = torch.linspace(1000, 4000, 3001, dtype=torch.float64)

    def first_diverging(nesterov: bool) -> float:
        w = torch.ones_like(curv, requires_grad=True)
        opt = torch.optim.SGD([w], lr=1e-3, momentum=beta, nesterov=nesterov)
        for _ in range(2000):
            opt.zero_grad()
            (0.5 * (curv * w * w).sum()).backward()
            opt.step()
        grew = (w.detach().abs() > 1).nonzero()
        return curv[grew[0]].item() * 1e-3

    nesterov, heavy_ball = first_diverging(True), first_diverging(False)
    assert abs(nesterov - 2 * (1 + beta) / (1 + 2 * beta)) < 2e-3  # 1.357
    assert abs(heavy_ball - 2 * (1 + beta)) < 2e-3  # 3.8
    return nesterov / h


def _steps_inside_latency_budget() -> int:
    params = {"encoder": 150_000_000, "decoder": 560_000_000, "vocoder": 40_000_000}
    budget_bytes = 1_200_000_000
    fp16 = 2 * sum(params.values())
    int8 = params["encoder"] + params["decoder"] + 2 * params["vocoder"]
    assert fp16 > budget_bytes >= int8  # 1.5 GB does not fit, 0.79 GB does
    budget_ms, overhead, encoder, vocoder, per_step = 600, 40, 15, 52, 28  # the int8 timings
    steps = Fraction(budget_ms - overhead - encoder - vocoder, per_step)
    return int(steps)  # 493 / 28 = 17.6: 17 whole steps


CHECKS = {
    "cls-vocoder-conv-lora-count": _conv_lora_trainable_count,
    "cls-frozen-up-matrices-flat-loss": _frozen_up_matrices_count,
    "cls-onecycle-codec-rate": _onecycle_rate_after_800,
    "cls-nesterov-diverges-first": _nesterov_divergence_rate,
    "cls-tts-steps-int8-budget": _steps_inside_latency_budget,
}
