/*
 * tok_normalize.h - the normalizers of tokenizer.json: NFC, NFD, NFKC,
 * NFKD, Lowercase, Strip, StripAccents, Replace, Prepend, BertNormalizer
 * and Sequence, as Hugging Face's tokenizers applies them (Unicode from
 * utf8proc).
 */
#ifndef ATTNTUI_TOK_NORMALIZE_H
#define ATTNTUI_TOK_NORMALIZE_H

#include <stddef.h>

#include "attntui/model/tok.h"

struct tok_normalizer;

/* Read the normalizer object n; *out is the caller's (NULL for null). */
int	tok_normalize_read(const struct tok_read *r,
	    const struct jsontree_node *n, struct tok_normalizer **out);
void	tok_normalize_free(struct tok_normalizer *nz);

/*
 * Normalize s[0..len) (valid UTF-8) into *out, *outlen (in a); nz may be
 * NULL (no change).  -1 when out of memory.
 */
int	tok_normalize_run(const struct tok_normalizer *nz, const char *s,
	    size_t len, struct tok_arena *a, const char **out, size_t *outlen);

#endif
