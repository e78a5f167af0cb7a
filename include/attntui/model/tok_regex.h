/*
 * tok_regex.h - the regular expressions of tokenizer.json, run by
 * Oniguruma, the engine Hugging Face's tokenizers runs them with, so that
 * \p{L}, (?i:...), (?!\S) and friends mean what they mean there.
 */
#ifndef ATTNTUI_TOK_REGEX_H
#define ATTNTUI_TOK_REGEX_H

#include <stddef.h>

#include "attntui/model/tok.h"

struct tok_regex;

/*
 * Compile pat[0..len): Oniguruma syntax, or when literal the string
 * itself (a {"String": ...} pattern).  On failure return -1 with
 * Oniguruma's message in msg.
 */
int	tok_regex_new(const char *pat, size_t len, int literal,
	    struct tok_regex **out, char *msg, size_t msglen);
void	tok_regex_free(struct tok_regex *re);

/*
 * The matches in s[0..len) as onig's find_iter gives them (an empty match
 * right after the previous match is skipped), with the gaps between them:
 * spans that cover s, matches marked.  sp is reset first.
 */
int	tok_regex_spans(const struct tok_regex *re, const char *s, size_t len,
	    struct tok_spans *sp);

/*
 * Member key of n, a pattern object {"String": s} or {"Regex": r},
 * compiled into *out; a regex that does not compile is an error at its
 * place.
 */
int	tok_read_pattern(const struct tok_read *r, const struct jsontree_node *n,
	    const char *key, struct tok_regex **out);

#endif
