/*
 * tok_decode.h - the decoder of tokenizer.json, for labels: what each
 * token reads as on its own.  ByteLevel turns GPT-2's alphabet back into
 * bytes, ByteFallback a <0xNN> token into its byte, Replace and
 * Metaspace the metaspace into a space, BPEDecoder drops the suffix;
 * WordPiece keeps "##" (the piece joins the one before), and what works
 * on the whole text (Fuse, Strip, CTC) does nothing to one token.
 */
#ifndef ATTNTUI_TOK_DECODE_H
#define ATTNTUI_TOK_DECODE_H

#include <stddef.h>

#include "attntui/model/tok.h"

struct tok_decoder;

/* Read the decoder object n; *out is the caller's (NULL for null). */
int	tok_decode_read(const struct tok_read *r, const struct jsontree_node *n,
	    struct tok_decoder **out);
/* GPT-2's: ByteLevel alone.  NULL when out of memory. */
struct tok_decoder *tok_decode_byte_level(void);
void	tok_decode_free(struct tok_decoder *d);

/*
 * The label of token s[0..len) after d (NULL: as is), escaped for a
 * terminal by text_escape with a leading space as U+2423.  The caller
 * frees it; NULL when out of memory.
 */
char	*tok_decode_label(const struct tok_decoder *d, const char *s,
	    size_t len);

#endif
