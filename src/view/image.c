/*
 * image.c - --image: a view as a PNG or SVG picture; see image.h.
 *
 * Both formats share one layout.  The PNG is drawn into an RGB raster
 * with font.c's pixel font and handed to io/png.c; the SVG is written as
 * text, a rectangle per cell and the labels as <text>, so that a paper's
 * figure keeps its words searchable and sharp.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/io/outfile.h"
#include "attntui/io/png.h"
#include "attntui/base/text.h"
#include "attntui/view/font.h"
#include "attntui/view/heatmap.h"
#include "attntui/view/image.h"

#define IMAGE_MARGIN	8
#define IMAGE_LABEL_MAX	12	/* characters of a label, at most */
#define IMAGE_TITLE_MAX	160
#define IMAGE_GAP	4	/* between labels and the map */
#define IMAGE_BAR_GAP	16	/* between the map and the colour bar */
#define IMAGE_BAR_W	16
#define IMAGE_BAR_MIN_H	96
#define IMAGE_TICK_CHARS 9	/* "0.000123" and a space */
#define IMAGE_TITLE_SCALE 2
#define IMAGE_SVG_FONT	9	/* label font size, SVG user units */
#define IMAGE_TICKS	3	/* 0, max / 2, max; a difference's -max,
				   0, max */

/* Everything a picture needs once the view's numbers are in. */
struct image {
	struct image_layout	 lay;
	const struct image_view	*v;
	float			*cells;		/* n x n, scaled to [0, 1] */
	float			 max;		/* the largest value (|value|)
						   shown */
	int			 sign;		/* a difference: signed values,
						   0 at 0.5 of cmap */
	enum colormap		 cmap;		/* rdbu for a difference */
	float			 zero;		/* where 0 lands: 0 or 0.5 */
	const char *const	*labels;	/* T */
	char			**own;		/* positions, when no labels */
	char			 title[IMAGE_TITLE_MAX];
};

int
image_format_of(const char *path, enum image_format *out, struct error *err)
{
	size_t	n = strlen(path);

	if (n > 4 && strcmp(path + n - 4, ".png") == 0)
		*out = IMAGE_PNG;
	else if (n > 4 && strcmp(path + n - 4, ".svg") == 0)
		*out = IMAGE_SVG;
	else
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--image=%s: "
		    "expected a name ending in .png or .svg", path);
	return 0;
}

void
image_layout(int64_t T, enum image_format f, int label_chars,
    struct image_layout *lay)
{
	int	max = f == IMAGE_SVG ? IMAGE_SVG_MAX_CELLS : IMAGE_MAX_CELLS;
	int	side;

	memset(lay, 0, sizeof *lay);
	lay->T = T;
	lay->n = T < max ? (int)T : max;
	lay->block = (IMAGE_SIDE + lay->n - 1) / lay->n;
	if (lay->block > IMAGE_MAX_BLOCK)
		lay->block = IMAGE_MAX_BLOCK;
	lay->step = (FONT_LINE + lay->block - 1) / lay->block;
	lay->label_chars = label_chars;
	side = lay->n * lay->block;
	lay->map_x = IMAGE_MARGIN + (label_chars + 2) * FONT_W + IMAGE_GAP;
	lay->map_y = IMAGE_MARGIN + IMAGE_TITLE_SCALE * FONT_LINE + 2 *
	    IMAGE_GAP;
	lay->bar_x = lay->map_x + side + IMAGE_BAR_GAP;
	lay->bar_y = lay->map_y;
	lay->bar_w = IMAGE_BAR_W;
	lay->bar_h = side > IMAGE_BAR_MIN_H ? side : IMAGE_BAR_MIN_H;
	lay->w = lay->bar_x + lay->bar_w + IMAGE_GAP + IMAGE_TICK_CHARS *
	    FONT_W + IMAGE_MARGIN;
	lay->h = lay->map_y + (side > lay->bar_h ? side : lay->bar_h) +
	    IMAGE_GAP + label_chars * FONT_W + IMAGE_MARGIN;
}

/* ---- the numbers ------------------------------------------------------- */

