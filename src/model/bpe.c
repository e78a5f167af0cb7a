/*
 * bpe.c - the byte-pair encoding model; see bpe.h.
 *
 * Merges live in an open-addressing table keyed by the pair of ids.  A
 * word is a doubly linked run of symbols and a binary heap of candidate
 * merges ordered by (rank, position), as in tokenizers' word.rs: a
 * popped merge whose symbols changed since it was pushed is skipped.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/bpe.h"

#define BPE_EMPTY	UINT64_MAX

struct bpe_pair {
	uint64_t	key;		/* a << 32 | b; BPE_EMPTY: free */
	uint32_t	rank;
	int32_t		merged;
};

struct bpe {
	const struct tok_vocab	*vocab;
	struct bpe_options	 o;
	size_t			 prefix_len, suffix_len;
	int64_t			 byte_ids[256];	/* <0xNN>, or -1 */
	int64_t			 ascii_ids[128]; /* a lone ASCII character */
	struct bpe_pair		*pairs;
	size_t			 npairs, cap;	/* cap: a power of two */
	uint32_t		 rank;
	char			*scratch;	/* merged tokens */
	size_t			 scratch_cap;
};

struct bpe_sym {
	int32_t		id;
	int32_t		prev, next;	/* -1: none */
	int32_t		len;		/* bytes; 0: merged away */
};

struct bpe_merge {
	uint32_t	rank;
	uint32_t	pos;
	int32_t		merged;
};

static size_t
bpe_hash(uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20);
}

static struct bpe_pair *
bpe_slot(const struct bpe *b, uint64_t key)
{
	size_t	h = bpe_hash(key);

	while (b->pairs[h & (b->cap - 1)].key != BPE_EMPTY &&
	    b->pairs[h & (b->cap - 1)].key != key)
		h++;
	return &b->pairs[h & (b->cap - 1)];
}

static const struct bpe_pair *
bpe_find(const struct bpe *b, int32_t x, int32_t y)
{
	const struct bpe_pair	*p;

	if (b->npairs == 0)
		return NULL;
	p = bpe_slot(b, (uint64_t)(uint32_t)x << 32 | (uint32_t)y);
	return p->key == BPE_EMPTY ? NULL : p;
}

static int
bpe_grow(struct bpe *b, size_t want)
{
	struct bpe_pair	*old = b->pairs, *s;
	size_t		 oldcap = b->cap, cap = b->cap == 0 ? 1024 : b->cap, i;

	while (cap / 2 < want) {
		if (cap > SIZE_MAX / 4 / sizeof *old)
			return -1;
		cap *= 2;
	}
	if (cap == oldcap)
		return 0;
	if ((b->pairs = malloc(cap * sizeof *b->pairs)) == NULL) {
		b->pairs = old;
		return -1;
	}
	memset(b->pairs, 0xff, cap * sizeof *b->pairs);
	b->cap = cap;
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == BPE_EMPTY)
			continue;
		s = bpe_slot(b, old[i].key);
		*s = old[i];
	}
	free(old);
	return 0;
}

