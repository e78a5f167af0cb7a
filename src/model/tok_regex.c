/*
 * tok_regex.c - tokenizer.json's regular expressions by Oniguruma; see
 * tok_regex.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oniguruma.h>

#include "attntui/model/tok_regex.h"

struct tok_regex {
	OnigRegex	re;
};

int
tok_regex_new(const char *pat, size_t len, int literal,
    struct tok_regex **out, char *msg, size_t msglen)
{
	static int		 ready;
	static OnigEncoding	 utf8[] = { ONIG_ENCODING_UTF8 };
	OnigErrorInfo		 info;
	OnigUChar		 buf[ONIG_MAX_ERROR_MESSAGE_LEN];
	struct tok_regex	*r;
	int			 rc;

	*out = NULL;
	if (!ready) {
		onig_initialize(utf8, 1);
		ready = 1;
	}
	if ((r = calloc(1, sizeof *r)) == NULL) {
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	rc = onig_new(&r->re, (const OnigUChar *)pat,
	    (const OnigUChar *)pat + len, ONIG_OPTION_NONE,
	    ONIG_ENCODING_UTF8, literal ? ONIG_SYNTAX_ASIS :
	    ONIG_SYNTAX_ONIGURUMA, &info);
	if (rc != ONIG_NORMAL) {
		onig_error_code_to_str(buf, rc, &info);
		snprintf(msg, msglen, "%s", (const char *)buf);
		free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void
tok_regex_free(struct tok_regex *r)
{
	if (r == NULL)
		return;
	onig_free(r->re);
	free(r);
}

/* The length of the UTF-8 character at s, at least 1. */
static size_t
tok_regex_char_len(const unsigned char *s)
{
	if (*s < 0xc0)
		return 1;
	return *s < 0xe0 ? 2 : *s < 0xf0 ? 3 : 4;
}

int
tok_regex_spans(const struct tok_regex *r, const char *s, size_t len,
    struct tok_spans *sp)
{
	const OnigUChar	*str = (const OnigUChar *)s, *end;
	OnigRegion	*region;
	size_t		 last_end = 0, prev = 0, ms, me;
	size_t		 last_match_end = SIZE_MAX;
	int		 rc = 0;

	sp->n = 0;
	if (len == 0)
		return 0;
	end = str + len;
	if ((region = onig_region_new()) == NULL)
		return -1;
	while (last_end <= len) {
		if (onig_search(r->re, str, end, str + last_end, end, region,
		    ONIG_OPTION_NONE) < 0)
			break;
		ms = (size_t)region->beg[0];
		me = (size_t)region->end[0];
		if (ms == me && last_match_end == me) {
			/* No empty match right after a match: step on. */
			last_end += last_end < len ?
			    tok_regex_char_len(str + last_end) : 1;
			continue;
		}
		last_end = last_match_end = me;
		if ((prev < ms && tok_spans_add(sp, prev, ms, 0) != 0) ||
		    tok_spans_add(sp, ms, me, 1) != 0) {
			rc = -1;
			break;
		}
		prev = me;
	}
	if (rc == 0 && prev < len && tok_spans_add(sp, prev, len, 0) != 0)
		rc = -1;
	onig_region_free(region, 1);
	return rc;
}

int
tok_read_pattern(const struct tok_read *r, const struct jsontree_node *n,
    const char *key, struct tok_regex **out)
{
	const struct jsontree_node	*p, *str, *re;
	char				 msg[160];

	if (tok_read_member(r, n, key, JSONTREE_OBJECT, 0, &p) != 0 ||
	    tok_read_member(r, p, "String", JSONTREE_STRING, 1, &str) != 0 ||
	    tok_read_member(r, p, "Regex", JSONTREE_STRING, 1, &re) != 0)
		return -1;
	if ((str == NULL) == (re == NULL))
		return tok_read_error(r, p, "\"%s\" has %s; expected "
		    "{\"String\": ...} or {\"Regex\": ...}", key,
		    str == NULL ? "neither" : "both");
	if (re != NULL && tok_regex_new(re->u.s, re->n, 0, out, msg,
	    sizeof msg) != 0)
		return tok_read_error(r, re, "the regex does not compile "
		    "(%s); expected an Oniguruma pattern", msg);
	if (str != NULL && tok_regex_new(str->u.s, str->n, 1, out, msg,
	    sizeof msg) != 0)
		return tok_read_error(r, str, "%s", msg);
	return 0;
}
