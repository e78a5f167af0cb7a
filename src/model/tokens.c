/*
 * tokens.c - the built-in tokenizers and the labels the explorer shows.
 *
 * Labels must be safe to put on a terminal: control characters (C0, DEL
 * and C1) are escaped, and so are bytes that are not valid UTF-8.
 */
#include "build-config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/probe.h"
#include "attntui/base/rng.h"
#include "attntui/base/text.h"
#include "attntui/model/gpt2.h"
#include "attntui/model/tokenizer.h"
#include "attntui/model/tokens.h"

struct tokens_list {
	struct tokens	*t;
	size_t		 cap;
};

static int
tokens_push(struct tokens_list *l, int64_t id, char *label)
{
	size_t	 cap;
	int64_t	*ids;
	char	**labels;

	if (label == NULL)
		return -1;
	if (l->t->n == l->cap) {
		cap = l->cap == 0 ? 64 : l->cap * 2;
		ids = reallocarray(l->t->ids, cap, sizeof *ids);
		if (ids == NULL) {
			free(label);
			return -1;
		}
		l->t->ids = ids;
		labels = reallocarray(l->t->labels, cap, sizeof *labels);
		if (labels == NULL) {
			free(label);
			return -1;
		}
		l->t->labels = labels;
		l->cap = cap;
	}
	l->t->ids[l->t->n] = id;
	l->t->labels[l->t->n] = label;
	l->t->n++;
	return 0;
}

static char *
tokens_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
tokens_printf(const char *fmt, ...)
{
	char	buf[64];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return strdup(buf);
}

static int
tokens_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	    c == '\f' || c == '\r';
}

static int
tokens_whitespace(const struct config *cfg, const unsigned char *s,
    size_t n, struct tokens_list *l)
{
	uint64_t	V = (uint64_t)cfg->model.vocab_size, h;
	size_t		i = 0, start;

	while (i < n) {
		while (i < n && tokens_is_space(s[i]))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && !tokens_is_space(s[i]))
			i++;
		h = rng_fnv1a64(s + start, i - start);
		if (tokens_push(l, (int64_t)(h % V),
		    text_escape(s + start, i - start, 0)) != 0)
			return -1;
	}
	return 0;
}

/* One token per code point; an invalid byte is its own token. */
static int
tokens_chars(const struct config *cfg, const unsigned char *s, size_t n,
    struct tokens_list *l)
{
	uint64_t	V = (uint64_t)cfg->model.vocab_size;
	unsigned	cp;
	size_t		len;

	while (n > 0) {
		if ((len = text_utf8(s, n, &cp)) == 0) {
			cp = s[0];
			len = 1;
		}
		if (tokens_push(l, (int64_t)(cp % V),
		    text_escape(s, len, 0)) != 0)
			return -1;
		s += len;
		n -= len;
	}
	return 0;
}

static char *
tokens_byte_label(unsigned char c)
{
	if (c >= 0x20 && c < 0x7f)
		return tokens_printf("%c", c);
	if (c < 0x80)
		return text_escape(&c, 1, 0);
	return tokens_printf("\\x%02X", c);
}

static int
tokens_bytes(const unsigned char *s, size_t n, struct tokens_list *l)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (tokens_push(l, s[i], tokens_byte_label(s[i])) != 0)
			return -1;
	return 0;
}

/*
 * A Hugging Face tokenizer: tokenizer.json, or GPT-2's encoder.json and
 * vocab.bpe.  Every id must fall inside the model's vocabulary.  Tokens
 * stop once there are more than max_seq: then 1, and l holds none.
 */
static int
tokens_hf(const struct config *cfg, const char *text, size_t n,
    struct tokens_list *l, struct error *err)
{
	const struct config_place	*pl = &cfg->input.place;
	struct tokenizer		*t;
	size_t				 i;
	int				 rc;

