/*
 * attnfile.h - attention computed elsewhere (PyTorch, attntui --export),
 * opened for viewing without a model.
 *
 * Two formats, chosen by the name's extension:
 *   .safetensors  one tensor "layers.N.attention" [heads, T_q, T_k] per
 *                 layer (or [1, heads, T_q, T_k]: a batch of one), N =
 *                 0 .. layers-1 without gaps, all of one shape and
 *                 dtype: F32, F16, BF16 or F64.  Other tensors are
 *                 ignored.  __metadata__ "tokens" (a JSON array of
 *                 strings, as one string) labels the queries,
 *                 "key_tokens" the keys where they are other tokens,
 *                 "model" names the model.
 *   .npy          float32, float16, bfloat16 or float64 of shape (layers,
 *                 heads, T_q, T_k) or (heads, T_q, T_k) for one layer; a
 *                 batch dimension of 1 first, (1, layers, heads, T_q,
 *                 T_k), or second, (layers, 1, heads, T_q, T_k) as
 *                 torch.stack(output.attentions) gives, is dropped.
 * T_q and T_k differ for cross-attention (a decoder's queries over an
 * encoder's keys).  The values stay in the file: aligned F32 is used in
 * place, other dtypes are widened a head at a time as they are viewed
 * (store_adopt), so a dump larger than memory opens.  Every value must
 * be finite and non-negative (refused with its place); rows that do not
 * sum to 1 are only warned about.
 *
 * Labels from the metadata or a tokens file may be Hugging Face token
 * strings ("ĠMary", "▁Mary"): they are shown as attntui shows its own
 * ("␣Mary"), see hflabel.h.
 */
#ifndef ATTNTUI_ATTNFILE_H
#define ATTNTUI_ATTNFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "attntui/base/error.h"
#include "attntui/compute/store.h"
#include "attntui/model/tokens.h"

/* The .safetensors layout, written by export.c and read here. */
#define ATTNFILE_META_TOKENS	"tokens"
#define ATTNFILE_META_KEY_TOKENS "key_tokens"
#define ATTNFILE_META_MODEL	"model"
#define ATTNFILE_NAME_LEN	48

/* "layers.L.attention" into buf (ATTNFILE_NAME_LEN bytes); returns buf. */
char	*attnfile_tensor_name(int64_t layer, char *buf, size_t len);
/* "layers.L.value_norms" (export's --export-norms), likewise. */
char	*attnfile_norms_name(int64_t layer, char *buf, size_t len);

/* Does path name an attention file (.safetensors or .npy)? */
int	attnfile_is_attention(const char *path);

/* Label files that override the file's own labels; NULL: none. */
struct attnfile_labels {
	const char	*tokens;	/* the queries (--tokens) */
	const char	*key_tokens;	/* the keys (--key-tokens) */
};

/* An opened attention file; everything in it is the caller's. */
struct attnfile {
	struct store	*store;		/* over the file's mapping */
	struct tokens	 tok;		/* T_q labels, ids -1 (unknown) */
	struct tokens	 key_tok;	/* T_k labels; n 0 when the keys
					   are the queries' tokens */
	char		*model_name;	/* metadata "model", else the base
					   name */
	char		*warning;	/* NULL, or "FILE: layer L head H row
					   R sums to S, not 1 (...)": for
					   main.c to show and go on */
	char		*dtype_name;	/* "F16", as the file stores it */
};

/*
 * Open path.  Labels come from labels' files when given (one a line),
 * else from the safetensors metadata, else positions "0" .. "T-1"; all
 * escaped for a terminal.  On failure nothing is allocated, *out is
 * zeroed and err says why: status 2 for a malformed or inconsistent
 * file, 1 for I/O and memory.
 */
int	attnfile_open(const char *path, const struct attnfile_labels *labels,
	    struct attnfile *out, struct error *err);

/* The same on a copy of buf (len bytes); path names it and its format. */
int	attnfile_open_buffer(const char *path, const void *buf, size_t len,
	    const struct attnfile_labels *labels, struct attnfile *out,
	    struct error *err);

/* Free what af holds (the store too, unless the caller took it). */
void	attnfile_close(struct attnfile *af);

/*
 * What the file holds, for --summary: the model, the shape, the tokens
 * and one line per layer (the tensor, its shape and its bytes as F32).
 */
void	attnfile_summary(FILE *fp, const char *path,
	    const struct attnfile *af);

#endif
