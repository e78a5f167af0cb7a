/*
 * bpe.c - GPT-2's byte-level BPE tokenizer; see bpe.h.
 *
 * Every string the files name (vocabulary tokens, both halves of each
 * merge and its result) becomes a "symbol": its raw bytes, interned once.
 * Symbols 0..255 are the single bytes, so a word starts as its bytes and
 * BPE works on symbol numbers only: the merge table maps a pair of
 * symbols to its rank and to the merged symbol.
 */
#include "build-config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "attntui/base/file.h"
#include "attntui/model/bpe.h"
#include "attntui/base/text.h"
#include "attntui/base/rng.h"
#include "unicode_tables.h"

#define BPE_NONE	UINT32_MAX	/* no symbol, no rank */
#define BPE_MAX_SYMS	(UINT32_MAX - 1)
#define BPE_MAX_ID	INT32_MAX
#define BPE_MAX_FILE	(64u << 20)	/* bytes of encoder.json or vocab.bpe */

struct bpe_sym {
	size_t		 off;		/* into arena */
	size_t		 len;
	int64_t		 id;		/* -1: not in the vocabulary */
};

struct bpe_pair {
	uint64_t	 key;		/* a << 32 | b; UINT64_MAX: empty */
	uint32_t	 rank;
	uint32_t	 merged;
};

struct bpe_id {
	int64_t		 id;
	uint32_t	 sym;
};

struct bpe {
	char		*vocab_name;
	char		*arena;		/* the bytes of every symbol */
	size_t		 arena_len, arena_cap;
	struct bpe_sym	*syms;
	size_t		 nsyms, syms_cap;
	uint32_t	*index;		/* bytes -> sym + 1; 0: empty */
	size_t		 index_cap;	/* a power of two */
	struct bpe_pair	*pairs;
	size_t		 npairs, pairs_cap;
	struct bpe_id	*by_id;		/* sorted by id, for labels */
	size_t		 nids;
};

/* ---- GPT-2's byte <-> unicode alphabet ------------------------------- */

/*
 * bytes_to_unicode() of encoder.py: printable Latin-1 bytes stand for
 * themselves, the other 68 take U+0100 onwards in byte order, so that no
 * token contains a space or a control character.
 */
static int
bpe_byte_is_printable(unsigned b)
{
	return (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) ||
	    (b >= 0xae && b <= 0xff);
}

/* The byte a code point of the alphabet stands for, or -1. */
static int
bpe_unicode_to_byte(unsigned cp)
{
	static const unsigned char	high[68] = {	/* U+0100 onwards */
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
		0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
		0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
		0x1e, 0x1f, 0x20, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85,
		0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
		0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
		0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xad
	};

	if (cp < 0x100)
		return bpe_byte_is_printable(cp) ? (int)cp : -1;
	if (cp >= 0x100 + sizeof high)
		return -1;
	return high[cp - 0x100];
}

int
bpe_alphabet_byte(unsigned cp)
{
	return bpe_unicode_to_byte(cp);
}

/* ---- labels ----------------------------------------------------------- */

/* ---- symbols and merges ----------------------------------------------- */

static size_t
bpe_hash_pair(uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17);
}

static int
bpe_index_grow(struct bpe *b)
{
	uint32_t	*index;
	size_t		 cap = b->index_cap * 2, i, h;

	if ((index = calloc(cap, sizeof *index)) == NULL)
		return -1;
	for (i = 0; i < b->nsyms; i++) {
		h = rng_fnv1a64(b->arena + b->syms[i].off, b->syms[i].len);
		while (index[h & (cap - 1)] != 0)
			h++;
		index[h & (cap - 1)] = (uint32_t)i + 1;
	}
	free(b->index);
	b->index = index;
	b->index_cap = cap;
	return 0;
}

