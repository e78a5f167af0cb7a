/*
 * colormap.h - values in [0, 1] to terminal colours and shading glyphs.
 *
 * A value is first quantised to one of a few levels, so that a frame
 * never needs more colour pairs than the terminal has: the tui picks the
 * level count from COLOR_PAIRS, the dump uses COLORMAP_LEVELS.  Level k
 * of n stands for the value k / (n - 1), whose RGB colour (linear
 * between the colormap's eleven matplotlib anchors) is matched to the
 * nearest xterm-256 colour (cube 16-231 or grey ramp 232-255, squared
 * RGB distance, ties to the lower index).  With 16 or 8 colours each
 * colormap has a short hand-made ramp of the basic colours instead.
 *
 * rdbu (matplotlib's RdBu_r) is diverging, for differences: a value
 * v in [-1, 1] is shown at (v + 1) / 2, so that 0 is the white centre,
 * negative values blue and positive red.  It always has an odd number
 * of levels, so that one level is 0 exactly; without colours it shades
 * with signs instead (" " for 0, "-" "=" below, "+" "#" above).  The
 * colormap key does not cycle to it, nor --colormap name it: the views
 * of a difference choose it.
 */
#ifndef ATTNTUI_COLORMAP_H
#define ATTNTUI_COLORMAP_H

enum colormap { COLORMAP_VIRIDIS, COLORMAP_MAGMA, COLORMAP_GRAY,
		COLORMAP_RDBU };
#define COLORMAP_SEQUENTIAL 3	/* the first ones: for probabilities */
#define COLORMAP_COUNT	4

/* How many colours the output can show. */
enum colors { COLORS_NONE, COLORS_8, COLORS_16, COLORS_256 };

/* Levels of the 256-colour ramps unless the terminal allows fewer. */
#define COLORMAP_LEVELS	32
#define COLORMAP_LEVELS_MIN 2
#define COLORMAP_LEVELS_MAX 64

const char	*colormap_name(enum colormap);
/* "viridis", "magma", "gray" (or "grey"), "rdbu" (printed, never
   parsed); -1 when unknown. */
int		 colormap_parse(const char *name, enum colormap *out);
/* "none", "8", "16", "256"; -1 when unknown. */
const char	*colormap_colors_name(enum colors);
int		 colormap_colors_parse(const char *name, enum colors *out);

/* Is c diverging (centred on 0.5, for signed values)? */
int		 colormap_diverging(enum colormap c);

/* v clamped to [0, 1] (NaN is 0) as a level 0 .. levels - 1. */
int		 colormap_level(double v, int levels);

/* The number of levels the output really has: levels with 256
   colours (one less when even, for a diverging colormap), the ramp's
   length with 16 or 8, 5 shades with none. */
int		 colormap_levels(enum colormap, enum colors, int levels);

/* Colour index of v; -1 (the terminal's default) with COLORS_NONE. */
int		 colormap_color(enum colormap, enum colors, int levels,
		     double v);

/*
 * Every level's colour into out[0 .. n - 1] (n = colormap_levels(), at
 * most COLORMAP_LEVELS_MAX), so that a frame looks colours up instead of
 * searching the xterm palette for each cell.  Returns n.
 */
int		 colormap_palette(enum colormap, enum colors, int levels,
		     int *out);

/* The colormap's RGB at v, each 0..255. */
void		 colormap_rgb(enum colormap, double v, int rgb[3]);

/* The xterm-256 colour (16..255) nearest to an RGB triple. */
int		 colormap_xterm(int r, int g, int b);

/* A shading glyph for v: " ░▒▓█", or " .:-=+*#%@" when ascii. */
const char	*colormap_shade(double v, int ascii);

/* The glyph of v without colours: colormap_shade, or a diverging
   colormap's signs "=- +#". */
const char	*colormap_glyph(enum colormap c, double v, int ascii);

/* A foreground that stays legible on background colour bg. */
int		 colormap_contrast(enum colors, int bg);

#endif
