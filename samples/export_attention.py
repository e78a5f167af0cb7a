#!/usr/bin/env python3
"""Dump a Hugging Face model's attention for attntui to view.

    python3 export_attention.py MODEL_NAME_OR_PATH "some text" out.safetensors

runs the model once on the text with output_attentions=True and writes
the layout of `attntui --export`: one F32 tensor "layers.N.attention" of
shape [heads, T, T] per layer, and __metadata__ "tokens" (the tokenizer's
convert_ids_to_tokens strings, as one JSON array string) and "model".

The usual round trip: dump on the GPU box, then look at it in the same
SSH session, without Python, Jupyter or a browser:

    gpu$ python3 export_attention.py gpt2 "The cat sat" dump.safetensors
    gpu$ attntui dump.safetensors                  # the explorer
    gpu$ attntui --dump --layer=5 --head=1 dump.safetensors

Needs torch and transformers; the safetensors package is not needed, the
format is written below with json and struct (8-byte little-endian header
length, the JSON header padded with spaces to a multiple of 8 so that
every tensor is 4-byte aligned and attntui reads it in place, then the
data).  The model runs with attn_implementation="eager": the fused SDPA
and flash kernels do not return attention probabilities.  Memory: every
layer's [heads, T, T] float32 is kept, 4 * layers * heads * T^2 bytes
(GPT-2-small at T = 1024: 604 MB).
"""
import argparse
import json
import struct
import sys


def _as_f32_bytes(a):
    """A tensor or array as C-order little-endian float32 bytes."""
    import numpy as np

    if hasattr(a, "detach"):            # a torch tensor, any dtype/device
        a = a.detach().float().cpu().numpy()
    return np.ascontiguousarray(a, dtype="<f4")


def write_attention_safetensors(path, attentions, tokens, model_name):
    """Write attentions (one [heads, T, T] or [1, heads, T, T] tensor or
    array per layer, as transformers' output.attentions holds them) to
    path in attntui's layout.  tokens: T strings; model_name: a string.
    Returns (layers, heads, T)."""
    arrays = []
    for i, a in enumerate(attentions):
        a = _as_f32_bytes(a)
        if a.ndim == 4 and a.shape[0] == 1:
            a = a[0]
        if a.ndim != 3 or a.shape[1] != a.shape[2]:
            raise ValueError("layer %d: shape %s, expected [heads, T, T] "
                             "(batch of 1)" % (i, tuple(a.shape)))
        if arrays and a.shape != arrays[0].shape:
            raise ValueError("layer %d: shape %s, expected %s like layer 0"
                             % (i, tuple(a.shape), tuple(arrays[0].shape)))
        arrays.append(a)
    if not arrays:
        raise ValueError("no attention layers (was output_attentions set?)")
    heads, T, _ = arrays[0].shape
    tokens = [str(t) for t in tokens]
    if len(tokens) != T:
        raise ValueError("%d tokens for attention over %d" % (len(tokens), T))
    header = {"__metadata__": {"tokens": json.dumps(tokens),
                               "model": str(model_name)}}
    off = 0
    for i, a in enumerate(arrays):
        header["layers.%d.attention" % i] = {
            "dtype": "F32", "shape": [int(d) for d in a.shape],
            "data_offsets": [off, off + a.nbytes]}
        off += a.nbytes
    hjson = json.dumps(header, separators=(",", ":")).encode()
    hjson += b" " * ((8 - len(hjson) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for a in arrays:
            f.write(a.tobytes())
    return len(arrays), heads, T


def load_model(name):
    """AutoModel with eager attention; older transformers (before 4.36)
    know no attn_implementation and are eager anyway."""
    from transformers import AutoModel

    try:
        return AutoModel.from_pretrained(name, attn_implementation="eager")
    except TypeError:
        return AutoModel.from_pretrained(name)
    except ValueError as e:             # a model without an eager path
        if "attn_implementation" not in str(e):
            raise
        return AutoModel.from_pretrained(name)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="Hugging Face model name or local path")
    p.add_argument("text", help="the input text")
    p.add_argument("out", help="output file, ending in .safetensors")
    p.add_argument("--device", default=None,
                   help="cuda, cpu, ... (default: cuda when available)")
    args = p.parse_args(argv)
    if not args.out.endswith(".safetensors"):
        p.error("the output must end in .safetensors")

    try:
        import torch
        from transformers import AutoTokenizer
    except ImportError as e:
        sys.exit("export_attention.py needs torch and transformers (%s)" % e)

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    tok = AutoTokenizer.from_pretrained(args.model)
    model = load_model(args.model).to(device).eval()
    enc = tok(args.text, return_tensors="pt").to(device)
    with torch.no_grad():
        out = model(**enc, output_attentions=True)
    if not getattr(out, "attentions", None) or out.attentions[0] is None:
        sys.exit("%s returned no attentions: the model may not support "
                 "output_attentions with this transformers" % args.model)
    labels = tok.convert_ids_to_tokens(enc["input_ids"][0].tolist())
    L, H, T = write_attention_safetensors(args.out, out.attentions, labels,
                                          args.model)
    print("%s: %d layers x %d heads, %d tokens" % (args.out, L, H, T))


if __name__ == "__main__":
    main()
