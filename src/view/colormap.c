/*
 * colormap.c - values to colours; see colormap.h.
 */
#include "build-config.h"

#include <math.h>
#include <stddef.h>

#include "attntui/base/names.h"
#include "attntui/view/colormap.h"

#define ANCHORS	11

/* A basic-colour ramp: at most RAMP_MAX colours, -1 after the last. */
#define RAMP_MAX	8

/* The xterm-256 palette: 16 basic colours, a 6 x 6 x 6 cube of levels
   colormap_cube[], then 24 greys 8 + 10 i. */
#define XTERM_CUBE	16
#define XTERM_CUBE_SIDE	6
#define XTERM_GREYS	232
#define XTERM_COLORS	256
#define XTERM_GREY(i)	(8 + 10 * (i))
#define XTERM_WHITE	231		/* the cube's (5, 5, 5) */
#define BASIC_BLACK	0
#define BASIC_WHITE	7

/* Shading glyphs without colour, from empty to full. */
#define SHADES		5
#define ASCII_SHADES	10
/* A diverging colormap's glyphs without colour, from -1 to 1. */
#define SIGNS		5

/* Perceived brightness, ITU-R BT.601 weights in thousandths: above
   BRIGHT (about half of 255 x 1000) a background wants a dark text. */
#define BRIGHT_R	299
#define BRIGHT_G	587
#define BRIGHT_B	114
#define BRIGHT		128000

/* matplotlib's viridis, magma, gray and RdBu_r at 0, 0.1, ..., 1. */
static const unsigned char colormap_anchor[COLORMAP_COUNT][ANCHORS][3] = {
	{ { 68, 1, 84 }, { 72, 36, 117 }, { 65, 68, 135 }, { 53, 95, 141 },
	  { 42, 120, 142 }, { 33, 145, 140 }, { 34, 168, 132 },
	  { 68, 191, 112 }, { 122, 209, 81 }, { 189, 223, 38 },
	  { 253, 231, 37 } },
	{ { 0, 0, 4 }, { 20, 14, 54 }, { 59, 15, 112 }, { 100, 26, 128 },
	  { 140, 41, 129 }, { 183, 55, 121 }, { 222, 73, 104 },
	  { 247, 112, 92 }, { 254, 159, 109 }, { 254, 207, 146 },
	  { 252, 253, 191 } },
	{ { 0, 0, 0 }, { 26, 26, 26 }, { 51, 51, 51 }, { 77, 77, 77 },
	  { 102, 102, 102 }, { 128, 128, 128 }, { 153, 153, 153 },
	  { 179, 179, 179 }, { 204, 204, 204 }, { 230, 230, 230 },
	  { 255, 255, 255 } },
	{ { 5, 48, 97 }, { 32, 101, 171 }, { 67, 147, 195 },
	  { 144, 196, 221 }, { 209, 229, 240 }, { 247, 246, 246 },
	  { 253, 219, 199 }, { 243, 164, 129 }, { 214, 96, 77 },
	  { 177, 24, 43 }, { 103, 0, 31 } },
};

/* Basic-colour ramps, dark to bright, chosen to follow each colormap;
   the diverging one blue, white, red, white in the middle. */
static const int colormap_ramp16[COLORMAP_COUNT][RAMP_MAX] = {
	{ 5, 4, 6, 2, 10, 11, -1 },
	{ 0, 5, 13, 1, 9, 11, 15, -1 },
	{ 0, 8, 7, 15, -1 },
	{ 4, 12, 15, 9, 1, -1 },
};
static const int colormap_ramp8[COLORMAP_COUNT][RAMP_MAX] = {
	{ 5, 4, 6, 2, 3, -1 },
	{ 0, 5, 1, 3, 7, -1 },
	{ 0, 7, -1 },
	{ 4, 7, 1, -1 },
};

