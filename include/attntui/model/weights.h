/*
 * weights.h - a model's tensors, per layer, ready for forward.c.
 *
 * Tensors keep the layout and, for the matrices (linears and the token
 * embedding), the dtype Hugging Face stores them in, so that a mapped
 * safetensors file is used in place: nn.Linear weights are [out, in],
 * GPT-2's Conv1D weights [in, out] (a weights_linear says which), and
 * GPT-2's fused c_attn is seen as three linears q, k, v over its column
 * blocks (ld = 3 * d_model).
 *
 * Names (without the optional "transformer." / "model." / "bert." prefix
 * of a checkpoint) are those of doc/config.md.  Where a config asks for
 * something its family's checkpoints never hold, the names are:
 *   learned positions:  llama, attention  embed_positions.weight [P, D]
 *   gated MLP (swiglu): gpt2  h.N.mlp.c_gate.{weight [D, F], bias}
 *                       bert  encoder.layer.N.intermediate.gate.*
 *   plain MLP in llama: layers.N.mlp.{up_proj, down_proj}
 *   linear biases:      "bias" next to each "weight" when model.bias
 * Family attention: q_proj, k_proj, v_proj, o_proj .{weight, bias}; it
 * has no norm and no MLP.  The llama family's variants (config.md):
 *   qk_norm:       layers.N.self_attn.{q_norm, k_norm}.weight [d_head]
 *   post_norms:    layers.N.{input_layernorm, post_attention_layernorm,
 *                  pre_feedforward_layernorm, post_feedforward_layernorm}
 *   fused_qkv:     layers.N.self_attn.qkv_proj.weight [(H + 2 KV) dh, D]
 *                  (q, k and v are its row blocks)
 *   fused_gate_up: layers.N.mlp.gate_up_proj.weight [2 F, D] (gate rows
 *                  first)
 *   norm_offset:   the norms' weights as used are offset + the file's.
 * lm_head and bert's pooler are never loaded: attntui computes neither.
 *
 * weights.init: random fills every non-norm weight with rng_normal_fill
 * (seed, the tensor's name without prefix, weights.std), indexed in the
 * storage layout above; biases are 0, norm weights 1 and norm biases 0.
 */
#ifndef ATTNTUI_WEIGHTS_H
#define ATTNTUI_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/io/dtype.h"
#include "attntui/model/config.h"

struct safetensors;

/*
 * y[T, out] = x[T, in] W^T + b, whichever way W is stored.  W is float
 * (w), or F16 / BF16 as the mapped file holds it (w16, dtype), which
 * forward.c widens tile by tile where it multiplies.
 */
struct weights_linear {
	const float	*w;		/* NULL when w16 holds W */
	const void	*w16;		/* F16 or BF16, maybe unaligned */
	enum dtype	 dtype;		/* DTYPE_F32 when w holds W */
	const float	*b;		/* NULL without bias */
	int64_t		 in;
	int64_t		 out;
	int64_t		 ld;		/* elements between rows as stored */
	int		 in_out;	/* 1: stored [in, out] (Conv1D) */
};

/* Both NULL for norm none; b NULL for rmsnorm. */
struct weights_norm {
	const float	*w;
	const float	*b;
};

struct weights_layer {
	struct weights_norm	 attn_norm;	/* pre-LN: before attention
						   (ln_1, input_layernorm);
						   bert: attention.output.
						   LayerNorm, after it */
	struct weights_linear	 q, k, v, o;
	struct weights_norm	 q_norm, k_norm; /* qk_norm, [d_head] */
	struct weights_norm	 attn_post_norm; /* post_norms: Gemma's
						   post_attention_layernorm */
	struct weights_norm	 mlp_norm;	/* ln_2, post_attention_
						   layernorm (Gemma: pre_
						   feedforward_layernorm);
						   bert: output.LayerNorm */
	struct weights_norm	 mlp_post_norm;	/* post_norms: post_
						   feedforward_layernorm */
	struct weights_linear	 fc;		/* c_fc, up_proj, intermediate */
	struct weights_linear	 gate;		/* swiglu only; else w NULL */
	struct weights_linear	 proj;		/* mlp c_proj, down_proj,
						   output.dense */
};

struct weights_later;

struct weights {
	const float		*tok_embed;	/* [vocab, D]; NULL: attention,
						   or kept as tok_embed16 */
	const void		*tok_embed16;	/* F16 or BF16, mapped */
	enum dtype		 tok_dtype;
	float			 embed_scale;	/* embed_scale: sqrt(D) in the
						   embeddings' dtype; 0: none */
	const float		*pos_embed;	/* [max_seq, D]; learned only */
	const float		*type_embed;	/* bert [types, D]; row 0 used */
	struct weights_norm	 embed_norm;	/* bert embeddings.LayerNorm */
	struct weights_norm	 final_norm;	/* ln_f, norm */
	struct weights_layer	*layers;	/* owned, n_layers of them */
	int64_t			 n_layers;
	int64_t			 d_model;

	/* Storage: one 64-byte aligned arena for init, and for file
	   tensors converted to float (norms, biases, positions: F16 and
	   BF16 ones, unaligned F32 ones, offset norms); the mapped files
	   (one, or an index's shards), where aligned F32 tensors and every
	   F16 or BF16 matrix are used in place. */
	float			*arena;
	struct safetensors	*files;
	size_t			 n_files;
	struct weights_later	*later;		/* layers still to make
						   (weights_load.h), or NULL */
	void			(*later_free)(struct weights_later *);
};

/* Free what w owns (its arena, mapped files) and zero it. */
void	weights_free(struct weights *w);

#endif
