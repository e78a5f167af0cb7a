/*
 * tok_added.h - the added tokens of tokenizer.json, special or not,
 * found in the text before the model sees it: the leftmost, then the
 * longest match (aho-corasick's LeftmostLongest, as tokenizers uses),
 * non-overlapping; single_word, lstrip and rstrip as tokenizers' added
 * vocabulary applies them.  Tokens with normalized true are matched in
 * the normalized text, the others in the raw text.
 */
#ifndef ATTNTUI_TOK_ADDED_H
#define ATTNTUI_TOK_ADDED_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/model/tok.h"

struct tok_added_token {
	char		*content;	/* owned */
	size_t		 len;
	int64_t		 id;
	int		 special, single_word, lstrip, rstrip, normalized;
};

struct tok_trie;

struct tok_added {
	struct tok_added_token	*v;
	size_t			 n;
	struct tok_trie		*raw;		/* normalized false */
	struct tok_trie		*norm;		/* normalized true, by their
						   normalized content */
};

/*
 * Index token i for matching: in the raw text, or by its normalized
 * content s[0..len) when it is normalized.  -1 when out of memory.
 */
int	tok_added_index(struct tok_added *ad, size_t i, const char *s,
	    size_t len);
void	tok_added_free(struct tok_added *ad);

/* The added token of id, or NULL. */
const struct tok_added_token *tok_added_find(const struct tok_added *ad,
	    int64_t id);

/*
 * Cut the text pieces of *pieces at the added tokens (normalized ones
 * when norm), which become pieces with their id.  Replaces the list.
 */
int	tok_added_split(const struct tok_added *ad, int norm,
	    struct tok_pieces *pieces);

#endif
