/*
 * weights.h - a model's float32 tensors, per layer, ready for forward.c.
 *
 * Tensors keep the layout Hugging Face stores them in, so that a mapped
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
 * has no norm and no MLP.  lm_head and bert's pooler are never loaded:
 * attntui computes neither.
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
#include "attntui/model/config.h"

struct safetensors;

/* y[T, out] = x[T, in] W^T + b, whichever way W is stored. */
struct weights_linear {
	const float	*w;
	const float	*b;		/* NULL without bias */
	int64_t		 in;
	int64_t		 out;
	int64_t		 ld;		/* floats between rows of w as stored */
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
	struct weights_norm	 mlp_norm;	/* ln_2, post_attention_
						   layernorm; bert: output.
						   LayerNorm */
	struct weights_linear	 fc;		/* c_fc, up_proj, intermediate */
	struct weights_linear	 gate;		/* swiglu only; else w NULL */
	struct weights_linear	 proj;		/* mlp c_proj, down_proj,
						   output.dense */
};

struct weights {
	const float		*tok_embed;	/* [vocab, D]; NULL: attention */
	const float		*pos_embed;	/* [max_seq, D]; learned only */
	const float		*type_embed;	/* bert [types, D]; row 0 used */
	struct weights_norm	 embed_norm;	/* bert embeddings.LayerNorm */
	struct weights_norm	 final_norm;	/* ln_f, norm */
	struct weights_layer	*layers;	/* owned, n_layers of them */
	int64_t			 n_layers;
	int64_t			 d_model;

	/* Storage: one 64-byte aligned arena for init, and for file
	   tensors converted from F16/BF16 or left unaligned; the mapped
	   files (one, or an index's shards), where aligned F32 tensors are
	   used in place. */
	float			*arena;
	struct safetensors	*files;
	size_t			 n_files;
};

/* Free what w owns (its arena, mapped files) and zero it. */
void	weights_free(struct weights *w);

#endif