/* The xterm palette of the first 16 colours. */
static const unsigned char colormap_basic[XTERM_CUBE][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

static const int colormap_cube[XTERM_CUBE_SIDE] = {
	0, 95, 135, 175, 215, 255 };

static const char *const colormap_shades[SHADES] = {
	" ", "░", "▒", "▓", "█" };
static const char *const colormap_ascii_shades[ASCII_SHADES] = {
	" ", ".", ":", "-", "=", "+", "*", "#", "%", "@" };
static const char *const colormap_signs[SIGNS] = { "=", "-", " ", "+", "#" };

static const struct names colormap_names[] = {
	{ "viridis",	COLORMAP_VIRIDIS, 0 },
	{ "magma",	COLORMAP_MAGMA, 0 },
	{ "gray",	COLORMAP_GRAY, 0 },
	{ "grey",	COLORMAP_GRAY, 0 },
	{ "rdbu",	COLORMAP_RDBU, NAMES_PRINT_ONLY },
	{ NULL,		0, 0 }
};

static const struct names colormap_colors_names[] = {
	{ "none",	COLORS_NONE, 0 },
	{ "8",		COLORS_8, 0 },
	{ "16",		COLORS_16, 0 },
	{ "256",	COLORS_256, 0 },
	{ NULL,		0, 0 }
};

const char *
colormap_name(enum colormap c)
{
	return names_name(colormap_names, (int)c);
}

NAMES_PARSER(colormap_parse, enum colormap, colormap_names)

const char *
colormap_colors_name(enum colors c)
{
	return names_name(colormap_colors_names, (int)c);
}

NAMES_PARSER(colormap_colors_parse, enum colors, colormap_colors_names)

int
colormap_diverging(enum colormap c)
{
	return c == COLORMAP_RDBU;
}

int
colormap_level(double v, int levels)
{
	int	k;

	if (levels < 2 || !(v > 0))
		return 0;
	if (v >= 1)
		return levels - 1;
	k = (int)floor(v * (levels - 1) + 0.5);
	return k < levels ? k : levels - 1;
}

static int
colormap_ramp_len(const int *ramp)
{
	int	n = 0;

	while (n < RAMP_MAX && ramp[n] >= 0)
		n++;
	return n;
}

int
colormap_levels(enum colormap c, enum colors colors, int levels)
{
	switch (colors) {
	case COLORS_256:
		if (levels > COLORMAP_LEVELS_MAX)
			levels = COLORMAP_LEVELS_MAX;
		if (levels < COLORMAP_LEVELS_MIN)
			levels = COLORMAP_LEVELS_MIN;
		/* An odd count, so that a level stands for 0 exactly. */
		if (colormap_diverging(c) && levels % 2 == 0)
			levels = levels > COLORMAP_LEVELS_MIN ? levels - 1 :
			    levels + 1;
		return levels;
	case COLORS_16:
		return colormap_ramp_len(colormap_ramp16[c]);
	case COLORS_8:
		return colormap_ramp_len(colormap_ramp8[c]);
	case COLORS_NONE:
		break;
	}
	return SHADES;
}

void
colormap_rgb(enum colormap c, double v, int rgb[3])
{
	const unsigned char	(*a)[3] = colormap_anchor[c];
	double			 x, f;
	int			 i, k;

	if (!(v > 0))
		v = 0;
	if (v > 1)
		v = 1;
	x = v * (ANCHORS - 1);
	i = (int)x;
	if (i >= ANCHORS - 1)
		i = ANCHORS - 2;
	f = x - i;
	for (k = 0; k < 3; k++)
		rgb[k] = (int)floor(a[i][k] + f * (a[i + 1][k] - a[i][k]) +
		    0.5);
}

static void
colormap_xterm_rgb(int idx, int rgb[3])
{
	const int	s = XTERM_CUBE_SIDE;

	if (idx < XTERM_CUBE) {
		rgb[0] = colormap_basic[idx][0];
		rgb[1] = colormap_basic[idx][1];
		rgb[2] = colormap_basic[idx][2];
	} else if (idx < XTERM_GREYS) {
		idx -= XTERM_CUBE;
		rgb[0] = colormap_cube[idx / (s * s)];
		rgb[1] = colormap_cube[idx / s % s];
		rgb[2] = colormap_cube[idx % s];
	} else
		rgb[0] = rgb[1] = rgb[2] = XTERM_GREY(idx - XTERM_GREYS);
}

int
colormap_xterm(int r, int g, int b)
{
	int	idx, best = XTERM_CUBE, rgb[3];
	long	d, dbest = -1;

	for (idx = XTERM_CUBE; idx < XTERM_COLORS; idx++) {
		colormap_xterm_rgb(idx, rgb);
		d = (long)(r - rgb[0]) * (r - rgb[0]) +
		    (long)(g - rgb[1]) * (g - rgb[1]) +
		    (long)(b - rgb[2]) * (b - rgb[2]);
		if (dbest < 0 || d < dbest) {
			dbest = d;
			best = idx;
		}
	}
	return best;
}

int
colormap_color(enum colormap c, enum colors colors, int levels, double v)
{
	int	n, k, rgb[3];

	n = colormap_levels(c, colors, levels);
	k = colormap_level(v, n);
	switch (colors) {
	case COLORS_256:
		colormap_rgb(c, (double)k / (n - 1), rgb);
		return colormap_xterm(rgb[0], rgb[1], rgb[2]);
	case COLORS_16:
		return colormap_ramp16[c][k];
	case COLORS_8:
		return colormap_ramp8[c][k];
	case COLORS_NONE:
		break;
	}
	return -1;
}

int
colormap_palette(enum colormap c, enum colors colors, int levels, int *out)
{
	int	n, k;

	n = colormap_levels(c, colors, levels);
	for (k = 0; k < n; k++)
		out[k] = colormap_color(c, colors, levels, n > 1 ?
		    (double)k / (n - 1) : 0);
	return n;
}

const char *
colormap_shade(double v, int ascii)
{
	if (!ascii)
		return colormap_shades[colormap_level(v, SHADES)];
	return colormap_ascii_shades[colormap_level(v, ASCII_SHADES)];
}

const char *
colormap_glyph(enum colormap c, double v, int ascii)
{
	if (colormap_diverging(c))
		return colormap_signs[colormap_level(v, SIGNS)];
	return colormap_shade(v, ascii);
}

int
colormap_contrast(enum colors colors, int bg)
{
	int	rgb[3];

	if (colors == COLORS_NONE || bg < 0)
		return -1;
	colormap_xterm_rgb(bg, rgb);
	if (BRIGHT_R * rgb[0] + BRIGHT_G * rgb[1] + BRIGHT_B * rgb[2] >
	    BRIGHT)
		return BASIC_BLACK;
	return colors == COLORS_256 ? XTERM_WHITE : BASIC_WHITE;
}
