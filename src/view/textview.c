/*
 * textview.c - the input as running text, coloured by attention; see
 * textview.h.
 */
#include "build-config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "attntui/view/textview.h"

#define TEXTVIEW_MARKER		"\xe2\x90\xa3"	/* ␣ */
#define TEXTVIEW_MARKER_LEN	3
#define TEXTVIEW_NEWLINE	"\\n"
#define TEXTVIEW_LABEL_LEN	256
/* Without colours: the weight, a fraction of the largest, as a style. */
#define TEXTVIEW_BOLD_FROM	(1.0 / 3)
#define TEXTVIEW_REVERSE_FROM	(2.0 / 3)

/* What the text shows: which tokens, and each one's weight. */
struct textview {
	const char *const	*labels;
	int64_t			 n;
	const float		*m;		/* T_q x T_k */
	int64_t			 stride;	/* T_k */
	int64_t			 fixed;		/* the query or the key */
	int64_t			 cursor;	/* the token h l or j k move */
	int			 by_row;	/* weights m[fixed][t] */
	int			 gap;		/* a cell between tokens */
	float			 max;
};

static double
textview_weight(const struct textview *t, int64_t i)
{
	return t->by_row ? t->m[t->fixed * t->stride + i] :
	    t->m[i * t->stride + t->fixed];
}

/* A label as running text: the leading-space markers as spaces. */
static void
textview_text(const char *label, char *buf, size_t len)
{
	size_t	o = 0;

	while (strncmp(label, TEXTVIEW_MARKER, TEXTVIEW_MARKER_LEN) == 0 &&
	    o + 1 < len) {
		buf[o++] = ' ';
		label += TEXTVIEW_MARKER_LEN;
	}
	snprintf(buf + o, len - o, "%s", label);
}

/* Does a label end a line (its text ends in an escaped newline)? */
static int
textview_breaks(const char *label)
{
	size_t	n = strlen(label), m = strlen(TEXTVIEW_NEWLINE);

	return n >= m && strcmp(label + n - m, TEXTVIEW_NEWLINE) == 0;
}

/*
 * Words run together when labels carry their own spaces (byte-level
 * BPE's "␣the", a byte tokenizer's " "), and a cell apart when no label
 * has one (the whitespace tokenizer drops them).
 */
static int
textview_needs_gap(const char *const *labels, int64_t n)
{
	int64_t	i;

	for (i = 0; i < n; i++)
		if (strchr(labels[i], ' ') != NULL || strstr(labels[i],
		    TEXTVIEW_MARKER) != NULL)
			return 0;
	return 1;
}

/* Lay every token out in lines w cells wide; returns the lines. */
static int32_t
textview_layout(const struct textview *t, struct frame *f, int w, int ascii)
{
	char	buf[TEXTVIEW_LABEL_LEN];
	int32_t	line = 0;
	int	x = 0, tw;
	int64_t	i;

	for (i = 0; i < t->n; i++) {
		textview_text(t->labels[i], buf, sizeof buf);
		tw = canvas_width(buf, ascii);
		tw = tw < 1 ? 1 : tw > w ? w : tw;
		if (x > 0 && x + tw > w) {
			line++;
			x = 0;
		}
		f->words[i].line = line;
		f->words[i].x = (int16_t)x;
		f->words[i].w = (int16_t)tw;
		x += tw + t->gap;
		if (textview_breaks(t->labels[i]) && i + 1 < t->n) {
			line++;
			x = 0;
		}
	}
	return line + 1;
}

/*
 * Where weight w falls on the colours: w / max, or for a difference
 * (max the largest |w|) 0 at the centre, (w / max + 1) / 2.
 */
static double
textview_fraction(const struct view *v, const struct textview *t, double w)
{
	if (!(t->max > 0))
		return v->diverging ? 0.5 : 0;
	return v->diverging ? 0.5 + 0.5 * w / t->max : w / t->max;
}

/* A token's look: its weight's colour behind it, or a style without;
   without colours a difference's style says its size, not its sign. */
