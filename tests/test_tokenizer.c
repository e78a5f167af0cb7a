/*
 * test_tokenizer.c - the parts of tokenizer.json that the three real
 * files of the oracle test do not use, on small hand-written files, with
 * values counted by hand from the definitions in Hugging Face's
 * tokenizers (its documentation's examples where it has them); the
 * split behaviours; labels; and the malformed corpus in
 * tests/tokenizer/bad/, each with its exact message.
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "attntui/model/tok.h"
#include "attntui/model/tokenizer.h"

#define BAD_DIR		SRCDIR "/tests/tokenizer/bad/"

/* ---- helpers ------------------------------------------------------------ */

static struct tokenizer *
load(const char *json)
{
	struct tokenizer	*t;
	struct error		 err = { 0 };

	if (tokenizer_load_buffer("t.json", json, strlen(json), &t,
	    &err) != 0) {
		error_print(&err, stderr);
		error_clear(&err);
		fail_msg("not loaded");
	}
	return t;
}

/* "id id id" and "label|label" of text, in static buffers. */
static void
encode(const struct tokenizer *t, const char *text, const char **ids,
    const char **labels)
{
	static char	 ibuf[4096], lbuf[4096];
	struct error	 err = { 0 };
	int64_t		*v;
	char		**l;
	size_t		 n, i, io = 0, lo = 0;

	if (tokenizer_encode(t, text, strlen(text), &v, &l, &n, &err) != 0) {
		error_print(&err, stderr);
		fail_msg("encode failed");
	}
	ibuf[0] = lbuf[0] = '\0';
	for (i = 0; i < n; i++) {
		io += (size_t)snprintf(ibuf + io, sizeof ibuf - io, "%s%lld",
		    i > 0 ? " " : "", (long long)v[i]);
		lo += (size_t)snprintf(lbuf + lo, sizeof lbuf - lo, "%s%s",
		    i > 0 ? "|" : "", l[i]);
		free(l[i]);
	}
	free(l);
	free(v);
	*ids = ibuf;
	if (labels != NULL)
		*labels = lbuf;
}

static void
assert_ids(const struct tokenizer *t, const char *text, const char *want)
{
	const char	*ids;

	encode(t, text, &ids, NULL);
	if (strcmp(ids, want) != 0)
		fail_msg("\"%s\": ids \"%s\", expected \"%s\"", text, ids, want);
}

static void
assert_labels(const struct tokenizer *t, const char *text, const char *want)
{
	const char	*ids, *labels;

	encode(t, text, &ids, &labels);
	if (strcmp(labels, want) != 0)
		fail_msg("\"%s\": labels \"%s\", expected \"%s\"", text, labels,
		    want);
}

/* ---- BERT: BertNormalizer, BertPreTokenizer, WordPiece, BertProcessing -- */

static const char bert[] = "{"
    "\"added_tokens\": ["
    " {\"id\": 0, \"content\": \"[PAD]\", \"special\": true},"
    " {\"id\": 1, \"content\": \"[UNK]\", \"special\": true},"
    " {\"id\": 2, \"content\": \"[CLS]\", \"special\": true},"
    " {\"id\": 3, \"content\": \"[SEP]\", \"special\": true},"
    " {\"id\": 4, \"content\": \"[MASK]\", \"special\": true}],"
    "\"normalizer\": {\"type\": \"BertNormalizer\", \"clean_text\": true,"
    " \"handle_chinese_chars\": true, \"strip_accents\": null,"
    " \"lowercase\": true},"
    "\"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"},"
    "\"post_processor\": {\"type\": \"BertProcessing\","
    " \"sep\": [\"[SEP]\", 3], \"cls\": [\"[CLS]\", 2]},"
    "\"decoder\": {\"type\": \"WordPiece\", \"prefix\": \"##\"},"
    "\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\","
    " \"continuing_subword_prefix\": \"##\","
    " \"max_input_chars_per_word\": 10, \"vocab\": {"
    " \"[PAD]\": 0, \"[UNK]\": 1, \"[CLS]\": 2, \"[SEP]\": 3, \"[MASK]\": 4,"
    " \"the\": 5, \"quick\": 6, \"brown\": 7, \"fox\": 8, \"##es\": 9,"
    " \",\": 10, \"!\": 11, \"un\": 12, \"##aff\": 13, \"##able\": 14,"
    " \"caf\": 15, \"##e\": 16, \"\xe4\xbd\xa0\": 17, \"\xe5\xa5\xbd\": 18,"
    " \"a\": 19}}}";

