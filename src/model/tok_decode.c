/*
 * tok_decode.c - token labels through tokenizer.json's decoder; see
 * tok_decode.h.  A Sequence is flattened into the steps it runs.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/base/text.h"
#include "attntui/model/tok_decode.h"
#include "attntui/model/tok_pretok.h"
#include "attntui/model/tok_regex.h"

enum tok_step_kind { STEP_NONE, STEP_BYTE_LEVEL, STEP_REPLACE,
    STEP_BYTE_FALLBACK, STEP_METASPACE, STEP_SUFFIX };

struct tok_step {
	enum tok_step_kind	 kind;
	struct tok_regex	*re;		/* Replace */
	char			*content;	/* Replace: the new text;
						   Metaspace: the replacement;
						   BPEDecoder: the suffix */
	size_t			 content_len;
};

struct tok_decoder {
	struct tok_step	*steps;
	size_t		 n;
};

struct tok_text {
	char	*p;
	size_t	 len;
};

/* ---- steps ---------------------------------------------------------------- */

/* Replace every match of re, or every occurrence of what, by with. */
static int
step_replace(struct tok_text *t, const struct tok_regex *re,
    const char *what, size_t wlen, const char *with, size_t with_len)
{
	struct tok_spans	 sp = { 0 };
	size_t			 i, o = 0, cap;
	char			*p;

	if (re != NULL) {
		if (tok_regex_spans(re, t->p, t->len, &sp) != 0)
			return -1;
	} else {
		for (i = o = 0; wlen > 0 && i + wlen <= t->len; ) {
			if (memcmp(t->p + i, what, wlen) != 0) {
				i++;
				continue;
			}
			if ((o < i && tok_spans_add(&sp, o, i, 0) != 0) ||
			    tok_spans_add(&sp, i, i + wlen, 1) != 0)
				goto fail;
			o = i += wlen;
		}
		if (o < t->len && tok_spans_add(&sp, o, t->len, 0) != 0)
			goto fail;
	}
	cap = t->len + 1;
	for (i = 0; i < sp.n; i++)
		cap += sp.v[i].match ? with_len : 0;
	if ((p = malloc(cap)) == NULL)
		goto fail;
	for (i = o = 0; i < sp.n; i++) {
		if (sp.v[i].match) {
			memcpy(p + o, with, with_len);
			o += with_len;
		} else {
			memcpy(p + o, t->p + sp.v[i].start,
			    sp.v[i].end - sp.v[i].start);
			o += sp.v[i].end - sp.v[i].start;
		}
	}
	free(t->p);
	t->p = p;
	t->len = o;
	free(sp.v);
	return 0;
fail:
	free(sp.v);
	return -1;
}

/* Every character from GPT-2's alphabet, or else the token unchanged. */
static void
step_byte_level(struct tok_text *t)
{
	size_t	i, o = 0, n;
	int32_t	cp;
	int	b;

	for (i = 0; i < t->len; i += n) {
		n = tok_char(t->p + i, t->len - i, &cp);
		if (tok_char_byte(cp) < 0)
			return;
	}
	for (i = 0; i < t->len; i += n) {
		n = tok_char(t->p + i, t->len - i, &cp);
		b = tok_char_byte(cp);
		t->p[o++] = (char)b;
	}
	t->len = o;
}

static int
tok_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void
step_byte_fallback(struct tok_text *t)
{
	if (t->len == 6 && memcmp(t->p, "<0x", 3) == 0 && t->p[5] == '>' &&
	    tok_hex(t->p[3]) >= 0 && tok_hex(t->p[4]) >= 0) {
		t->p[0] = (char)(tok_hex(t->p[3]) << 4 | tok_hex(t->p[4]));
		t->len = 1;
	}
}

static int
step_run(const struct tok_step *s, struct tok_text *t)
{
	switch (s->kind) {
	case STEP_NONE:
		return 0;
	case STEP_BYTE_LEVEL:
		step_byte_level(t);
		return 0;
	case STEP_BYTE_FALLBACK:
		step_byte_fallback(t);
		return 0;
	case STEP_REPLACE:
		return step_replace(t, s->re, NULL, 0, s->content,
		    s->content_len);
	case STEP_METASPACE:
		return step_replace(t, NULL, s->content, s->content_len, " ",
		    1);
	case STEP_SUFFIX:
		return step_replace(t, NULL, s->content, s->content_len, "",
		    0);
	}
	return 0;
}

