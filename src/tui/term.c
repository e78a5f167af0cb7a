/*
 * term.c - the explorer on a terminal; the only user of curses.
 *
 * Each frame is drawn by draw_frame() into a canvas; only the cells
 * that differ from the previous canvas are handed to curses, and
 * wnoutrefresh/doupdate send what changed, so a head switch costs the
 * bytes of the map and little else.  Colour pairs come from alloc_pair()
 * (ncurses 6.1): the colormap is quantised to as many levels as
 * COLOR_PAIRS allows, so one frame never needs more pairs than exist.
 */
#include "build-config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "attntui/base/fatal.h"
#include "attntui/tui/tui.h"
#include "attntui/view/draw.h"

/* Pairs a frame uses besides the map's fg x bg: labels, bars, cursor. */
#define TERM_SPARE_PAIRS	32
/* Pairs a level needs beside the map's: a bar in it (on the default
   background), the legend's cell of it (on the default foreground) and
   the cursor on it (in either of two contrasting colours). */
#define TERM_LEVEL_PAIRS	4
/* How long a lone ESC waits for the rest of a key's sequence. */
#define TERM_ESCDELAY_MS	25
/* How long get_wch() waits before the loop looks at signals again. */
#define TERM_POLL_MS		250
/* And while a pass in the background fills the store: a layer that
   comes ready is drawn this soon. */
#define TERM_BUSY_POLL_MS	10

/* xterm mouse reports off: the modes ncurses may have turned on. */
#define TERM_MOUSE_OFF		"\033[?1000l\033[?1002l\033[?1006l"

static volatile sig_atomic_t	term_signal;
static int			term_active;

struct term_screen {
	SCREEN		*screen;
	FILE		*in;		/* /dev/tty when stdin is not one */
	struct canvas	 cur;
	struct canvas	 prev;
	int		 prev_valid;
	struct frame	 frame;		/* what the last frame worked out */
};

static void
term_on_signal(int sig)
{
	term_signal = sig;
}

/* atexit: whatever path leaves the program, leave a usable terminal. */
static void
term_restore(void)
{
	fatal_set_terminal(-1, -1, NULL, NULL);
	if (term_active) {
		endwin();
		term_active = 0;
	}
}

/* Append terminfo capability cap to buf when the terminal has it. */
static void
term_add_cap(char *buf, size_t len, const char *cap)
{
	const char	*s = tigetstr(cap);

	if (s != NULL && s != (const char *)-1 &&
	    strlen(buf) + strlen(s) < len)
		strcat(buf, s);
}

/*
 * For a signal that kills us before endwin() can run (QUIT, SEGV, ...):
 * the tty modes from before curses and the sequences that leave the
 * alternate screen, show the cursor and end mouse reports (fatal.h).
 */
static void
term_arm_fatal(int tty_fd, const struct termios *saved)
{
	char	reset[256] = "";

	term_add_cap(reset, sizeof reset, "sgr0");
	term_add_cap(reset, sizeof reset, "cnorm");
	term_add_cap(reset, sizeof reset, "rmkx");
	term_add_cap(reset, sizeof reset, "rmcup");
	if (tigetstr("kmous") != NULL && tigetstr("kmous") != (char *)-1 &&
	    strlen(reset) + sizeof TERM_MOUSE_OFF < sizeof reset)
		strcat(reset, TERM_MOUSE_OFF);
	fatal_set_terminal(STDOUT_FILENO, tty_fd, saved, reset);
}