	if (cfg->input.tokenizer == TOKENIZER_FILE)
		rc = tokenizer_load(cfg->input.tokenizer_file, &t, err);
	else
		rc = gpt2_load(cfg->input.vocab, cfg->input.merges, &t, err);
	if (rc != 0)
		return -1;
	rc = tokenizer_encode_max(t, text, n, (size_t)cfg->model.max_seq,
	    &l->t->ids, &l->t->labels, &l->t->n, err);
	tokenizer_free(t);
	if (rc != 0)
		return -1;
	if (l->t->ids == NULL && l->t->n > 0) {
		l->t->n = 0;	/* too long: nothing was made */
		return 1;
	}
	l->cap = l->t->n;
	for (i = 0; i < l->t->n; i++) {
		if (l->t->ids[i] >= cfg->model.vocab_size)
			return error_at(err, cfg->path, pl->line, pl->column,
			    "token %zu (%s) has id %lld, outside the model's "
			    "vocabulary [0, %lld)", i, l->t->labels[i],
			    (long long)l->t->ids[i],
			    (long long)cfg->model.vocab_size);
	}
	return 0;
}

/* A model directory without a tokenizer.json: text has no reading. */
static int
tokens_no_file(const struct config *cfg, struct error *err)
{
	return error_set(err, EXIT_USAGE, cfg->hf_dir != NULL ? cfg->hf_dir :
	    cfg->path, 0, 0, "no tokenizer.json to read the text with; "
	    "expected the input as token ids (--tokens=ID,ID,...)");
}

int
tokens_have_tokenizer(const struct config *cfg)
{
	return cfg->input.tokenizer != TOKENIZER_FILE ||
	    cfg->input.tokenizer_file != NULL;
}

int
tokens_override(struct config *cfg, const char *list, struct error *err)
{
	const char	*p = list;
	char		*end;
	int64_t		*ids = NULL, *grown;
	size_t		 n = 0, cap = 0;
	long long	 v;

	if (cfg->model.vocab_size < 1)
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--tokens: the "
		    "model has no vocabulary (family attention); expected "
		    "input.embeddings");
	while (*p != '\0') {
		while (*p == ',' || *p == ' ')
			p++;
		if (*p == '\0')
			break;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (end == p || errno != 0 || v < 0 || v >=
		    cfg->model.vocab_size || (*end != ',' && *end != ' ' &&
		    *end != '\0')) {
			free(ids);
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "--tokens: expected token ids from 0 to %lld "
			    "separated by commas, found '%.*s'",
			    (long long)cfg->model.vocab_size - 1,
			    (int)strcspn(p, ", "), p);
		}
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((grown = reallocarray(ids, cap, sizeof *ids)) ==
			    NULL) {
				free(ids);
				return error_nomem(err, NULL);
			}
			ids = grown;
		}
		ids[n++] = v;
		p = end;
	}
	if (n == 0)
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--tokens: "
		    "expected token ids separated by commas, found none");
	free(cfg->input.tokens);
	free(cfg->input.text);
	cfg->input.text = NULL;
	cfg->input.tokens = ids;
	cfg->input.n_tokens = n;
	cfg->input.kind = INPUT_TOKENS;
	cfg->input.builtin = 0;
	return 0;
}

static int
tokens_text(const struct config *cfg, const char *text,
    struct tokens_list *l, struct error *err)
{
	const struct config_place	*pl = &cfg->input.place;
	const unsigned char		*s = (const unsigned char *)text;
	size_t				 n = strlen(text);
	int				 rc = 0;