static int
bpe_arena_add(struct bpe *b, const void *s, size_t n)
{
	char	*p;
	size_t	 cap;

	if (n > SIZE_MAX / 4 - b->arena_len)
		return -1;
	if (b->arena_len + n > b->arena_cap) {
		cap = b->arena_cap == 0 ? 4096 : b->arena_cap;
		while (cap < b->arena_len + n)
			cap *= 2;
		if ((p = realloc(b->arena, cap)) == NULL)
			return -1;
		b->arena = p;
		b->arena_cap = cap;
	}
	memcpy(b->arena + b->arena_len, s, n);
	b->arena_len += n;
	return 0;
}

/* The symbol of bytes s[0..n), interned when new; BPE_NONE on failure. */
static uint32_t
bpe_intern(struct bpe *b, const void *s, size_t n)
{
	struct bpe_sym	*syms;
	size_t		 h, cap;
	uint32_t	 slot;

	h = rng_fnv1a64(s, n);
	while ((slot = b->index[h & (b->index_cap - 1)]) != 0) {
		if (b->syms[slot - 1].len == n &&
		    memcmp(b->arena + b->syms[slot - 1].off, s, n) == 0)
			return slot - 1;
		h++;
	}
	if (b->nsyms >= BPE_MAX_SYMS)
		return BPE_NONE;
	if (b->nsyms == b->syms_cap) {
		cap = b->syms_cap == 0 ? 1024 : b->syms_cap * 2;
		if ((syms = reallocarray(b->syms, cap, sizeof *syms)) == NULL)
			return BPE_NONE;
		b->syms = syms;
		b->syms_cap = cap;
	}
	b->syms[b->nsyms].off = b->arena_len;
	b->syms[b->nsyms].len = n;
	b->syms[b->nsyms].id = -1;
	if (bpe_arena_add(b, s, n) != 0)
		return BPE_NONE;
	b->index[h & (b->index_cap - 1)] = (uint32_t)++b->nsyms;
	if (b->nsyms * 2 > b->index_cap && bpe_index_grow(b) != 0)
		return BPE_NONE;
	return (uint32_t)b->nsyms - 1;
}

/* The slot of pair (x, y): where it is, or the empty slot it would take. */
static struct bpe_pair *
bpe_pair_slot(const struct bpe *b, uint32_t x, uint32_t y)
{
	uint64_t	key = (uint64_t)x << 32 | y;
	size_t		h = bpe_hash_pair(key);

	while (b->pairs[h & (b->pairs_cap - 1)].key != UINT64_MAX &&
	    b->pairs[h & (b->pairs_cap - 1)].key != key)
		h++;
	return &b->pairs[h & (b->pairs_cap - 1)];
}

static int
bpe_pairs_grow(struct bpe *b)
{
	struct bpe_pair	*old = b->pairs, *slot;
	size_t		 oldcap = b->pairs_cap, i;

	b->pairs_cap = oldcap == 0 ? 1024 : oldcap * 2;
	if ((b->pairs = malloc(b->pairs_cap * sizeof *b->pairs)) == NULL) {
		b->pairs = old;
		b->pairs_cap = oldcap;
		return -1;
	}
	memset(b->pairs, 0xff, b->pairs_cap * sizeof *b->pairs);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == UINT64_MAX)
			continue;
		slot = bpe_pair_slot(b, (uint32_t)(old[i].key >> 32),
		    (uint32_t)old[i].key);
		*slot = old[i];
	}
	free(old);
	return 0;
}

/*
 * Record merge (x, y) -> m with this rank.  A pair listed twice keeps the
 * later rank, as dict(zip(merges, range(n))) does in encoder.py.
 */
static int
bpe_pair_add(struct bpe *b, uint32_t x, uint32_t y, uint32_t m,
    uint32_t rank)
{
	struct bpe_pair	*slot;

	if ((b->npairs + 1) * 2 > b->pairs_cap && bpe_pairs_grow(b) != 0)
		return -1;
	slot = bpe_pair_slot(b, x, y);
	if (slot->key == UINT64_MAX)
		b->npairs++;
	slot->key = (uint64_t)x << 32 | y;
	slot->rank = rank;
	slot->merged = m;
	return 0;
}