static void
test_bert(void **state)
{
	struct tokenizer	*t = load(bert);

	(void)state;
	/*
	 * Lowercased, accents stripped (strip_accents null follows
	 * lowercase), CJK characters spaced, split on whitespace and
	 * punctuation, then the longest pieces of the vocabulary.
	 */
	assert_ids(t, "The QUICK, brown Foxes! unAffable Caf\xc3\xa9 "
	    "\xe4\xbd\xa0\xe5\xa5\xbd xyz",
	    "2 5 6 10 7 8 9 11 12 13 14 15 16 17 18 1 3");
	assert_labels(t, "Foxes!", "[CLS]|fox|##es|!|[SEP]");
	/* Special tokens are found in the raw text, uncased. */
	assert_ids(t, "the [MASK] fox", "2 5 4 8 3");
	assert_ids(t, "the [mask] fox", "2 5 1 1 1 8 3");
	/* Longer than max_input_chars_per_word (10): unknown. */
	assert_ids(t, "aaaaaaaaaaa", "2 1 3");
	/* Control characters go, tabs and newlines are spaces. */
	assert_ids(t, "the\x01\tfox\n", "2 5 8 3");
	assert_ids(t, "", "2 3");
	tokenizer_free(t);
}

/* ---- Metaspace, byte fallback, unknown tokens ------------------------ */

static const char meta[] = "{"
    "\"added_tokens\": [{\"id\": 0, \"content\": \"<unk>\", \"special\": true},"
    " {\"id\": 9, \"content\": \"<s>\", \"special\": true}],"
    "\"pre_tokenizer\": {\"type\": \"Metaspace\", \"replacement\": \"\xe2\x96\x81\","
    " \"prepend_scheme\": \"first\", \"split\": true},"
    "\"post_processor\": {\"type\": \"TemplateProcessing\","
    " \"single\": [{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}},"
    "  {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}],"
    " \"special_tokens\": {\"<s>\": {\"id\": \"<s>\", \"ids\": [9],"
    "  \"tokens\": [\"<s>\"]}}},"
    "\"decoder\": {\"type\": \"Sequence\", \"decoders\": ["
    " {\"type\": \"Replace\", \"pattern\": {\"String\": \"\xe2\x96\x81\"},"
    "  \"content\": \" \"}, {\"type\": \"ByteFallback\"}, {\"type\": \"Fuse\"},"
    " {\"type\": \"Strip\", \"content\": \" \", \"start\": 1, \"stop\": 0}]},"
    "\"model\": {\"type\": \"BPE\", \"unk_token\": \"<unk>\", \"fuse_unk\": true,"
    " \"byte_fallback\": true, \"vocab\": {\"<unk>\": 0, \"\xe2\x96\x81\": 1,"
    " \"a\": 2, \"b\": 3, \"\xe2\x96\x81" "a\": 4, \"<0xC3>\": 5,"
    " \"<0xA9>\": 6, \"ab\": 7, \"\xe2\x96\x81" "ab\": 8, \"<s>\": 9},"
    " \"merges\": [[\"a\", \"b\"], [\"\xe2\x96\x81\", \"a\"],"
    "  [\"\xe2\x96\x81" "a\", \"b\"]]}}";

static void
test_metaspace(void **state)
{
	struct tokenizer	*t = load(meta);

	(void)state;
	/*
	 * "▁ab▁b▁a", split before each ▁.  In "▁ab", a b (rank 0) merges
	 * before ▁ a (rank 1) could, and ▁ ab is no merge: ▁ab is never
	 * reached.
	 */
	assert_ids(t, "ab b a", "9 1 7 1 3 4");
	assert_labels(t, "ab b a", "<s>|\xe2\x90\xa3|ab|\xe2\x90\xa3|b|"
	    "\xe2\x90\xa3" "a");
	/* é has no token: its bytes' tokens (labels: not whole characters). */
	assert_ids(t, "\xc3\xa9", "9 1 5 6");
	assert_labels(t, "\xc3\xa9", "<s>|\xe2\x90\xa3|\\xC3|\\xA9");
	/* x and y have neither: one fused unknown. */
	assert_ids(t, "axy", "9 4 0");
	/* After an added token, no ▁ is prepended (prepend_scheme first). */
	assert_ids(t, "<s>a", "9 9 2");
	tokenizer_free(t);
}

