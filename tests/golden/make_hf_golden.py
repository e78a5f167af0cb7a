#!/usr/bin/python3
"""Regenerate the Hugging Face model directories of tests/test_golden.c.

    /usr/bin/python3 tests/golden/make_hf_golden.py   (Debian torch, numpy)

For each case (one architecture of doc/hf.md, in F32 and in BF16) this
writes, under tests/golden/hf/:
  CASE/config.json           as transformers writes it for the class
  CASE/model.safetensors     small random weights, named and laid out as
                             save_pretrained writes them (prefixes, fused
                             tensors, tied lm_head left out); one case
                             as two shards and model.safetensors.index.json
  CASE.yaml                  model: {from: CASE} and the input token ids
  CASE.expected.safetensors  attn.L [heads, T, T] per layer, hidden
                             [T, hidden_size] (last_hidden_state) and
                             vnorm.L [heads, T] (value norms), F32, as
                             make_golden.py's save_expected writes them

The reference forward passes below are written from transformers'
modeling code (modeling_llama.py, modeling_mistral.py, modeling_qwen2.py,
modeling_qwen3.py, modeling_gemma2.py, modeling_gemma3.py,
modeling_phi3.py, modeling_rope_utils.py; GPT-2 and BERT as
make_golden.py), eager attention, reading config.json as their
configuration classes do, never from attntui's code.  They run in float64
on exactly the weights the files hold (BF16 ones widened), except where
transformers itself fixes a precision: RoPE's inverse frequencies,
angles, cos and sin are float32 (its rotary embedding forces float32),
and Gemma's embedding normaliser is sqrt(hidden_size) in the weights'
dtype.  See tests/golden/README.md for what was read for each
architecture.
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "hf")
sys.path.insert(0, HERE)
import make_golden as mg  # noqa: E402  (safetensors by hand, gpt2, bert)


# ---- the config, as transformers' configuration classes read it -------------

DEFAULTS = {
    # class defaults for keys a config.json may leave out
    "llama": dict(rms_norm_eps=1e-6, rope_theta=10000.0, attention_bias=False,
                  mlp_bias=False, tie_word_embeddings=False),
    "mistral": dict(rms_norm_eps=1e-6, rope_theta=10000.0, sliding_window=4096,
                    tie_word_embeddings=False),
    "qwen2": dict(rms_norm_eps=1e-6, rope_theta=10000.0, use_sliding_window=False,
                  sliding_window=4096, max_window_layers=28,
                  tie_word_embeddings=False),
    "qwen3": dict(rms_norm_eps=1e-6, rope_theta=10000.0, attention_bias=False,
                  use_sliding_window=False, sliding_window=4096,
                  max_window_layers=28, tie_word_embeddings=False),
    "gemma2": dict(rms_norm_eps=1e-6, rope_theta=10000.0, attention_bias=False,
                   query_pre_attn_scalar=256, attn_logit_softcapping=50.0,
                   sliding_window=4096, tie_word_embeddings=True),
    "gemma3_text": dict(rms_norm_eps=1e-6, rope_theta=1000000.0,
                        rope_local_base_freq=10000.0, attention_bias=False,
                        query_pre_attn_scalar=256, sliding_window=4096,
                        sliding_window_pattern=6, tie_word_embeddings=True),
    "phi3": dict(rms_norm_eps=1e-5, rope_theta=10000.0, sliding_window=None,
                 partial_rotary_factor=1.0, tie_word_embeddings=False),
}


class Cfg:
    """config.json with its class's defaults, attribute style."""

    def __init__(self, d):
        self.__dict__.update(DEFAULTS.get(d["model_type"], {}))
        self.__dict__.update(d)
        if self.model_type in ("gpt2", "bert"):
            self.layer_types = None
            return
        if getattr(self, "num_key_value_heads", None) is None:
            self.num_key_value_heads = self.num_attention_heads
        self.head_dim = (getattr(self, "head_dim", None)
                         or self.hidden_size // self.num_attention_heads)
        # transformers 5 spells RoPE as rope_parameters, rope_theta inside.
        rp = getattr(self, "rope_parameters", None)
        if rp is not None and "full_attention" not in rp:
            self.rope_theta = rp.get("rope_theta", self.rope_theta)
            self.rope_scaling = rp
        self.layer_types = self._layer_types()

    def _layer_types(self):
        """configuration_*.py: which layers slide."""
        L, mt = self.num_hidden_layers, self.model_type
        given = getattr(self, "layer_types", None)
        if mt in ("qwen2", "qwen3"):
            window = self.sliding_window if self.use_sliding_window else None
            self.sliding_window = window
            if given is not None:
                return given
            return ["sliding_attention" if window is not None
                    and i >= self.max_window_layers else "full_attention"
                    for i in range(L)]
        if given is not None:
            return given
        if mt == "gemma2":      # not bool(layer_idx % 2)
            return ["sliding_attention" if i % 2 == 0 else "full_attention"
                    for i in range(L)]
        if mt == "gemma3_text":
            p = self.sliding_window_pattern
            return ["sliding_attention" if (i + 1) % p else "full_attention"
                    for i in range(L)]
        if mt in ("mistral", "phi3") and self.sliding_window is not None:
            return ["sliding_attention"] * L
        return ["full_attention"] * L


# ---- building blocks --------------------------------------------------------

def rms_norm(x, w, eps):
    """LlamaRMSNorm (and Qwen2/3's, Mistral's, Phi3RMSNorm)."""
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def gemma_norm(x, w, eps):
    """Gemma2RMSNorm / Gemma3RMSNorm: x normed times (1 + w)."""
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w)