static char *
bpe_strdup(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

struct bpe *
bpe_new(const struct tok_vocab *vocab, const struct bpe_options *o,
    size_t merges)
{
	struct bpe	*b;
	char		 name[8];
	int		 i;

	if ((b = calloc(1, sizeof *b)) == NULL)
		return NULL;
	b->vocab = vocab;
	b->o = *o;
	b->o.prefix = bpe_strdup(o->prefix);
	b->o.suffix = bpe_strdup(o->suffix);
	if ((o->prefix != NULL && b->o.prefix == NULL) ||
	    (o->suffix != NULL && b->o.suffix == NULL) ||
	    bpe_grow(b, merges) != 0) {
		bpe_free(b);
		return NULL;
	}
	b->prefix_len = o->prefix != NULL ? strlen(o->prefix) : 0;
	b->suffix_len = o->suffix != NULL ? strlen(o->suffix) : 0;
	for (i = 0; i < 256; i++) {
		snprintf(name, sizeof name, "<0x%02X>", i);
		b->byte_ids[i] = tok_vocab_find(vocab, name, 6);
	}
	for (i = 0; i < 128; i++) {
		name[0] = (char)i;
		b->ascii_ids[i] = tok_vocab_find(vocab, name, 1);
	}
	return b;
}

void
bpe_free(struct bpe *b)
{
	if (b == NULL)
		return;
	free((char *)b->o.prefix);
	free((char *)b->o.suffix);
	free(b->pairs);
	free(b->scratch);
	free(b);
}

int
bpe_add_merge(struct bpe *b, const char *a, size_t alen, const char *bb,
    size_t blen)
{
	struct bpe_pair	*slot;
	int64_t		 x, y, m;
	size_t		 rest, cap;
	char		*p;

	if ((x = tok_vocab_find(b->vocab, a, alen)) < 0)
		return 1;
	if ((y = tok_vocab_find(b->vocab, bb, blen)) < 0)
		return 2;
	if (blen < b->prefix_len)
		return 3;
	rest = blen - b->prefix_len;
	if (alen + rest > b->scratch_cap) {
		cap = alen + rest + 64;
		if ((p = realloc(b->scratch, cap)) == NULL)
			return -1;
		b->scratch = p;
		b->scratch_cap = cap;
	}
	memcpy(b->scratch, a, alen);
	memcpy(b->scratch + alen, bb + b->prefix_len, rest);
	if ((m = tok_vocab_find(b->vocab, b->scratch, alen + rest)) < 0)
		return 3;
	if (b->rank == UINT32_MAX || bpe_grow(b, b->npairs + 1) != 0)
		return -1;
	slot = bpe_slot(b, (uint64_t)x << 32 | (uint64_t)y);
	if (slot->key == BPE_EMPTY)
		b->npairs++;
	slot->key = (uint64_t)x << 32 | (uint64_t)y;
	slot->rank = b->rank++;
	slot->merged = (int32_t)m;
	return 0;
}

/* ---- a word ------------------------------------------------------------ */

struct bpe_word {
	struct bpe_sym		*syms;
	size_t			 n, cap;
	struct bpe_merge	*heap;
	size_t			 nheap, heap_cap;
	int64_t			 unk;		/* pending unknown, or -1 */
	int32_t			 unk_len;
};

static int
bpe_word_add(struct bpe_word *w, int64_t id, int32_t len)
{
	struct bpe_sym	*s;
	size_t		 cap;

	if (w->n == w->cap) {
		cap = w->cap == 0 ? 64 : w->cap * 2;
		if (cap > INT32_MAX ||
		    (s = reallocarray(w->syms, cap, sizeof *s)) == NULL)
			return -1;
		w->syms = s;
		w->cap = cap;
	}
	s = &w->syms[w->n];
	s->id = (int32_t)id;
	s->prev = (int32_t)w->n - 1;
	s->next = -1;
	s->len = len;
	if (w->n > 0)
		w->syms[w->n - 1].next = (int32_t)w->n;
	w->n++;
	return 0;
}

static int
bpe_merge_less(const struct bpe_merge *x, const struct bpe_merge *y)
{
	return x->rank < y->rank || (x->rank == y->rank && x->pos < y->pos);
}

static int
bpe_heap_push(struct bpe_word *w, uint32_t rank, size_t pos, int32_t merged)
{
	struct bpe_merge	*h, t;
	size_t			 i, cap;

	if (w->nheap == w->heap_cap) {
		cap = w->heap_cap == 0 ? 64 : w->heap_cap * 2;
		if ((h = reallocarray(w->heap, cap, sizeof *h)) == NULL)
			return -1;
		w->heap = h;
		w->heap_cap = cap;
	}
	h = w->heap;
	i = w->nheap++;
	h[i].rank = rank;
	h[i].pos = (uint32_t)pos;
	h[i].merged = merged;
	while (i > 0 && bpe_merge_less(&h[i], &h[(i - 1) / 2])) {
		t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
	return 0;
}

static struct bpe_merge
bpe_heap_pop(struct bpe_word *w)
{
	struct bpe_merge	*h = w->heap, top = h[0], t;
	size_t			 i = 0, c, n = --w->nheap;

	h[0] = h[n];
	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && bpe_merge_less(&h[c + 1], &h[c]))
			c++;
		if (!bpe_merge_less(&h[c], &h[i]))
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
	return top;
}

/* Queue the merge of the symbol at pos with its next, if it has a rank. */
static int
bpe_queue(const struct bpe *b, struct bpe_word *w, int32_t pos)
{
	const struct bpe_pair	*p;
	int32_t			 next;

	if (pos < 0 || (next = w->syms[pos].next) < 0 ||
	    (p = bpe_find(b, w->syms[pos].id, w->syms[next].id)) == NULL)
		return 0;
	return bpe_heap_push(w, p->rank, (size_t)pos, p->merged);
}

static int
bpe_merge_all(const struct bpe *b, struct bpe_word *w)
{
	const struct bpe_pair	*p;
	struct bpe_merge	 top;
	struct bpe_sym		*s, *right;
	size_t			 i;

	for (i = 0; i + 1 < w->n; i++)
		if (bpe_queue(b, w, (int32_t)i) != 0)
			return -1;
	while (w->nheap > 0) {
		top = bpe_heap_pop(w);
		s = &w->syms[top.pos];
		if (s->len == 0 || s->next < 0)
			continue;
		right = &w->syms[s->next];
		p = bpe_find(b, s->id, right->id);
		if (p == NULL || p->merged != top.merged)
			continue;		/* expired */
		s->id = top.merged;
		s->len += right->len;
		right->len = 0;
		s->next = right->next;
		if (s->next >= 0)
			w->syms[s->next].prev = (int32_t)top.pos;
		if (bpe_queue(b, w, s->prev) != 0 ||
		    bpe_queue(b, w, (int32_t)top.pos) != 0)
			return -1;
	}
	return 0;
}

static int
bpe_flush_unk(struct bpe_word *w)
{
	int	rc = 0;

	if (w->unk >= 0)
		rc = bpe_word_add(w, w->unk, w->unk_len);
	w->unk = -1;
	return rc;
}

/* A character with no token: its bytes' tokens, or the unknown token. */
static int
bpe_unknown(const struct bpe *b, struct bpe_word *w, const char *s,
    size_t len, int32_t clen)
{
	size_t	i;

	if (b->o.byte_fallback) {
		for (i = 0; i < len; i++)
			if (b->byte_ids[(unsigned char)s[i]] < 0)
				break;
		if (i == len) {
			for (i = 0; i < len; i++)
				if (bpe_word_add(w,
				    b->byte_ids[(unsigned char)s[i]], 1) != 0)
					return -1;
			return 0;
		}
	}
	if (b->o.unk_id < 0)
		return 0;
	if (w->unk >= 0 && b->o.fuse_unk) {
		w->unk_len += clen;
		return 0;
	}
	if (bpe_flush_unk(w) != 0)
		return -1;
	w->unk = b->o.unk_id;
	w->unk_len = clen;
	return 0;
}

/* The token of one character, with the prefix and suffix it takes. */
static int64_t
bpe_char_id(const struct bpe *b, const char *c, size_t n, int first,
    int last, char *buf, const char **s, size_t *len)
{
	size_t	o = 0;

	*s = c;
	*len = n;
	if ((first || b->prefix_len == 0) && (!last || b->suffix_len == 0)) {
		if (n == 1 && (unsigned char)*c < 0x80)
			return b->ascii_ids[(unsigned char)*c];
		return tok_vocab_find(b->vocab, c, n);
	}
	if (!first) {
		memcpy(buf, b->o.prefix, b->prefix_len);
		o = b->prefix_len;
	}
	memcpy(buf + o, c, n);
	o += n;
	if (last) {
		memcpy(buf + o, b->o.suffix, b->suffix_len);
		o += b->suffix_len;
	}
	*s = buf;
	*len = o;
	return tok_vocab_find(b->vocab, buf, o);
}

static int
bpe_chars(const struct bpe *b, struct bpe_word *w, const char *s, size_t len)
{
	const char	*piece;
	char		*buf;
	size_t		 i, n, plen;
	int32_t		 cp;
	int64_t		 id;
	int		 rc = 0;

	if ((buf = malloc(b->prefix_len + b->suffix_len + 4)) == NULL)
		return -1;
	for (i = 0; i < len && rc == 0; i += n) {
		n = tok_char(s + i, len - i, &cp);
		id = bpe_char_id(b, s + i, n, i == 0, i + n == len, buf,
		    &piece, &plen);
		if (id >= 0) {
			rc = bpe_flush_unk(w);
			if (rc == 0)
				rc = bpe_word_add(w, id, (int32_t)n);
		} else
			rc = bpe_unknown(b, w, piece, plen, (int32_t)n);
	}
	free(buf);
	if (rc == 0)
		rc = bpe_flush_unk(w);
	return rc;
}

int
bpe_encode_word(const struct bpe *b, const char *s, size_t len,
    struct tok_ids *out)
{
	struct bpe_word	w;
	int64_t		id;
	int32_t		i;
	int		rc = -1;

	if (len == 0)
		return 0;
	if (b->o.ignore_merges && (id = tok_vocab_find(b->vocab, s,
	    len)) >= 0)
		return tok_ids_add(out, id);
	if (len > INT32_MAX)
		return -1;
	memset(&w, 0, sizeof w);
	w.unk = -1;
	if (bpe_chars(b, &w, s, len) != 0 || bpe_merge_all(b, &w) != 0)
		goto out;
	for (i = w.n > 0 ? 0 : -1; i >= 0; i = w.syms[i].next)
		if (tok_ids_add(out, w.syms[i].id) != 0)
			goto out;
	rc = 0;
out:
	free(w.syms);
	free(w.heap);
	return rc;
}
