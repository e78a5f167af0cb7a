/*
 * tokenizer.c - tokenizer.json read into a pipeline, and the pipeline
 * run; see tokenizer.h and, for the parts, tok.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "attntui/base/file.h"
#include "attntui/base/rng.h"
#include "attntui/io/jsontree.h"
#include "attntui/model/tok_added.h"
#include "attntui/model/tok_decode.h"
#include "attntui/model/tok_normalize.h"
#include "attntui/model/tok_post.h"
#include "attntui/model/tok_pretok.h"
#include "attntui/model/tok_wordpiece.h"
#include "attntui/model/tokenizer.h"

/* Words longer than this are not cached (tokenizers' MAX_LENGTH). */
#define TOKENIZER_CACHE_WORD	256

struct tokenizer {
	char			*name;
	struct tok_vocab	*vocab;
	struct bpe		*bpe;		/* or WordPiece: */
	struct tok_wordpiece	 wp;
	struct tok_added	 added;
	struct tok_normalizer	*normalizer;
	struct tok_pretok	*pretok;
	struct tok_post		 post;
	struct tok_decoder	*decoder;
	int64_t			 nids;
};

/* Is the vocabulary entry s[0..len) spelled "<|...|>"? */
static int
tokenizer_angle_bar(const char *s, size_t len)
{
	return len >= 4 && strncmp(s, "<|", 2) == 0 &&
	    strncmp(s + len - 2, "|>", 2) == 0;
}

int
tokenizer_specials(const struct tokenizer *t, int64_t **ids, size_t *n)
{
	struct tok_ids	 v = { 0 };
	const char	*s;
	size_t		 i, len;
	int64_t		 id;

	for (i = 0; i < t->added.n; i++)
		if (t->added.v[i].special &&
		    tok_ids_add(&v, t->added.v[i].id) != 0)
			goto oom;
	for (id = 0; id < t->nids; id++)
		if ((s = tok_vocab_token(t->vocab, id, &len)) != NULL &&
		    tokenizer_angle_bar(s, len) &&
		    tok_added_find(&t->added, id) == NULL &&
		    tok_ids_add(&v, id) != 0)
			goto oom;
	*ids = v.v;
	*n = v.n;
	return 0;
oom:
	free(v.v);
	*ids = NULL;
	*n = 0;
	return -1;
}

int64_t
tokenizer_bos(const struct tokenizer *t)
{
	return t->post.before.n == 1 ? t->post.before.v[0] : -1;
}

void
tokenizer_free(struct tokenizer *t)
{
	if (t == NULL)
		return;
	free(t->name);
	if (t->vocab != NULL)
		tok_vocab_free(t->vocab);
	free(t->vocab);
	bpe_free(t->bpe);
	free(t->wp.prefix);
	tok_added_free(&t->added);
	tok_normalize_free(t->normalizer);
	tok_pretok_free(t->pretok);
	tok_post_free(&t->post);
	tok_decode_free(t->decoder);
	free(t);
}

int64_t
tokenizer_vocab_size(const struct tokenizer *t)
{
	return t->nids;
}

char *
tokenizer_label(const struct tokenizer *t, int64_t id)
{
	const struct tok_added_token	*a;
	const char			*s;
	size_t				 len;

	if ((a = tok_added_find(&t->added, id)) != NULL)
		return tok_decode_label(t->decoder, a->content, a->len);
	if ((s = tok_vocab_token(t->vocab, id, &len)) == NULL)
		return NULL;
	return tok_decode_label(t->decoder, s, len);
}

/* ---- reading the model ----------------------------------------------------- */

static int
read_vocab(const struct tok_read *r, const struct jsontree_node *model,
    struct tokenizer *t)
{
	const struct jsontree_node	*v, *key, *id;
	const char			*what;
	size_t				 len;
	uint32_t			 i;
	int				 rc;