static void
image_title(struct image *im)
{
	const struct image_view	*v = im->v;
	int64_t			 L = store_layers(v->store);
	int64_t			 H = store_heads(v->store);
	int			 n;

	n = snprintf(im->title, sizeof im->title, "%s  layer %lld of %lld  ",
	    v->model != NULL ? v->model : "attention", (long long)v->layer,
	    (long long)L);
	if (n < 0 || (size_t)n >= sizeof im->title)
		return;
	if (v->kind == ANALYSIS_HEAD)
		snprintf(im->title + n, sizeof im->title - (size_t)n,
		    "head %lld of %lld", (long long)v->head, (long long)H);
	else if (v->kind == ANALYSIS_ROLLOUT)
		snprintf(im->title + n, sizeof im->title - (size_t)n,
		    "rollout of layers 0-%lld", (long long)v->layer);
	else
		snprintf(im->title + n, sizeof im->title - (size_t)n,
		    "%s of %lld heads", analysis_kind_name(v->kind),
		    (long long)H);
}

/* The view's T x T matrix, pooled to n x n by the max, scaled by max. */
static int
image_cells(struct image *im, struct error *err)
{
	const struct image_view	*v = im->v;
	struct analysis		 an;
	struct heatmap_window	 w;
	struct heatmap_range	 range;
	int64_t			 T = im->lay.T, n = im->lay.n;
	float			*m;

	if ((m = malloc((size_t)T * (size_t)T * sizeof *m)) == NULL ||
	    (im->cells = malloc((size_t)n * (size_t)n *
	    sizeof *im->cells)) == NULL) {
		free(m);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %lld x %lld picture", (long long)T,
		    (long long)T);
	}
	if (analysis_init(&an, v->store, err) != 0 ||
	    analysis_get(&an, v->layer, v->kind, v->head, m, err) != 0) {
		analysis_free(&an);
		free(m);
		return -1;
	}
	analysis_free(&an);
	w.r0 = w.c0 = 0;
	w.r1 = w.c1 = T;
	(im->sign ? heatmap_signed_image : heatmap_image)(m, T, &w, (int)n,
	    (int)n, HEATMAP_MAX, HEATMAP_LINEAR, im->cells, &range);
	free(m);
	im->max = range.max;
	return 0;
}

static int
image_labels(struct image *im)
{
	int64_t	T = im->lay.T, i;
	char	buf[32];

	if (im->v->labels != NULL) {
		im->labels = im->v->labels;
		return 0;
	}
	if ((im->own = calloc((size_t)T, sizeof *im->own)) == NULL)
		return -1;
	for (i = 0; i < T; i++) {
		snprintf(buf, sizeof buf, "%lld", (long long)i);
		if ((im->own[i] = strdup(buf)) == NULL)
			return -1;
	}
	im->labels = (const char *const *)im->own;
	return 0;
}

/* Code points of s, at most max of them, into cps; returns the count. */
static int
image_decode(const char *s, unsigned *cps, int max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), len;
	int			 n = 0;

	while (left > 0 && n < max) {
		if ((len = text_utf8(p, left, &cps[n])) == 0) {
			cps[n] = '?';
			len = 1;
		}
		n++;
		p += len;
		left -= len;
	}
	return n;
}

/* The widest label (in characters), at most IMAGE_LABEL_MAX. */
static int
image_label_chars(const struct image *im)
{
	unsigned	cps[IMAGE_LABEL_MAX];
	int64_t		i;
	int		n, w = 1;

	for (i = 0; i < im->lay.T; i++)
		if ((n = image_decode(im->labels[i], cps,
		    IMAGE_LABEL_MAX)) > w)
			w = n;
	return w;
}

/* The token whose label cell i shows (the first of its pool). */
static int64_t
image_token(const struct image_layout *lay, int i)
{
	return heatmap_source(0, lay->T, lay->n, i);
}

static void
image_free(struct image *im)
{
	int64_t	i;

	free(im->cells);
	if (im->own != NULL)
		for (i = 0; i < im->lay.T; i++)
			free(im->own[i]);
	free(im->own);
}

/* ---- PNG --------------------------------------------------------------- */

struct raster {
	unsigned char	*rgb;
	int		 w, h;
};