def inv_freq(base, dim, scaling):
    """modeling_rope_utils.py, float32 throughout as there."""
    inv = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64)
                          .float() / dim))
    kind = None if scaling is None else scaling.get(
        "rope_type", scaling.get("type"))
    if kind in (None, "default"):
        return inv
    factor = scaling["factor"]
    if kind == "linear":
        return inv / factor
    assert kind == "llama3"
    low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
    old = scaling["original_max_position_embeddings"]
    low_wl, high_wl = old / low, old / high
    wl = 2 * math.pi / inv
    llama = torch.where(wl > low_wl, inv / factor, inv)
    smooth = (old / wl - low) / (high - low)
    smoothed = (1 - smooth) * llama / factor + smooth * llama
    medium = ~(wl < high_wl) * ~(wl > low_wl)
    return torch.where(medium, smoothed, llama)


def rope_tables(inv, T):
    """The rotary embedding's forward: float32 angles, cos and sin."""
    pos = torch.arange(T, dtype=torch.float32)
    freqs = (inv[:, None].float() @ pos[None, :].float()).transpose(0, 1)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos().double(), emb.sin().double()


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def apply_rope(x, cos, sin):
    """Phi-3's apply_rotary_pos_emb: the first cos.shape[-1] dimensions
    rotate, the rest pass (all of them, for the others)."""
    rot = cos.shape[-1]
    xr, xp = x[..., :rot], x[..., rot:]
    return torch.cat([xr * cos + rotate_half(xr) * sin, xp], dim=-1)


def visible(T, window):
    """The causal mask, and the sliding window's (a key is seen when
    i - j < window), as masking_utils builds them."""
    i = torch.arange(T)[:, None]
    j = torch.arange(T)[None, :]
    v = j <= i
    if window is not None:
        v = v & (i - j < window)
    return v


