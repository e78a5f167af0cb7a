/*
 * tui.h - the interactive explorer on a terminal (ncursesw).
 *
 * src/tui/term.c is the only file that includes curses; it turns view
 * frames into screen cells and keys and clicks into view actions.
 */
#ifndef ATTNTUI_TUI_H
#define ATTNTUI_TUI_H

#include "attntui/base/error.h"
#include "attntui/compute/background.h"
#include "attntui/view/colormap.h"
#include "attntui/view/view.h"

struct tui_options {
	int		color_set;	/* --color given: no NO_COLOR, no probe */
	enum colors	colors;		/* the most --color allows */
	int		ascii;		/* --ascii */
	struct background *bg;		/* the pass still filling the
					   view's store, or NULL */
};

/*
 * Run the explorer on v until q.  The terminal is restored on every way
 * out: quit, error, SIGINT, SIGTERM, SIGHUP.  -1 with err on failure.
 * With o->bg, layers are drawn as they come ready and the status line
 * says how far the pass is; keys work meanwhile, and its failure ends
 * the explorer with its error.  Quitting leaves it running: its owner
 * stops it (background_free).
 */
int	tui_run(struct view *v, const struct tui_options *o,
	    struct error *err);

/*
 * The colours the terminal on fd shows, by its terminfo entry: none when
 * fd is not a terminal (a file, a pipe) or TERM names no entry.  What
 * --dump's --color=auto means, as ls and grep mean it.
 */
enum colors	tui_output_colors(int fd);

#endif
