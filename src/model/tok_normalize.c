/*
 * tok_normalize.c - tokenizer.json's normalizers; see tok_normalize.h.
 *
 * Each kind is a row of a table: its "type", how its options are read,
 * how it rewrites a string.  A rewrite reads valid UTF-8 and writes into
 * a growing buffer, which the caller copies into the call's arena.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "attntui/model/tok_normalize.h"
#include "attntui/model/tok_regex.h"

struct tok_normalizer {
	const struct tok_normalize_kind	*kind;
	int				 left, right;	/* Strip */
	struct tok_regex		*re;		/* Replace */
	char				*content;	/* Replace, Prepend */
	size_t				 content_len;
	int				 clean_text, chinese;	/* Bert */
	int				 strip_accents, lowercase;
	struct tok_normalizer		**seq;		/* Sequence */
	size_t				 nseq;
};

struct tok_buf {
	char	*p;
	size_t	 len, cap;
};

struct tok_normalize_kind {
	const char	*name;
	int		 utf8proc;	/* options of utf8proc_map, or 0 */
	int		(*read)(const struct tok_read *,
			    const struct jsontree_node *,
			    struct tok_normalizer *);
	int		(*run)(const struct tok_normalizer *, const char *,
			    size_t, struct tok_buf *);
};

/* ---- the output buffer ------------------------------------------------- */

static int
tok_buf_add(struct tok_buf *b, const void *s, size_t n)
{
	char	*p;
	size_t	 cap;

	if (n == 0)
		return 0;
	if (n > SIZE_MAX / 2 - b->len)
		return -1;
	if (b->len + n > b->cap) {
		cap = b->cap == 0 ? 256 : b->cap;
		while (cap < b->len + n)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

static int
tok_buf_char(struct tok_buf *b, int32_t cp)
{
	utf8proc_uint8_t	u[4];

	return tok_buf_add(b, u, (size_t)utf8proc_encode_char(cp, u));
}

/* ---- the kinds ----------------------------------------------------------- */

static int
norm_unicode(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	utf8proc_uint8_t	*out;
	utf8proc_ssize_t	 n;
	int			 rc;

	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &out, (utf8proc_option_t)(nz->kind->utf8proc | UTF8PROC_STABLE));
	if (n < 0)
		return -1;
	rc = tok_buf_add(b, out, (size_t)n);
	free(out);
	return rc;
}

/*
 * Rust's char::to_lowercase, one character at a time: utf8proc's simple
 * mapping but for U+0130, whose lowercase is two characters.
 */
static int
norm_lowercase(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	size_t	i, n;
	int32_t	cp;

	(void)nz;
	for (i = 0; i < len; i += n) {
		n = tok_char(s + i, len - i, &cp);
		if (cp == 0x130) {
			if (tok_buf_add(b, "i\xcc\x87", 3) != 0)
				return -1;
		} else if (tok_buf_char(b, utf8proc_tolower(cp)) != 0)
			return -1;
	}
	return 0;
}

static int
norm_strip(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	size_t	i = 0, end = len, n, last = 0;
	int32_t	cp;

	if (nz->left) {
		while (i < len && (n = tok_char(s + i, len - i, &cp)) > 0 &&
		    tok_is_whitespace(cp))
			i += n;
	}
	if (nz->right) {
		/* The end of the last character that is not whitespace. */
		for (end = i, last = i; last < len; last += n) {
			n = tok_char(s + last, len - last, &cp);
			if (!tok_is_whitespace(cp))
				end = last + n;
		}
	}
	return tok_buf_add(b, s + i, end > i ? end - i : 0);
}

static int
norm_strip_accents(const struct tok_normalizer *nz, const char *s,
    size_t len, struct tok_buf *b)
{
	size_t	i, n;
	int32_t	cp;

	(void)nz;
	for (i = 0; i < len; i += n) {
		n = tok_char(s + i, len - i, &cp);
		if (!tok_is_mark(cp) && tok_buf_add(b, s + i, n) != 0)
			return -1;
	}
	return 0;
}

static int
norm_replace(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	struct tok_spans	sp = { 0 };
	size_t			i;
	int			rc = -1;

	if (tok_regex_spans(nz->re, s, len, &sp) != 0)
		goto out;
	for (i = 0; i < sp.n; i++) {
		if (sp.v[i].match ? tok_buf_add(b, nz->content,
		    nz->content_len) != 0 : tok_buf_add(b, s + sp.v[i].start,
		    sp.v[i].end - sp.v[i].start) != 0)
			goto out;
	}
	rc = 0;
out:
	free(sp.v);
	return rc;
}

static int
norm_prepend(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	if (len > 0 && tok_buf_add(b, nz->content, nz->content_len) != 0)
		return -1;
	return tok_buf_add(b, s, len);
}

/* BERT's CJK ideographs (its own list, not a Unicode property). */
static int
norm_is_chinese(int32_t c)
{
	return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x20000 && c <= 0x2a6df) || (c >= 0x2a700 && c <= 0x2b73f) ||
	    (c >= 0x2b740 && c <= 0x2b81f) || (c >= 0x2b920 && c <= 0x2ceaf) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x2f800 && c <= 0x2fa1f);
}

