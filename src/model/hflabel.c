/*
 * hflabel.c - Hugging Face token strings as attntui's labels; see
 * hflabel.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/base/text.h"
#include "attntui/model/hflabel.h"
#include "attntui/model/tok_pretok.h"

#define HFLABEL_METASPACE	0x2581	/* ▁ */
#define HFLABEL_BYTE_TOKEN_LEN	6	/* "<0xNN>" */

/* Is every character of s[0..len) in the alphabet; *marked when one
   stands for a byte that is not printable Latin-1 (U+0100 up). */
static int
hflabel_in_alphabet(const char *s, size_t len, int *marked)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned		 cp;
	size_t			 n;

	while (len > 0) {
		if ((n = text_utf8(u, len, &cp)) == 0 ||
		    tok_char_byte((int32_t)cp) < 0)
			return 0;
		if (cp >= 0x100)
			*marked = 1;
		u += n;
		len -= n;
	}
	return 1;
}

int
hflabel_byte_level(const char *const *s, const size_t *len, size_t n)
{
	size_t	i;
	int	marked = 0;

	for (i = 0; i < n; i++)
		if (!hflabel_in_alphabet(s[i], len[i], &marked))
			return 0;
	return marked;
}

/* "<0xNN>" at s: 1 and its byte in *b. */
static int
hflabel_byte_token(const char *s, size_t len, unsigned char *b)
{
	char	hex[3], *end;

	if (len < HFLABEL_BYTE_TOKEN_LEN || strncmp(s, "<0x", 3) != 0 ||
	    s[5] != '>')
		return 0;
	hex[0] = s[3];
	hex[1] = s[4];
	hex[2] = '\0';
	*b = (unsigned char)strtoul(hex, &end, 16);
	return end == hex + 2;
}

/*
 * The byte that the character at s stands for into *out, and the
 * character's length; 0 for a character that stands for itself.
 */
static size_t
hflabel_decode_char(const unsigned char *s, size_t len, int byte_level,
    unsigned char *out)
{
	unsigned	cp;
	size_t		n;
	int		b;

	if ((n = text_utf8(s, len, &cp)) == 0)
		return 0;
	if (byte_level && (b = tok_char_byte((int32_t)cp)) >= 0)
		out[0] = (unsigned char)b;
	else if (!byte_level && cp == HFLABEL_METASPACE)
		out[0] = ' ';
	else
		return 0;
	return n;
}

char *
hflabel_label(const char *s, size_t len, int byte_level)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned char		*bytes, b;
	char			*label;
	size_t			 i = 0, o = 0, n;

	if ((bytes = malloc(len + 1)) == NULL)
		return NULL;
	while (i < len) {
		if (!byte_level && hflabel_byte_token(s + i, len - i, &b)) {
			bytes[o++] = b;
			i += HFLABEL_BYTE_TOKEN_LEN;
		} else if ((n = hflabel_decode_char(u + i, len - i,
		    byte_level, &bytes[o])) > 0) {
			o++;
			i += n;
		} else
			bytes[o++] = u[i++];
	}
	label = text_escape(bytes, o, TEXT_SPACE_MARKER);
	free(bytes);
	return label;
}
