/*
 * tok_pretok.c - tokenizer.json's pre-tokenizers; see tok_pretok.h.
 *
 * Each kind is a row of a table: its "type", how its options are read,
 * how it cuts one piece.  A cut finds spans (regex matches or characters
 * of a class), tok_spans_apply keeps them by the split behaviour, and
 * the pieces kept point into the text or into the call's arena.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "attntui/model/tok_pretok.h"
#include "attntui/model/tok_regex.h"

/* GPT-2's pattern, as ByteLevel has it (byte_level.rs of tokenizers). */
#define TOK_GPT2_PATTERN "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+|" \
	" ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"

enum tok_prepend { PREPEND_ALWAYS, PREPEND_FIRST, PREPEND_NEVER };

struct tok_pretok {
	const struct tok_pretok_kind	*kind;
	struct tok_regex		*re;		/* Split, ByteLevel,
							   Whitespace */
	enum tok_behavior		 behavior;
	int				 invert;	/* Split */
	int				 prefix_space;	/* ByteLevel */
	int				 use_regex;
	char				*replacement;	/* Metaspace */
	size_t				 replacement_len;
	enum tok_prepend		 prepend;
	int				 split;
	struct tok_pretok		**seq;		/* Sequence */
	size_t				 nseq;
};

struct tok_cut {
	const struct tok_piece	*in;
	struct tok_pieces	*out;
	struct tok_arena	*a;
	struct tok_spans	 sp;		/* scratch */
};

struct tok_pretok_kind {
	const char	*name;
	int		(*read)(const struct tok_read *,
			    const struct jsontree_node *, struct tok_pretok *);
	int		(*cut)(const struct tok_pretok *, struct tok_cut *);
};

/* ---- GPT-2's alphabet ---------------------------------------------------- */

static int
tok_byte_is_printable(unsigned b)
{
	return (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) ||
	    (b >= 0xae && b <= 0xff);
}

/*
 * bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the
 * other 68 take U+0100 onwards in byte order.
 */
int32_t
tok_byte_char(unsigned char byte)
{
	unsigned	b, n = 0;

	if (tok_byte_is_printable(byte))
		return byte;
	for (b = 0; b < byte; b++)
		n += !tok_byte_is_printable(b);
	return (int32_t)(0x100 + n);
}

int
tok_char_byte(int32_t cp)
{
	unsigned	b, n = 0;

	if (cp >= 0 && cp < 0x100)
		return tok_byte_is_printable((unsigned)cp) ? cp : -1;
	for (b = 0; b < 256; b++) {
		if (tok_byte_is_printable(b))
			continue;
		if (0x100 + n == (unsigned)cp)
			return (int)b;
		n++;
	}
	return -1;
}

/* ---- cutting --------------------------------------------------------------- */

/* Keep the spans of cut->sp as pieces of the input. */
static int
tok_keep(struct tok_cut *c, const char *s)
{
	size_t	i;

	for (i = 0; i < c->sp.n; i++)
		if (tok_pieces_add(c->out, s + c->sp.v[i].start,
		    c->sp.v[i].end - c->sp.v[i].start, -1, c->in->first &&
		    c->sp.v[i].start == 0) != 0)
			return -1;
	return 0;
}

static void
tok_invert(struct tok_spans *sp)
{
	size_t	i;

	for (i = 0; i < sp->n; i++)
		sp->v[i].match = !sp->v[i].match;
}

static int
cut_regex(const struct tok_pretok *p, struct tok_cut *c, const char *s,
    size_t len)
{
	if (tok_regex_spans(p->re, s, len, &c->sp) != 0)
		return -1;
	if (p->invert)
		tok_invert(&c->sp);
	tok_spans_apply(&c->sp, p->behavior);
	return tok_keep(c, s);
}

static int
cut_split(const struct tok_pretok *p, struct tok_cut *c)
{
	return cut_regex(p, c, c->in->s, c->in->len);
}

/* Each byte as its character of GPT-2's alphabet, in a new string. */
static int
tok_to_alphabet(struct tok_arena *a, const char *s, size_t len,
    const char **out, size_t *outlen)
{
	static char	table[256][2];
	static int	ready;
	size_t		i, o = 0;
	char		*p;
	int32_t		cp;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			cp = tok_byte_char((unsigned char)i);
			table[i][0] = (char)(cp < 0x80 ? cp : 0xc0 | cp >> 6);
			table[i][1] = (char)(0x80 | (cp & 0x3f));
		}
		ready = 1;
	}
	if (len > SIZE_MAX / 2 || (p = tok_arena_alloc(a, 2 * len)) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		cp = tok_byte_char((unsigned char)s[i]);
		p[o++] = table[(unsigned char)s[i]][0];
		if (cp >= 0x80)
			p[o++] = table[(unsigned char)s[i]][1];
	}
	*out = p;
	*outlen = o;
	return 0;
}