/* BertNormalizer's cleaning and CJK spacing, one character at a time. */
static int
norm_bert_chars(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	size_t	i, n;
	int32_t	cp;
	int	rc = 0;

	for (i = 0; i < len && rc == 0; i += n) {
		n = tok_char(s + i, len - i, &cp);
		if (nz->clean_text && (cp == 0 || cp == 0xfffd ||
		    (cp != '\t' && cp != '\n' && cp != '\r' &&
		    tok_is_other(cp))))
			continue;
		if (nz->clean_text && tok_is_whitespace(cp))
			rc = tok_buf_add(b, " ", 1);
		else if (nz->chinese && norm_is_chinese(cp))
			rc = tok_buf_add(b, " ", 1) || tok_buf_add(b, s + i, n) ||
			    tok_buf_add(b, " ", 1);
		else
			rc = tok_buf_add(b, s + i, n);
	}
	return rc;
}

static int
norm_bert(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	struct tok_buf		 t = { 0 }, u = { 0 };
	utf8proc_uint8_t	*nfd = NULL;
	utf8proc_ssize_t	 n;
	size_t			 i, cl;
	int32_t			 cp;
	int			 rc = -1;

	if (norm_bert_chars(nz, s, len, &t) != 0)
		goto out;
	if (nz->strip_accents) {
		/* NFD, then without the nonspacing marks (Mn). */
		if ((n = utf8proc_map((const utf8proc_uint8_t *)t.p,
		    (utf8proc_ssize_t)t.len, &nfd, (utf8proc_option_t)
		    (UTF8PROC_STABLE | UTF8PROC_DECOMPOSE))) < 0)
			goto out;
		t.len = 0;
		for (i = 0; i < (size_t)n; i += cl) {
			cl = tok_char((const char *)nfd + i, (size_t)n - i, &cp);
			if (utf8proc_category(cp) != UTF8PROC_CATEGORY_MN &&
			    tok_buf_add(&t, nfd + i, cl) != 0)
				goto out;
		}
	}
	if (nz->lowercase) {
		if (norm_lowercase(nz, t.p, t.len, &u) != 0)
			goto out;
		rc = tok_buf_add(b, u.p, u.len);
	} else
		rc = tok_buf_add(b, t.p, t.len);
out:
	free(nfd);
	free(t.p);
	free(u.p);
	return rc;
}

static int
norm_sequence(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_buf *b)
{
	struct tok_buf	cur = { 0 }, next;
	size_t		i;

	if (tok_buf_add(&cur, s, len) != 0)
		return -1;
	for (i = 0; i < nz->nseq; i++) {
		memset(&next, 0, sizeof next);
		if (nz->seq[i]->kind->run(nz->seq[i], cur.p, cur.len,
		    &next) != 0) {
			free(cur.p);
			free(next.p);
			return -1;
		}
		free(cur.p);
		cur = next;
	}
	i = (size_t)tok_buf_add(b, cur.p, cur.len);
	free(cur.p);
	return i == 0 ? 0 : -1;
}

/* ---- reading --------------------------------------------------------------- */

static int
read_none(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_normalizer *nz)
{
	(void)r;
	(void)n;
	(void)nz;
	return 0;
}

static int
read_strip(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_normalizer *nz)
{
	return tok_read_bool(r, n, "strip_left", 1, &nz->left) != 0 ||
	    tok_read_bool(r, n, "strip_right", 1, &nz->right) != 0 ? -1 : 0;
}

static int
read_replace(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_normalizer *nz)
{
	const char	*s;

	if (tok_read_pattern(r, n, "pattern", &nz->re) != 0 ||
	    tok_read_string(r, n, "content", 0, &s, &nz->content_len) != 0)
		return -1;
	return tok_strdup(r, s, nz->content_len, &nz->content);
}