static void
raster_rect(struct raster *r, int x, int y, int w, int h, const int rgb[3])
{
	int		 i, j;
	unsigned char	*p;

	for (j = y; j < y + h; j++) {
		if (j < 0 || j >= r->h)
			continue;
		for (i = x; i < x + w; i++) {
			if (i < 0 || i >= r->w)
				continue;
			p = r->rgb + ((size_t)j * (size_t)r->w + (size_t)i) * 3;
			p[0] = (unsigned char)rgb[0];
			p[1] = (unsigned char)rgb[1];
			p[2] = (unsigned char)rgb[2];
		}
	}
}

/*
 * Text at (x, y), its top left, scaled; up: rotated a quarter turn to
 * read upwards from (x, y), its bottom left.
 */
static void
raster_text(struct raster *r, int x, int y, const char *s, int max,
    int scale, int up)
{
	static const int	 black[3] = { 0, 0, 0 };
	unsigned		 cps[IMAGE_TITLE_MAX];
	const unsigned char	*g;
	int			 n, k, gx, gy, px, py;

	n = image_decode(s, cps, max < IMAGE_TITLE_MAX ? max :
	    IMAGE_TITLE_MAX);
	for (k = 0; k < n; k++) {
		g = font_glyph(cps[k]);
		for (gy = 0; gy < FONT_H; gy++)
			for (gx = 0; gx < FONT_W - 1; gx++) {
				if (!(g[gy] >> (FONT_W - 2 - gx) & 1))
					continue;
				px = up ? x + gy * scale : x + (k * FONT_W +
				    gx) * scale;
				py = up ? y - (k * FONT_W + gx + 1) * scale :
				    y + gy * scale;
				raster_rect(r, px, py, scale, scale, black);
			}
	}
}

static int
image_chars(const char *s, int max)
{
	unsigned	cps[IMAGE_TITLE_MAX];

	return image_decode(s, cps, max < IMAGE_TITLE_MAX ? max :
	    IMAGE_TITLE_MAX);
}

static void
image_png_labels(const struct image *im, struct raster *r)
{
	const struct image_layout	*l = &im->lay;
	int				 i, n, c = l->label_chars, side;
	int64_t				 t;

	side = l->n * l->block;
	for (i = 0; i < l->n; i += l->step) {
		t = image_token(l, i);
		n = image_chars(im->labels[t], c);
		raster_text(r, l->map_x - IMAGE_GAP - n * FONT_W, l->map_y +
		    i * l->block + (l->block - FONT_H) / 2, im->labels[t], c,
		    1, 0);
		raster_text(r, l->map_x + i * l->block + (l->block - FONT_H) /
		    2, l->map_y + side + IMAGE_GAP + n * FONT_W, im->labels[t],
		    c, 1, 1);
		if (im->v->query >= t && (i + l->step >= l->n ||
		    im->v->query < image_token(l, i + l->step)))
			raster_text(r, IMAGE_MARGIN, l->map_y + i * l->block +
			    (l->block - FONT_H) / 2, ">", 1, 1, 0);
	}
}

/* Tick k of the colour bar, from the bottom, as text. */
static char *
image_tick(const struct image *im, int k, char *buf, size_t len)
{
	double	x = (double)k / (IMAGE_TICKS - 1);

	if (im->sign && 2 * k != IMAGE_TICKS - 1)
		snprintf(buf, len, "%+.3g", (double)im->max * (2 * x - 1));
	else if (im->sign)
		snprintf(buf, len, "0");
	else
		snprintf(buf, len, "%.3g", (double)im->max * x);
	return buf;
}

/* The colour bar: max at the top, 0 (or -max) at the bottom, and three
   values. */
static void
image_png_bar(const struct image *im, struct raster *r)
{
	const struct image_layout	*l = &im->lay;
	int				 y, k, rgb[3];
	char				 tick[16];

	for (y = 0; y < l->bar_h; y++) {
		colormap_rgb(im->cmap, 1.0 - (double)y / (l->bar_h - 1),
		    rgb);
		raster_rect(r, l->bar_x, l->bar_y + y, l->bar_w, 1, rgb);
	}
	for (k = 0; k < IMAGE_TICKS; k++) {
		image_tick(im, k, tick, sizeof tick);
		y = l->bar_y + (l->bar_h - 1) * (IMAGE_TICKS - 1 - k) /
		    (IMAGE_TICKS - 1) - FONT_H / 2;
		raster_text(r, l->bar_x + l->bar_w + IMAGE_GAP, y, tick,
		    IMAGE_TICK_CHARS, 1, 0);
	}
}

