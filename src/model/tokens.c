/*
 * tokens.c - the built-in tokenizers and the labels the explorer shows.
 *
 * Labels must be safe to put on a terminal: control characters (C0, DEL
 * and C1) are escaped, and so are bytes that are not valid UTF-8.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/rng.h"
#include "attntui/tokens.h"

/* A growing byte buffer for one label. */
struct tokens_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 failed;
};

static void
tokens_buf_add(struct tokens_buf *b, const char *s, size_t n)
{
	char	*np;
	size_t	 cap;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap == 0 ? 16 : b->cap;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* A control code point as \n, \t, \r, \xNN or \uNNNN. */
static void
tokens_escape(struct tokens_buf *b, unsigned cp)
{
	char	tmp[16];

	switch (cp) {
	case '\n':
		tokens_buf_add(b, "\\n", 2);
		return;
	case '\t':
		tokens_buf_add(b, "\\t", 2);
		return;
	case '\r':
		tokens_buf_add(b, "\\r", 2);
		return;
	}
	if (cp < 0x80)
		snprintf(tmp, sizeof tmp, "\\x%02X", cp);
	else
		snprintf(tmp, sizeof tmp, "\\u%04X", cp);
	tokens_buf_add(b, tmp, strlen(tmp));
}

static int
tokens_is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

/*
 * Decode one UTF-8 sequence at s (n bytes left): its code point and
 * length, or length 0 when the bytes are not valid UTF-8 (overlong
 * forms, surrogates and values past U+10FFFF included).
 */
static size_t
tokens_utf8(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned	c = s[0], min;
	size_t		len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Append bytes s[0..n) as a label: valid printable UTF-8 as is. */
static void
tokens_label_bytes(struct tokens_buf *b, const unsigned char *s, size_t n)
{
	char		tmp[8];
	unsigned	cp;
	size_t		len;

	while (n > 0) {
		len = tokens_utf8(s, n, &cp);
		if (len == 0) {
			snprintf(tmp, sizeof tmp, "\\x%02X", s[0]);
			tokens_buf_add(b, tmp, strlen(tmp));
			len = 1;
		} else if (tokens_is_control(cp))
			tokens_escape(b, cp);
		else
			tokens_buf_add(b, (const char *)s, len);
		s += len;
		n -= len;
	}
}

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
tokens_label(const unsigned char *s, size_t n)
{
	struct tokens_buf	b = { 0 };

	tokens_buf_add(&b, "", 0);
	tokens_label_bytes(&b, s, n);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	return b.p;
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
		    tokens_label(s + start, i - start)) != 0)
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
		if ((len = tokens_utf8(s, n, &cp)) == 0) {
			cp = s[0];
			len = 1;
		}
		if (tokens_push(l, (int64_t)(cp % V), tokens_label(s, len)) !=
		    0)
			return -1;
		s += len;
		n -= len;
	}
	return 0;
}

static int
tokens_bytes(const unsigned char *s, size_t n, struct tokens_list *l)
{
	size_t	i;
	char	*label;

	for (i = 0; i < n; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f)
			label = tokens_printf("%c", s[i]);
		else if (s[i] < 0x80)
			label = tokens_label(s + i, 1);
		else
			label = tokens_printf("\\x%02X", s[i]);
		if (tokens_push(l, s[i], label) != 0)
			return -1;
	}
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
	case TOKENIZER_GPT2:
		return error_at(err, cfg->path, pl->line, pl->column,
		    "the gpt2 tokenizer is not available yet");
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
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	return 0;
}

static int
tokens_ids(const struct config *cfg, struct tokens_list *l,
    struct error *err)
{
	const struct config_place	*pl = &cfg->input.place;
	int64_t				 id;
	size_t				 i;

	for (i = 0; i < cfg->input.n_tokens; i++) {
		id = cfg->input.tokens[i];
		if (id < 0 || id >= cfg->model.vocab_size)
			return error_at(err, cfg->path, pl->line, pl->column,
			    "token %zu: id %lld is outside the vocabulary "
			    "[0, %lld)", i, (long long)id,
			    (long long)cfg->model.vocab_size);
		if (tokens_push(l, id, tokens_printf("#%lld",
		    (long long)id)) != 0)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "out of memory");
	}
	return 0;
}

static int
tokens_positions(const struct config *cfg, struct tokens_list *l,
    struct error *err)
{
	int64_t	i;

	for (i = 0; i < cfg->input.seq_len; i++)
		if (tokens_push(l, i, tokens_printf("%lld",
		    (long long)i)) != 0)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "out of memory");
	return 0;
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
		rc = tokens_text(cfg, text != NULL ? text : "", &l, err);
	} else if (cfg->input.kind == INPUT_TOKENS)
		rc = tokens_ids(cfg, &l, err);
	else
		rc = tokens_positions(cfg, &l, err);
	if (rc == 0 && out->n == 0)
		rc = error_at(err, cfg->path, pl->line, pl->column,
		    "the input has no tokens");
	if (rc == 0 && (int64_t)out->n > cfg->model.max_seq)
		rc = error_at(err, cfg->path, pl->line, pl->column,
		    "the input has %zu tokens, more than max_seq %lld",
		    out->n, (long long)cfg->model.max_seq);
	if (rc != 0)
		tokens_free(out);
	return rc;
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