	if (tok_read_member(r, model, "vocab", JSONTREE_OBJECT, 0, &v) != 0)
		return -1;
	if (v->n == 0)
		return tok_read_error(r, v, "the vocabulary is empty; expected "
		    "tokens and their ids");
	if ((t->vocab = calloc(1, sizeof *t->vocab)) == NULL ||
	    tok_vocab_init(t->vocab, v->n) != 0)
		return tok_read_oom(r);
	for (i = 0; i < v->n; i++) {
		key = &v->u.kids[2 * i];
		id = key + 1;
		if (id->type != JSONTREE_INTEGER || id->u.i < 0 ||
		    (uint64_t)id->u.i >= v->n) {
			if (id->type != JSONTREE_INTEGER)
				return tok_read_error(r, id, "the id of "
				    "\"%.64s\" is %s; expected an integer id",
				    key->u.s, jsontree_type_name(id));
			return tok_read_error(r, id, "id %lld of \"%.64s\" is "
			    "outside the vocabulary's %u entries; expected 0 "
			    "to %u", (long long)id->u.i, key->u.s, v->n,
			    v->n - 1);
		}
		if ((rc = tok_vocab_set(t->vocab, key->u.s, key->n,
		    id->u.i)) == 0)
			continue;
		if (rc < 0)
			return tok_read_oom(r);
		if (rc == 1)
			return tok_read_error(r, key, "token \"%.64s\" is "
			    "given twice; expected each token once", key->u.s);
		what = tok_vocab_token(t->vocab, id->u.i, &len);
		return tok_read_error(r, id, "id %lld is given to \"%.64s\" "
		    "and to \"%.64s\"; expected each id once",
		    (long long)id->u.i, what, key->u.s);
	}
	t->nids = (int64_t)v->n;
	return 0;
}

/* An optional string member, copied; NULL when absent or null. */
static int
read_opt_string(const struct tok_read *r, const struct jsontree_node *n,
    const char *key, char **out)
{
	const char	*s;
	size_t		 len;

	*out = NULL;
	if (tok_read_string(r, n, key, 1, &s, &len) != 0)
		return -1;
	return s == NULL ? 0 : tok_strdup(r, s, len, out);
}

/* unk_token: its id, which must be in the vocabulary. */
static int
read_unk(const struct tok_read *r, const struct jsontree_node *model,
    const struct tok_vocab *vocab, int optional, int64_t *id)
{
	const struct jsontree_node	*u;

	*id = -1;
	if (tok_read_member(r, model, "unk_token", JSONTREE_STRING, optional,
	    &u) != 0)
		return -1;
	if (u != NULL && (*id = tok_vocab_find(vocab, u->u.s, u->n)) < 0)
		return tok_read_error(r, u, "unk_token \"%.64s\" is not in the "
		    "vocabulary; expected one of its tokens", u->u.s);
	return 0;
}

/* One merge: "a b", or ["a", "b"]. */
static int
read_merge(const struct tok_read *r, const struct jsontree_node *m,
    struct bpe *b)
{
	static const char *const which[] = { "the first token",
	    "the second token", "the merged token" };
	const char	*a, *bb, *sp;
	size_t		 alen, blen;
	int		 rc;

	if (m->type == JSONTREE_STRING) {
		/* tokenizers splits on every space: exactly one. */
		if ((sp = memchr(m->u.s, ' ', m->n)) == NULL ||
		    memchr(sp + 1, ' ', m->n - (size_t)(sp - m->u.s) - 1) != NULL)
			return tok_read_error(r, m, "merge \"%.64s\" has %s "
			    "space; expected \"a b\"", m->u.s, sp == NULL ?
			    "no" : "more than one");
		a = m->u.s;
		alen = (size_t)(sp - a);
		bb = sp + 1;
		blen = m->n - alen - 1;
	} else if (m->type == JSONTREE_ARRAY && m->n == 2 &&
	    m->u.kids[0].type == JSONTREE_STRING &&
	    m->u.kids[1].type == JSONTREE_STRING) {
		a = m->u.kids[0].u.s;
		alen = m->u.kids[0].n;
		bb = m->u.kids[1].u.s;
		blen = m->u.kids[1].n;
	} else
		return tok_read_error(r, m, "a merge is %s; expected \"a b\" "
		    "or [\"a\", \"b\"]", jsontree_type_name(m));
	if ((rc = bpe_add_merge(b, a, alen, bb, blen)) == 0)
		return 0;
	if (rc < 0)
		return tok_read_oom(r);
	return tok_read_error(r, m, "merge of \"%.*s\" and \"%.*s\": %s is "
	    "not in the vocabulary; expected merges of its tokens",
	    (int)(alen < 64 ? alen : 64), a, (int)(blen < 64 ? blen : 64), bb,
	    which[rc - 1]);
}