/* ---- ByteLevel, Split, Digits, Punctuation, normalizers -------------- */

/* A vocabulary of every printable ASCII character, 0x21-0x7E = ids 0-93,
   with GPT-2's Ġ (space) 94 and Ċ (newline) 95. */
static char *
ascii_tokenizer(const char *normalizer, const char *pre_tokenizer,
    const char *extra_vocab, const char *merges)
{
	static char	 json[16384];
	size_t		 o;
	int		 c;

	o = (size_t)snprintf(json, sizeof json, "{\"normalizer\": %s, "
	    "\"pre_tokenizer\": %s, \"decoder\": {\"type\": \"ByteLevel\"}, "
	    "\"model\": {\"type\": \"BPE\", \"merges\": [%s], \"vocab\": {",
	    normalizer, pre_tokenizer, merges);
	for (c = 0x21; c < 0x7f; c++)
		o += (size_t)snprintf(json + o, sizeof json - o,
		    "\"%s%c\": %d, ", c == '"' || c == '\\' ? "\\" : "", c,
		    c - 0x21);
	snprintf(json + o, sizeof json - o, "\"\\u0120\": 94, \"\\u010a\": 95"
	    "%s}}}", extra_vocab);
	return json;
}

static void
test_byte_level(void **state)
{
	struct tokenizer	*t;

	(void)state;
	/* add_prefix_space: " ab" -> Ġab, merged; "a\n": a, Ċ. */
	t = load(ascii_tokenizer("null", "{\"type\": \"ByteLevel\", "
	    "\"add_prefix_space\": true}", ", \"\\u0120a\": 96, "
	    "\"\\u0120ab\": 97", "\"\\u0120 a\", \"\\u0120a b\""));
	assert_ids(t, "ab", "97");
	assert_ids(t, " ab", "97");
	assert_ids(t, "a\n", "96 95");
	/* Ġc is no token: Ġ, then c. */
	assert_labels(t, "ab c", "\xe2\x90\xa3" "ab|\xe2\x90\xa3|c");
	tokenizer_free(t);
}

static void
test_pre_tokenizers(void **state)
{
	struct tokenizer	*t;

	(void)state;
	/* Digits one by one, punctuation alone, the words whole. */
	t = load(ascii_tokenizer("null", "{\"type\": \"Sequence\", "
	    "\"pretokenizers\": [{\"type\": \"WhitespaceSplit\"}, "
	    "{\"type\": \"Digits\", \"individual_digits\": true}, "
	    "{\"type\": \"Punctuation\", \"behavior\": \"Isolated\"}]}",
	    ", \"12\": 96, \"ab\": 97, \"a.\": 98",
	    "\"1 2\", \"a b\", \"a .\""));
	/* "12" would merge if it were one piece; "a." likewise. */
	assert_ids(t, "12 ab a.", "16 17 97 64 13");
	tokenizer_free(t);
	/* Split with a regex, its matches removed; invert keeps matches. */
	t = load(ascii_tokenizer("null", "{\"type\": \"Split\", \"pattern\": "
	    "{\"Regex\": \"[0-9]+\"}, \"behavior\": \"Removed\", "
	    "\"invert\": false}", ", \"ab\": 96", "\"a b\""));
	assert_ids(t, "a12b", "64 65");
	assert_ids(t, "ab99ab", "96 96");
	tokenizer_free(t);
	t = load(ascii_tokenizer("null", "{\"type\": \"Split\", \"pattern\": "
	    "{\"Regex\": \"(?i:ab)\"}, \"behavior\": \"Removed\", "
	    "\"invert\": true}", ", \"ab\": 96, \"AB\": 97",
	    "\"a b\", \"A B\""));
	assert_ids(t, "xabyABz", "96 97");
	tokenizer_free(t);
}