/* Size the tables for what a file announces, to skip the regrowing. */
static int
bpe_reserve(struct bpe *b, size_t syms, size_t pairs)
{
	while (b->index_cap / 2 < syms && b->index_cap < SIZE_MAX / 8)
		if (bpe_index_grow(b) != 0)
			return -1;
	while (b->pairs_cap / 2 < pairs && b->pairs_cap < SIZE_MAX / 64)
		if (bpe_pairs_grow(b) != 0)
			return -1;
	return 0;
}

static struct bpe *
bpe_new(const char *vocab_name)
{
	struct bpe	*b;
	unsigned char	 c;
	unsigned	 i;

	if ((b = calloc(1, sizeof *b)) == NULL)
		return NULL;
	b->index_cap = 1024;
	if ((b->vocab_name = strdup(vocab_name)) == NULL ||
	    (b->index = calloc(b->index_cap, sizeof *b->index)) == NULL ||
	    bpe_pairs_grow(b) != 0)
		goto fail;
	for (i = 0; i < 256; i++) {
		c = (unsigned char)i;
		if (bpe_intern(b, &c, 1) != i)
			goto fail;
	}
	return b;
fail:
	bpe_free(b);
	return NULL;
}

/*
 * Turn s[0..n), written in GPT-2's alphabet, into raw bytes at out (at
 * most n bytes).  Returns the length, or -1 with *bad the offset of the
 * first character that is not valid UTF-8 (*cp unset) or not in the
 * alphabet (*cp set, else UINT32_MAX).
 */
static ssize_t
bpe_unalphabet(const unsigned char *s, size_t n, unsigned char *out,
    size_t *bad, unsigned *cp)
{
	size_t	i = 0, o = 0, len;
	int	byte;

	while (i < n) {
		*cp = UINT32_MAX;
		if ((len = text_utf8(s + i, n - i, cp)) == 0 ||
		    (byte = bpe_unicode_to_byte(*cp)) < 0) {
			*bad = i;
			if (len == 0)
				*cp = UINT32_MAX;
			return -1;
		}
		out[o++] = (unsigned char)byte;
		i += len;
	}
	return (ssize_t)o;
}

/* ---- loading the vocabulary ------------------------------------------- */