static int
cut_byte_level(const struct tok_pretok *p, struct tok_cut *c)
{
	struct tok_piece	 in = *c->in;
	struct tok_cut		 sub = *c;
	size_t			 start = c->out->n, i;
	char			*q;

	if (p->prefix_space && (in.len == 0 || in.s[0] != ' ')) {
		if ((q = tok_arena_alloc(c->a, in.len + 1)) == NULL)
			return -1;
		q[0] = ' ';
		memcpy(q + 1, in.s, in.len);
		in.s = q;
		in.len++;
	}
	sub.in = &in;
	if (p->use_regex) {
		if (cut_regex(p, &sub, in.s, in.len) != 0)
			return -1;
		c->sp = sub.sp;
	} else if (tok_pieces_add(c->out, in.s, in.len, -1, in.first) != 0)
		return -1;
	for (i = start; i < c->out->n; i++)
		if (tok_to_alphabet(c->a, c->out->v[i].s, c->out->v[i].len,
		    &c->out->v[i].s, &c->out->v[i].len) != 0)
			return -1;
	return 0;
}

static int
tok_starts_with(const char *s, size_t len, const char *pre, size_t plen)
{
	return len >= plen && memcmp(s, pre, plen) == 0;
}

static int
cut_metaspace(const struct tok_pretok *p, struct tok_cut *c)
{
	const char	*s = c->in->s, *r = p->replacement;
	size_t		 len = c->in->len, rl = p->replacement_len, i, o = 0;
	size_t		 spaces = 0, at;
	char		*q;
	int		 prepend;

	for (i = 0; i < len; i++)
		spaces += s[i] == ' ';
	if ((spaces > 0 && rl > (SIZE_MAX / 2 - len) / spaces) ||
	    (q = tok_arena_alloc(c->a, len + spaces * rl + rl)) == NULL)
		return -1;
	prepend = p->prepend == PREPEND_ALWAYS ||
	    (p->prepend == PREPEND_FIRST && c->in->first);
	if (prepend && !tok_starts_with(s, len, r, rl) &&
	    !(len > 0 && s[0] == ' ')) {
		memcpy(q, r, rl);
		o = rl;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == ' ') {
			memcpy(q + o, r, rl);
			o += rl;
		} else
			q[o++] = s[i];
	}
	if (!p->split || rl == 0)
		return tok_pieces_add(c->out, q, o, -1, c->in->first);
	/* Split on the replacement, each joined to what follows it. */
	c->sp.n = 0;
	for (i = at = 0; i + rl <= o; ) {
		if (memcmp(q + i, r, rl) == 0) {
			if ((at < i && tok_spans_add(&c->sp, at, i, 0) != 0) ||
			    tok_spans_add(&c->sp, i, i + rl, 1) != 0)
				return -1;
			i += rl;
			at = i;
		} else
			i++;
	}
	if (at < o && tok_spans_add(&c->sp, at, o, 0) != 0)
		return -1;
	tok_spans_apply(&c->sp, TOK_MERGED_WITH_NEXT);
	return tok_keep(c, q);
}

static int
cut_chars(struct tok_cut *c, const char *s, size_t len,
    int (*pred)(int32_t), enum tok_behavior behavior)
{
	if (tok_spans_chars(&c->sp, s, len, pred) != 0)
		return -1;
	tok_spans_apply(&c->sp, behavior);
	return tok_keep(c, s);
}

static int
cut_whitespace_split(const struct tok_pretok *p, struct tok_cut *c)
{
	(void)p;
	return cut_chars(c, c->in->s, c->in->len, tok_is_whitespace,
	    TOK_REMOVED);
}

static int
cut_digits(const struct tok_pretok *p, struct tok_cut *c)
{
	return cut_chars(c, c->in->s, c->in->len, tok_is_numeric,
	    p->behavior);
}

static int
cut_punctuation(const struct tok_pretok *p, struct tok_cut *c)
{
	return cut_chars(c, c->in->s, c->in->len, tok_is_punctuation,
	    p->behavior);
}