static int
read_bpe(const struct tok_read *r, const struct jsontree_node *model,
    struct tokenizer *t)
{
	const struct jsontree_node	*merges, *dropout;
	struct bpe_options		 o;
	char				*prefix = NULL, *suffix = NULL;
	uint32_t			 i;
	int				 rc = -1;

	memset(&o, 0, sizeof o);
	if (tok_read_member(r, model, "merges", JSONTREE_ARRAY, 0,
	    &merges) != 0 ||
	    tok_read_member(r, model, "dropout", JSONTREE_REAL, 1,
	    &dropout) != 0 ||
	    read_unk(r, model, t->vocab, 1, &o.unk_id) != 0 ||
	    tok_read_bool(r, model, "fuse_unk", 0, &o.fuse_unk) != 0 ||
	    tok_read_bool(r, model, "byte_fallback", 0, &o.byte_fallback) != 0 ||
	    tok_read_bool(r, model, "ignore_merges", 0, &o.ignore_merges) != 0 ||
	    read_opt_string(r, model, "continuing_subword_prefix",
	    &prefix) != 0 ||
	    read_opt_string(r, model, "end_of_word_suffix", &suffix) != 0)
		goto out;
	if (dropout != NULL && dropout->u.d != 0.0) {
		tok_read_error(r, dropout, "dropout %g is random; expected "
		    "null or 0", dropout->u.d);
		goto out;
	}
	o.prefix = prefix;
	o.suffix = suffix;
	if ((t->bpe = bpe_new(t->vocab, &o, merges->n)) == NULL) {
		tok_read_oom(r);
		goto out;
	}
	for (i = 0; i < merges->n; i++)
		if (read_merge(r, &merges->u.kids[i], t->bpe) != 0)
			goto out;
	rc = 0;
out:
	free(prefix);
	free(suffix);
	return rc;
}

static int
read_wordpiece(const struct tok_read *r, const struct jsontree_node *model,
    struct tokenizer *t)
{
	int64_t	max;

	if (read_unk(r, model, t->vocab, 0, &t->wp.unk_id) != 0 ||
	    read_opt_string(r, model, "continuing_subword_prefix",
	    &t->wp.prefix) != 0 ||
	    tok_read_uint(r, model, "max_input_chars_per_word", 1, 100,
	    INT32_MAX, &max) != 0)
		return -1;
	if (t->wp.prefix == NULL && tok_strdup(r, "##", 2, &t->wp.prefix) != 0)
		return -1;
	t->wp.vocab = t->vocab;
	t->wp.prefix_len = strlen(t->wp.prefix);
	t->wp.max_chars = (size_t)max;
	return 0;
}

static int
read_model(const struct tok_read *r, const struct jsontree_node *root,
    struct tokenizer *t)
{
	static const char *const names[] = { "BPE", "WordPiece", NULL };
	const struct jsontree_node	*model;
	int				 which;

	if (tok_read_member(r, root, "model", JSONTREE_OBJECT, 0, &model) != 0 ||
	    tok_read_type(r, model, "model", names, &which) != 0 ||
	    read_vocab(r, model, t) != 0)
		return -1;
	return which == 0 ? read_bpe(r, model, t) : read_wordpiece(r, model, t);
}