char *
tok_decode_label(const struct tok_decoder *d, const char *s, size_t len)
{
	struct tok_text	 t;
	char		*label;
	size_t		 i;

	if ((t.p = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(t.p, s, len);
	t.len = len;
	for (i = 0; d != NULL && i < d->n; i++) {
		if (step_run(&d->steps[i], &t) != 0) {
			free(t.p);
			return NULL;
		}
	}
	label = text_escape(t.p, t.len, TEXT_SPACE_MARKER);
	free(t.p);
	return label;
}

/* ---- reading ------------------------------------------------------------- */

static struct tok_step *
decode_step(struct tok_decoder *d)
{
	struct tok_step	*s;

	if ((s = reallocarray(d->steps, d->n + 1, sizeof *s)) == NULL)
		return NULL;
	d->steps = s;
	memset(&s[d->n], 0, sizeof *s);
	return &s[d->n++];
}

static int
decode_string(const struct tok_read *r, const struct jsontree_node *n,
    const char *key, int optional, const char *def, struct tok_step *s)
{
	const char	*v;

	if (tok_read_string(r, n, key, optional, &v, &s->content_len) != 0)
		return -1;
	if (v == NULL) {
		v = def;
		s->content_len = strlen(def);
	}
	return tok_strdup(r, v, s->content_len, &s->content);
}

static int
decode_read(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_decoder *d)
{
	static const char *const names[] = { "ByteLevel", "Replace",
	    "ByteFallback", "Metaspace", "BPEDecoder", "WordPiece", "Fuse",
	    "Strip", "CTC", "Sequence", NULL };
	static const enum tok_step_kind kinds[] = { STEP_BYTE_LEVEL,
	    STEP_REPLACE, STEP_BYTE_FALLBACK, STEP_METASPACE, STEP_SUFFIX,
	    STEP_NONE, STEP_NONE, STEP_NONE, STEP_NONE };
	const struct jsontree_node	*list;
	struct tok_step			*s;
	uint32_t			 i;
	int				 which;

	if (tok_read_type(r, n, "decoder", names, &which) != 0)
		return -1;
	if (strcmp(names[which], "Sequence") == 0) {
		if (tok_read_member(r, n, "decoders", JSONTREE_ARRAY, 0,
		    &list) != 0)
			return -1;
		for (i = 0; i < list->n; i++)
			if (decode_read(r, &list->u.kids[i], d) != 0)
				return -1;
		return 0;
	}
	if (kinds[which] == STEP_NONE)
		return 0;
	if ((s = decode_step(d)) == NULL)
		return tok_read_oom(r);
	s->kind = kinds[which];
	switch (s->kind) {
	case STEP_REPLACE:
		if (tok_read_pattern(r, n, "pattern", &s->re) != 0)
			return -1;
		return decode_string(r, n, "content", 0, "", s);
	case STEP_METASPACE:
		return decode_string(r, n, "replacement", 1, "\xe2\x96\x81", s);
	case STEP_SUFFIX:
		return decode_string(r, n, "suffix", 1, "</w>", s);
	default:
		return 0;
	}
}

int
tok_decode_read(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_decoder **out)
{
	struct tok_decoder	*d;

	*out = NULL;
	if (n == NULL || n->type == JSONTREE_NULL)
		return 0;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return tok_read_oom(r);
	if (decode_read(r, n, d) != 0) {
		tok_decode_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

struct tok_decoder *
tok_decode_byte_level(void)
{
	struct tok_decoder	*d;
	struct tok_step		*s;

	if ((d = calloc(1, sizeof *d)) == NULL)
		return NULL;
	if ((s = decode_step(d)) == NULL) {
		free(d);
		return NULL;
	}
	s->kind = STEP_BYTE_LEVEL;
	return d;
}

void
tok_decode_free(struct tok_decoder *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		tok_regex_free(d->steps[i].re);
		free(d->steps[i].content);
	}
	free(d->steps);
	free(d);
}
