/*
 * tok.c - what the tokenizer's modules share; see tok.h.
 */
#include "build-config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "attntui/model/tok.h"

/* ---- memory ------------------------------------------------------------ */

struct tok_arena_block {
	struct tok_arena_block	*next;
	size_t			 used, cap;
	char			 data[];
};

#define TOK_ARENA_BLOCK	(256u << 10)

char *
tok_arena_alloc(struct tok_arena *a, size_t n)
{
	struct tok_arena_block	*b = a->head;
	size_t			 cap;

	if (b == NULL || b->cap - b->used < n) {
		cap = n > TOK_ARENA_BLOCK ? n : TOK_ARENA_BLOCK;
		if (cap > SIZE_MAX - sizeof *b ||
		    (b = malloc(sizeof *b + cap)) == NULL) {
			a->failed = 1;
			return NULL;
		}
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

void
tok_arena_free(struct tok_arena *a)
{
	struct tok_arena_block	*b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->failed = 0;
}

/* ---- pieces and spans -------------------------------------------------- */

/* Grow *v (of *cap elements of size) to hold one more than n. */
static int
tok_grow(void *vp, size_t *cap, size_t n, size_t size)
{
	void	**v = vp, *p;
	size_t	  c;

	if (n < *cap)
		return 0;
	c = *cap == 0 ? 16 : *cap * 2;
	if ((p = reallocarray(*v, c, size)) == NULL)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

int
tok_ids_add(struct tok_ids *ids, int64_t id)
{
	if (tok_grow(&ids->v, &ids->cap, ids->n, sizeof *ids->v) != 0)
		return -1;
	ids->v[ids->n++] = id;
	return 0;
}

int
tok_pieces_add(struct tok_pieces *p, const char *s, size_t len, int64_t id,
    int first)
{
	if (tok_grow(&p->v, &p->cap, p->n, sizeof *p->v) != 0)
		return -1;
	p->v[p->n].s = s;
	p->v[p->n].len = len;
	p->v[p->n].id = id;
	p->v[p->n].first = first;
	p->n++;
	return 0;
}

void
tok_pieces_free(struct tok_pieces *p)
{
	free(p->v);
	memset(p, 0, sizeof *p);
}

int
tok_spans_add(struct tok_spans *sp, size_t start, size_t end, int match)
{
	if (tok_grow(&sp->v, &sp->cap, sp->n, sizeof *sp->v) != 0)
		return -1;
	sp->v[sp->n].start = start;
	sp->v[sp->n].end = end;
	sp->v[sp->n].match = match;
	sp->n++;
	return 0;
}

/*
 * NormalizedString::split of tokenizers: the spans cover the text
 * (matches and the gaps between them); merge or drop them by behavior.
 * Kept spans have match 0; removed ones are dropped, as are empty ones.
 */
void
tok_spans_apply(struct tok_spans *sp, enum tok_behavior behavior)
{
	struct tok_span	*v = sp->v;
	size_t		 i, o = 0;
	int		 prev = 0, m;

	if (behavior == TOK_MERGED_WITH_NEXT) {
		/* Folded from the right: a match joins the span after it. */
		for (i = sp->n; i-- > 0; ) {
			m = v[i].match;
			if (m && !prev && o > 0)
				v[sp->n - o].start = v[i].start;
			else {
				o++;
				v[sp->n - o] = v[i];
				v[sp->n - o].match = 0;
			}
			prev = m;
		}
		memmove(v, v + sp->n - o, o * sizeof *v);
	} else {
		for (i = 0; i < sp->n; i++) {
			m = v[i].match;
			if (behavior == TOK_REMOVED && m)
				continue;
			if (o > 0 && ((behavior == TOK_CONTIGUOUS &&
			    m == prev) || (behavior ==
			    TOK_MERGED_WITH_PREVIOUS && m && !prev)))
				v[o - 1].end = v[i].end;
			else {
				v[o] = v[i];
				v[o++].match = 0;
			}
			prev = m;
		}
	}
	sp->n = o;
	for (i = o = 0; i < sp->n; i++)
		if (v[i].end > v[i].start)
			v[o++] = v[i];
	sp->n = o;
}

size_t
tok_char(const char *s, size_t len, int32_t *cp)
{
	utf8proc_ssize_t	n;

	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, cp);
	if (n <= 0) {			/* not reached on checked text */
		*cp = 0xfffd;
		return 1;
	}
	return (size_t)n;
}

int
tok_spans_chars(struct tok_spans *sp, const char *s, size_t len,
    int (*pred)(int32_t))
{
	size_t	i = 0, last = 0, n;
	int32_t	cp;

	sp->n = 0;
	while (i < len) {
		n = tok_char(s + i, len - i, &cp);
		if (pred(cp)) {
			if ((last < i && tok_spans_add(sp, last, i, 0) != 0) ||
			    tok_spans_add(sp, i, i + n, 1) != 0)
				return -1;
			last = i + n;
		}
		i += n;
	}
	if (last < len && tok_spans_add(sp, last, len, 0) != 0)
		return -1;
	return 0;
}

/* ---- Unicode classes --------------------------------------------------- */

int
tok_is_whitespace(int32_t cp)
{
	utf8proc_category_t	c;

	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	if (cp == 0x85)
		return 1;
	c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
	    c == UTF8PROC_CATEGORY_ZP;
}

int
tok_is_numeric(int32_t cp)
{
	utf8proc_category_t	c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NL ||
	    c == UTF8PROC_CATEGORY_NO;
}

int
tok_is_punctuation(int32_t cp)
{
	utf8proc_category_t	c;

	if (cp < 0x80)
		return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') ||
		    (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

int
tok_is_other(int32_t cp)
{
	utf8proc_category_t	c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_CN || c >= UTF8PROC_CATEGORY_CC;
}

int
tok_is_mark(int32_t cp)
{
	utf8proc_category_t	c = utf8proc_category(cp);

	return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

/* ---- reading ----------------------------------------------------------- */

int
tok_read_error(const struct tok_read *r, const struct jsontree_node *n,
    const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return jsontree_error(r->jt, n, r->err, "%s", msg);
}

int
tok_read_oom(const struct tok_read *r)
{
	return error_set(r->err, EXIT_RUNTIME, r->jt->name, 0, 0,
	    "out of memory");
}

int
tok_read_member(const struct tok_read *r, const struct jsontree_node *obj,
    const char *key, int want, int optional,
    const struct jsontree_node **out)
{
	struct jsontree_node	want_node = { 0, 0, (uint8_t)want, { 0 } };
	const struct jsontree_node *v;

	if (jsontree_get(r->jt, obj, key, &v, r->err) != 0)
		return -1;
	*out = NULL;
	if (v == NULL || (v->type == JSONTREE_NULL && optional)) {
		if (optional)
			return 0;
		return tok_read_error(r, obj, "\"%s\" is missing; expected "
		    "it in this object", key);
	}
	if (v->type != want)
		return tok_read_error(r, v, "\"%s\" is %s; expected %s", key,
		    jsontree_type_name(v), jsontree_type_name(&want_node));
	*out = v;
	return 0;
}

int
tok_read_bool(const struct tok_read *r, const struct jsontree_node *obj,
    const char *key, int def, int *out)
{
	const struct jsontree_node	*v;

	if (tok_read_member(r, obj, key, JSONTREE_BOOL, 1, &v) != 0)
		return -1;
	*out = v != NULL ? (int)v->u.i : def;
	return 0;
}

int
tok_read_string(const struct tok_read *r, const struct jsontree_node *obj,
    const char *key, int optional, const char **s, size_t *len)
{
	const struct jsontree_node	*v;

	if (tok_read_member(r, obj, key, JSONTREE_STRING, optional, &v) != 0)
		return -1;
	*s = v != NULL ? v->u.s : NULL;
	if (len != NULL)
		*len = v != NULL ? v->n : 0;
	return 0;
}

int
tok_read_uint(const struct tok_read *r, const struct jsontree_node *obj,
    const char *key, int optional, int64_t def, int64_t max, int64_t *out)
{
	const struct jsontree_node	*v;

	if (tok_read_member(r, obj, key, JSONTREE_INTEGER, optional, &v) != 0)
		return -1;
	if (v == NULL) {
		*out = def;
		return 0;
	}
	if (v->u.i < 0 || v->u.i > max)
		return tok_read_error(r, v, "\"%s\" is %lld; expected 0 to "
		    "%lld", key, (long long)v->u.i, (long long)max);
	*out = v->u.i;
	return 0;
}

int
tok_read_type(const struct tok_read *r, const struct jsontree_node *obj,
    const char *what, const char *const *names, int *which)
{
	const struct jsontree_node	*t;
	char				 list[512];
	size_t				 i, o = 0;

	if (obj->type != JSONTREE_OBJECT)
		return tok_read_error(r, obj, "the %s is %s; expected an "
		    "object with a \"type\"", what, jsontree_type_name(obj));
	if (tok_read_member(r, obj, "type", JSONTREE_STRING, 0, &t) != 0)
		return -1;
	for (i = 0; names[i] != NULL; i++) {
		if (strlen(names[i]) == t->n &&
		    memcmp(names[i], t->u.s, t->n) == 0) {
			*which = (int)i;
			return 0;
		}
	}
	for (i = 0; names[i] != NULL && o < sizeof list; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
		    i == 0 ? "" : names[i + 1] == NULL ? " or " : ", ",
		    names[i]);
	return tok_read_error(r, t, "%s type \"%.64s\" is not supported; "
	    "expected %s", what, t->u.s, list);
}

int
tok_strdup(const struct tok_read *r, const char *s, size_t len, char **out)
{
	if ((*out = malloc(len + 1)) == NULL)
		return tok_read_oom(r);
	memcpy(*out, s, len);
	(*out)[len] = '\0';
	return 0;
}