/* ---- added tokens ------------------------------------------------------------ */

static int
read_added_token(const struct tok_read *r, const struct jsontree_node *n,
    struct tokenizer *t, struct tok_added_token *a)
{
	const char	*s;
	int64_t		 id, want;

	if (n->type != JSONTREE_OBJECT)
		return tok_read_error(r, n, "an added token is %s; expected an "
		    "object", jsontree_type_name(n));
	if (tok_read_uint(r, n, "id", 0, 0, INT32_MAX, &id) != 0 ||
	    tok_read_string(r, n, "content", 0, &s, &a->len) != 0 ||
	    tok_read_bool(r, n, "special", 0, &a->special) != 0 ||
	    tok_read_bool(r, n, "single_word", 0, &a->single_word) != 0 ||
	    tok_read_bool(r, n, "lstrip", 0, &a->lstrip) != 0 ||
	    tok_read_bool(r, n, "rstrip", 0, &a->rstrip) != 0 ||
	    tok_read_bool(r, n, "normalized", !a->special, &a->normalized) != 0)
		return -1;
	if (a->len == 0)
		return tok_read_error(r, n, "an added token is empty; expected "
		    "its content");
	/* The id tokenizers gives it: the vocabulary's, else the next. */
	if ((want = tok_vocab_find(t->vocab, s, a->len)) < 0)
		want = t->nids;
	if (id != want)
		return tok_read_error(r, n, "added token \"%.64s\" has id "
		    "%lld; expected %lld (%s)", s, (long long)id,
		    (long long)want, want < (int64_t)t->vocab->n ? "its id in "
		    "the vocabulary" : "the next id after the vocabulary and "
		    "the tokens added before it");
	if (want == t->nids)
		t->nids++;
	a->id = id;
	return tok_strdup(r, s, a->len, &a->content);
}

static int
read_added(const struct tok_read *r, const struct jsontree_node *root,
    struct tokenizer *t)
{
	const struct jsontree_node	*list;
	struct tok_arena		 a = { 0 };
	const char			*norm;
	size_t				 len, i;
	int				 rc = -1;

	if (tok_read_member(r, root, "added_tokens", JSONTREE_ARRAY, 1,
	    &list) != 0)
		return -1;
	if (list == NULL || list->n == 0)
		return 0;
	if ((t->added.v = calloc(list->n, sizeof *t->added.v)) == NULL)
		return tok_read_oom(r);
	for (i = 0; i < list->n; i++) {
		if (read_added_token(r, &list->u.kids[i], t,
		    &t->added.v[i]) != 0)
			goto out;
		t->added.n++;
		norm = t->added.v[i].content;
		len = t->added.v[i].len;
		if ((t->added.v[i].normalized && tok_normalize_run(
		    t->normalizer, norm, len, &a, &norm, &len) != 0) ||
		    tok_added_index(&t->added, i, norm, len) != 0) {
			tok_read_oom(r);
			goto out;
		}
	}
	rc = 0;
out:
	tok_arena_free(&a);
	return rc;
}

/* Every id the post-processor adds must be a token. */
static int
check_post(const struct tok_read *r, const struct jsontree_node *root,
    const struct tokenizer *t)
{
	const struct tok_ids		*lists[2] = { &t->post.before,
					    &t->post.after };
	const struct jsontree_node	*pp;
	size_t				 i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < lists[k]->n; i++) {
			if (lists[k]->v[i] < t->nids)
				continue;
			jsontree_get(r->jt, root, "post_processor", &pp,
			    r->err);
			return tok_read_error(r, pp, "the post-processor adds "
			    "id %lld; expected an id below %lld",
			    (long long)lists[k]->v[i], (long long)t->nids);
		}
	}
	return 0;
}