def eager_attention(q, k, v, scaling, window, softcap=None):
    """eager_attention_forward: q [H,T,d], k, v [KV,T,d]."""
    H, T, _ = q.shape
    k = k.repeat_interleave(H // k.shape[0], dim=0)      # repeat_kv
    v = v.repeat_interleave(H // v.shape[0], dim=0)
    s = torch.matmul(q, k.transpose(1, 2)) * scaling
    if softcap is not None:
        s = torch.tanh(s / softcap) * softcap
    s = s.masked_fill(~visible(T, window)[None], float("-inf"))
    p = F.softmax(s, dim=-1)
    return p, (p @ v).transpose(0, 1).reshape(T, -1)


def lin(x, w, name, bias):
    y = x @ w[name + ".weight"].T
    return y + w[name + ".bias"] if bias else y


# ---- the llama family -------------------------------------------------------

def decoder_forward(c, w, ids, emb_dtype):
    """LlamaForCausalLM and its relatives, one code path with the
    differences of each modeling file spelled out."""
    mt = c.model_type
    gemma = mt in ("gemma2", "gemma3_text")
    H, KV, dh, eps, T = (c.num_attention_heads, c.num_key_value_heads,
                         c.head_dim, c.rms_norm_eps, len(ids))
    norm = gemma_norm if gemma else rms_norm
    qkv_bias = (mt == "qwen2" or getattr(c, "attention_bias", False)) \
        and mt not in ("mistral", "phi3")
    o_bias = getattr(c, "attention_bias", False) and mt in (
        "llama", "qwen3", "gemma2", "gemma3_text")
    mlp_bias = mt == "llama" and c.mlp_bias
    act = (lambda t: F.gelu(t, approximate="tanh")) if gemma else F.silu
    partial = getattr(c, "partial_rotary_factor", 1.0) if mt == "phi3" else 1.0
    rot = int(dh * partial)
    scaling = (c.query_pre_attn_scalar ** -0.5 if gemma else dh ** -0.5)
    softcap = c.attn_logit_softcapping if mt == "gemma2" else None
    rs = getattr(c, "rope_scaling", None)
    glob = rope_tables(inv_freq(c.rope_theta, rot, rs), T)
    local = glob
    if mt == "gemma3_text":
        local = rope_tables(inv_freq(c.rope_local_base_freq, rot, None), T)

    x = w["embed_tokens.weight"][ids]
    if gemma:   # normalizer = torch.tensor(hidden_size**0.5, dtype=...)
        x = x * torch.tensor(c.hidden_size ** 0.5, dtype=emb_dtype).double()
    probs, norms = [], []
    for n in range(c.num_hidden_layers):
        p = "layers.%d." % n
        a = p + "self_attn."
        sliding = c.layer_types[n] == "sliding_attention"
        h = norm(x, w[p + "input_layernorm.weight"], eps)
        if mt == "phi3":
            qkv = h @ w[a + "qkv_proj.weight"].T
            q, k, v = qkv.split([H * dh, KV * dh, KV * dh], dim=-1)
        else:
            q = lin(h, w, a + "q_proj", qkv_bias)
            k = lin(h, w, a + "k_proj", qkv_bias)
            v = lin(h, w, a + "v_proj", qkv_bias)
        q, k, v = (t.reshape(T, -1, dh) for t in (q, k, v))
        if mt in ("qwen3", "gemma3_text"):
            q = norm(q, w[a + "q_norm.weight"], eps)
            k = norm(k, w[a + "k_norm.weight"], eps)
        q, k, v = (t.transpose(0, 1) for t in (q, k, v))
        cos, sin = local if sliding else glob
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        window = c.sliding_window if sliding else None
        pr, o = eager_attention(q, k, v, scaling, window, softcap)
        probs.append(pr)
        norms.append(mg.value_norms(v, w[a + "o_proj.weight"].T, H))
        o = lin(o, w, a + "o_proj", o_bias)
        if gemma:
            x = x + norm(o, w[p + "post_attention_layernorm.weight"], eps)
            h = norm(x, w[p + "pre_feedforward_layernorm.weight"], eps)
        else:
            x = x + o
            h = norm(x, w[p + "post_attention_layernorm.weight"], eps)
        if mt == "phi3":
            gate, up = (h @ w[p + "mlp.gate_up_proj.weight"].T).chunk(2, -1)
            m = (up * act(gate)) @ w[p + "mlp.down_proj.weight"].T
        else:
            m = lin(act(lin(h, w, p + "mlp.gate_proj", mlp_bias))
                    * lin(h, w, p + "mlp.up_proj", mlp_bias), w,
                    p + "mlp.down_proj", mlp_bias)
        if gemma:
            m = norm(m, w[p + "post_feedforward_layernorm.weight"], eps)
        x = x + m
    return probs, norm(x, w["norm.weight"], eps), norms


# ---- random checkpoints as save_pretrained writes them ----------------------

class Gen:
    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)
        self.out = []

    def randn(self, name, shape, std, mean=0.0):
        t = torch.randn(*shape, generator=self.g, dtype=torch.float32)
        self.out.append((name, (t * std + mean).numpy()))


def decoder_weights(c, g):
    """The state dict of XForCausalLM, "model." prefix, lm_head unless
    tied (save_pretrained drops tied copies)."""
    D, FF, V = c.hidden_size, c.intermediate_size, c.vocab_size
    H, KV, dh, mt = (c.num_attention_heads, c.num_key_value_heads,
                     c.head_dim, c.model_type)
    gemma = mt in ("gemma2", "gemma3_text")
    nw = 0.0 if gemma else 1.0          # Gemma's norms are 1 + w
    qk = 1.6 / math.sqrt(D)             # peaked heads, not uniform ones
    g.randn("model.embed_tokens.weight", (V, D), 1.0)
    for n in range(c.num_hidden_layers):
        p = "model.layers.%d." % n
        a = p + "self_attn."
        g.randn(p + "input_layernorm.weight", (D,), 0.1, nw)
        if mt == "phi3":
            g.randn(a + "qkv_proj.weight", ((H + 2 * KV) * dh, D), qk)
        else:
            for m, rows in (("q", H * dh), ("k", KV * dh), ("v", KV * dh)):
                g.randn(a + m + "_proj.weight", (rows, D),
                        qk if m != "v" else 1.0 / math.sqrt(D))
                if mt == "qwen2" or getattr(c, "attention_bias", False):
                    g.randn(a + m + "_proj.bias", (rows,), 0.2)
        g.randn(a + "o_proj.weight", (D, H * dh), 1.0 / math.sqrt(H * dh))
        if getattr(c, "attention_bias", False) and mt != "qwen2":
            g.randn(a + "o_proj.bias", (D,), 0.1)
        if mt in ("qwen3", "gemma3_text"):
            g.randn(a + "q_norm.weight", (dh,), 0.3, 1.5 - (1.0 - nw))
            g.randn(a + "k_norm.weight", (dh,), 0.3, 1.5 - (1.0 - nw))
        g.randn(p + "post_attention_layernorm.weight", (D,), 0.1, nw)
        if gemma:
            g.randn(p + "pre_feedforward_layernorm.weight", (D,), 0.1, nw)
        mb = mt == "llama" and c.mlp_bias
        if mt == "phi3":
            g.randn(p + "mlp.gate_up_proj.weight", (2 * FF, D),
                    1.0 / math.sqrt(D))
        else:
            for m in ("gate", "up"):
                g.randn(p + "mlp.%s_proj.weight" % m, (FF, D),
                        1.0 / math.sqrt(D))
                if mb:
                    g.randn(p + "mlp.%s_proj.bias" % m, (FF,), 0.1)
        g.randn(p + "mlp.down_proj.weight", (D, FF), 1.0 / math.sqrt(FF))
        if mb:
            g.randn(p + "mlp.down_proj.bias", (D,), 0.1)
        if gemma:
            g.randn(p + "post_feedforward_layernorm.weight", (D,), 0.1, nw)
    g.randn("model.norm.weight", (D,), 0.1, nw)
    if not c.tie_word_embeddings:
        g.randn("lm_head.weight", (V, D), 1.0 / math.sqrt(D))


def gpt2_weights(c, g):
    """GPT2LMHeadModel: make_golden.py's GPT-2 under "transformer."."""
    cfg = dict(d_model=c.n_embd, vocab_size=c.vocab_size,
               max_seq=c.n_positions, n_layers=c.n_layer, position="learned",
               d_ff=getattr(c, "n_inner", None) or 4 * c.n_embd)
    first = len(g.out)
    mg.weights_gpt2(cfg, g)
    g.out[first:] = [("transformer." + k, v) for k, v in g.out[first:]]


def bert_weights(c, g):
    """BertModel: no prefix, the pooler saved too."""
    cfg = dict(d_model=c.hidden_size, d_ff=c.intermediate_size,
               vocab_size=c.vocab_size, max_seq=c.max_position_embeddings,
               n_layers=c.num_hidden_layers)
    mg.weights_bert(cfg, g)


# ---- the cases --------------------------------------------------------------

BASE = {"attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2,
        "initializer_range": 0.02, "transformers_version": "4.51.0",
        "use_cache": True}

CASES = [
    # name, config.json, T
    ("gpt2", dict(architectures=["GPT2LMHeadModel"], model_type="gpt2",
                  activation_function="gelu_new", attn_pdrop=0.1,
                  embd_pdrop=0.1, resid_pdrop=0.1, layer_norm_epsilon=1e-5,
                  n_ctx=32, n_embd=32, n_head=4, n_layer=2, n_positions=32,
                  n_inner=None, vocab_size=64, scale_attn_weights=True,
                  reorder_and_upcast_attn=False), 20),
    ("llama", dict(architectures=["LlamaForCausalLM"], model_type="llama",
                   hidden_act="silu", hidden_size=32, intermediate_size=48,
                   num_attention_heads=4, num_key_value_heads=2,
                   head_dim=12, num_hidden_layers=2, vocab_size=64,
                   max_position_embeddings=256, rms_norm_eps=1e-5,
                   attention_bias=True, mlp_bias=True, pretraining_tp=1,
                   rope_theta=500000.0, tie_word_embeddings=False,
                   rope_scaling={"factor": 8.0, "low_freq_factor": 1.0,
                                 "high_freq_factor": 4.0,
                                 "original_max_position_embeddings": 16,
                                 "rope_type": "llama3"}), 21),
    ("mistral", dict(architectures=["MistralForCausalLM"], model_type="mistral",
                     hidden_act="silu", hidden_size=32, intermediate_size=48,
                     num_attention_heads=4, num_key_value_heads=2,
                     num_hidden_layers=2, vocab_size=64,
                     max_position_embeddings=128, rms_norm_eps=1e-5,
                     rope_theta=10000.0, sliding_window=6,
                     tie_word_embeddings=False), 22),
    ("qwen2", dict(architectures=["Qwen2ForCausalLM"], model_type="qwen2",
                   hidden_act="silu", hidden_size=32, intermediate_size=48,
                   num_attention_heads=4, num_key_value_heads=2,
                   num_hidden_layers=3, vocab_size=64,
                   max_position_embeddings=128, rms_norm_eps=1e-6,
                   rope_theta=1000000.0, use_sliding_window=True,
                   sliding_window=5, max_window_layers=1,
                   tie_word_embeddings=True), 20),
    ("qwen3", dict(architectures=["Qwen3ForCausalLM"], model_type="qwen3",
                   hidden_act="silu", hidden_size=32, intermediate_size=48,
                   num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                   num_hidden_layers=3, vocab_size=64,
                   max_position_embeddings=128, rms_norm_eps=1e-6,
                   attention_bias=False, use_sliding_window=True,
                   sliding_window=7, max_window_layers=28,
                   layer_types=["full_attention", "sliding_attention",
                                "sliding_attention"],
                   rope_parameters={"rope_type": "linear", "factor": 2.0,
                                    "rope_theta": 1000000.0},
                   tie_word_embeddings=True), 20),
    ("gemma2", dict(architectures=["Gemma2ForCausalLM"], model_type="gemma2",
                    hidden_act="gelu_pytorch_tanh",
                    hidden_activation="gelu_pytorch_tanh", hidden_size=48,
                    intermediate_size=64, num_attention_heads=4,
                    num_key_value_heads=2, head_dim=16, num_hidden_layers=3,
                    vocab_size=64, max_position_embeddings=128,
                    rms_norm_eps=1e-6, rope_theta=10000.0,
                    query_pre_attn_scalar=24, attn_logit_softcapping=5.0,
                    final_logit_softcapping=30.0, sliding_window=6,
                    cache_implementation="hybrid", attention_bias=False,
                    tie_word_embeddings=True), 20),
    ("gemma3", dict(architectures=["Gemma3ForCausalLM"],
                    model_type="gemma3_text",
                    hidden_activation="gelu_pytorch_tanh", hidden_size=48,
                    intermediate_size=64, num_attention_heads=4,
                    num_key_value_heads=1, head_dim=16, num_hidden_layers=4,
                    vocab_size=64, max_position_embeddings=128,
                    rms_norm_eps=1e-6, rope_theta=1000000.0,
                    rope_local_base_freq=10000.0,
                    rope_scaling={"rope_type": "linear", "factor": 4.0},
                    query_pre_attn_scalar=16, sliding_window=5,
                    sliding_window_pattern=3, final_logit_softcapping=None,
                    attn_logit_softcapping=None,
                    tie_word_embeddings=True), 20),
    ("phi3", dict(architectures=["Phi3ForCausalLM"], model_type="phi3",
                  hidden_act="silu", hidden_size=32, intermediate_size=48,
                  num_attention_heads=4, num_key_value_heads=2,
                  num_hidden_layers=2, vocab_size=64,
                  max_position_embeddings=128,
                  original_max_position_embeddings=128, rms_norm_eps=1e-5,
                  rope_theta=10000.0, rope_scaling=None,
                  partial_rotary_factor=0.5, sliding_window=7,
                  embd_pdrop=0.0, resid_pdrop=0.0,
                  tie_word_embeddings=False), 20),
    ("bert", dict(architectures=["BertModel"], model_type="bert",
                  attention_probs_dropout_prob=0.1, hidden_act="gelu",
                  hidden_dropout_prob=0.1, hidden_size=32,
                  intermediate_size=64, layer_norm_eps=1e-12,
                  max_position_embeddings=32, num_attention_heads=4,
                  num_hidden_layers=2, position_embedding_type="absolute",
                  type_vocab_size=2, vocab_size=64), 18),
]

SHARDED = "qwen2"       # written as two shards and an index


def to_model(c, W, ids, dtype):
    """The reference forward pass of c's architecture on weights W
    (name -> float32 array, as the file holds them)."""
    arch = c.architectures[0]
    if arch == "GPT2LMHeadModel":
        cfg = dict(d_model=c.n_embd, n_heads=c.n_head, n_layers=c.n_layer,
                   norm_eps=c.layer_norm_epsilon, position="learned",
                   mask="causal")
        W = {k[len("transformer."):]: v for k, v in W.items()}
        return mg.forward_gpt2(cfg, W, ids)
    if arch == "BertModel":
        cfg = dict(d_model=c.hidden_size, n_heads=c.num_attention_heads,
                   n_layers=c.num_hidden_layers, norm_eps=c.layer_norm_eps,
                   mask="none")
        return mg.forward_bert(cfg, W, ids)
    w = {k[len("model."):] if k.startswith("model.") else k: mg.d64(v)
         for k, v in W.items()}
    return decoder_forward(c, w, ids, dtype)


def save_checkpoint(d, name, tensors, dtype):
    """model.safetensors, or for SHARDED two shards and the index, as
    save_pretrained writes them."""
    meta = {"format": "pt"}
    if name.split("-")[0] != SHARDED:
        mg.save_safetensors(os.path.join(d, "model.safetensors"), tensors,
                            meta, dtype)
        return
    half = len(tensors) // 2
    weight_map, total = {}, 0
    for i, part in enumerate((tensors[:half], tensors[half:])):
        fname = "model-%05d-of-00002.safetensors" % (i + 1)
        mg.save_safetensors(os.path.join(d, fname), part, meta, dtype)
        for k, v in part:
            weight_map[k] = fname
            total += v.size * (4 if dtype == "F32" else 2)
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total},
                   "weight_map": weight_map}, f, indent=2, sort_keys=True)
        f.write("\n")