static void
test_normalizers(void **state)
{
	struct tokenizer	*t;

	(void)state;
	/* NFKC: the ligature ﬁ is f i; full-width Ａ is A. */
	t = load(ascii_tokenizer("{\"type\": \"NFKC\"}", "null", "", ""));
	assert_ids(t, "\xef\xac\x81\xef\xbc\xa1", "69 72 32");
	tokenizer_free(t);
	/* Strip both sides, Lowercase, Replace by regex, Prepend. */
	t = load(ascii_tokenizer("{\"type\": \"Sequence\", \"normalizers\": "
	    "[{\"type\": \"Strip\", \"strip_left\": true, \"strip_right\": "
	    "true}, {\"type\": \"Lowercase\"}, {\"type\": \"Replace\", "
	    "\"pattern\": {\"Regex\": \"[0-9]+\"}, \"content\": \"#\"}, "
	    "{\"type\": \"Prepend\", \"prepend\": \"^\"}]}", "null", "", ""));
	assert_ids(t, "  A12b \t", "61 64 2 65");
	/* Prepend adds nothing to nothing. */
	assert_ids(t, "   ", "");
	tokenizer_free(t);
	/* StripAccents after NFD: é is e. */
	t = load(ascii_tokenizer("{\"type\": \"Sequence\", \"normalizers\": "
	    "[{\"type\": \"NFD\"}, {\"type\": \"StripAccents\"}]}", "null",
	    "", ""));
	assert_ids(t, "\xc3\xa9" "e\xcc\x81", "68 68");
	tokenizer_free(t);
}

/* ---- BPE options --------------------------------------------------------- */

static void
test_bpe_options(void **state)
{
	struct tokenizer	*t;

	(void)state;
	/* ignore_merges: a word in the vocabulary is one token even when
	   the merges would build it otherwise (here: not at all). */
	t = load("{\"model\": {\"type\": \"BPE\", \"ignore_merges\": true, "
	    "\"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2, \"abb\": 3}, "
	    "\"merges\": [\"a b\"]}}");
	assert_ids(t, "abb", "3");
	assert_ids(t, "abab", "2 2");
	tokenizer_free(t);
	/* continuing_subword_prefix and end_of_word_suffix. */
	t = load("{\"model\": {\"type\": \"BPE\", "
	    "\"continuing_subword_prefix\": \"##\", \"end_of_word_suffix\": "
	    "\"</w>\", \"vocab\": {\"a\": 0, \"##b\": 1, \"##c</w>\": 2, "
	    "\"ab\": 3, \"abc</w>\": 4, \"a</w>\": 5}, "
	    "\"merges\": [\"a ##b\", \"ab ##c</w>\"]}}");
	assert_ids(t, "abc", "4");
	assert_ids(t, "a", "5");
	/* "##b</w>" is not a token, and there is no unknown one: dropped. */
	assert_ids(t, "ab", "0");
	tokenizer_free(t);
}

/* ---- added tokens ---------------------------------------------------------- */

/*
 * The example of tokenizers' added_vocabulary.rs (options_use_cases),
 * on a WordPiece model: "my" strips the spaces around it and matches
 * the lowercased text, "ony" only as a word.
 */
static void
test_added_options(void **state)
{
	struct tokenizer	*t;

	(void)state;
	t = load("{\"added_tokens\": ["
	    " {\"id\": 0, \"content\": \"my\", \"lstrip\": true, \"rstrip\": "
	    "true, \"normalized\": true, \"special\": false},"
	    " {\"id\": 1, \"content\": \"name\", \"normalized\": true},"
	    " {\"id\": 2, \"content\": \"ony\", \"single_word\": true, "
	    "\"normalized\": true},"
	    " {\"id\": 3, \"content\": \"[CLS]\", \"special\": true},"
	    " {\"id\": 4, \"content\": \"[SEP]\", \"special\": true}],"
	    "\"normalizer\": {\"type\": \"Lowercase\"},"
	    "\"pre_tokenizer\": {\"type\": \"Whitespace\"},"
	    "\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", "
	    "\"vocab\": {\"my\": 0, \"name\": 1, \"ony\": 2, \"[CLS]\": 3, "
	    "\"[SEP]\": 4, \"[UNK]\": 5, \"is\": 6, \"anth\": 7, \"##ony\": 8,"
	    " \"a\": 9}}}");
	assert_ids(t, "[CLS] My name is Anthony [SEP]", "3 0 1 6 7 8 4");
	assert_labels(t, "[CLS] My name", "[CLS]|my|name");
	/* single_word: "ony" alone is the added token. */
	assert_ids(t, "a ony", "9 2");
	tokenizer_free(t);
}

