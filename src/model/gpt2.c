/*
 * gpt2.c - GPT-2's encoder.json + vocab.bpe; see gpt2.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/file.h"
#include "attntui/io/jsontree.h"
#include "attntui/model/gpt2.h"
#include "attntui/base/text.h"

#define GPT2_MAX_FILE	(64u << 20)	/* bytes of encoder.json or vocab.bpe */

/* encoder.json: token -> id, ids 0 to n - 1 each once. */
static int
gpt2_vocab(struct jsontree *jt, struct tok_vocab *v, struct error *err)
{
	const struct jsontree_node	*root = jt->root, *key, *id;
	const char			*other;
	size_t				 len;
	uint32_t			 i;
	int				 rc;

	if (root->type != JSONTREE_OBJECT || root->n == 0)
		return jsontree_error(jt, root, err, "the vocabulary is %s; "
		    "expected a JSON object of token -> id (encoder.json or "
		    "vocab.json)", root->type == JSONTREE_OBJECT ?
		    "empty" : jsontree_type_name(root));
	if (tok_vocab_init(v, root->n) != 0)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < root->n; i++) {
		key = &root->u.kids[2 * i];
		id = key + 1;
		if (key->n == 0)
			return jsontree_error(jt, key, err, "the empty string "
			    "is not a token; expected a token");
		if (id->type != JSONTREE_INTEGER || id->u.i < 0 ||
		    (uint64_t)id->u.i >= root->n)
			return jsontree_error(jt, id, err, "the id of \"%.64s\" "
			    "is %s; expected an integer from 0 to %u",
			    key->u.s, id->type == JSONTREE_INTEGER ?
			    "outside the vocabulary" : jsontree_type_name(id),
			    root->n - 1);
		if ((rc = tok_vocab_set(v, key->u.s, key->n, id->u.i)) < 0)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "out of memory");
		if (rc == 1)
			return jsontree_error(jt, key, err, "token \"%.64s\" is "
			    "given twice; expected each token once", key->u.s);
		if (rc == 2) {
			other = tok_vocab_token(v, id->u.i, &len);
			return jsontree_error(jt, id, err, "id %lld is given to "
			    "\"%.64s\" and to \"%.64s\"; expected each id once",
			    (long long)id->u.i, other, key->u.s);
		}
	}
	return 0;
}

