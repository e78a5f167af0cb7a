/*
 * tok_added.c - added tokens found in text; see tok_added.h.
 *
 * A trie of the tokens' bytes, its edges in one open-addressing table
 * keyed by (node, byte); a node that ends a token holds the token's
 * index.  A bitmap of first bytes skips most positions at once.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "attntui/model/tok_added.h"

#define TRIE_EMPTY	UINT64_MAX

struct tok_trie_edge {
	uint64_t	key;		/* node << 8 | byte */
	int32_t		child;
};

struct tok_trie {
	int32_t			*term;		/* per node: token, or -1 */
	size_t			 nodes, nodes_cap;
	struct tok_trie_edge	*edges;
	size_t			 nedges, cap;	/* cap: a power of two */
	unsigned char		 first[32];	/* bitmap of first bytes */
};

static struct tok_trie_edge *
trie_slot(const struct tok_trie *t, uint64_t key)
{
	size_t	h = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 16);

	while (t->edges[h & (t->cap - 1)].key != TRIE_EMPTY &&
	    t->edges[h & (t->cap - 1)].key != key)
		h++;
	return &t->edges[h & (t->cap - 1)];
}

static int32_t
trie_child(const struct tok_trie *t, int32_t node, unsigned char c)
{
	const struct tok_trie_edge	*e;

	e = trie_slot(t, (uint64_t)node << 8 | c);
	return e->key == TRIE_EMPTY ? -1 : e->child;
}

static int
trie_grow(struct tok_trie *t)
{
	struct tok_trie_edge	*old = t->edges;
	size_t			 oldcap = t->cap, i;

	t->cap = oldcap == 0 ? 256 : oldcap * 2;
	if ((t->edges = malloc(t->cap * sizeof *t->edges)) == NULL) {
		t->edges = old;
		t->cap = oldcap;
		return -1;
	}
	memset(t->edges, 0xff, t->cap * sizeof *t->edges);
	for (i = 0; i < oldcap; i++)
		if (old[i].key != TRIE_EMPTY)
			*trie_slot(t, old[i].key) = old[i];
	free(old);
	return 0;
}

static int32_t
trie_node(struct tok_trie *t)
{
	int32_t	*term;
	size_t	 cap;

	if (t->nodes == t->nodes_cap) {
		cap = t->nodes_cap == 0 ? 64 : t->nodes_cap * 2;
		if (cap > INT32_MAX ||
		    (term = reallocarray(t->term, cap, sizeof *term)) == NULL)
			return -1;
		t->term = term;
		t->nodes_cap = cap;
	}
	t->term[t->nodes] = -1;
	return (int32_t)t->nodes++;
}

/* Insert s[0..len) as token i; the first token with a content wins. */
static int
trie_add(struct tok_trie *t, const char *s, size_t len, int32_t i)
{
	struct tok_trie_edge	*e;
	int32_t			 node = 0, child;
	size_t			 k;

	if (len == 0)
		return 0;
	if (t->nodes == 0 && trie_node(t) < 0)
		return -1;
	t->first[(unsigned char)s[0] >> 3] |= 1 << ((unsigned char)s[0] & 7);
	for (k = 0; k < len; k++) {
		if ((child = t->edges != NULL ? trie_child(t, node,
		    (unsigned char)s[k]) : -1) < 0) {
			if ((t->nedges + 1) * 2 > t->cap && trie_grow(t) != 0)
				return -1;
			if ((child = trie_node(t)) < 0)
				return -1;
			e = trie_slot(t, (uint64_t)node << 8 |
			    (unsigned char)s[k]);
			e->key = (uint64_t)node << 8 | (unsigned char)s[k];
			e->child = child;
			t->nedges++;
		}
		node = child;
	}
	if (t->term[node] < 0)
		t->term[node] = i;
	return 0;
}

static void
trie_free(struct tok_trie *t)
{
	if (t == NULL)
		return;
	free(t->term);
	free(t->edges);
	free(t);
}

/* The longest token at s[0..len): its index and *n its length, or -1. */
static int32_t
trie_longest(const struct tok_trie *t, const char *s, size_t len, size_t *n)
{
	int32_t	node = 0, found = -1;
	size_t	k;

	for (k = 0; k < len; k++) {
		if ((node = trie_child(t, node, (unsigned char)s[k])) < 0)
			break;
		if (t->term[node] >= 0) {
			found = t->term[node];
			*n = k + 1;
		}
	}
	return found;
}

