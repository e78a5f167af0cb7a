/*
 * tok_pretok.h - the pre-tokenizers of tokenizer.json: ByteLevel, Split,
 * Metaspace, Whitespace, WhitespaceSplit, Digits, Punctuation,
 * BertPreTokenizer and Sequence, cutting text into the words the model
 * sees, as Hugging Face's tokenizers cuts them.
 */
#ifndef ATTNTUI_TOK_PRETOK_H
#define ATTNTUI_TOK_PRETOK_H

#include <stddef.h>

#include "attntui/model/tok.h"

struct tok_pretok;

/* Read the pre-tokenizer object n; *out is the caller's (NULL for null). */
int	tok_pretok_read(const struct tok_read *r, const struct jsontree_node *n,
	    struct tok_pretok **out);
void	tok_pretok_free(struct tok_pretok *p);

/*
 * GPT-2's pre-tokenizer, ByteLevel with its regex and no prefix space,
 * for encoder.json + vocab.bpe.  NULL when out of memory.
 */
struct tok_pretok *tok_pretok_gpt2(void);

/* Whether p maps bytes to GPT-2's alphabet (labels undo it). */
int	tok_pretok_is_byte_level(const struct tok_pretok *p);

/*
 * Cut the text pieces of *pieces (those with id < 0; the others pass),
 * replacing the list.  New strings go in a.  -1 when out of memory.
 */
int	tok_pretok_run(const struct tok_pretok *p, struct tok_pieces *pieces,
	    struct tok_arena *a);

/* GPT-2's byte <-> character alphabet (bytes_to_unicode of encoder.py). */
int32_t	tok_byte_char(unsigned char byte);
/* The byte that alphabet character cp stands for, or -1. */
int	tok_char_byte(int32_t cp);

#endif