static int
image_png(const char *path, const struct image *im, struct error *err)
{
	static const int		 white[3] = { 255, 255, 255 };
	const struct image_layout	*l = &im->lay;
	struct raster			 r;
	int				 i, j, rgb[3], rc;

	r.w = l->w;
	r.h = l->h;
	if ((r.rgb = malloc((size_t)r.w * (size_t)r.h * 3)) == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %dx%d picture", r.w, r.h);
	raster_rect(&r, 0, 0, r.w, r.h, white);
	raster_text(&r, IMAGE_MARGIN, IMAGE_MARGIN, im->title,
	    IMAGE_TITLE_MAX, IMAGE_TITLE_SCALE, 0);
	for (i = 0; i < l->n; i++)
		for (j = 0; j < l->n; j++) {
			colormap_rgb(im->cmap, im->cells[(size_t)i *
			    (size_t)l->n + (size_t)j], rgb);
			raster_rect(&r, l->map_x + j * l->block, l->map_y + i *
			    l->block, l->block, l->block, rgb);
		}
	image_png_labels(im, &r);
	image_png_bar(im, &r);
	rc = png_write_rgb(path, r.rgb, r.w, r.h, err);
	free(r.rgb);
	return rc;
}

/* ---- SVG --------------------------------------------------------------- */

/* s as XML character data: & < > " escaped, at most max characters. */
static void
svg_text(FILE *fp, const char *s, int max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), len;
	unsigned		 cp;
	int			 n = 0;

	for (; left > 0 && n < max; n++, p += len, left -= len) {
		if ((len = text_utf8(p, left, &cp)) == 0) {
			fputc('?', fp);
			len = 1;
		} else if (cp == '&')
			fputs("&amp;", fp);
		else if (cp == '<')
			fputs("&lt;", fp);
		else if (cp == '>')
			fputs("&gt;", fp);
		else if (cp == '"')
			fputs("&quot;", fp);
		else
			fwrite(p, 1, len, fp);
	}
}

static void
svg_color(FILE *fp, enum colormap cmap, double v)
{
	int	rgb[3];

	colormap_rgb(cmap, v, rgb);
	fprintf(fp, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

static void
image_svg_labels(const struct image *im, FILE *fp)
{
	const struct image_layout	*l = &im->lay;
	int				 i, c = l->label_chars, x, y;
	int				 side = l->n * l->block;
	int64_t				 t;

	fprintf(fp, "<g font-family=\"monospace\" font-size=\"%d\">\n",
	    IMAGE_SVG_FONT);
	for (i = 0; i < l->n; i += l->step) {
		t = image_token(l, i);
		y = l->map_y + i * l->block + l->block / 2;
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "dominant-baseline=\"middle\">", l->map_x - IMAGE_GAP, y);
		svg_text(fp, im->labels[t], c);
		fputs("</text>\n", fp);
		x = l->map_x + i * l->block + l->block / 2;
		y = l->map_y + side + IMAGE_GAP;
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "dominant-baseline=\"middle\" transform=\"rotate(-90 %d "
		    "%d)\">", x, y, x, y);
		svg_text(fp, im->labels[t], c);
		fputs("</text>\n", fp);
		if (im->v->query >= t && (i + l->step >= l->n ||
		    im->v->query < image_token(l, i + l->step)))
			fprintf(fp, "<text x=\"%d\" y=\"%d\" "
			    "dominant-baseline=\"middle\">&gt;</text>\n",
			    IMAGE_MARGIN, l->map_y + i * l->block +
			    l->block / 2);
	}
	fputs("</g>\n", fp);
}

