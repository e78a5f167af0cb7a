/*
 * tok_wordpiece.h - the WordPiece model of BERT: the longest prefix of
 * the word in the vocabulary, then the longest continuation (written
 * with the continuing_subword_prefix, "##"), and so on; a word that
 * cannot be covered, or longer than max_input_chars_per_word characters,
 * is the unknown token.
 */
#ifndef ATTNTUI_TOK_WORDPIECE_H
#define ATTNTUI_TOK_WORDPIECE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/model/tok.h"
#include "attntui/model/tok_vocab.h"

struct tok_wordpiece {
	const struct tok_vocab	*vocab;		/* not owned */
	int64_t			 unk_id;
	char			*prefix;	/* owned */
	size_t			 prefix_len;
	size_t			 max_chars;
};

/* Append the ids of word w[0..len) (valid UTF-8) to out. */
int	tok_wordpiece_encode(const struct tok_wordpiece *wp, const char *w,
	    size_t len, struct tok_ids *out);

#endif
