/*
 * tok.h - what the modules of a tokenizer share: memory for one encode
 * call, the list of pieces a text is cut into, the reading of components
 * from tokenizer.json with positioned errors, and the Unicode classes
 * that Hugging Face's tokenizers takes from Rust's char (via utf8proc).
 *
 * A tokenizer is a pipeline, as in Hugging Face's tokenizers:
 *   added tokens (tok_added) -> normalizer (tok_normalize) ->
 *   pre-tokenizer (tok_pretok) -> model (bpe, tok_wordpiece) ->
 *   post-processor (tok_post); the decoder (tok_decode) gives labels.
 */
#ifndef ATTNTUI_TOK_H
#define ATTNTUI_TOK_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/io/jsontree.h"

/* ---- memory of one call: freed at once ------------------------------ */

struct tok_arena_block;

struct tok_arena {
	struct tok_arena_block	*head;
	int			 failed;	/* an allocation failed */
};

/* n bytes that live until tok_arena_free; NULL when out of memory. */
char	*tok_arena_alloc(struct tok_arena *a, size_t n);
void	 tok_arena_free(struct tok_arena *a);

/* ---- token ids ----------------------------------------------------- */

struct tok_ids {
	int64_t	*v;
	size_t	 n, cap;
};

int	tok_ids_add(struct tok_ids *ids, int64_t id);

/* ---- pieces of text ------------------------------------------------- */

struct tok_piece {
	const char	*s;		/* not owned */
	size_t		 len;
	int64_t		 id;		/* >= 0: already a token (added) */
	int		 first;		/* starts at offset 0 of the input */
};

struct tok_pieces {
	struct tok_piece	*v;
	size_t			 n, cap;
};

int	tok_pieces_add(struct tok_pieces *p, const char *s, size_t len,
	    int64_t id, int first);
void	tok_pieces_free(struct tok_pieces *p);

/*
 * How a split treats the delimiters it finds (SplitDelimiterBehavior):
 * a list of spans (start, end, is a match) covering the text becomes the
 * pieces to keep.
 */
enum tok_behavior {
	TOK_REMOVED,
	TOK_ISOLATED,
	TOK_MERGED_WITH_PREVIOUS,
	TOK_MERGED_WITH_NEXT,
	TOK_CONTIGUOUS
};

struct tok_span {
	size_t	start, end;
	int	match;
};

struct tok_spans {
	struct tok_span	*v;
	size_t		 n, cap;
};

int	tok_spans_add(struct tok_spans *sp, size_t start, size_t end,
	    int match);
/* Rewrite sp in place by behavior; spans left empty are dropped. */
void	tok_spans_apply(struct tok_spans *sp, enum tok_behavior behavior);
/* Spans of every character for which pred(cp) holds, one a match. */
int	tok_spans_chars(struct tok_spans *sp, const char *s, size_t len,
	    int (*pred)(int32_t));

/* ---- Unicode classes, as Rust's char methods define them ------------ */

int	tok_is_whitespace(int32_t cp);	/* White_Space */
int	tok_is_numeric(int32_t cp);	/* N* */
int	tok_is_punctuation(int32_t cp);	/* P*, or ASCII punctuation */
int	tok_is_other(int32_t cp);	/* C* */
int	tok_is_mark(int32_t cp);	/* M* */
/* The length and code point of the UTF-8 character at s (valid text). */
size_t	tok_char(const char *s, size_t len, int32_t *cp);

/* ---- reading components from tokenizer.json ------------------------- */

struct tok_read {
	const struct jsontree	*jt;
	struct error		*err;
};

/* Errors at node's place, usage status; return -1. */
int	tok_read_error(const struct tok_read *r, const struct jsontree_node *n,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int	tok_read_oom(const struct tok_read *r);

/*
 * obj must be an object (what names it, as "normalizer"); its "type" is
 * one of names[] (NULL-terminated): *which is the index.  An unknown type
 * is an error naming it and the supported ones.
 */
int	tok_read_type(const struct tok_read *r, const struct jsontree_node *obj,
	    const char *what, const char *const *names, int *which);

/*
 * Member key of obj in *out: NULL when absent or null and optional;
 * otherwise of type want (a JSONTREE_* type) or an error that says so.
 */
int	tok_read_member(const struct tok_read *r, const struct jsontree_node *obj,
	    const char *key, int want, int optional,
	    const struct jsontree_node **out);
/* A boolean member; def when absent or null. */
int	tok_read_bool(const struct tok_read *r, const struct jsontree_node *obj,
	    const char *key, int def, int *out);
/* A string member; *s NULL when absent and optional. */
int	tok_read_string(const struct tok_read *r,
	    const struct jsontree_node *obj, const char *key, int optional,
	    const char **s, size_t *len);
/* An integer member within [0, max]. */
int	tok_read_uint(const struct tok_read *r, const struct jsontree_node *obj,
	    const char *key, int optional, int64_t def, int64_t max,
	    int64_t *out);

/* A copy of s[0..len) with a NUL, in *out (the caller frees). */
int	tok_strdup(const struct tok_read *r, const char *s, size_t len,
	    char **out);

#endif