# BERT's directories carry a tokenizer.json (WordPiece, as bert-base's
# is laid out) whose vocabulary holds the built-in sentence's words, so
# that text and the built-in sentence run end to end.
BERT_VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "quick",
              "brown", "fox", "jumps", "over", "lazy", "dog", ".", "cat",
              "sat", "on", "mat", "##s"]


def bert_tokenizer(path):
    special = [{"id": i, "content": t, "single_word": False, "lstrip": False,
                "rstrip": False, "normalized": False, "special": True}
               for i, t in enumerate(BERT_VOCAB[:5])]
    tok = {"version": "1.0", "truncation": None, "padding": None,
           "added_tokens": special,
           "normalizer": {"type": "BertNormalizer", "clean_text": True,
                          "handle_chinese_chars": True,
                          "strip_accents": None, "lowercase": True},
           "pre_tokenizer": {"type": "BertPreTokenizer"},
           "post_processor": {"type": "TemplateProcessing",
                              "single": [{"SpecialToken": {"id": "[CLS]",
                                                           "type_id": 0}},
                                         {"Sequence": {"id": "A",
                                                       "type_id": 0}},
                                         {"SpecialToken": {"id": "[SEP]",
                                                           "type_id": 0}}],
                              "pair": [],
                              "special_tokens": {
                                  "[CLS]": {"id": "[CLS]", "ids": [2],
                                            "tokens": ["[CLS]"]},
                                  "[SEP]": {"id": "[SEP]", "ids": [3],
                                            "tokens": ["[SEP]"]}}},
           "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
           "model": {"type": "WordPiece", "unk_token": "[UNK]",
                     "continuing_subword_prefix": "##",
                     "max_input_chars_per_word": 100,
                     "vocab": {t: i for i, t in enumerate(BERT_VOCAB)}}}
    with open(path, "w") as f:
        json.dump(tok, f, indent=2)
        f.write("\n")


