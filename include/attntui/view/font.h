/*
 * font.h - the pixel font of --image's PNG pictures: printable ASCII,
 * 5 x 7 pixels in a FONT_W x FONT_LINE cell.
 */
#ifndef ATTNTUI_FONT_H
#define ATTNTUI_FONT_H

#define FONT_H		7	/* rows of a glyph */
#define FONT_W		6	/* advance: 5 pixels and a gap */
#define FONT_LINE	9	/* line height: 7 pixels and a gap */

/*
 * The glyph of code point cp: FONT_H rows, top first, pixel x (0..4)
 * in bit 4 - x.  Code points outside printable ASCII draw as '?'
 * (U+2423, the visible space of GPT-2 labels, as '_').
 */
const unsigned char	*font_glyph(unsigned cp);

#endif