static int
read_prepend(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_normalizer *nz)
{
	const char	*s;

	if (tok_read_string(r, n, "prepend", 0, &s, &nz->content_len) != 0)
		return -1;
	return tok_strdup(r, s, nz->content_len, &nz->content);
}

static int
read_bert(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_normalizer *nz)
{
	const struct jsontree_node	*sa;

	if (tok_read_bool(r, n, "clean_text", 1, &nz->clean_text) != 0 ||
	    tok_read_bool(r, n, "handle_chinese_chars", 1, &nz->chinese) != 0 ||
	    tok_read_bool(r, n, "lowercase", 1, &nz->lowercase) != 0 ||
	    tok_read_member(r, n, "strip_accents", JSONTREE_BOOL, 1, &sa) != 0)
		return -1;
	/* strip_accents null: as lowercase says. */
	nz->strip_accents = sa != NULL ? (int)sa->u.i : nz->lowercase;
	return 0;
}

static int	read_sequence(const struct tok_read *,
		    const struct jsontree_node *, struct tok_normalizer *);

static const struct tok_normalize_kind kinds[] = {
	{ "NFC", UTF8PROC_COMPOSE, read_none, norm_unicode },
	{ "NFD", UTF8PROC_DECOMPOSE, read_none, norm_unicode },
	{ "NFKC", UTF8PROC_COMPOSE | UTF8PROC_COMPAT, read_none, norm_unicode },
	{ "NFKD", UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, read_none,
	  norm_unicode },
	{ "Lowercase", 0, read_none, norm_lowercase },
	{ "Strip", 0, read_strip, norm_strip },
	{ "StripAccents", 0, read_none, norm_strip_accents },
	{ "Replace", 0, read_replace, norm_replace },
	{ "Prepend", 0, read_prepend, norm_prepend },
	{ "BertNormalizer", 0, read_bert, norm_bert },
	{ "Sequence", 0, read_sequence, norm_sequence },
};
#define NKINDS	(sizeof kinds / sizeof kinds[0])

static int
read_sequence(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_normalizer *nz)
{
	const struct jsontree_node	*list;
	uint32_t			 i;

	if (tok_read_member(r, n, "normalizers", JSONTREE_ARRAY, 0,
	    &list) != 0)
		return -1;
	if ((nz->seq = calloc(list->n + 1, sizeof *nz->seq)) == NULL)
		return tok_read_oom(r);
	for (i = 0; i < list->n; i++) {
		if (list->u.kids[i].type == JSONTREE_NULL)
			return tok_read_error(r, &list->u.kids[i], "null in "
			    "\"normalizers\"; expected a normalizer object");
		if (tok_normalize_read(r, &list->u.kids[i],
		    &nz->seq[nz->nseq]) != 0)
			return -1;
		nz->nseq++;
	}
	return 0;
}

int
tok_normalize_read(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_normalizer **out)
{
	static const char	*names[NKINDS + 1];
	struct tok_normalizer	*nz;
	size_t			 i;
	int			 which;

	*out = NULL;
	if (n == NULL || n->type == JSONTREE_NULL)
		return 0;
	for (i = 0; i < NKINDS; i++)
		names[i] = kinds[i].name;
	if (tok_read_type(r, n, "normalizer", names, &which) != 0)
		return -1;
	if ((nz = calloc(1, sizeof *nz)) == NULL)
		return tok_read_oom(r);
	nz->kind = &kinds[which];
	if (nz->kind->read(r, n, nz) != 0) {
		tok_normalize_free(nz);
		return -1;
	}
	*out = nz;
	return 0;
}

void
tok_normalize_free(struct tok_normalizer *nz)
{
	size_t	i;

	if (nz == NULL)
		return;
	for (i = 0; i < nz->nseq; i++)
		tok_normalize_free(nz->seq[i]);
	free(nz->seq);
	tok_regex_free(nz->re);
	free(nz->content);
	free(nz);
}

int
tok_normalize_run(const struct tok_normalizer *nz, const char *s, size_t len,
    struct tok_arena *a, const char **out, size_t *outlen)
{
	struct tok_buf	 b = { 0 };
	char		*p;

	*out = s;
	*outlen = len;
	if (nz == NULL)
		return 0;
	if (nz->kind->run(nz, s, len, &b) != 0 ||
	    (p = tok_arena_alloc(a, b.len + 1)) == NULL) {
		free(b.p);
		return -1;
	}
	if (b.len > 0)
		memcpy(p, b.p, b.len);
	p[b.len] = '\0';
	free(b.p);
	*out = p;
	*outlen = b.len;
	return 0;
}