static int
bpe_id_cmp(const void *a, const void *b)
{
	const struct bpe_id	*x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* The label of a token as the file spells it, for an error message. */
static const char *
bpe_quote(const char *s, size_t n, char *buf, size_t size)
{
	char	*label = text_escape(s, n, TEXT_SPACE_MARKER);

	snprintf(buf, size, "%s", label != NULL ? label : "?");
	free(label);
	return buf;
}

static int
bpe_vocab_token(struct bpe *b, const char *name, const char *key,
    size_t keylen, json_t *value, unsigned char *raw, struct error *err)
{
	char		 q[128];
	json_int_t	 id;
	ssize_t		 n;
	size_t		 bad;
	unsigned	 cp;
	uint32_t	 sym;

	if (!json_is_integer(value))
		return error_set(err, EXIT_USAGE, name, 0, 0, "token \"%s\": "
		    "the id is not an integer", bpe_quote(key, keylen, q,
		    sizeof q));
	if ((id = json_integer_value(value)) < 0 || id > BPE_MAX_ID)
		return error_set(err, EXIT_USAGE, name, 0, 0, "token \"%s\": "
		    "id %lld is outside [0, %d]", bpe_quote(key, keylen, q,
		    sizeof q), (long long)id, BPE_MAX_ID);
	if (keylen == 0)
		return error_set(err, EXIT_USAGE, name, 0, 0,
		    "the empty string is not a token");
	if ((n = bpe_unalphabet((const unsigned char *)key, keylen, raw,
	    &bad, &cp)) < 0) {
		if (cp == UINT32_MAX)
			return error_set(err, EXIT_USAGE, name, 0, 0,
			    "token \"%s\": invalid UTF-8", bpe_quote(key,
			    keylen, q, sizeof q));
		return error_set(err, EXIT_USAGE, name, 0, 0, "token \"%s\": "
		    "U+%04X is not one of GPT-2's byte characters",
		    bpe_quote(key, keylen, q, sizeof q), cp);
	}
	if ((sym = bpe_intern(b, raw, (size_t)n)) == BPE_NONE)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	/* Distinct keys decode to distinct bytes: the alphabet is 1:1. */
	b->syms[sym].id = id;
	b->by_id[b->nids].id = id;
	b->by_id[b->nids++].sym = sym;
	return 0;
}

/* Refuse two tokens with one id: the labels would be ambiguous. */
static int
bpe_vocab_check_ids(struct bpe *b, const char *name, struct error *err)
{
	const struct bpe_sym	*x, *y;
	char			 q1[128], q2[128];
	size_t			 i;

	qsort(b->by_id, b->nids, sizeof *b->by_id, bpe_id_cmp);
	for (i = 1; i < b->nids; i++) {
		if (b->by_id[i].id != b->by_id[i - 1].id)
			continue;
		x = &b->syms[b->by_id[i - 1].sym];
		y = &b->syms[b->by_id[i].sym];
		return error_set(err, EXIT_USAGE, name, 0, 0,
		    "id %lld is given to two tokens, \"%s\" and \"%s\"",
		    (long long)b->by_id[i].id,
		    bpe_quote(b->arena + x->off, x->len, q1, sizeof q1),
		    bpe_quote(b->arena + y->off, y->len, q2, sizeof q2));
	}
	return 0;
}

static int
bpe_load_vocab(struct bpe *b, const char *name, const char *buf,
    size_t len, struct error *err)
{
	json_t		*root, *value;
	json_error_t	 jerr;
	const char	*key;
	unsigned char	*raw = NULL;
	size_t		 keylen, cap = 0;
	int		 rc = -1;

	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL)
		return error_at(err, name, jerr.line > 0 ? jerr.line : 1,
		    jerr.column > 0 ? jerr.column : 1, "%s", jerr.text);
	if (!json_is_object(root)) {
		error_set(err, EXIT_USAGE, name, 0, 0, "expected a JSON object "
		    "of token -> id (encoder.json or vocab.json)");
		goto out;
	}
	if (json_object_size(root) == 0) {
		error_set(err, EXIT_USAGE, name, 0, 0, "the vocabulary is "
		    "empty");
		goto out;
	}
	if ((b->by_id = calloc(json_object_size(root), sizeof *b->by_id)) ==
	    NULL || bpe_reserve(b, b->nsyms + json_object_size(root), 0) != 0)
		goto oom;
	json_object_keylen_foreach(root, key, keylen, value) {
		if (keylen > cap) {
			free(raw);
			cap = keylen;
			if ((raw = malloc(cap)) == NULL)
				goto oom;
		}
		if (bpe_vocab_token(b, name, key, keylen, value, raw, err) != 0)
			goto out;
	}
	rc = bpe_vocab_check_ids(b, name, err);
	goto out;
oom:
	error_set(err, EXIT_RUNTIME, NULL, 0, 0, "out of memory");
out:
	free(raw);
	json_decref(root);
	return rc;
}

/* ---- loading the merges ----------------------------------------------- */

/* The 1-based column of byte offset off in line: characters, not bytes. */
static int
bpe_column(const char *line, size_t off)
{
	size_t	i;
	int	col = 1;

	for (i = 0; i < off && col < INT32_MAX; i++) {
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			col++;
	}
	return col;
}

/* One field of a merges line, as raw bytes, interned. */
static int
bpe_merge_field(struct bpe *b, const char *name, int ln, const char *line,
    size_t off, size_t len, unsigned char *raw, uint32_t *sym,
    struct error *err)
{
	ssize_t		n;
	size_t		bad;
	unsigned	cp;

	n = bpe_unalphabet((const unsigned char *)line + off, len, raw, &bad,
	    &cp);
	if (n < 0 && cp == UINT32_MAX)
		return error_at(err, name, ln, bpe_column(line, off + bad),
		    "invalid UTF-8");
	if (n < 0)
		return error_at(err, name, ln, bpe_column(line, off + bad),
		    "U+%04X is not one of GPT-2's byte characters", cp);
	if ((*sym = bpe_intern(b, raw, (size_t)n)) == BPE_NONE)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	return 0;
}

