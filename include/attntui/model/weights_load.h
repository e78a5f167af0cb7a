/*
 * weights_load.h - a model's weights from a seeded init or a
 * safetensors file, by the plan of weights_plan.h.
 */
#ifndef ATTNTUI_WEIGHTS_LOAD_H
#define ATTNTUI_WEIGHTS_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/model/config.h"
#include "attntui/model/weights.h"

struct pool;

/*
 * Make cfg's weights from weights.init or weights.file, drawing and
 * converting them on pool's threads (NULL: the caller's alone).  On
 * success fill *w (freed with weights_free) and return 0.
 *
 * weights.file is a safetensors file, or a sharded checkpoint's index
 * (model.safetensors.index.json, see safetensors_is_index) whose shards
 * are all mapped and checked, each once.  Tensors may be F32, F16 or BF16;
 * the matrices (linears, the token embedding) stay as the file holds them,
 * F16 and BF16 ones widened where forward.c uses them, and the rest is
 * converted to float32 once, here (norm weights offset by norm_offset).
 * A hub snapshot without weights is an error that says what it has
 * instead (hf_config_no_weights).  All the tensors
 * must carry the same prefix ("", "transformer.", "model." or "bert.");
 * tensors the plan does not name (lm_head, a pooler) are ignored.  A
 * tensor that is missing, of another dtype or of the wrong shape is an
 * error (status 2) naming it: "tensor 'h.0.attn.c_attn.weight': expected
 * shape [64, 192], found [64, 128]", "tensor 'h.0.attn.c_attn.weight':
 * dtype F64 is not supported, expected F32, F16 or BF16".
 */
int	weights_load(const struct config *cfg, struct pool *pool,
	    struct weights *w, struct error *err);

/*
 * weights_load, but seeded layers are made when weights_make_layer
 * first asks for each: a pass can begin once the embeddings are made,
 * and the explorer draw layer 0 while layer 11 is still to be drawn from
 * the generator.  The values are the same (each is a function of seed,
 * name and index alone).  A file's weights are all loaded at once.
 */
#define WEIGHTS_BY_LAYER	0x1
int	weights_load_flags(const struct config *cfg, struct pool *pool,
	    int flags, struct weights *w, struct error *err);

/*
 * Make layer's tensors on pool's threads if they are still to make;
 * nothing after weights_load, or once made.  Safe from any thread: the
 * first caller makes them, others wait.  cfg must be the one w was
 * loaded from, still open.
 */
void	weights_make_layer(const struct weights *w, int64_t layer,
	    struct pool *pool);

/*
 * The number of tensors cfg needs and, for i below it, the i-th one's
 * name (without prefix), rank and shape: what --check and tools can list.
 * Returns -1 when i is out of range or the name does not fit.
 */
size_t	weights_count(const struct config *cfg);
int	weights_describe(const struct config *cfg, size_t i, char *name,
	    size_t len, int *rank, int64_t shape[2]);

/*
 * After weights_load from a file: how many of the checkpoint's tensors
 * the config does not use, and the first of them (as the file names it)
 * into first[len]: a checkpoint of more layers than the config, say.
 * Tensors of what attntui never computes (lm_head, BERT's pooler and
 * cls heads) and buffers (GPT-2's attn.bias, RoPE's inv_freq) are not
 * counted.  -1 with err when out of memory.
 */
int	weights_unused(const struct config *cfg, const struct weights *w,
	    size_t *n, char *first, size_t len, struct error *err);

#endif