/* The colour bar as a gradient of the colormap's eleven anchors. */
static void
image_svg_bar(const struct image *im, FILE *fp)
{
	const struct image_layout	*l = &im->lay;
	int				 k, y;
	char				 tick[16];

	fputs("<defs><linearGradient id=\"bar\" x1=\"0\" y1=\"1\" x2=\"0\" "
	    "y2=\"0\">\n", fp);
	for (k = 0; k <= 10; k++) {
		fprintf(fp, "<stop offset=\"%.1f\" stop-color=\"", k / 10.0);
		svg_color(fp, im->cmap, k / 10.0);
		fputs("\"/>\n", fp);
	}
	fputs("</linearGradient></defs>\n", fp);
	fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"url(#bar)\"/>\n", l->bar_x, l->bar_y, l->bar_w, l->bar_h);
	for (k = 0; k < IMAGE_TICKS; k++) {
		y = l->bar_y + (l->bar_h - 1) * (IMAGE_TICKS - 1 - k) /
		    (IMAGE_TICKS - 1);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-family=\"monospace\" "
		    "font-size=\"%d\" dominant-baseline=\"middle\">%s"
		    "</text>\n", l->bar_x + l->bar_w + IMAGE_GAP, y,
		    IMAGE_SVG_FONT, image_tick(im, k, tick, sizeof tick));
	}
}

static void
image_svg_body(const struct image *im, FILE *fp)
{
	const struct image_layout	*l = &im->lay;
	int				 i, j, b = l->block;
	float				 v;

	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\">\n", l->w, l->h, l->w, l->h);
	fprintf(fp, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	    l->w, l->h);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" font-family=\"monospace\" "
	    "font-size=\"%d\" dominant-baseline=\"hanging\">", IMAGE_MARGIN,
	    IMAGE_MARGIN, IMAGE_SVG_FONT * IMAGE_TITLE_SCALE);
	svg_text(fp, im->title, IMAGE_TITLE_MAX);
	fputs("</text>\n", fp);
	/* The value 0 once under the map (at im->zero of the colormap); a
	   rectangle for every other cell. */
	fprintf(fp, "<g shape-rendering=\"crispEdges\">\n<rect x=\"%d\" "
	    "y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", l->map_x, l->map_y,
	    l->n * b, l->n * b);
	svg_color(fp, im->cmap, im->zero);
	fputs("\"/>\n", fp);
	for (i = 0; i < l->n; i++)
		for (j = 0; j < l->n; j++) {
			if ((v = im->cells[(size_t)i * (size_t)l->n +
			    (size_t)j]) == im->zero)
				continue;
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"", l->map_x + j * b,
			    l->map_y + i * b, b, b);
			svg_color(fp, im->cmap, v);
			fputs("\"/>\n", fp);
		}
	fputs("</g>\n", fp);
	image_svg_labels(im, fp);
	image_svg_bar(im, fp);
	fputs("</svg>\n", fp);
}

static int
image_svg(const char *path, const struct image *im, struct error *err)
{
	struct outfile	 of;
	FILE		*fp;

	if ((fp = outfile_open(path, &of, err)) == NULL)
		return -1;
	image_svg_body(im, fp);
	if (ferror(fp)) {
		outfile_abort(&of);
		return error_set(err, EXIT_RUNTIME, path, 0, 0,
		    "write failed");
	}
	return outfile_commit(&of, err);
}

int
image_write(const char *path, const struct image_view *v, struct error *err)
{
	struct image		im;
	enum image_format	f;
	int			rc, w;

	if (image_format_of(path, &f, err) != 0)
		return -1;
	memset(&im, 0, sizeof im);
	im.v = v;
	im.sign = !store_is_probability(v->store);
	im.cmap = im.sign ? COLORMAP_RDBU : v->cmap;
	im.zero = im.sign ? 0.5f : 0;
	im.lay.T = store_seq(v->store);
	if (v->query >= im.lay.T)
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "no query %lld "
		    "(the input has %lld tokens)", (long long)v->query,
		    (long long)im.lay.T);
	if (image_labels(&im) != 0) {
		image_free(&im);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	}
	image_layout(im.lay.T, f, image_label_chars(&im), &im.lay);
	image_title(&im);
	w = 2 * IMAGE_MARGIN + IMAGE_TITLE_SCALE * FONT_W *
	    image_chars(im.title, IMAGE_TITLE_MAX);
	if (w > im.lay.w)
		im.lay.w = w;
	if ((rc = image_cells(&im, err)) == 0)
		rc = f == IMAGE_PNG ? image_png(path, &im, err) :
		    image_svg(path, &im, err);
	image_free(&im);
	return rc;
}