/* ---- split behaviours ----------------------------------------------------- */

/*
 * The example of tokenizers' documentation for SplitDelimiterBehavior:
 * "the-final--countdown" split on "-".
 */
static void
test_behaviors(void **state)
{
	static const struct {
		enum tok_behavior	 b;
		const char		*want;
	} cases[] = {
		{ TOK_REMOVED, "the|final|countdown" },
		{ TOK_ISOLATED, "the|-|final|-|-|countdown" },
		{ TOK_MERGED_WITH_PREVIOUS, "the-|final-|-|countdown" },
		{ TOK_MERGED_WITH_NEXT, "the|-final|-|-countdown" },
		{ TOK_CONTIGUOUS, "the|-|final|--|countdown" },
	};
	static const char	 s[] = "the-final--countdown";
	struct tok_spans	 sp = { 0 };
	char			 got[128];
	size_t			 i, k, o;

	(void)state;
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		sp.n = 0;
		assert_int_equal(tok_spans_add(&sp, 0, 3, 0), 0);
		assert_int_equal(tok_spans_add(&sp, 3, 4, 1), 0);
		assert_int_equal(tok_spans_add(&sp, 4, 9, 0), 0);
		assert_int_equal(tok_spans_add(&sp, 9, 10, 1), 0);
		assert_int_equal(tok_spans_add(&sp, 10, 11, 1), 0);
		assert_int_equal(tok_spans_add(&sp, 11, 20, 0), 0);
		tok_spans_apply(&sp, cases[k].b);
		for (i = o = 0; i < sp.n; i++)
			o += (size_t)snprintf(got + o, sizeof got - o, "%s%.*s",
			    i > 0 ? "|" : "", (int)(sp.v[i].end -
			    sp.v[i].start), s + sp.v[i].start);
		assert_string_equal(got, cases[k].want);
	}
	free(sp.v);
}

/* ---- labels by id -------------------------------------------------------- */

static void
test_label_by_id(void **state)
{
	struct tokenizer	*t = load(meta);
	char			*l;

	(void)state;
	assert_int_equal(tokenizer_vocab_size(t), 10);
	assert_string_equal(l = tokenizer_label(t, 8), "\xe2\x90\xa3" "ab");
	free(l);
	assert_string_equal(l = tokenizer_label(t, 9), "<s>");
	free(l);
	assert_string_equal(l = tokenizer_label(t, 5), "\\xC3");
	free(l);
	assert_null(tokenizer_label(t, 10));
	assert_null(tokenizer_label(t, -1));
	tokenizer_free(t);
}

/* ---- the malformed corpus ------------------------------------------------ */

struct bad {
	const char	*file;		/* in tests/tokenizer/bad/ */
	int		 line, column;
	const char	*message;
};

