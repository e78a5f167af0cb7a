/*
 * tok_wordpiece.c - the WordPiece model; see tok_wordpiece.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/model/tok_wordpiece.h"

/* The start of the UTF-8 character that ends at s[end - 1]. */
static size_t
wp_char_start(const char *s, size_t end)
{
	while (end > 0 && ((unsigned char)s[end - 1] & 0xc0) == 0x80)
		end--;
	return end > 0 ? end - 1 : 0;
}

int
tok_wordpiece_encode(const struct tok_wordpiece *wp, const char *w,
    size_t len, struct tok_ids *out)
{
	struct tok_ids	 sub = { 0 };
	char		*buf;
	size_t		 chars = 0, i, start = 0, end;
	int64_t		 id = -1;
	int		 rc = -1;

	for (i = 0; i < len; i++)
		chars += ((unsigned char)w[i] & 0xc0) != 0x80;
	if (chars > wp->max_chars)
		return tok_ids_add(out, wp->unk_id);
	if ((buf = malloc(wp->prefix_len + len + 1)) == NULL)
		return -1;
	memcpy(buf, wp->prefix, wp->prefix_len);
	while (start < len) {
		for (end = len; end > start; end = wp_char_start(w, end)) {
			if (start == 0)
				id = tok_vocab_find(wp->vocab, w, end);
			else {
				memcpy(buf + wp->prefix_len, w + start,
				    end - start);
				id = tok_vocab_find(wp->vocab, buf,
				    wp->prefix_len + end - start);
			}
			if (id >= 0)
				break;
		}
		if (id < 0)
			break;
		if (tok_ids_add(&sub, id) != 0)
			goto out;
		start = end;
	}
	if (id < 0)
		rc = tok_ids_add(out, wp->unk_id);
	else {
		for (i = 0; i < sub.n; i++)
			if (tok_ids_add(out, sub.v[i]) != 0)
				goto out;
		rc = 0;
	}
out:
	free(buf);
	free(sub.v);
	return rc;
}