	switch (cfg->input.tokenizer) {
	case TOKENIZER_FILE:
		if (cfg->input.tokenizer_file == NULL)
			return tokens_no_file(cfg, err);
		return tokens_hf(cfg, text, n, l, err);
	case TOKENIZER_GPT2:
		return tokens_hf(cfg, text, n, l, err);
	case TOKENIZER_BYTES:
		if (cfg->model.vocab_size < 256)
			return error_at(err, cfg->path, pl->line, pl->column,
			    "the bytes tokenizer needs vocab_size >= 256, "
			    "not %lld", (long long)cfg->model.vocab_size);
		rc = tokens_bytes(s, n, l);
		break;
	case TOKENIZER_WHITESPACE:
	case TOKENIZER_CHARS:
		if (cfg->model.vocab_size < 1)
			return error_at(err, cfg->path, pl->line, pl->column,
			    "input text needs a model with a vocabulary");
		if (cfg->input.tokenizer == TOKENIZER_CHARS)
			rc = tokens_chars(cfg, s, n, l);
		else
			rc = tokens_whitespace(cfg, s, n, l);
		break;
	}
	if (rc != 0)
		return error_nomem(err, NULL);
	return 0;
}

/*
 * The tokenizer that names ids when there is no text to encode: the
 * tokenizer.json, or GPT-2's vocabulary (its merges when given); *t
 * NULL when the config names neither.
 */
static int
tokens_vocab(const struct config *cfg, struct tokenizer **t,
    struct error *err)
{
	*t = NULL;
	if (cfg->input.tokenizer_file != NULL)
		return tokenizer_load(cfg->input.tokenizer_file, t, err);
	if (cfg->input.vocab != NULL)
		return gpt2_load(cfg->input.vocab, cfg->input.merges, t, err);
	return 0;
}

static int
tokens_ids(const struct config *cfg, struct tokens_list *l,
    struct error *err)
{
	const struct config_place	*pl = &cfg->input.place;
	struct tokenizer		*vocab = NULL;
	char				*label;
	int64_t				 id;
	size_t				 i;
	int				 rc = 0;

	/* With a vocabulary the ids get their tokens' labels, else "#id". */
	if (tokens_vocab(cfg, &vocab, err) != 0)
		return -1;
	for (i = 0; i < cfg->input.n_tokens && rc == 0; i++) {
		id = cfg->input.tokens[i];
		if (id < 0 || id >= cfg->model.vocab_size) {
			rc = error_at(err, cfg->path, pl->line, pl->column,
			    "token %zu: id %lld is outside the vocabulary "
			    "[0, %lld)", i, (long long)id,
			    (long long)cfg->model.vocab_size);
			break;
		}
		label = vocab != NULL ? tokenizer_label(vocab, id) : NULL;
		if (label == NULL)
			label = tokens_printf("#%lld", (long long)id);
		if (tokens_push(l, id, label) != 0)
			rc = error_nomem(err, NULL);
	}
	tokenizer_free(vocab);
	return rc;
}

static int
tokens_positions(const struct config *cfg, struct tokens_list *l,
    struct error *err)
{
	int64_t	i;

	for (i = 0; i < cfg->input.seq_len; i++)
		if (tokens_push(l, i, tokens_printf("%lld",
		    (long long)i)) != 0)
			return error_nomem(err, NULL);
	return 0;
}

/*
 * The label of an id drawn without text: the vocabulary's where there is
 * one, the byte or the character it stands for, else "#id"; input.bos
 * is "<bos>" unless a vocabulary names it.
 */
static char *
tokens_id_label(const struct config *cfg, const struct tokenizer *vocab,
    int64_t id)
{
	char		*label = vocab != NULL ? tokenizer_label(vocab, id) : NULL;
	unsigned char	 utf8[4];
	size_t		 n;

	if (label != NULL)
		return label;
	if (cfg->input.has_bos && id == cfg->input.bos)
		return strdup("<bos>");
	if (cfg->input.kind == INPUT_TEXT &&
	    cfg->input.tokenizer == TOKENIZER_BYTES && id < 256)
		return tokens_byte_label((unsigned char)id);
	if (cfg->input.kind == INPUT_TEXT &&
	    cfg->input.tokenizer == TOKENIZER_CHARS && id < 0xd800) {
		n = id < 0x80 ? 1 : id < 0x800 ? 2 : 3;
		utf8[0] = (unsigned char)(n == 1 ? id : n == 2 ?
		    0xc0 | id >> 6 : 0xe0 | id >> 12);
		if (n == 3)
			utf8[1] = (unsigned char)(0x80 | (id >> 6 & 0x3f));
		if (n > 1)
			utf8[n - 1] = (unsigned char)(0x80 | (id & 0x3f));
		return text_escape(utf8, n, 0);
	}
	return tokens_printf("#%lld", (long long)id);
}