int
tok_added_index(struct tok_added *ad, size_t i, const char *s, size_t len)
{
	struct tok_trie	**t = ad->v[i].normalized ? &ad->norm : &ad->raw;

	if (*t == NULL && (*t = calloc(1, sizeof **t)) == NULL)
		return -1;
	return trie_add(*t, s, len, (int32_t)i);
}

void
tok_added_free(struct tok_added *ad)
{
	size_t	i;

	for (i = 0; i < ad->n; i++)
		free(ad->v[i].content);
	free(ad->v);
	trie_free(ad->raw);
	trie_free(ad->norm);
	memset(ad, 0, sizeof *ad);
}

const struct tok_added_token *
tok_added_find(const struct tok_added *ad, int64_t id)
{
	size_t	i;

	/* Tokens are few and looked up for labels only. */
	for (i = 0; i < ad->n; i++)
		if (ad->v[i].id == id)
			return &ad->v[i];
	return NULL;
}

/* ---- matching ------------------------------------------------------------ */

/* Rust regex's \w: letters, marks, Nd, Nl, Pc, and ZWNJ/ZWJ. */
static int
tok_is_word(int32_t cp)
{
	utf8proc_category_t	c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || cp == '_';
	c = utf8proc_category(cp);
	return cp == 0x200c || cp == 0x200d ||
	    (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ND) ||
	    c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_PC;
}

/* The start of the character that ends at s[end - 1] (end > 0). */
static size_t
tok_char_before(const char *s, size_t end)
{
	while (end > 1 && ((unsigned char)s[end - 1] & 0xc0) == 0x80)
		end--;
	return end - 1;
}

static int32_t
tok_last_char(const char *s, size_t end)
{
	size_t	start = tok_char_before(s, end);
	int32_t	cp;

	tok_char(s + start, end - start, &cp);
	return cp;
}

/* Whether the match [start, end) of s stands alone as a word. */
static int
tok_single_word(const char *s, size_t len, size_t start, size_t end)
{
	int32_t	cp;

	if (start > 0 && tok_is_word(tok_last_char(s, start)))
		return 0;
	if (end < len) {
		tok_char(s + end, len - end, &cp);
		if (tok_is_word(cp))
			return 0;
	}
	return 1;
}

static int
tok_added_piece(const struct tok_added *ad, const struct tok_trie *t,
    const struct tok_piece *in, struct tok_pieces *out)
{
	const struct tok_added_token	*tok;
	const char			*s = in->s;
	size_t				 len = in->len, i = 0, n = 0, done = 0;
	size_t				 start, end, k;
	int32_t				 found, cp;

	while (i < len) {
		if (!(t->first[(unsigned char)s[i] >> 3] &
		    (1 << ((unsigned char)s[i] & 7))) ||
		    (found = trie_longest(t, s + i, len - i, &n)) < 0) {
			i++;
			continue;
		}
		tok = &ad->v[found];
		start = i;
		end = i + n;
		i = end;
		if (tok->single_word && !tok_single_word(s, len, start, end))
			continue;
		if (tok->lstrip) {
			while (start > done && tok_is_whitespace(
			    tok_last_char(s, start)))
				start = tok_char_before(s, start);
		}
		if (tok->rstrip) {
			while (end < len && (k = tok_char(s + end, len - end,
			    &cp)) > 0 && tok_is_whitespace(cp))
				end += k;
			i = end;
		}
		if (done < start && tok_pieces_add(out, s + done, start - done,
		    -1, in->first && done == 0) != 0)
			return -1;
		if (tok_pieces_add(out, s + start, end - start, tok->id,
		    in->first && start == 0) != 0)
			return -1;
		done = end;
	}
	if (done < len && tok_pieces_add(out, s + done, len - done, -1,
	    in->first && done == 0) != 0)
		return -1;
	return 0;
}

int
tok_added_split(const struct tok_added *ad, int norm,
    struct tok_pieces *pieces)
{
	const struct tok_trie	*t = norm ? ad->norm : ad->raw;
	struct tok_pieces	 out = { 0 };
	size_t			 i;
	int			 rc = 0;

	if (t == NULL)
		return 0;
	for (i = 0; i < pieces->n && rc == 0; i++) {
		if (pieces->v[i].id >= 0)
			rc = tok_pieces_add(&out, pieces->v[i].s,
			    pieces->v[i].len, pieces->v[i].id,
			    pieces->v[i].first);
		else
			rc = tok_added_piece(ad, t, &pieces->v[i], &out);
	}
	if (rc != 0) {
		tok_pieces_free(&out);
		return -1;
	}
	tok_pieces_free(pieces);
	*pieces = out;
	return 0;
}