static int
bpe_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * One merges line, line[0..len) without its newline: "a b" with a and b
 * in GPT-2's alphabet.  raw has room for 2 * len bytes.
 */
static int
bpe_merge_line(struct bpe *b, const char *name, int ln, const char *line,
    size_t len, uint32_t rank, unsigned char *raw, struct error *err)
{
	size_t		off[3], end[3], i = 0, k;
	uint32_t	x, y, m;

	for (k = 0; k < 3; k++) {
		while (i < len && bpe_is_blank(line[i]))
			i++;
		if (i == len)
			break;
		off[k] = i;
		while (i < len && !bpe_is_blank(line[i]))
			i++;
		end[k] = i;
	}
	if (k < 2)
		return error_at(err, name, ln, bpe_column(line, i), k == 0 ?
		    "expected a merge, two tokens separated by a space" :
		    "expected a second token after a space");
	if (k == 3)
		return error_at(err, name, ln, bpe_column(line, off[2]),
		    "expected two tokens, found a third");
	if (bpe_merge_field(b, name, ln, line, off[0], end[0] - off[0], raw,
	    &x, err) != 0 || bpe_merge_field(b, name, ln, line, off[1],
	    end[1] - off[1], raw + len, &y, err) != 0)
		return -1;
	/* raw holds a's bytes, then b's: concatenate for the merged symbol. */
	memmove(raw + b->syms[x].len, raw + len, b->syms[y].len);
	if ((m = bpe_intern(b, raw, b->syms[x].len + b->syms[y].len)) ==
	    BPE_NONE || bpe_pair_add(b, x, y, m, rank) != 0)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	return 0;
}

/*
 * The merges file: lines split on \n (a \r before it dropped), a first
 * line starting "#version" skipped, empty lines skipped.
 */
