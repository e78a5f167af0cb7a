#!/usr/bin/python3
"""PyTorch peer for bench/whole: the whole job of `attntui --export=OUT.npy`
in one process, as a user would script it with PyTorch: start Python and
torch, make the weights (torch.randn, seeded) or load them from an F32
safetensors checkpoint with Hugging Face's GPT-2 names, run GPT-2 small's
forward pass with every head's probabilities kept (bench/peer_torch.py's
forward), and write them all to OUT as one float32 .npy of shape
(layers, heads, T, T).

The checkpoint is read as generously as PyTorch allows: mapped, each
tensor a view of the mapping (torch.frombuffer), nothing copied; the
probabilities go to the file a layer at a time, without stacking them.

usage: peer_whole.py seeded|FILE.safetensors T THREADS OUT.npy
       peer_whole.py --make-checkpoint FILE.safetensors   (for bench/whole)
"""
import json
import mmap
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
D, H, L, FF, V, P = 768, 12, 12, 3072, 50257, 1024


def hf_shapes():
    """GPT-2 small's tensors as Hugging Face names and stores them."""
    shapes = [("wte.weight", (V, D)), ("wpe.weight", (P, D))]
    for i in range(L):
        h = f"h.{i}."
        shapes += [
            (h + "ln_1.weight", (D,)), (h + "ln_1.bias", (D,)),
            (h + "attn.c_attn.weight", (D, 3 * D)),
            (h + "attn.c_attn.bias", (3 * D,)),
            (h + "attn.c_proj.weight", (D, D)), (h + "attn.c_proj.bias", (D,)),
            (h + "ln_2.weight", (D,)), (h + "ln_2.bias", (D,)),
            (h + "mlp.c_fc.weight", (D, FF)), (h + "mlp.c_fc.bias", (FF,)),
            (h + "mlp.c_proj.weight", (FF, D)), (h + "mlp.c_proj.bias", (D,)),
        ]
    return shapes + [("ln_f.weight", (D,)), ("ln_f.bias", (D,))]


def make_checkpoint(path):
    """An F32 GPT-2 small checkpoint: N(0, 0.02) matrices and biases, norms
    at 1 and 0, written by the golden tests' safetensors writer."""
    import numpy as np

    sys.path.insert(0, os.path.join(HERE, "..", "tests", "golden"))
    from make_golden import save_safetensors

    rng = np.random.default_rng(42)
    tensors = []
    for name, shape in hf_shapes():
        if ".ln_" in name or name.startswith("ln_f"):
            a = np.full(shape, 1.0 if name.endswith("weight") else 0.0,
                        dtype=np.float32)
        else:
            a = rng.standard_normal(shape, dtype=np.float32) * 0.02
        tensors.append((name, a))
    save_safetensors(path, tensors)


def load_checkpoint(path):
    """Every tensor of an F32 safetensors file as a view of its mapping."""
    import torch

    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    n = struct.unpack("<Q", mm[:8])[0]
    header = json.loads(mm[8:8 + n])
    base, out = 8 + n, {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        lo, hi = t["data_offsets"]
        out[name] = torch.frombuffer(mm, dtype=torch.float32,
                                     count=(hi - lo) // 4,
                                     offset=base + lo).view(t["shape"])
    return out


def weights_of(t):
    """peer_torch.forward's weights from Hugging Face's names."""
    layers = []
    for i in range(L):
        h = f"h.{i}."
        pair = lambda k: (t[h + k + ".weight"], t[h + k + ".bias"])
        layers.append(dict(ln1=pair("ln_1"), attn=pair("attn.c_attn"),
                           proj=pair("attn.c_proj"), ln2=pair("ln_2"),
                           fc=pair("mlp.c_fc"), out=pair("mlp.c_proj")))
    return dict(wte=t["wte.weight"], wpe=t["wpe.weight"], layers=layers,
                lnf=(t["ln_f.weight"], t["ln_f.bias"]))


def main():
    if sys.argv[1] == "--make-checkpoint":
        make_checkpoint(sys.argv[2])
        return
    source, T, threads, out = (sys.argv[1], int(sys.argv[2]),
                               int(sys.argv[3]), sys.argv[4])
    import numpy as np
    import torch

    sys.path.insert(0, HERE)
    from peer_torch import forward, make_weights

    torch.set_num_threads(threads)
    if source == "seeded":
        w = make_weights(torch.Generator().manual_seed(42))
    else:
        w = weights_of(load_checkpoint(source))
    ids = torch.tensor([(i * 7919) % V for i in range(T)])
    with torch.no_grad():
        _, probs = forward(w, ids)
    with open(out, "wb") as f:
        np.lib.format.write_array_header_1_0(f, {
            "descr": "<f4", "fortran_order": False,
            "shape": (L, H, T, T)})
        for p in probs:
            p.numpy().tofile(f)


if __name__ == "__main__":
    main()