/* input.bos first, for text: what the tokenizer adds. */
static int
tokens_bos(const struct config *cfg, struct tokens_list *l)
{
	if (!cfg->input.has_bos)
		return 0;
	return tokens_push(l, cfg->input.bos, tokens_id_label(cfg, NULL,
	    cfg->input.bos));
}

/* Ids to avoid into *avoid (grown by one). */
static int
tokens_avoid(int64_t **avoid, size_t *n, int64_t id)
{
	int64_t	*a = reallocarray(*avoid, *n + 1, sizeof *a);

	if (a == NULL)
		return -1;
	a[(*n)++] = id;
	*avoid = a;
	return 0;
}

/*
 * What the probe may draw from cfg's tokenizer: the tokens of ordinary
 * text.  Bytes: printable ASCII (control bytes and the pieces of UTF-8
 * sequences are not what a byte-level model reads as text); chars: code
 * points below the surrogates but controls; ids below vocab_size
 * otherwise, without the tokenizer's special tokens; never the BOS,
 * input.bos or the one the tokenizer's post-processor adds.
 */
static int
tokens_probe_vocab(const struct config *cfg, const struct tokenizer *vocab,
    struct probe_vocab *pv, int64_t **avoid)
{
	int	 text = cfg->input.kind == INPUT_TEXT;
	int	 bytes = text && cfg->input.tokenizer == TOKENIZER_BYTES;
	int	 chars = text && cfg->input.tokenizer == TOKENIZER_CHARS;
	int64_t	 id;
	size_t	 n = 0;

	memset(pv, 0, sizeof *pv);
	*avoid = NULL;
	pv->bos = text && cfg->input.has_bos ? cfg->input.bos :
	    vocab != NULL ? tokenizer_bos(vocab) : -1;
	pv->size = cfg->model.vocab_size;
	if (bytes)
		pv->size = 0x7f;
	if (chars && pv->size > 0xd800)
		pv->size = 0xd800;
	if (vocab != NULL && tokenizer_vocab_size(vocab) < pv->size)
		pv->size = tokenizer_vocab_size(vocab);
	for (id = 0; (bytes || chars) && id <= 0x7f; id++)
		if ((id < 0x20 || id == 0x7f) && tokens_avoid(avoid, &n,
		    id) != 0)
			return -1;
	if (vocab != NULL && !bytes && !chars) {
		free(*avoid);
		if (tokenizer_specials(vocab, avoid, &n) != 0)
			return -1;
	}
	pv->avoid = *avoid;
	pv->n_avoid = n;
	return 0;
}

static int
tokens_probe_fill(const struct config *cfg, const struct tokenizer *vocab,
    int64_t n, uint64_t seed, struct tokens_list *l, struct error *err)
{
	struct probe_vocab	 pv;
	int64_t			*avoid, *ids, len, i;
	int			 rc;

	if (tokens_probe_vocab(cfg, vocab, &pv, &avoid) != 0) {
		free(avoid);
		return error_nomem(err, NULL);
	}
	len = probe_length(&pv, n);
	if (len > cfg->model.max_seq) {
		free(avoid);
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--probe=repeat:"
		    "%lld is %lld tokens, more than max_seq %lld", (long long)n,
		    (long long)len, (long long)cfg->model.max_seq);
	}
	if ((ids = malloc((size_t)len * sizeof *ids)) == NULL) {
		free(avoid);
		return error_nomem(err, NULL);
	}
	rc = probe_ids(&pv, n, seed, ids, err);
	for (i = 0; rc == 0 && i < len; i++)
		if (tokens_push(l, ids[i], tokens_id_label(cfg, vocab,
		    ids[i])) != 0)
			rc = error_nomem(err, NULL);
	free(ids);
	free(avoid);
	return rc;
}