static int
bpe_load_merges(struct bpe *b, const char *name, const char *buf,
    size_t len, struct error *err)
{
	unsigned char	*raw;
	const char	*line, *nl;
	size_t		 llen, left = len, lines = 0;
	uint32_t	 rank = 0;
	int		 ln = 0, rc = 0;

	for (line = buf; (nl = memchr(line, '\n', left)) != NULL; line = nl + 1) {
		left -= (size_t)(nl - line) + 1;
		lines++;
	}
	left = len;
	if (len > SIZE_MAX / 2 || bpe_reserve(b, 0, lines) != 0 ||
	    (raw = malloc(2 * len + 1)) == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	for (line = buf; rc == 0 && left > 0; line = nl + 1) {
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
		if (rank == BPE_NONE)
			rc = error_at(err, name, ln, 1, "too many merges");
		else
			rc = bpe_merge_line(b, name, ln, line, llen, rank++,
			    raw, err);
		if (nl == buf + len)
			break;
	}
	free(raw);
	if (rc == 0 && rank == 0)
		return error_set(err, EXIT_USAGE, name, 0, 0,
		    "no merges (expected \"a b\" lines, as in vocab.bpe)");
	return rc;
}

/* ---- loading ---------------------------------------------------------- */

int
bpe_load_buffers(const char *vocab_name, const char *vocab,
    size_t vocab_len, const char *merges_name, const char *merges,
    size_t merges_len, struct bpe **out, struct error *err)
{
	struct bpe	*b;

	*out = NULL;
	if ((b = bpe_new(vocab_name)) == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	if (bpe_load_vocab(b, vocab_name, vocab, vocab_len, err) != 0 ||
	    (merges != NULL && bpe_load_merges(b, merges_name, merges,
	    merges_len, err) != 0)) {
		bpe_free(b);
		return -1;
	}
	*out = b;
	return 0;
}

int
bpe_load(const char *vocab_path, const char *merges_path, struct bpe **out,
    struct error *err)
{
	char	*vocab = NULL, *merges = NULL;
	size_t	 vlen, mlen;
	int	 rc = -1;

	*out = NULL;
	mlen = 0;
	if (file_read(vocab_path, "a GPT-2 encoder.json", BPE_MAX_FILE,
	    &vocab, &vlen, err) == 0 && (merges_path == NULL ||
	    file_read(merges_path, "a GPT-2 vocab.bpe", BPE_MAX_FILE, &merges,
	    &mlen, err) == 0))
		rc = bpe_load_buffers(vocab_path, vocab, vlen, merges_path,
		    merges, mlen, out, err);
	free(vocab);
	free(merges);
	return rc;
}

void
bpe_free(struct bpe *b)
{
	if (b == NULL)
		return;
	free(b->vocab_name);
	free(b->arena);
	free(b->syms);
	free(b->index);
	free(b->pairs);
	free(b->by_id);
	free(b);
}

int64_t
bpe_vocab_size(const struct bpe *b)
{
	return b->nids == 0 ? 0 : b->by_id[b->nids - 1].id + 1;
}

char *
bpe_label(const struct bpe *b, int64_t id)
{
	struct bpe_id		 key = { id, 0 };
	const struct bpe_id	*found;
	const struct bpe_sym	*s;

	found = bsearch(&key, b->by_id, b->nids, sizeof *b->by_id,
	    bpe_id_cmp);
	if (found == NULL)
		return NULL;
	s = &b->syms[found->sym];
	return text_escape(b->arena + s->off, s->len, TEXT_SPACE_MARKER);
}

/* ---- pre-tokenisation ------------------------------------------------- */

/*
 * GPT-2 splits text into words with this pattern before BPE (as written
 * in gpt-3-encoder, the JavaScript reference that the tests compare with):
 *   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * Its \s is JavaScript's: TAB LF VT FF CR SPACE U+00A0 U+1680 U+2000-200A
 * U+2028 U+2029 U+202F U+205F U+3000 U+FEFF.  Python's str \s (re, as in
 * str.isspace) differs: it adds U+001C-001F and U+0085 and lacks U+FEFF.
 * \p{L} and \p{N} come from unicode_tables.h, generated from Python's
 * unicodedata, which may be a few Unicode versions older than the ICU of
 * a JavaScript engine: letters newer than UNICODE_TABLES_VERSION count as
 * "other" here.  Bytes that are not valid UTF-8 count as "other" too.
 */
enum bpe_class {
	BPE_SPACE,
	BPE_LETTER,
	BPE_NUMBER,
	BPE_OTHER
};

static int
bpe_in_table(const struct unicode_range *t, size_t n, unsigned cp)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static enum bpe_class
bpe_classify(unsigned cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			return BPE_LETTER;
		if (cp >= '0' && cp <= '9')
			return BPE_NUMBER;
		if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
			return BPE_SPACE;
		return BPE_OTHER;
	}
	if (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000 || cp == 0xfeff)
		return BPE_SPACE;
	if (bpe_in_table(unicode_letters, sizeof unicode_letters /
	    sizeof unicode_letters[0], cp))
		return BPE_LETTER;
	if (bpe_in_table(unicode_numbers, sizeof unicode_numbers /
	    sizeof unicode_numbers[0], cp))
		return BPE_NUMBER;
	return BPE_OTHER;
}

/* The length of the character at s and its class. */
static size_t
bpe_char(const unsigned char *s, size_t n, enum bpe_class *cls)
{
	unsigned	cp;
	size_t		len;

	if ((len = text_utf8(s, n, &cp)) == 0) {
		*cls = BPE_OTHER;
		return 1;
	}
	*cls = bpe_classify(cp);
	return len;
}

/* The end of the word that starts at s[i], by the pattern above. */
static size_t
bpe_pretoken(const unsigned char *s, size_t n, size_t i)
{
	enum bpe_class	cls, next;
	size_t		j, len, last;

	if (s[i] == '\'' && i + 1 < n) {
		if (memchr("stmd", s[i + 1], 4) != NULL)
			return i + 2;
		if (i + 2 < n && ((s[i + 1] == 'r' && s[i + 2] == 'e') ||
		    (s[i + 1] == 'v' && s[i + 2] == 'e') ||
		    (s[i + 1] == 'l' && s[i + 2] == 'l')))
			return i + 3;
	}
	j = i + (s[i] == ' ' && i + 1 < n);
	len = bpe_char(s + j, n - j, &cls);
	if (cls != BPE_SPACE) {
		for (j += len; j < n; j += len) {
			len = bpe_char(s + j, n - j, &next);
			if (next != cls)
				break;
		}
		return j;
	}
	/* \s+(?!\S) leaves the last space of a run to the word after it. */
	last = i;
	for (j = i; j < n; j += len) {
		len = bpe_char(s + j, n - j, &next);
		if (next != BPE_SPACE)
			break;
		last = j;
	}
	return j == n || last == i ? j : last;
}

/* ---- encoding --------------------------------------------------------- */

/*
 * Merge a word's symbols w[0..*np) in place as encoder.py's bpe() does:
 * take the adjacent pair of lowest rank, merge every occurrence of it
 * left to right, repeat until no pair has a rank.
 */
static void
bpe_word(const struct bpe *b, uint32_t *w, size_t *np)
{
	const struct bpe_pair	*p, *best;
	uint32_t		 x, y, m;
	size_t			 n = *np, i, o;

	while (n > 1) {
		best = NULL;
		for (i = 0; i + 1 < n; i++) {
			p = bpe_pair_slot(b, w[i], w[i + 1]);
			if (p->key != UINT64_MAX &&
			    (best == NULL || p->rank < best->rank))
				best = p;
		}
		if (best == NULL)
			break;
		x = (uint32_t)(best->key >> 32);
		y = (uint32_t)best->key;
		m = best->merged;
		for (i = o = 0; i < n; o++) {
			if (i + 1 < n && w[i] == x && w[i + 1] == y) {
				w[o] = m;
				i += 2;
			} else
				w[o] = w[i++];
		}
		n = o;
	}
	*np = n;
}

/* Words seen in this call and their symbols: text repeats words. */
struct bpe_cache_slot {
	const unsigned char	*word;		/* into the text; NULL: empty */
	size_t			 len;
	size_t			 start;		/* into syms */
	size_t			 count;
};

struct bpe_cache {
	struct bpe_cache_slot	*slots;
	size_t			 cap, used;	/* cap: a power of two */
	uint32_t		*syms;
	size_t			 nsyms, syms_cap;
};

static int
bpe_cache_grow(struct bpe_cache *c)
{
	struct bpe_cache_slot	*slots, *old = c->slots;
	size_t			 cap = c->cap == 0 ? 256 : c->cap * 2, i, h;

	if ((slots = calloc(cap, sizeof *slots)) == NULL)
		return -1;
	for (i = 0; i < c->cap; i++) {
		if (old[i].word == NULL)
			continue;
		h = rng_fnv1a64(old[i].word, old[i].len);
		while (slots[h & (cap - 1)].word != NULL)
			h++;
		slots[h & (cap - 1)] = old[i];
	}
	free(old);
	c->slots = slots;
	c->cap = cap;
	return 0;
}

/* The symbols of word w[0..len) via the cache: *slot on success. */
static int
bpe_cache_word(const struct bpe *b, struct bpe_cache *c,
    const unsigned char *w, size_t len, const struct bpe_cache_slot **slot)
{
	struct bpe_cache_slot	*s;
	uint32_t		*syms;
	size_t			 h = rng_fnv1a64(w, len), cap, i, count;

	while ((s = &c->slots[h & (c->cap - 1)])->word != NULL) {
		if (s->len == len && memcmp(s->word, w, len) == 0) {
			*slot = s;
			return 0;
		}
		h++;
	}
	if (len > c->syms_cap - c->nsyms) {
		cap = c->syms_cap == 0 ? 1024 : c->syms_cap;
		while (cap - c->nsyms < len) {
			if (cap > SIZE_MAX / 2 / sizeof *syms)
				return -1;
			cap *= 2;
		}
		if ((syms = reallocarray(c->syms, cap, sizeof *syms)) == NULL)
			return -1;
		c->syms = syms;
		c->syms_cap = cap;
	}
	for (i = 0; i < len; i++)
		c->syms[c->nsyms + i] = w[i];	/* symbol i is byte i */
	count = len;
	bpe_word(b, c->syms + c->nsyms, &count);
	s->word = w;
	s->len = len;
	s->start = c->nsyms;
	s->count = count;
	c->nsyms += count;
	*slot = s;
	if (++c->used * 2 > c->cap) {
		/* Growing moves the slots: look the word up again. */
		if (bpe_cache_grow(c) != 0)
			return -1;
		return bpe_cache_word(b, c, w, len, slot);
	}
	return 0;
}

struct bpe_out {
	int64_t		*ids;
	char		**labels;
	size_t		 n, cap;
};

static int
bpe_out_push(struct bpe_out *o, int64_t id, char *label)
{
	int64_t	 *ids;
	char	**labels;
	size_t	  cap;

	if (label == NULL)
		return -1;
	if (o->n == o->cap) {
		cap = o->cap == 0 ? 64 : o->cap * 2;
		if ((ids = reallocarray(o->ids, cap, sizeof *ids)) == NULL) {
			free(label);
			return -1;
		}
		o->ids = ids;
		if ((labels = reallocarray(o->labels, cap,
		    sizeof *labels)) == NULL) {
			free(label);
			return -1;
		}
		o->labels = labels;
		o->cap = cap;
	}
	o->ids[o->n] = id;
	o->labels[o->n++] = label;
	return 0;
}

static void
bpe_out_free(struct bpe_out *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		free(o->labels[i]);
	free(o->ids);
	free(o->labels);
	memset(o, 0, sizeof *o);
}

/* Append the ids and labels of one word's symbols. */
static int
bpe_emit(const struct bpe *b, const struct bpe_cache *c,
    const struct bpe_cache_slot *slot, struct bpe_out *o, struct error *err)
{
	const struct bpe_sym	*sym;
	char			 q1[128], q2[128];
	size_t			 i;

	for (i = 0; i < slot->count; i++) {
		sym = &b->syms[c->syms[slot->start + i]];
		if (sym->id < 0)
			return error_set(err, EXIT_USAGE, b->vocab_name, 0, 0,
			    "\"%s\" (of the word \"%s\") has no id in the "
			    "vocabulary", bpe_quote(b->arena + sym->off,
			    sym->len, q1, sizeof q1), bpe_quote((const char *)
			    slot->word, slot->len, q2, sizeof q2));
		if (bpe_out_push(o, sym->id, text_escape(b->arena + sym->off,
		    sym->len, TEXT_SPACE_MARKER)) != 0)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "out of memory");
	}
	return 0;
}

int
bpe_encode(const struct bpe *b, const char *text, size_t len,
    int64_t **ids, char ***labels, size_t *n, struct error *err)
{
	const unsigned char		*s = (const unsigned char *)text;
	const struct bpe_cache_slot	*slot;
	struct bpe_cache		 c = { 0 };
	struct bpe_out			 o = { 0 };
	size_t				 i, end;
	int				 rc = -1;

	*ids = NULL;
	*labels = NULL;
	*n = 0;
	if (bpe_cache_grow(&c) != 0) {
		error_set(err, EXIT_RUNTIME, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (i = 0; i < len; i = end) {
		end = bpe_pretoken(s, len, i);
		if (bpe_cache_word(b, &c, s + i, end - i, &slot) != 0) {
			error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "out of memory");
			goto out;
		}
		if (bpe_emit(b, &c, slot, &o, err) != 0)
			goto out;
	}
	*ids = o.ids;
	*labels = o.labels;
	*n = o.n;
	memset(&o, 0, sizeof o);
	rc = 0;
out:
	bpe_out_free(&o);
	free(c.slots);
	free(c.syms);
	return rc;
}