def make_case(idx, name, d, T, dtype):
    """One directory: config.json, weights, YAML and expected outputs."""
    js = dict(BASE, **d)
    js["torch_dtype"] = "float32" if dtype == "F32" else "bfloat16"
    if name.startswith("qwen3"):       # the newer spelling
        js["dtype"] = js.pop("torch_dtype")
    c = Cfg(js)
    g = Gen(2000 + idx)
    {"gpt2": gpt2_weights, "bert": bert_weights}.get(
        c.model_type, decoder_weights)(c, g)
    rnd = mg.round_bf16 if dtype == "BF16" else (lambda a: a)
    W = {k: rnd(v) for k, v in g.out}
    ddir = os.path.join(OUT, name)
    os.makedirs(ddir, exist_ok=True)
    for f in os.listdir(ddir):
        os.unlink(os.path.join(ddir, f))
    with open(os.path.join(ddir, "config.json"), "w") as f:
        json.dump(js, f, indent=2, sort_keys=True)
        f.write("\n")
    save_checkpoint(ddir, name, g.out, dtype)
    if c.model_type == "bert":
        bert_tokenizer(os.path.join(ddir, "tokenizer.json"))
    rs = np.random.RandomState(3000 + idx)
    ids = rs.randint(0, c.vocab_size, size=T).tolist()
    with open(os.path.join(OUT, name + ".yaml"), "w") as f:
        f.write("# Generated by tests/golden/make_hf_golden.py; do not "
                "edit.\nmodel:\n  from: %s\ninput:\n  tokens: [%s]\n"
                % (name, ", ".join(str(t) for t in ids)))
    tdtype = torch.float32 if dtype == "F32" else torch.bfloat16
    probs, hidden, norms = to_model(c, W, ids, tdtype)
    mg.save_expected(os.path.join("hf", name), probs, hidden, norms)
    sanity(name, c, probs, hidden)
    return probs


