/*
 * label.h - token labels a terminal can show: UTF-8 decoding and the one
 * escaping rule shared by every tokenizer.
 */
#ifndef ATTNTUI_LABEL_H
#define ATTNTUI_LABEL_H

#include <stddef.h>

/* Show leading spaces as U+2423 (GPT-2's word-initial space). */
#define LABEL_SPACE_MARKER	0x1

/*
 * Decode one UTF-8 sequence at s (n > 0 bytes left): store its code point
 * in *cp and return its length, or 0 when the bytes are not valid UTF-8
 * (overlong forms, surrogates and values past U+10FFFF included).
 */
size_t	label_utf8(const unsigned char *s, size_t n, unsigned *cp);

/*
 * The label of bytes s[0..n): printable UTF-8 as is; \n, \t and \r
 * escaped; other characters a terminal would draw as nothing or act on
 * (C0, DEL, C1, zero-width and direction marks, variation selectors) as
 * \xNN or \uNNNN; bytes that are not UTF-8 as \xNN.  Returns a string the
 * caller frees, or NULL when out of memory.
 */
char	*label_escape(const void *s, size_t n, int flags);

#endif
