#!/usr/bin/python3
"""Write the malformed model directories of tests/hf-dirs.sh.

    /usr/bin/python3 tests/hf/bad/make_bad.py   (numpy; torch for make_golden)

Each case is a directory beside this script: a config.json and, where
the case is about weights, a tiny model.safetensors (or shards, an index,
a pytorch_model.bin).  The expected message and exit status of each are
in EXPECTED, written by hand.
"""

import json
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "golden"))
import make_golden as mg  # noqa: E402  (safetensors by hand)

# A valid tiny LlamaForCausalLM: every case below changes one thing.
BASE = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "hidden_act": "silu",
    "hidden_size": 8,
    "intermediate_size": 8,
    "num_attention_heads": 2,
    "num_key_value_heads": 2,
    "num_hidden_layers": 1,
    "vocab_size": 8,
    "max_position_embeddings": 16,
    "rms_norm_eps": 1e-05,
    "tie_word_embeddings": False,
    "torch_dtype": "float32",
}


def tensors(hidden=8, vocab=8, inter=8):
    """The base model's tensors: (name, shape), "model." prefix."""
    out = [("model.embed_tokens.weight", [vocab, hidden])]
    p = "model.layers.0."
    for m in ("q", "k", "v", "o"):
        out.append((p + "self_attn.%s_proj.weight" % m, [hidden, hidden]))
    for m in ("gate", "up"):
        out.append((p + "mlp.%s_proj.weight" % m, [inter, hidden]))
    out.append((p + "mlp.down_proj.weight", [hidden, inter]))
    for n in ("input_layernorm", "post_attention_layernorm"):
        out.append((p + n + ".weight", [hidden]))
    out.append(("model.norm.weight", [hidden]))
    out.append(("lm_head.weight", [vocab, hidden]))
    return out


def write_safetensors(path, ts):
    """F32 tensors of small values, written as make_golden.py writes."""
    mg.save_safetensors(path, [(name, ((np.arange(int(np.prod(shape)))
                                        % 7 - 3) * 0.1).reshape(shape))
                               for name, shape in ts])


def case(name, config=None, text=None, weights=None):
    d = os.path.join(HERE, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    if text is not None:
        with open(os.path.join(d, "config.json"), "w") as f:
            f.write(text)
    elif config is not None:
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(config, f, indent=2)
            f.write("\n")
    if weights is not None:
        weights(d)
    return d


def with_(**kw):
    c = dict(BASE)
    for k, v in kw.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def index(d, weight_map):
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map},
                  f, indent=2)


def main():
    # git keeps no empty directory: a dot file holds this one.
    open(os.path.join(case("no-config"), ".keep"), "w").close()
    case("not-json", text='{\n  "architectures": ["LlamaForCausalLM"],\n'
         '  "hidden_size": 8,,\n}\n')
    case("top-array", text="[1, 2]\n")
    case("unknown-arch", with_(architectures=["FalconForCausalLM"]))
    case("no-arch", with_(architectures=None, model_type=None))
    case("rope-yarn", with_(rope_scaling={"rope_type": "yarn",
                                          "factor": 4.0}))
    case("rope-longrope", with_(rope_scaling={
        "type": "longrope", "short_factor": [1.0, 1.0],
        "long_factor": [1.0, 1.0]}))
    case("llama3-no-low", with_(rope_scaling={
        "rope_type": "llama3", "factor": 8.0, "high_freq_factor": 4.0,
        "original_max_position_embeddings": 8}))
    case("rope-both", with_(rope_scaling={"rope_type": "linear",
                                          "factor": 2.0},
                            rope_parameters={"rope_type": "default",
                                             "rope_theta": 10000.0}))
    case("kv-heads", with_(num_key_value_heads=3))
    case("hidden-odd", with_(hidden_size=9))
    case("no-hidden", with_(hidden_size=None))
    case("string-int", with_(num_hidden_layers="1"))
    case("quantized", with_(quantization_config={"quant_method": "gptq"}))
    case("gated-gelu", with_(hidden_act="gelu"))
    case("partial-llama", with_(rope_parameters={
        "rope_type": "default", "rope_theta": 10000.0,
        "partial_rotary_factor": 0.5}))
    case("layer-types", with_(architectures=["Qwen2ForCausalLM"],
                              model_type="qwen2", use_sliding_window=True,
                              sliding_window=4,
                              layer_types=["full_attention",
                                           "sliding_attention"]))
    case("gemma3-bidirectional", with_(
        architectures=["Gemma3ForCausalLM"], model_type="gemma3_text",
        head_dim=4, use_bidirectional_attention=True))
    case("gpt2-inverse-layer", {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
        "n_embd": 8, "n_head": 2, "n_layer": 1, "n_positions": 16,
        "vocab_size": 8, "scale_attn_by_inverse_layer_idx": True})
    case("bert-relative", {
        "architectures": ["BertModel"], "model_type": "bert",
        "hidden_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1,
        "intermediate_size": 8, "max_position_embeddings": 16,
        "vocab_size": 8, "position_embedding_type": "relative_key"})
    # Weights.
    case("no-weights", BASE)
    case("pickle-only", BASE, weights=lambda d: open(
        os.path.join(d, "pytorch_model.bin"), "wb").write(b"PK\x03\x04"))
    case("shape-mismatch", BASE, weights=lambda d: write_safetensors(
        os.path.join(d, "model.safetensors"), tensors(hidden=8, vocab=4)))

    def missing_shard(d):
        ts = tensors()
        write_safetensors(os.path.join(d, "model-00001-of-00002.safetensors"),
                          ts[:5])
        index(d, dict([(n, "model-00001-of-00002.safetensors")
                       for n, _ in ts[:5]]
                      + [(n, "model-00002-of-00002.safetensors")
                         for n, _ in ts[5:]]))
    case("index-missing-shard", BASE, weights=missing_shard)

    def outside(d):
        ts = tensors()
        write_safetensors(os.path.join(d, "model-00001-of-00001.safetensors"),
                          ts)
        wm = dict((n, "model-00001-of-00001.safetensors") for n, _ in ts)
        wm["model.norm.weight"] = "../model-00001-of-00001.safetensors"
        index(d, wm)
    case("index-outside", BASE, weights=outside)


if __name__ == "__main__":
    main()