def sanity(name, c, probs, hidden):
    """Rows sum to 1, masked entries are 0, visible ones not, heads are
    not uniform, and the window is shorter than the sequence."""
    T = hidden.shape[0]
    for n, p in enumerate(probs):
        assert torch.allclose(p.sum(-1), torch.ones(p.shape[:2],
                                                    dtype=p.dtype))
        window = None
        if c.layer_types is not None and \
                c.layer_types[n] == "sliding_attention":
            window = c.sliding_window
        vis = visible(T, window)
        if c.model_type == "bert":
            vis = torch.ones(T, T, dtype=torch.bool)
        assert bool((p[:, ~vis] == 0).all()) and bool((p[:, vis] > 0).all())
        assert window is None or window < T
    # Past the first rows, where few keys are visible, some head still
    # attends sharply and no head is uniform.
    top = max(float(p[:, 6:, :].max()) for p in probs)
    assert top > 0.5, name
    for p in probs:
        for h in range(p.shape[0]):
            assert float(p[h, 6:, :].max()) > 2.0 / T, (name, h)
    print("%-14s T=%2d layers=%d heads=%d  max prob past row 6 %.3f  "
          "|hidden| %.2f"
          % (name, T, len(probs), probs[0].shape[0], top,
             float(hidden.abs().max())))


