/*
 * attnfile.h - attention computed elsewhere (PyTorch, attntui --export),
 * opened for viewing without a model.
 *
 * Two formats, chosen by the name's extension:
 *   .safetensors  one tensor "layers.N.attention" [heads, T, T] per layer,
 *                 N = 0 .. layers-1 without gaps, all of one shape; F32
 *                 (read in place when aligned), F16, BF16 or F64
 *                 (converted to F32).  Other tensors are ignored.
 *                 __metadata__ "tokens" (a JSON array of strings, as one
 *                 string) labels the tokens, "model" names the model.
 *   .npy          float32 (layers, heads, T, T), or (heads, T, T) for one
 *                 layer.
 * Every value must be finite and non-negative (refused with its place);
 * rows that do not sum to 1 are only warned about.
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
#define ATTNFILE_META_MODEL	"model"
#define ATTNFILE_NAME_LEN	48

/* "layers.L.attention" into buf (ATTNFILE_NAME_LEN bytes); returns buf. */
char	*attnfile_tensor_name(int64_t layer, char *buf, size_t len);

/* Does path name an attention file (.safetensors or .npy)? */
int	attnfile_is_attention(const char *path);

/*
 * Open path.  On success:
 *   *store        a dense store over the file (the mapping stays until
 *                 store_free); owned by the caller
 *   *tok          T labels, escaped for a terminal (label.h): from
 *                 tokens_path when not NULL (one label per line; it
 *                 overrides the file's metadata), else from the
 *                 safetensors metadata "tokens", else "0" .. "T-1"; ids
 *                 are -1 (unknown); free with tokens_free
 *   *model_name   metadata "model", else the file's base name; free()
 *   *warning      NULL, or "FILE: layer L head H row R sums to S, not 1
 *                 (...)": a message main.c shows and goes on; free()
 * On failure nothing is allocated and err says why: status 2 for a
 * malformed or inconsistent file, 1 for I/O and memory.
 */
int	attnfile_open(const char *path, const char *tokens_path,
	    struct store **store, struct tokens *tok, char **model_name,
	    char **warning, struct error *err);

/* The same on a copy of buf (len bytes); path names it and its format. */
int	attnfile_open_buffer(const char *path, const void *buf, size_t len,
	    const char *tokens_path, struct store **store, struct tokens *tok,
	    char **model_name, char **warning, struct error *err);

/*
 * What the file holds, for --summary: the model, the shape, the tokens
 * and one line per layer (the tensor, its shape and its bytes as F32).
 */
void	attnfile_summary(FILE *fp, const char *path, struct store *store,
	    const struct tokens *tok, const char *model_name);

#endif