static const struct bad bad_files[] = {
	{ "added-empty.json", 2, 20,
	  "an added token is empty; expected its content" },
	{ "added-id-beyond.json", 2, 20,
	  "added token \"<s>\" has id 99; expected 3 (the next id after "
	  "the vocabulary and the tokens added before it)" },
	{ "added-id-mismatch.json", 2, 20,
	  "added token \"a\" has id 2; expected 0 (its id in the "
	  "vocabulary)" },
	{ "added-string.json", 2, 20,
	  "an added token is a string; expected an object" },
	{ "bad-escape.json", 4, 41,
	  "invalid escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r "
	  "\\t \\uXXXX" },
	{ "behavior-unknown.json", 2, 78,
	  "behavior \"Sideways\" is not supported; expected Removed, "
	  "Isolated, MergedWithPrevious, MergedWithNext or Contiguous" },
	{ "bom.json", 1, 1,
	  "a byte order mark; expected JSON text without one" },
	{ "bool-as-string.json", 6, 22,
	  "\"byte_fallback\" is a string; expected a boolean" },
	{ "control-char.json", 4, 42,
	  "control character U+0009 in a string; expected it escaped" },
	{ "decoder-unknown.json", 2, 23,
	  "decoder type \"Cyrillic\" is not supported; expected "
	  "ByteLevel, Replace, ByteFallback, Metaspace, BPEDecoder, "
	  "WordPiece, Fuse, Strip, CTC or Sequence" },
	{ "deep-nesting.json", 1, 138,
	  "nested deeper than 128 levels" },
	{ "dropout.json", 6, 16,
	  "dropout 0.1 is random; expected null or 0" },
	{ "empty.json", 1, 1,
	  "expected a value, found the end of the file" },
	{ "invalid-utf8-key.json", 4, 32,
	  "invalid UTF-8 (byte 0xFF) in a string; expected UTF-8 text" },
	{ "lone-surrogate.json", 4, 41,
	  "\\uD800 is a lone high surrogate; expected a low surrogate "
	  "after it" },
	{ "merges-merged-missing.json", 5, 16,
	  "merge of \"a\" and \"b\": the merged token is not in the "
	  "vocabulary; expected merges of its tokens" },
	{ "merges-missing-token.json", 5, 16,
	  "merge of \"a\" and \"c\": the second token is not in the "
	  "vocabulary; expected merges of its tokens" },
	{ "merges-no-space.json", 5, 16,
	  "merge \"ab\" has no space; expected \"a b\"" },
	{ "merges-two-spaces.json", 5, 16,
	  "merge \"a b c\" has more than one space; expected \"a b\"" },
	{ "merges-number.json", 5, 16,
	  "a merge is an integer; expected \"a b\" or [\"a\", \"b\"]" },
	{ "merges-triple.json", 5, 16,
	  "a merge is an array; expected \"a b\" or [\"a\", \"b\"]" },
	{ "metaspace-replacement.json", 2, 20,
	  "\"replacement\" is \"__\"; expected one character" },
	{ "model-no-type.json", 2, 12,
	  "\"type\" is missing; expected it in this object" },
	{ "model-not-object.json", 2, 12,
	  "\"model\" is a string; expected an object" },
	{ "model-unigram.json", 3, 13,
	  "model type \"Unigram\" is not supported; expected BPE or "
	  "WordPiece" },
	{ "no-model.json", 1, 1,
	  "\"model\" is missing; expected it in this object" },
	{ "normalizer-null-in-sequence.json", 2, 71,
	  "null in \"normalizers\"; expected a normalizer object" },
	{ "normalizer-precompiled.json", 2, 26,
	  "normalizer type \"Precompiled\" is not supported; expected "
	  "NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Replace, "
	  "Prepend, BertNormalizer or Sequence" },
	{ "not-json.json", 1, 1,
	  "expected a value (true, false or null?), found 't'" },
	{ "number-bad.json", 4, 38,
	  "expected ',' or '}', found '2'" },
	{ "pattern-both.json", 2, 48,
	  "\"pattern\" has both; expected {\"String\": ...} or "
	  "{\"Regex\": ...}" },
	{ "post-id-beyond.json", 2, 21,
	  "the post-processor adds id 101; expected an id below 3" },
	{ "post-unknown-special.json", 2, 87,
	  "special token \"<s>\" is not in \"special_tokens\"; expected "
	  "it there" },
	{ "post-unknown.json", 2, 30,
	  "post-processor type \"Unknown\" is not supported; expected "
	  "TemplateProcessing, BertProcessing, RobertaProcessing, "
	  "ByteLevel or Sequence" },
	{ "pretok-no-type.json", 2, 20,
	  "\"type\" is missing; expected it in this object" },
	{ "pretok-unknown.json", 2, 29,
	  "pre-tokenizer type \"UnicodeScripts\" is not supported; "
	  "expected ByteLevel, Split, Metaspace, Whitespace, "
	  "WhitespaceSplit, Digits, Punctuation, BertPreTokenizer or "
	  "Sequence" },
	{ "regex-bad-property.json", 2, 59,
	  "the regex does not compile (invalid character property name "
	  "{Nonsense}); expected an Oniguruma pattern" },
	{ "regex-unclosed.json", 2, 59,
	  "the regex does not compile (end pattern with unmatched "
	  "parenthesis); expected an Oniguruma pattern" },
	{ "top-array.json", 1, 1,
	  "the top level is an array; expected an object (a "
	  "tokenizer.json)" },
	{ "trailing-comma.json", 4, 39,
	  "expected a string key, found '}'" },
	{ "truncated.json", 5, 1,
	  "expected ',' or '}', found the end of the file" },
	{ "unk-not-in-vocab.json", 6, 18,
	  "unk_token \"<unk>\" is not in the vocabulary; expected one of "
	  "its tokens" },
	{ "vocab-array.json", 4, 14,
	  "\"vocab\" is an array; expected an object" },
	{ "vocab-dup-id.json", 4, 28,
	  "id 0 is given to \"a\" and to \"b\"; expected each id once" },
	{ "vocab-dup-key.json", 4, 31,
	  "token \"a\" is given twice; expected each token once" },
	{ "vocab-empty.json", 4, 14,
	  "the vocabulary is empty; expected tokens and their ids" },
	{ "vocab-id-beyond.json", 4, 37,
	  "id 7 of \"ab\" is outside the vocabulary's 3 entries; "
	  "expected 0 to 2" },
	{ "vocab-id-string.json", 4, 20,
	  "the id of \"a\" is a string; expected an integer id" },
};