static void
textview_style(const struct paint *d, double frac, int *fg, int *bg,
    int *attrs)
{
	*fg = *bg = CANVAS_DEFAULT;
	*attrs = 0;
	if (d->v->colors == COLORS_NONE) {
		if (d->v->diverging)
			frac = frac < 0.5 ? 1 - 2 * frac : 2 * frac - 1;
		if (frac >= TEXTVIEW_REVERSE_FROM)
			*attrs = CANVAS_REVERSE;
		else if (frac >= TEXTVIEW_BOLD_FROM)
			*attrs = CANVAS_BOLD;
		return;
	}
	*bg = paint_color(d, frac);
	*fg = colormap_contrast(d->v->colors, *bg);
}

static void
textview_word(const struct paint *d, const struct textview *t, int64_t i,
    int x, int y)
{
	char	buf[TEXTVIEW_LABEL_LEN];
	int	fg, bg, attrs;

	textview_style(d, textview_fraction(d->v, t, textview_weight(t, i)),
	    &fg, &bg, &attrs);
	if (i == t->cursor)
		attrs |= CANVAS_UNDERLINE | CANVAS_BOLD;
	if (i == t->fixed)
		attrs |= CANVAS_REVERSE;
	textview_text(t->labels[i], buf, sizeof buf);
	canvas_fill(d->c, x, y, d->f->words[i].w, 1, fg, bg, attrs);
	canvas_text(d->c, x, y, d->f->words[i].w, buf, fg, bg, attrs);
}

/* The legend: what the colours stand for. */
static void
textview_legend(const struct paint *d, const struct textview *t)
{
	const struct view	*v = d->v;
	char			 hi[96], lo[32];

	if (v->colors == COLORS_NONE) {
		snprintf(hi, sizeof hi, "bold from %s%.4g, reverse from %s%.4g",
		    v->diverging ? "|diff| " : "", t->max * TEXTVIEW_BOLD_FROM,
		    v->diverging ? "|diff| " : "", t->max *
		    TEXTVIEW_REVERSE_FROM);
		canvas_text(d->c, d->f->geo.lay.legend.x,
		    d->f->geo.lay.legend.y, d->f->geo.lay.legend.w, hi,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
		return;
	}
	snprintf(hi, sizeof hi, "%s%.4g = max %s%s %lld", v->diverging ?
	    "+" : "", (double)t->max, v->diverging ? "|diff| " : "",
	    t->by_row ? "from query" : "to key", (long long)t->fixed);
	if (v->diverging)
		snprintf(lo, sizeof lo, "%.4g", -(double)t->max);
	else
		snprintf(lo, sizeof lo, "0");
	paint_legend(d, &d->f->geo.lay.legend, lo, hi);
}

static void
textview_setup(const struct view *v, const float *m, struct textview *t)
{
	int64_t	i;

	memset(t, 0, sizeof *t);
	t->m = m;
	t->stride = v->Tk;
	t->by_row = v->text == VIEW_TEXT_QUERY;
	t->labels = t->by_row ? v->key_labels : v->labels;
	t->n = t->by_row ? v->Tk : v->Tq;
	t->fixed = t->by_row ? v->query : v->key;
	t->cursor = t->by_row ? v->key : v->query;
	t->gap = textview_needs_gap(t->labels, t->n);
	for (i = 0; i < t->n; i++)
		if (fabs(textview_weight(t, i)) > t->max)
			t->max = (float)fabs(textview_weight(t, i));
}

void
textview_draw(const struct paint *d)
{
	const struct view	*v = d->v;
	struct frame		*f = d->f;
	const struct layout	*l = &f->geo.lay;
	struct textview		 t;
	int32_t			 lines, line;
	int64_t			 i;

	textview_setup(v, f->matrix, &t);
	f->text_x = l->ylabels.x;
	f->text_y = l->heat.y;
	f->text_h = l->heat.h + l->xlabels.h;
	f->n_text = t.n;
	lines = textview_layout(&t, f, l->ylabels.w + l->heat.w, v->ascii);
	f->text_first = (int32_t)paint_scroll(f->text_first,
	    f->words[t.cursor].line, f->text_h, lines);
	for (i = 0; i < t.n; i++) {
		line = f->words[i].line - f->text_first;
		if (line >= 0 && line < f->text_h)
			textview_word(d, &t, i, f->text_x + f->words[i].x,
			    f->text_y + line);
	}
	textview_legend(d, &t);
}
