/*
 * tok_vocab.c - a vocabulary, tokens <-> ids; see tok_vocab.h.
 *
 * The index is open addressing on FNV-1a of the token's bytes, at most
 * half full, holding slots of by_id (which is by id).
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/base/rng.h"
#include "attntui/model/tok_vocab.h"

int
tok_vocab_init(struct tok_vocab *v, size_t n)
{
	size_t	i;

	memset(v, 0, sizeof *v);
	if (n > INT32_MAX)
		return -1;
	v->index_cap = 16;
	while (v->index_cap < 2 * n + 2)
		v->index_cap *= 2;
	if ((v->by_id = calloc(n == 0 ? 1 : n, sizeof *v->by_id)) == NULL ||
	    (v->index = calloc(v->index_cap, sizeof *v->index)) == NULL) {
		tok_vocab_free(v);
		return -1;
	}
	for (i = 0; i < n; i++)
		v->by_id[i].id = -1;
	v->n = n;
	return 0;
}

void
tok_vocab_free(struct tok_vocab *v)
{
	free(v->strings);
	free(v->by_id);
	free(v->index);
	memset(v, 0, sizeof *v);
}

/* The index slot of s: where it is, or the empty slot it would take. */
static uint32_t *
tok_vocab_slot(const struct tok_vocab *v, const char *s, size_t len)
{
	const struct tok_vocab_entry	*e;
	size_t				 h = rng_fnv1a64(s, len);
	uint32_t			*slot;

	for (;; h++) {
		slot = &v->index[h & (v->index_cap - 1)];
		if (*slot == 0)
			return slot;
		e = &v->by_id[*slot - 1];
		if (e->len == len && memcmp(v->strings + e->off, s, len) == 0)
			return slot;
	}
}

static int
tok_vocab_store(struct tok_vocab *v, const char *s, size_t len, size_t *off)
{
	char	*p;
	size_t	 cap;

	if (len > UINT32_MAX - 1 || v->strings_len + len + 1 > UINT32_MAX)
		return -1;
	if (v->strings_len + len + 1 > v->strings_cap) {
		cap = v->strings_cap == 0 ? 1 << 16 : v->strings_cap;
		while (cap < v->strings_len + len + 1)
			cap *= 2;
		if ((p = realloc(v->strings, cap)) == NULL)
			return -1;
		v->strings = p;
		v->strings_cap = cap;
	}
	*off = v->strings_len;
	memcpy(v->strings + *off, s, len);
	v->strings[*off + len] = '\0';
	v->strings_len += len + 1;
	return 0;
}

int
tok_vocab_set(struct tok_vocab *v, const char *s, size_t len, int64_t id)
{
	uint32_t	*slot = tok_vocab_slot(v, s, len);
	size_t		 off;

	if (*slot != 0)
		return 1;
	if (v->by_id[id].id >= 0)
		return 2;
	if (tok_vocab_store(v, s, len, &off) != 0)
		return -1;
	v->by_id[id].off = (uint32_t)off;
	v->by_id[id].len = (uint32_t)len;
	v->by_id[id].id = (int32_t)id;
	*slot = (uint32_t)id + 1;
	return 0;
}

int64_t
tok_vocab_find(const struct tok_vocab *v, const char *s, size_t len)
{
	uint32_t	*slot;

	if (v->index == NULL)
		return -1;
	slot = tok_vocab_slot(v, s, len);
	return *slot == 0 ? -1 : (int64_t)*slot - 1;
}

const char *
tok_vocab_token(const struct tok_vocab *v, int64_t id, size_t *len)
{
	if (id < 0 || (uint64_t)id >= v->n || v->by_id[id].id < 0)
		return NULL;
	*len = v->by_id[id].len;
	return v->strings + v->by_id[id].off;
}