static void
term_signals(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: get_wch() must return so the loop sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The most colours the terminal shows, capped by --color and NO_COLOR. */
static enum colors
term_colors(const struct tui_options *o)
{
	const char	*nc = getenv("NO_COLOR");
	enum colors	 have;

	if (o->colors == COLORS_NONE || !has_colors())
		return COLORS_NONE;
	if (!o->color_set && nc != NULL && *nc != '\0')
		return COLORS_NONE;
	if (start_color() == ERR)
		return COLORS_NONE;
	use_default_colors();
	if (COLORS >= 256)
		have = COLORS_256;
	else if (COLORS >= 16)
		have = COLORS_16;
	else if (COLORS >= 8)
		have = COLORS_8;
	else
		return COLORS_NONE;
	return have < o->colors ? have : o->colors;
}

/* Colour levels such that levels^2 map pairs and the spares fit. */
static int
term_levels(enum colors *colors)
{
	int	pairs = COLOR_PAIRS - 1, l;

	for (l = COLORMAP_LEVELS; l >= COLORMAP_LEVELS_MIN; l--)
		if (l * l + TERM_LEVEL_PAIRS * l + TERM_SPARE_PAIRS <= pairs)
			return l;
	if (*colors == COLORS_256)
		*colors = COLORS_16;
	return COLORMAP_LEVELS_MIN;
}

/*
 * Can the terminal put the cursor anywhere (terminfo's cup)?  Without
 * it (TERM=dumb, a printing terminal) curses can only scroll lines,
 * which draws the status line and nothing else.
 */
static int
term_addressable(void)
{
	const char	*cup = tigetstr("cup");

	return cup != NULL && cup != (const char *)-1 && *cup != '\0';
}

/*
 * Does terminfo know TERM (1, else 0), and can it move the cursor?
 * Asked before newterm(), which leaks what it made for a TERM it does
 * not know.
 */
static int
term_usable(int *addressable)
{
	int	e;

	*addressable = 0;
	if (setupterm(NULL, STDOUT_FILENO, &e) != OK)
		return 0;
	*addressable = term_addressable();
	del_curterm(cur_term);
	return 1;
}

enum colors
tui_output_colors(int fd)
{
	int	e, n;

	if (!isatty(fd) || setupterm(NULL, fd, &e) != OK)
		return COLORS_NONE;
	n = tigetnum("colors");
	del_curterm(cur_term);
	if (n >= 256)
		return COLORS_256;
	if (n >= 16)
		return COLORS_16;
	return n >= 8 ? COLORS_8 : COLORS_NONE;
}

static int
term_start(struct term_screen *t, struct view *v, const struct tui_options *o,
    struct error *err)
{
	const char	*cs = nl_langinfo(CODESET);
	struct termios	 saved;
	int		 tty_fd, have_modes, known, addressable;

	memset(t, 0, sizeof *t);
	if (!isatty(STDIN_FILENO) && (t->in = fopen("/dev/tty", "r")) == NULL)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "the explorer needs a terminal; try --dump or --summary");
	if (frame_init(&t->frame, v->src.store, err) != 0) {
		if (t->in != NULL)
			fclose(t->in);
		return -1;
	}
	tty_fd = t->in != NULL ? fileno(t->in) : STDIN_FILENO;
	have_modes = tcgetattr(tty_fd, &saved) == 0;
	if ((known = term_usable(&addressable)) == 0 || !addressable ||
	    (t->screen = newterm(NULL, stdout, t->in != NULL ? t->in :
	    stdin)) == NULL) {
		frame_free(&t->frame);
		if (t->in != NULL)
			fclose(t->in);
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "cannot use terminal type '%s'%s; try --dump",
		    getenv("TERM") != NULL ? getenv("TERM") : "(unset)",
		    known && !addressable ? " (it cannot move the cursor)" :
		    "");
	}
	term_active = 1;
	atexit(term_restore);
	if (have_modes)
		term_arm_fatal(tty_fd, &saved);
	term_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(TERM_ESCDELAY_MS);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	timeout(TERM_POLL_MS);
	v->colors = term_colors(o);
	v->levels = v->colors == COLORS_NONE ? COLORMAP_LEVELS :
	    term_levels(&v->colors);
	/* Block glyphs need a UTF-8 locale; otherwise ASCII shading. */
	v->ascii = o->ascii || cs == NULL || strcmp(cs, "UTF-8") != 0;
	return 0;
}