/* Whitespace, then punctuation alone (BertPreTokenizer). */
static int
cut_bert(const struct tok_pretok *p, struct tok_cut *c)
{
	struct tok_pieces	words = { 0 };
	struct tok_cut		sub = *c;
	size_t			i;
	int			rc = -1;

	(void)p;
	sub.out = &words;
	if (cut_chars(&sub, c->in->s, c->in->len, tok_is_whitespace,
	    TOK_REMOVED) != 0)
		goto out;
	for (i = 0; i < words.n; i++) {
		sub.in = &words.v[i];
		sub.out = c->out;
		if (cut_chars(&sub, words.v[i].s, words.v[i].len,
		    tok_is_punctuation, TOK_ISOLATED) != 0)
			goto out;
	}
	rc = 0;
out:
	c->sp = sub.sp;
	tok_pieces_free(&words);
	return rc;
}

static int
cut_sequence(const struct tok_pretok *p, struct tok_cut *c)
{
	struct tok_pieces	cur = { 0 };
	size_t			i;
	int			rc = -1;

	if (tok_pieces_add(&cur, c->in->s, c->in->len, -1, c->in->first) != 0)
		return -1;
	for (i = 0; i < p->nseq; i++)
		if (tok_pretok_run(p->seq[i], &cur, c->a) != 0)
			goto out;
	for (i = 0; i < cur.n; i++)
		if (tok_pieces_add(c->out, cur.v[i].s, cur.v[i].len, -1,
		    cur.v[i].first) != 0)
			goto out;
	rc = 0;
out:
	tok_pieces_free(&cur);
	return rc;
}

/* ---- reading ------------------------------------------------------------------ */

static int
read_behavior(const struct tok_read *r, const struct jsontree_node *n,
    int optional, enum tok_behavior *out)
{
	static const char *const names[] = { "Removed", "Isolated",
	    "MergedWithPrevious", "MergedWithNext", "Contiguous", NULL };
	const struct jsontree_node	*b;
	size_t				 i;

	if (tok_read_member(r, n, "behavior", JSONTREE_STRING, optional,
	    &b) != 0)
		return -1;
	if (b == NULL) {
		*out = TOK_ISOLATED;
		return 0;
	}
	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(b->u.s, names[i]) == 0) {
			*out = (enum tok_behavior)i;
			return 0;
		}
	}
	return tok_read_error(r, b, "behavior \"%.64s\" is not supported; "
	    "expected Removed, Isolated, MergedWithPrevious, MergedWithNext "
	    "or Contiguous", b->u.s);
}

static int
tok_builtin_regex(const struct tok_read *r, const char *pattern,
    struct tok_regex **out)
{
	char	msg[160];

	if (tok_regex_new(pattern, strlen(pattern), 0, out, msg,
	    sizeof msg) != 0)
		return r != NULL ? tok_read_oom(r) : -1;
	return 0;
}

static int
read_byte_level(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	if (tok_read_bool(r, n, "add_prefix_space", 1, &p->prefix_space) != 0 ||
	    tok_read_bool(r, n, "use_regex", 1, &p->use_regex) != 0)
		return -1;
	p->behavior = TOK_ISOLATED;
	return p->use_regex ? tok_builtin_regex(r, TOK_GPT2_PATTERN,
	    &p->re) : 0;
}

static int
read_split(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	return tok_read_pattern(r, n, "pattern", &p->re) != 0 ||
	    read_behavior(r, n, 0, &p->behavior) != 0 ||
	    tok_read_bool(r, n, "invert", 0, &p->invert) != 0 ? -1 : 0;
}

static int
read_whitespace(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	(void)n;
	p->invert = 1;
	p->behavior = TOK_REMOVED;
	return tok_builtin_regex(r, "\\w+|[^\\w\\s]+", &p->re);
}

static int
read_none(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	(void)r;
	(void)n;
	(void)p;
	return 0;
}

static int
read_digits(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	int	individual;

	if (tok_read_bool(r, n, "individual_digits", 0, &individual) != 0)
		return -1;
	p->behavior = individual ? TOK_ISOLATED : TOK_CONTIGUOUS;
	return 0;
}

static int
read_punctuation(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	return read_behavior(r, n, 1, &p->behavior);
}

static int
read_metaspace(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	static const char *const schemes[] = { "always", "first", "never" };
	const struct jsontree_node	*scheme;
	const char			*s;
	size_t				 i;
	int32_t				 cp;
	int				 legacy;

	if (tok_read_string(r, n, "replacement", 0, &s,
	    &p->replacement_len) != 0 ||
	    tok_read_bool(r, n, "split", 1, &p->split) != 0 ||
	    tok_read_bool(r, n, "add_prefix_space", 1, &legacy) != 0 ||
	    tok_read_member(r, n, "prepend_scheme", JSONTREE_STRING, 1,
	    &scheme) != 0)
		return -1;
	if (p->replacement_len == 0 ||
	    tok_char(s, p->replacement_len, &cp) != p->replacement_len)
		return tok_read_error(r, n, "\"replacement\" is \"%.32s\"; "
		    "expected one character", s);
	p->prepend = legacy ? PREPEND_ALWAYS : PREPEND_NEVER;
	if (scheme != NULL) {
		for (i = 0; i < 3 && strcmp(scheme->u.s, schemes[i]) != 0; i++)
			;
		if (i == 3)
			return tok_read_error(r, scheme, "prepend_scheme "
			    "\"%.32s\" is not supported; expected always, "
			    "first or never", scheme->u.s);
		p->prepend = (enum tok_prepend)i;
	}
	return tok_strdup(r, s, p->replacement_len, &p->replacement);
}