static void
test_bad_corpus(void **state)
{
	const struct bad	*b;
	struct tokenizer	*t;
	struct error		 err = { 0 };
	char			 path[1024];
	size_t			 i;

	(void)state;
	assert_true(sizeof bad_files / sizeof bad_files[0] >= 30);
	for (i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		b = &bad_files[i];
		snprintf(path, sizeof path, BAD_DIR "%s", b->file);
		t = (struct tokenizer *)1;
		if (tokenizer_load(path, &t, &err) != -1)
			fail_msg("%s: accepted", b->file);
		assert_null(t);
		if (err.message == NULL || strcmp(err.message, b->message) != 0)
			fail_msg("%s: message \"%s\", expected \"%s\"", b->file,
			    err.message, b->message);
		if (err.line != b->line || err.column != b->column)
			fail_msg("%s: at %d:%d, expected %d:%d", b->file,
			    err.line, err.column, b->line, b->column);
		assert_string_equal(err.file, path);
		assert_int_equal(err.status, EXIT_USAGE);
		error_clear(&err);
	}
}

/* Larger than TOKENIZER_MAX_FILE: refused before a byte is read. */
static void
test_huge(void **state)
{
	struct tokenizer	*t;
	struct error		 err = { 0 };
	char			 path[] = "/tmp/attntui-huge-XXXXXX";
	int			 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(ftruncate(fd, (off_t)TOKENIZER_MAX_FILE + 1), 0);
	close(fd);
	assert_int_equal(tokenizer_load(path, &t, &err), -1);
	unlink(path);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_non_null(strstr(err.message, "expected a tokenizer.json"));
	error_clear(&err);
}

/* The buffer form names its errors by the name given. */
static void
test_buffer_errors(void **state)
{
	struct tokenizer	*t;
	struct error		 err = { 0 };

	(void)state;
	assert_int_equal(tokenizer_load_buffer("x.json", "{\"model\": 1}", 12,
	    &t, &err), -1);
	assert_string_equal(err.file, "x.json");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 11);
	assert_string_equal(err.message, "\"model\" is an integer; expected "
	    "an object");
	error_clear(&err);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_bert),
		cmocka_unit_test(test_metaspace),
		cmocka_unit_test(test_byte_level),
		cmocka_unit_test(test_pre_tokenizers),
		cmocka_unit_test(test_normalizers),
		cmocka_unit_test(test_bpe_options),
		cmocka_unit_test(test_added_options),
		cmocka_unit_test(test_behaviors),
		cmocka_unit_test(test_label_by_id),
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_buffer_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