int
tokens_probe(const struct config *cfg, int64_t n, uint64_t seed,
    struct tokens *out, struct error *err)
{
	struct tokens_list	 l = { out, 0 };
	struct tokenizer	*vocab = NULL;
	int			 rc;

	memset(out, 0, sizeof *out);
	if (cfg->input.kind == INPUT_EMBEDDINGS || cfg->model.vocab_size < 1)
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--probe: %s "
		    "has no vocabulary to draw tokens from (family attention "
		    "takes random embeddings)", cfg->path);
	if (tokens_vocab(cfg, &vocab, err) != 0)
		return -1;
	rc = tokens_probe_fill(cfg, vocab, n, seed, &l, err);
	tokenizer_free(vocab);
	if (rc != 0)
		tokens_free(out);
	return rc;
}

int
tokens_from_config(const struct config *cfg, const char *text_override,
    struct tokens *out, struct error *err)
{
	const struct config_place	*pl = &cfg->input.place;
	struct tokens_list		 l = { out, 0 };
	const char			*text;
	int				 rc;

	memset(out, 0, sizeof *out);
	if (text_override != NULL ||
	    cfg->input.kind == INPUT_TEXT) {
		text = text_override != NULL ? text_override :
		    cfg->input.text;
		if (tokens_bos(cfg, &l) != 0)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "out of memory");
		rc = tokens_text(cfg, text != NULL ? text : "", &l, err);
	} else if (cfg->input.kind == INPUT_TOKENS)
		rc = tokens_ids(cfg, &l, err);
	else
		rc = tokens_positions(cfg, &l, err);
	/* A length error names where the text came from: --text or the
	   config's input. */
	if (rc == 1)
		rc = text_override != NULL ? error_set(err, EXIT_USAGE, NULL,
		    0, 0, "--text: the input has more than the model's max_seq "
		    "%lld tokens (%s)", (long long)cfg->model.max_seq,
		    cfg->path) : error_at(err, cfg->path, pl->line, pl->column,
		    "the input has more than max_seq %lld tokens",
		    (long long)cfg->model.max_seq);
	if (rc == 0 && out->n == (cfg->input.kind == INPUT_TEXT &&
	    cfg->input.has_bos ? 1u : 0u))
		rc = text_override != NULL ? error_set(err, EXIT_USAGE, NULL,
		    0, 0, "--text: the input has no tokens") :
		    error_at(err, cfg->path, pl->line, pl->column,
		    "the input has no tokens");
	if (rc == 0 && (int64_t)out->n > cfg->model.max_seq)
		rc = text_override != NULL ? error_set(err, EXIT_USAGE, NULL,
		    0, 0, "--text: the input has %zu tokens, more than the "
		    "model's max_seq %lld (%s)", out->n,
		    (long long)cfg->model.max_seq, cfg->path) :
		    error_at(err, cfg->path, pl->line, pl->column,
		    "the input has %zu tokens, more than max_seq %lld",
		    out->n, (long long)cfg->model.max_seq);
	if (rc != 0)
		tokens_free(out);
	return rc;
}

int
tokens_count(const struct config *cfg, const char *text_override,
    int64_t *n, struct error *err)
{
	struct tokens	t;

	if (text_override == NULL && cfg->input.kind == INPUT_TOKENS) {
		*n = (int64_t)cfg->input.n_tokens;
		return 0;
	}
	if (text_override == NULL && cfg->input.kind == INPUT_EMBEDDINGS) {
		*n = cfg->input.seq_len;
		return 0;
	}
	if (tokens_from_config(cfg, text_override, &t, err) != 0)
		return -1;
	*n = (int64_t)t.n;
	tokens_free(&t);
	return 0;
}

void
tokens_free(struct tokens *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->labels[i]);
	free(t->ids);
	free(t->labels);
	memset(t, 0, sizeof *t);
}
