#!/usr/bin/python3
"""Write a random checkpoint shaped like a hub model, for the benchmarks.

    bench/make_checkpoint.py mistral-7b|gpt2-small|gpt2-2l F32|BF16 DIR

DIR gets config.json and the weights as save_pretrained writes them:
shards of at most 5 GB and model.safetensors.index.json when the model is
larger, model.safetensors otherwise.  Values are N(0, 0.02) for matrices
and 1 for norms (F32 drawn in chunks, BF16 rounded to nearest even), so
the forward pass stays finite.  Nothing is kept in memory beyond a chunk:
the 7B checkpoint (14.5 GB in BF16) needs about 300 MB to write.  Standard
library and numpy only.
"""

import json
import os
import struct
import sys

import numpy as np

SHAPES = {
    "mistral-7b": {
        "architectures": ["MistralForCausalLM"], "model_type": "mistral",
        "hidden_act": "silu", "hidden_size": 4096,
        "intermediate_size": 14336, "num_attention_heads": 32,
        "num_key_value_heads": 8, "num_hidden_layers": 32,
        "vocab_size": 32000, "max_position_embeddings": 32768,
        "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
        "sliding_window": 4096, "tie_word_embeddings": False},
    "gpt2-small": {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
        "activation_function": "gelu_new", "n_embd": 768, "n_head": 12,
        "n_layer": 12, "n_positions": 4096, "vocab_size": 50257,
        "layer_norm_epsilon": 1e-05},
}
# GPT-2 small's widths on two layers and a short vocabulary: the same
# products per layer, for instruction counts under valgrind.
SHAPES["gpt2-2l"] = dict(SHAPES["gpt2-small"], n_layer=2, vocab_size=1000)
SHARD_BYTES = 5 * 10 ** 9
CHUNK = 1 << 24


def tensors(c):
    """(name, shape, kind) in save_pretrained's names."""
    out = []
    if c["model_type"] == "gpt2":
        D, V, P = c["n_embd"], c["vocab_size"], c["n_positions"]
        t = "transformer."
        out += [(t + "wte.weight", [V, D], "w"), (t + "wpe.weight", [P, D], "w")]
        for n in range(c["n_layer"]):
            p = t + "h.%d." % n
            out += [(p + "ln_1.weight", [D], "one"), (p + "ln_1.bias", [D], "zero"),
                    (p + "attn.c_attn.weight", [D, 3 * D], "w"),
                    (p + "attn.c_attn.bias", [3 * D], "zero"),
                    (p + "attn.c_proj.weight", [D, D], "w"),
                    (p + "attn.c_proj.bias", [D], "zero"),
                    (p + "ln_2.weight", [D], "one"), (p + "ln_2.bias", [D], "zero"),
                    (p + "mlp.c_fc.weight", [D, 4 * D], "w"),
                    (p + "mlp.c_fc.bias", [4 * D], "zero"),
                    (p + "mlp.c_proj.weight", [4 * D, D], "w"),
                    (p + "mlp.c_proj.bias", [D], "zero")]
        out += [(t + "ln_f.weight", [D], "one"), (t + "ln_f.bias", [D], "zero")]
        return out
    D, F, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    kv = c["num_key_value_heads"] * D // c["num_attention_heads"]
    out.append(("model.embed_tokens.weight", [V, D], "w"))
    for n in range(c["num_hidden_layers"]):
        p = "model.layers.%d." % n
        out += [(p + "input_layernorm.weight", [D], "one"),
                (p + "self_attn.q_proj.weight", [D, D], "w"),
                (p + "self_attn.k_proj.weight", [kv, D], "w"),
                (p + "self_attn.v_proj.weight", [kv, D], "w"),
                (p + "self_attn.o_proj.weight", [D, D], "w"),
                (p + "post_attention_layernorm.weight", [D], "one"),
                (p + "mlp.gate_proj.weight", [F, D], "w"),
                (p + "mlp.up_proj.weight", [F, D], "w"),
                (p + "mlp.down_proj.weight", [D, F], "w")]
    out += [("model.norm.weight", [D], "one"), ("lm_head.weight", [V, D], "w")]
    return out


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def write_tensor(f, shape, kind, dtype, rng):
    n = numel(shape)
    for first in range(0, n, CHUNK):
        k = min(CHUNK, n - first)
        if kind == "w":
            a = (rng.standard_normal(k, dtype=np.float32) * 0.02)
        else:
            a = np.full(k, 1.0 if kind == "one" else 0.0, dtype=np.float32)
        if dtype == "F32":
            f.write(a.astype("<f4").tobytes())
        else:
            u = a.view(np.uint32)
            u = (u + 0x7FFF + ((u >> 16) & 1)) >> 16       # nearest even
            f.write(u.astype("<u2").tobytes())


def write_file(path, items, dtype, rng):
    es = 4 if dtype == "F32" else 2
    header, off = {}, 0
    for name, shape, _ in items:
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [off, off + numel(shape) * es]}
        off += numel(shape) * es
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h)
        for name, shape, kind in items:
            write_tensor(f, shape, kind, dtype, rng)
    return off


def main():
    model, dtype, d = sys.argv[1], sys.argv[2], sys.argv[3]
    c = dict(SHAPES[model], torch_dtype="float32" if dtype == "F32"
             else "bfloat16")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(c, f, indent=2)
    es = 4 if dtype == "F32" else 2
    shards, cur, size = [], [], 0
    for t in tensors(c):
        b = numel(t[1]) * es
        if cur and size + b > SHARD_BYTES:
            shards.append(cur)
            cur, size = [], 0
        cur.append(t)
        size += b
    shards.append(cur)
    rng = np.random.default_rng(0)
    if len(shards) == 1:
        write_file(os.path.join(d, "model.safetensors"), shards[0], dtype, rng)
        return
    wm, total = {}, 0
    for i, items in enumerate(shards):
        name = "model-%05d-of-%05d.safetensors" % (i + 1, len(shards))
        total += write_file(os.path.join(d, name), items, dtype, rng)
        for t in items:
            wm[t[0]] = name
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": wm}, f,
                  indent=2)


if __name__ == "__main__":
    main()