static int
read_tokenizer(const struct tok_read *r, struct tokenizer *t)
{
	const struct jsontree_node	*root = r->jt->root, *n;

	if (root->type != JSONTREE_OBJECT)
		return tok_read_error(r, root, "the top level is %s; expected "
		    "an object (a tokenizer.json)", jsontree_type_name(root));
	if (read_model(r, root, t) != 0 ||
	    jsontree_get(r->jt, root, "normalizer", &n, r->err) != 0 ||
	    tok_normalize_read(r, n, &t->normalizer) != 0 ||
	    read_added(r, root, t) != 0 ||
	    jsontree_get(r->jt, root, "pre_tokenizer", &n, r->err) != 0 ||
	    tok_pretok_read(r, n, &t->pretok) != 0 ||
	    jsontree_get(r->jt, root, "post_processor", &n, r->err) != 0 ||
	    tok_post_read(r, n, &t->post) != 0 ||
	    check_post(r, root, t) != 0 ||
	    jsontree_get(r->jt, root, "decoder", &n, r->err) != 0 ||
	    tok_decode_read(r, n, &t->decoder) != 0)
		return -1;
	return 0;
}

/* Parse buf (taken) as name. */
static int
tokenizer_parse(const char *name, char *buf, size_t len,
    struct tokenizer **out, struct error *err)
{
	struct jsontree		 jt;
	struct tok_read		 r = { &jt, err };
	struct tokenizer	*t;
	int			 rc = -1;

	*out = NULL;
	if (jsontree_parse(&jt, name, buf, len, err) != 0) {
		jsontree_free(&jt);
		return -1;
	}
	if ((t = calloc(1, sizeof *t)) == NULL ||
	    (t->name = strdup(name)) == NULL)
		tok_read_oom(&r);
	else if (read_tokenizer(&r, t) == 0) {
		*out = t;
		t = NULL;
		rc = 0;
	}
	tokenizer_free(t);
	jsontree_free(&jt);
	return rc;
}

int
tokenizer_load(const char *path, struct tokenizer **out, struct error *err)
{
	char	*buf;
	size_t	 len;

	*out = NULL;
	if (file_read(path, "a tokenizer.json", TOKENIZER_MAX_FILE, &buf, &len,
	    err) != 0)
		return -1;
	return tokenizer_parse(path, buf, len, out, err);
}

int
tokenizer_load_buffer(const char *name, const char *buf, size_t len,
    struct tokenizer **out, struct error *err)
{
	char	*copy;

	*out = NULL;
	if ((copy = malloc(len + 1)) == NULL)
		return error_set(err, EXIT_RUNTIME, name, 0, 0,
		    "out of memory");
	memcpy(copy, buf, len);
	copy[len] = '\0';
	return tokenizer_parse(name, copy, len, out, err);
}

int
tokenizer_from_gpt2(const char *name, struct tok_vocab *vocab, struct bpe *b,
    struct tokenizer **out, struct error *err)
{
	struct tokenizer	*t;

	*out = NULL;
	if ((t = calloc(1, sizeof *t)) == NULL) {
		bpe_free(b);
		tok_vocab_free(vocab);
		free(vocab);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	}
	t->vocab = vocab;
	t->bpe = b;
	t->nids = (int64_t)vocab->n;
	if ((t->name = strdup(name)) == NULL ||
	    (t->pretok = tok_pretok_gpt2()) == NULL ||
	    (t->decoder = tok_decode_byte_level()) == NULL) {
		tokenizer_free(t);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	}
	*out = t;
	return 0;
}

/* ---- encoding ------------------------------------------------------------------ */

/* The model's ids of each distinct word of one call. */
struct tok_cache_slot {
	const char	*word;		/* NULL: empty */
	size_t		 len;
	size_t		 start, count;	/* into ids */
};

struct tok_cache {
	struct tok_cache_slot	*slots;
	size_t			 cap, used;	/* cap: a power of two */
	struct tok_ids		 ids;
};