static int	read_sequence(const struct tok_read *,
		    const struct jsontree_node *, struct tok_pretok *);

static const struct tok_pretok_kind kinds[] = {
	{ "ByteLevel", read_byte_level, cut_byte_level },
	{ "Split", read_split, cut_split },
	{ "Metaspace", read_metaspace, cut_metaspace },
	{ "Whitespace", read_whitespace, cut_split },
	{ "WhitespaceSplit", read_none, cut_whitespace_split },
	{ "Digits", read_digits, cut_digits },
	{ "Punctuation", read_punctuation, cut_punctuation },
	{ "BertPreTokenizer", read_none, cut_bert },
	{ "Sequence", read_sequence, cut_sequence },
};
#define NKINDS	(sizeof kinds / sizeof kinds[0])

static int
read_sequence(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok *p)
{
	const struct jsontree_node	*list;
	uint32_t			 i;

	if (tok_read_member(r, n, "pretokenizers", JSONTREE_ARRAY, 0,
	    &list) != 0)
		return -1;
	if ((p->seq = calloc(list->n + 1, sizeof *p->seq)) == NULL)
		return tok_read_oom(r);
	for (i = 0; i < list->n; i++) {
		if (list->u.kids[i].type == JSONTREE_NULL)
			return tok_read_error(r, &list->u.kids[i], "null in "
			    "\"pretokenizers\"; expected a pre-tokenizer "
			    "object");
		if (tok_pretok_read(r, &list->u.kids[i], &p->seq[p->nseq]) != 0)
			return -1;
		p->nseq++;
	}
	return 0;
}

int
tok_pretok_read(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_pretok **out)
{
	static const char	*names[NKINDS + 1];
	struct tok_pretok	*p;
	size_t			 i;
	int			 which;

	*out = NULL;
	if (n == NULL || n->type == JSONTREE_NULL)
		return 0;
	for (i = 0; i < NKINDS; i++)
		names[i] = kinds[i].name;
	if (tok_read_type(r, n, "pre-tokenizer", names, &which) != 0)
		return -1;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return tok_read_oom(r);
	p->kind = &kinds[which];
	if (p->kind->read(r, n, p) != 0) {
		tok_pretok_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

struct tok_pretok *
tok_pretok_gpt2(void)
{
	struct tok_pretok	*p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->kind = &kinds[0];
	p->use_regex = 1;
	p->behavior = TOK_ISOLATED;
	if (tok_builtin_regex(NULL, TOK_GPT2_PATTERN, &p->re) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

int
tok_pretok_is_byte_level(const struct tok_pretok *p)
{
	size_t	i;

	if (p == NULL)
		return 0;
	if (p->kind->cut == cut_byte_level)
		return 1;
	for (i = 0; i < p->nseq; i++)
		if (tok_pretok_is_byte_level(p->seq[i]))
			return 1;
	return 0;
}

void
tok_pretok_free(struct tok_pretok *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nseq; i++)
		tok_pretok_free(p->seq[i]);
	free(p->seq);
	tok_regex_free(p->re);
	free(p->replacement);
	free(p);
}

int
tok_pretok_run(const struct tok_pretok *p, struct tok_pieces *pieces,
    struct tok_arena *a)
{
	struct tok_pieces	out = { 0 };
	struct tok_cut		c;
	size_t			i;
	int			rc = 0;

	if (p == NULL)
		return 0;
	memset(&c, 0, sizeof c);
	c.out = &out;
	c.a = a;
	for (i = 0; i < pieces->n && rc == 0; i++) {
		if (pieces->v[i].id >= 0) {
			rc = tok_pieces_add(&out, pieces->v[i].s,
			    pieces->v[i].len, pieces->v[i].id,
			    pieces->v[i].first);
			continue;
		}
		c.in = &pieces->v[i];
		rc = p->kind->cut(p, &c);
	}
	free(c.sp.v);
	if (rc != 0) {
		tok_pieces_free(&out);
		return -1;
	}
	tok_pieces_free(pieces);
	*pieces = out;
	return 0;
}