static void
term_stop(struct term_screen *t)
{
	term_restore();
	if (t->screen != NULL)
		delscreen(t->screen);
	if (t->in != NULL)
		fclose(t->in);
	canvas_free(&t->cur);
	canvas_free(&t->prev);
	frame_free(&t->frame);
}

static attr_t
term_cell_attrs(const struct cell *cell)
{
	attr_t	a = A_NORMAL;

	if (cell->attrs & CANVAS_BOLD)
		a |= A_BOLD;
	if (cell->attrs & CANVAS_REVERSE)
		a |= A_REVERSE;
	if (cell->attrs & CANVAS_UNDERLINE)
		a |= A_UNDERLINE;
	if (cell->attrs & CANVAS_DIM)
		a |= A_DIM;
	return a;
}

static void
term_cell(int x, int y, const struct cell *cell, enum colors colors)
{
	mbstate_t	ps;
	wchar_t		wc[2] = { L'?', L'\0' };
	cchar_t		cc;
	int		pair = 0;

	memset(&ps, 0, sizeof ps);
	if (mbrtowc(&wc[0], cell->glyph, strlen(cell->glyph), &ps) >
	    strlen(cell->glyph))
		wc[0] = L'?';
	if (colors != COLORS_NONE && (cell->fg != CANVAS_DEFAULT ||
	    cell->bg != CANVAS_DEFAULT))
		pair = alloc_pair(cell->fg, cell->bg);
	if (pair < 0)
		pair = 0;
	setcchar(&cc, wc, term_cell_attrs(cell), 0, &pair);
	mvadd_wch(y, x, &cc);
}

/* Hand curses the cells that changed since the last frame. */
static void
term_show(struct term_screen *t, enum colors colors)
{
	const struct cell	*c, *p, *ct, *pt;
	int			 x, y;

	for (y = 0; y < t->cur.h; y++) {
		for (x = 0; x < t->cur.w; x++) {
			c = canvas_cell_const(&t->cur, x, y);
			if (c->width == 0)
				continue;
			if (t->prev_valid) {
				p = canvas_cell_const(&t->prev, x, y);
				ct = canvas_cell_const(&t->cur, x + 1, y);
				pt = canvas_cell_const(&t->prev, x + 1, y);
				if (memcmp(c, p, sizeof *c) == 0 &&
				    (c->width != 2 || ct == NULL ||
				    memcmp(ct, pt, sizeof *ct) == 0))
					continue;
			}
			term_cell(x, y, c, colors);
		}
	}
	memcpy(t->prev.cells, t->cur.cells, (size_t)t->cur.w *
	    (size_t)t->cur.h * sizeof *t->cur.cells);
	t->prev_valid = 1;
	wnoutrefresh(stdscr);
	doupdate();
}

/* (Re)size both canvases to the screen; the next frame is drawn whole. */
static int
term_size(struct term_screen *t, struct error *err)
{
	int	w, h;

	getmaxyx(stdscr, h, w);
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (t->cur.cells != NULL && t->cur.w == w && t->cur.h == h)
		return 0;
	canvas_free(&t->cur);
	canvas_free(&t->prev);
	if (canvas_init(&t->cur, w, h) != 0 ||
	    canvas_init(&t->prev, w, h) != 0)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %dx%d screen", w, h);
	t->prev_valid = 0;
	erase();
	return 0;
}

static int
term_key(int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:		return KEYS_UP;
		case KEY_DOWN:		return KEYS_DOWN;
		case KEY_LEFT:		return KEYS_LEFT;
		case KEY_RIGHT:		return KEYS_RIGHT;
		case KEY_PPAGE:		return KEYS_PGUP;
		case KEY_NPAGE:		return KEYS_PGDN;
		case KEY_HOME:		return KEYS_HOME;
		case KEY_END:		return KEYS_END;
		case KEY_ENTER:		return KEYS_ENTER;
		case KEY_BACKSPACE:	return KEYS_BACKSPACE;
		case KEY_BTAB:		return KEYS_TAB;
		default:		return -1;
		}
	}
	switch (ch) {
	case '\r':
	case '\n':
		return KEYS_ENTER;
	case '\t':
		return KEYS_TAB;
	case 27:
		return KEYS_ESC;
	case 127:
	case 8:
		return KEYS_BACKSPACE;
	}
	return (int)ch;
}

