/*
 * tok_vocab.h - a vocabulary: token strings (bytes) and their ids, both
 * ways.  Ids are dense: a vocabulary of n tokens numbers them 0 to n - 1.
 */
#ifndef ATTNTUI_TOK_VOCAB_H
#define ATTNTUI_TOK_VOCAB_H

#include <stddef.h>
#include <stdint.h>

struct tok_vocab_entry {
	uint32_t	off;		/* into strings */
	uint32_t	len;
	int32_t		id;		/* -1: none */
};

struct tok_vocab {
	char			*strings;	/* every token, NUL after each */
	size_t			 strings_len, strings_cap;
	struct tok_vocab_entry	*by_id;		/* n slots */
	uint32_t		*index;		/* hash: by_id slot + 1 */
	size_t			 index_cap;	/* a power of two */
	size_t			 n;		/* ids 0 .. n - 1 */
};

/* Room for n tokens; 0 or -1 when out of memory. */
int	tok_vocab_init(struct tok_vocab *v, size_t n);
void	tok_vocab_free(struct tok_vocab *v);

/*
 * Give token s[0..len) the id (< n).  Returns 0, -1 when out of memory,
 * 1 when the string has an id already, 2 when the id has a string.
 */
int	tok_vocab_set(struct tok_vocab *v, const char *s, size_t len,
	    int64_t id);

/* The id of s[0..len), or -1. */
int64_t	tok_vocab_find(const struct tok_vocab *v, const char *s, size_t len);

/* The token of id and its length, or NULL. */
const char *tok_vocab_token(const struct tok_vocab *v, int64_t id,
	    size_t *len);

#endif