def self_test():
    """The building blocks against what transformers documents."""
    torch.manual_seed(0)
    x = torch.randn(3, 8, dtype=torch.float64)
    inv = inv_freq(10000.0, 8, None)
    cos, sin = rope_tables(inv, 3)
    r = apply_rope(x[None], cos, sin)[0]
    for t in range(3):
        for i in range(4):
            a = t * float(inv[i])
            u, v = x[t, i], x[t, i + 4]
            assert abs(r[t, i] - (u * math.cos(a) - v * math.sin(a))) < 1e-6
    # llama3, factor 8, original length 16: wavelengths above 16 / 1 are
    # divided by 8, those below 16 / 4 kept, those between blended with
    # weight s = (16 / wavelength - 1) / (4 - 1) on the kept one.
    s = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
         "high_freq_factor": 4.0, "original_max_position_embeddings": 16}
    base = inv_freq(500000.0, 16, None).double()
    l3 = inv_freq(500000.0, 16, s).double()
    for b, got in zip(base.tolist(), l3.tolist()):
        wl = 2 * math.pi / b
        if wl > 16:
            want = b / 8
        elif wl < 4:
            want = b
        else:
            sm = (16 / wl - 1) / 3
            want = (1 - sm) * b / 8 + sm * b
        assert abs(got - want) <= 1e-6 * want, (got, want)
    # Gemma's norm of a zero weight is the plain RMS norm.
    y = torch.randn(5, dtype=torch.float64)
    assert torch.allclose(gemma_norm(y, torch.zeros(5, dtype=torch.float64),
                                     1e-6),
                          rms_norm(y, torch.ones(5, dtype=torch.float64),
                                   1e-6))


def main():
    torch.set_num_threads(1)
    self_test()
    os.makedirs(OUT, exist_ok=True)
    for idx, (name, d, T) in enumerate(CASES):
        p32 = make_case(idx, name, d, T, "F32")
        p16 = make_case(idx, name + "-bf16", d, T, "BF16")
        diff = max(float((a - b).abs().max()) for a, b in zip(p32, p16))
        print("%-14s max |p_bf16 - p_f32| %.3g" % (name, diff))


if __name__ == "__main__":
    main()