/* A typed character: the search prompt takes its UTF-8 bytes. */
static int
term_char(struct view *v, const struct frame *f, int key)
{
	char		buf[MB_LEN_MAX];
	mbstate_t	ps;
	size_t		n, i;
	int		redraw = 0;

	if (v->prompt == VIEW_PROMPT_NONE || key < 0x80 || key >= KEYS_UP)
		return view_key(v, f, key);
	memset(&ps, 0, sizeof ps);
	if ((n = wcrtomb(buf, (wchar_t)key, &ps)) == (size_t)-1)
		return 0;
	for (i = 0; i < n; i++)
		redraw |= view_key(v, f, (unsigned char)buf[i]);
	return redraw;
}

/* The wheel moves the query; a click goes where the last frame drew. */
static int
term_mouse(struct view *v, const struct frame *f)
{
	MEVENT	ev;

	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		return view_action(v, f, ACTION_QUERY_PREV);
	if (ev.bstate & BUTTON5_PRESSED)
		return view_action(v, f, ACTION_QUERY_NEXT);
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		return view_click(v, f, ev.x, ev.y);
	return 0;
}

/*
 * The pass in the background: draw again when a layer comes ready (and
 * once all are, show the scores asked for meanwhile), and poll often
 * while it runs.  Its end gives the store whole; its failure
 * ends the explorer.
 */
static int
term_watch(struct background **bg, struct view *v, int64_t *seen,
    int *dirty, struct error *err)
{
	int64_t	ready = store_layers_ready(v->src.store);
	int	rc;

	if (ready != *seen) {
		*seen = ready;
		*dirty = 1;
		heads_layers_came(v);	/* x pressed meanwhile */
	}
	if ((rc = background_poll(*bg, err)) == 0)
		return 0;
	if (rc < 0)
		return -1;
	*bg = NULL;
	*dirty = 1;
	timeout(TERM_POLL_MS);
	return 0;
}

static int
term_loop(struct term_screen *t, struct view *v, struct background *bg,
    struct error *err)
{
	wint_t		ch;
	int		rc, key, dirty = 1;
	int64_t		seen = -1;
	enum colormap	shown = v->cmap;

	if (bg != NULL)
		timeout(TERM_BUSY_POLL_MS);
	while (!v->quit && term_signal == 0) {
		if (bg != NULL && term_watch(&bg, v, &seen, &dirty, err) != 0)
			return -1;
		if (dirty) {
			if (term_size(t, err) != 0 ||
			    draw_frame(v, &t->frame, &t->cur, err) != 0)
				return -1;
			/*
			 * A new colormap: free every pair and draw it all,
			 * so that alloc_pair() never recycles a pair that
			 * unchanged cells of an old frame still show.
			 */
			if (v->cmap != shown && v->colors != COLORS_NONE) {
				reset_color_pairs();
				t->prev_valid = 0;
				shown = v->cmap;
			}
			term_show(t, v->colors);
			dirty = 0;
		}
		rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			dirty = 1;
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			dirty = term_mouse(v, &t->frame);
			continue;
		}
		if ((key = term_key(rc, ch)) >= 0)
			dirty = term_char(v, &t->frame, key);
	}
	return 0;
}

int
tui_run(struct view *v, const struct tui_options *o, struct error *err)
{
	struct term_screen	t;
	int		rc, sig;

	if (term_start(&t, v, o, err) != 0)
		return -1;
	rc = term_loop(&t, v, o->bg, err);
	term_stop(&t);
	if ((sig = term_signal) != 0) {
		/* Die of the signal, as the shell expects, now it is safe. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return rc;
}