static int
cache_grow(struct tok_cache *c)
{
	struct tok_cache_slot	*slots;
	size_t			 cap = c->cap == 0 ? 1024 : c->cap * 2, i, h;

	if ((slots = calloc(cap, sizeof *slots)) == NULL)
		return -1;
	for (i = 0; i < c->cap; i++) {
		if (c->slots[i].word == NULL)
			continue;
		h = rng_fnv1a64(c->slots[i].word, c->slots[i].len);
		while (slots[h & (cap - 1)].word != NULL)
			h++;
		slots[h & (cap - 1)] = c->slots[i];
	}
	free(c->slots);
	c->slots = slots;
	c->cap = cap;
	return 0;
}

static int
model_word(const struct tokenizer *t, const char *w, size_t len,
    struct tok_ids *out)
{
	if (t->bpe != NULL)
		return bpe_encode_word(t->bpe, w, len, out);
	return tok_wordpiece_encode(&t->wp, w, len, out);
}

/* Append the model's ids of word w[0..len) to out, through the cache. */
static int
cache_word(const struct tokenizer *t, struct tok_cache *c, const char *w,
    size_t len, struct tok_ids *out)
{
	struct tok_cache_slot	*s;
	size_t			 h, i, start;

	if (len > TOKENIZER_CACHE_WORD)
		return model_word(t, w, len, out);
	if ((c->used + 1) * 2 > c->cap && cache_grow(c) != 0)
		return -1;
	for (h = rng_fnv1a64(w, len); ; h++) {
		s = &c->slots[h & (c->cap - 1)];
		if (s->word == NULL)
			break;
		if (s->len == len && memcmp(s->word, w, len) == 0)
			goto emit;
	}
	start = c->ids.n;
	if (model_word(t, w, len, &c->ids) != 0)
		return -1;
	s->word = w;
	s->len = len;
	s->start = start;
	s->count = c->ids.n - start;
	c->used++;
emit:
	for (i = 0; i < s->count; i++)
		if (tok_ids_add(out, c->ids.v[s->start + i]) != 0)
			return -1;
	return 0;
}

/* text as valid UTF-8: each invalid byte becomes U+FFFD. */
static int
tokenizer_utf8(const char *text, size_t len, struct tok_arena *a,
    const char **out, size_t *outlen)
{
	const utf8proc_uint8_t	*s = (const utf8proc_uint8_t *)text;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 n;
	size_t			 i, o = 0;
	char			*p;

	*out = text;
	*outlen = len;
	for (i = 0; i < len; i += (size_t)n)
		if (s[i] >= 0x80 && (n = utf8proc_iterate(s + i,
		    (utf8proc_ssize_t)(len - i), &cp)) < 0)
			break;
		else if (s[i] < 0x80)
			n = 1;
	if (i == len)
		return 0;
	if (len > SIZE_MAX / 3 || (p = tok_arena_alloc(a, 3 * len)) == NULL)
		return -1;
	for (i = 0; i < len; i += (size_t)n) {
		n = s[i] < 0x80 ? 1 : utf8proc_iterate(s + i,
		    (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0) {
			memcpy(p + o, "\xef\xbf\xbd", 3);
			o += 3;
			n = 1;
		} else {
			memcpy(p + o, s + i, (size_t)n);
			o += (size_t)n;
		}
	}
	*out = p;
	*outlen = o;
	return 0;
}

/* Normalize each text piece; drop those left empty. */
static int
tokenizer_normalize(const struct tokenizer *t, struct tok_pieces *p,
    struct tok_arena *a)
{
	size_t	i, o = 0;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].id < 0 && tok_normalize_run(t->normalizer,
		    p->v[i].s, p->v[i].len, a, &p->v[i].s, &p->v[i].len) != 0)
			return -1;
		if (p->v[i].len > 0 || p->v[i].id >= 0)
			p->v[o++] = p->v[i];
	}
	p->n = o;
	return 0;
}

/*
 * The ids of text: pieces through the pipeline, then the model, word by
 * word until more than max ids are made (then ids->n is max + 1).
 */