/* The 1-based column of byte offset off in line: characters, not bytes. */
static int
gpt2_column(const char *line, size_t off)
{
	size_t	i;
	int	col = 1;

	for (i = 0; i < off && col < INT32_MAX; i++)
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static int
gpt2_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One merges line, line[0..len) without its newline: "a b". */
static int
gpt2_merge_line(struct bpe *b, const char *name, int ln, const char *line,
    size_t len, struct error *err)
{
	static const char *const which[] = { "the first token",
	    "the second token", "the merged token" };
	size_t	off[3], end[3], i = 0, k;
	char	*q;
	int	rc;

	for (k = 0; k < 3; k++) {
		while (i < len && gpt2_is_blank(line[i]))
			i++;
		if (i == len)
			break;
		off[k] = i;
		while (i < len && !gpt2_is_blank(line[i]))
			i++;
		end[k] = i;
	}
	if (k < 2)
		return error_at(err, name, ln, gpt2_column(line, i), k == 0 ?
		    "expected a merge, two tokens separated by a space" :
		    "expected a second token after a space");
	if (k == 3)
		return error_at(err, name, ln, gpt2_column(line, off[2]),
		    "expected two tokens, found a third");
	if ((rc = bpe_add_merge(b, line + off[0], end[0] - off[0],
	    line + off[1], end[1] - off[1])) == 0)
		return 0;
	if (rc < 0)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	q = text_escape(line + off[rc == 2], end[rc == 2] - off[rc == 2],
	    TEXT_SPACE_MARKER);
	error_at(err, name, ln, gpt2_column(line, off[rc == 2]), "%s (\"%s\"%s) "
	    "is not in the vocabulary; expected merges of its tokens",
	    which[rc - 1], q != NULL ? q : "?", rc == 3 ? " joined to the "
	    "second" : "");
	free(q);
	return -1;
}

/*
 * The merges file: lines split on \n (a \r before it dropped), a first
 * line starting "#version" skipped, empty lines skipped.
 */
static int
gpt2_merges(struct bpe *b, const char *name, const char *buf, size_t len,
    struct error *err)
{
	const char	*line, *nl;
	size_t		 llen, left = len, merges = 0;
	int		 ln = 0;

	for (line = buf; left > 0; line = nl + 1) {
		if ((nl = memchr(line, '\n', left)) == NULL)
			nl = line + left;
		llen = (size_t)(nl - line);
		left -= llen + (nl < buf + len);
		if (ln < INT32_MAX)
			ln++;
		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		if (llen == 0 || (ln == 1 && llen >= 8 &&
		    memcmp(line, "#version", 8) == 0))
			continue;
		if (gpt2_merge_line(b, name, ln, line, llen, err) != 0)
			return -1;
		merges++;
		if (nl == buf + len)
			break;
	}
	if (merges == 0)
		return error_set(err, EXIT_USAGE, name, 0, 0,
		    "no merges (expected \"a b\" lines, as in vocab.bpe)");
	return 0;
}

/* Lines of buf, to size the merge table. */
static size_t
gpt2_lines(const char *buf, size_t len)
{
	const char	*end = buf + len, *nl;
	size_t		 n = 1;

	for (; (nl = memchr(buf, '\n', (size_t)(end - buf))) != NULL;
	    buf = nl + 1)
		n++;
	return n;
}

int
gpt2_load_buffers(const char *vocab_name, const char *vocab,
    size_t vocab_len, const char *merges_name, const char *merges,
    size_t merges_len, struct tokenizer **out, struct error *err)
{
	struct jsontree		 jt;
	struct tok_vocab	*v = NULL;
	struct bpe		*b = NULL;
	struct bpe_options	 o = { -1, 0, 0, 0, NULL, NULL };
	char			*copy;

	*out = NULL;
	memset(&jt, 0, sizeof jt);
	if ((copy = malloc(vocab_len + 1)) == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	memcpy(copy, vocab, vocab_len);
	if (jsontree_parse(&jt, vocab_name, copy, vocab_len, err) != 0)
		goto fail;
	if ((v = calloc(1, sizeof *v)) == NULL) {
		error_set(err, EXIT_RUNTIME, NULL, 0, 0, "out of memory");
		goto fail;
	}
	if (gpt2_vocab(&jt, v, err) != 0)
		goto fail;
	if ((b = bpe_new(v, &o, merges != NULL ? gpt2_lines(merges,
	    merges_len) : 0)) == NULL) {
		error_set(err, EXIT_RUNTIME, NULL, 0, 0, "out of memory");
		goto fail;
	}
	if (merges != NULL && gpt2_merges(b, merges_name, merges, merges_len,
	    err) != 0)
		goto fail;
	jsontree_free(&jt);
	return tokenizer_from_gpt2(vocab_name, v, b, out, err);
fail:
	jsontree_free(&jt);
	bpe_free(b);
	if (v != NULL)
		tok_vocab_free(v);
	free(v);
	return -1;
}

int
gpt2_load(const char *vocab_path, const char *merges_path,
    struct tokenizer **out, struct error *err)
{
	char	*vocab = NULL, *merges = NULL;
	size_t	 vlen, mlen = 0;
	int	 rc = -1;

	*out = NULL;
	if (file_read(vocab_path, "a GPT-2 encoder.json", GPT2_MAX_FILE,
	    &vocab, &vlen, err) == 0 && (merges_path == NULL ||
	    file_read(merges_path, "a GPT-2 vocab.bpe", GPT2_MAX_FILE, &merges,
	    &mlen, err) == 0))
		rc = gpt2_load_buffers(vocab_path, vocab, vlen, merges_path,
		    merges, mlen, out, err);
	free(vocab);
	free(merges);
	return rc;
}