static int
tokenizer_ids(const struct tokenizer *t, const char *text, size_t len,
    size_t max, struct tok_arena *a, struct tok_ids *ids)
{
	struct tok_pieces	p = { 0 };
	struct tok_cache	c = { 0 };
	size_t			i;
	int			rc = -1;

	for (i = 0; i < t->post.before.n; i++)
		if (tok_ids_add(ids, t->post.before.v[i]) != 0)
			goto out;
	if (tokenizer_utf8(text, len, a, &text, &len) != 0 ||
	    (len > 0 && tok_pieces_add(&p, text, len, -1, 1) != 0) ||
	    tok_added_split(&t->added, 0, &p) != 0 ||
	    tokenizer_normalize(t, &p, a) != 0 ||
	    tok_added_split(&t->added, 1, &p) != 0 ||
	    tok_pretok_run(t->pretok, &p, a) != 0)
		goto out;
	for (i = 0; i < p.n && ids->n <= max; i++) {
		if (p.v[i].id >= 0 ? tok_ids_add(ids, p.v[i].id) != 0 :
		    cache_word(t, &c, p.v[i].s, p.v[i].len, ids) != 0)
			goto out;
	}
	for (i = 0; i < t->post.after.n && ids->n <= max; i++)
		if (tok_ids_add(ids, t->post.after.v[i]) != 0)
			goto out;
	if (ids->n > max)
		ids->n = max + 1;
	rc = 0;
out:
	tok_pieces_free(&p);
	free(c.slots);
	free(c.ids.v);
	return rc;
}

/* Labels of ids, each id's label made once. */
static char **
tokenizer_labels(const struct tokenizer *t, const struct tok_ids *ids)
{
	char	**labels, **by_id;
	size_t	  i, n = 0;

	if ((labels = calloc(ids->n, sizeof *labels)) == NULL)
		return NULL;
	if ((by_id = calloc((size_t)t->nids + 1, sizeof *by_id)) == NULL)
		goto fail;
	for (n = 0; n < ids->n; n++) {
		i = (size_t)ids->v[n];
		if (by_id[i] == NULL && (by_id[i] = tokenizer_label(t,
		    ids->v[n])) == NULL)
			goto fail;
		if ((labels[n] = strdup(by_id[i])) == NULL)
			goto fail;
	}
	for (i = 0; i < (size_t)t->nids; i++)
		free(by_id[i]);
	free(by_id);
	return labels;
fail:
	for (i = 0; by_id != NULL && i < (size_t)t->nids; i++)
		free(by_id[i]);
	free(by_id);
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	return NULL;
}

int
tokenizer_encode(const struct tokenizer *t, const char *text, size_t len,
    int64_t **ids, char ***labels, size_t *n, struct error *err)
{
	return tokenizer_encode_max(t, text, len, SIZE_MAX - 1, ids, labels,
	    n, err);
}

int
tokenizer_encode_max(const struct tokenizer *t, const char *text,
    size_t len, size_t max, int64_t **ids, char ***labels, size_t *n,
    struct error *err)
{
	struct tok_arena	a = { 0 };
	struct tok_ids		v = { 0 };
	int			rc = -1;

	*ids = NULL;
	*labels = NULL;
	*n = 0;
	if (tokenizer_ids(t, text, len, max, &a, &v) != 0)
		goto oom;
	if (v.n > max) {
		/* Too long: the count says so, nothing more is made. */
		free(v.v);
		*n = v.n;
		rc = 0;
		goto out;
	}
	if (v.n > 0 && (*labels = tokenizer_labels(t, &v)) == NULL)
		goto oom;
	*ids = v.n > 0 ? v.v : NULL;
	if (v.n == 0)
		free(v.v);
	*n = v.n;
	rc = 0;
	goto out;
oom:
	free(v.v);
	error_set(err, EXIT_RUNTIME, NULL, 0, 0, "out of memory");
out:
	tok_arena_free(&a);
	return rc;
}
