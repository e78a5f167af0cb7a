/*
 * keys.h - keys to actions, without curses: the tui translates its
 * KEY_* codes, and Enter, Tab, Esc and Backspace typed as control
 * characters, into the KEYS_* below, so the table is unit tested.  One
 * table gives both the action of a key and the help overlay.
 */
#ifndef ATTNTUI_KEYS_H
#define ATTNTUI_KEYS_H

#include <stddef.h>

/* Keys that are not characters; above every Unicode code point. */
enum {
	KEYS_UP = 0x110000, KEYS_DOWN, KEYS_LEFT, KEYS_RIGHT,
	KEYS_PGUP, KEYS_PGDN, KEYS_HOME, KEYS_END, KEYS_ENTER, KEYS_TAB,
	KEYS_ESC, KEYS_BACKSPACE
};

/* Control keys, as a terminal sends them. */
#define KEYS_CTRL(c)	((c) & 0x1f)

enum action {
	ACTION_NONE,
	ACTION_QUIT,
	ACTION_KEY_PREV,	/* h: key cursor left */
	ACTION_KEY_NEXT,	/* l */
	ACTION_QUERY_PREV,	/* k: query up */
	ACTION_QUERY_NEXT,	/* j */
	ACTION_PAN_LEFT,	/* arrows: pan when zoomed, else cursor */
	ACTION_PAN_RIGHT,
	ACTION_PAN_UP,
	ACTION_PAN_DOWN,
	ACTION_QUERY_HALF_DOWN,	/* ^D ^U: half a page */
	ACTION_QUERY_HALF_UP,
	ACTION_QUERY_PAGE_DOWN,	/* ^F ^B PgDn PgUp: a page */
	ACTION_QUERY_PAGE_UP,
	ACTION_KEY_HALF_RIGHT,	/* > < */
	ACTION_KEY_HALF_LEFT,
	ACTION_KEY_PAGE_RIGHT,	/* L H */
	ACTION_KEY_PAGE_LEFT,
	ACTION_HOME,		/* first, last query */
	ACTION_END,
	ACTION_QUERY_GOTO,	/* G: the last query, or query N */
	ACTION_KEY_FIRST,	/* 0 $ |: first, last key, key N */
	ACTION_KEY_LAST,
	ACTION_KEY_GOTO,
	ACTION_GOTO,		/* : prompt */
	ACTION_LAYER_NEXT,
	ACTION_LAYER_PREV,
	ACTION_HEAD_NEXT,
	ACTION_HEAD_PREV,
	ACTION_MEAN,
	ACTION_MAX,
	ACTION_ROLLOUT,
	ACTION_GRID,
	ACTION_OVERVIEW,	/* o: every layer's heads */
	ACTION_OPEN,
	ACTION_ESCAPE,
	ACTION_TEXT,
	ACTION_COLORMAP,
	ACTION_SCALE,
	ACTION_POOL,
	ACTION_ZOOM_IN,
	ACTION_ZOOM_OUT,
	ACTION_BARS_SORT,
	ACTION_FOCUS,
	ACTION_TOGGLE_BARS,
	ACTION_TOGGLE_SUMMARY,
	ACTION_SEARCH,		/* / \ prompts */
	ACTION_SEARCH_BACK,
	ACTION_SEARCH_NEXT,	/* ; , */
	ACTION_SEARCH_PREV,
	ACTION_SAME_NEXT,	/* * # */
	ACTION_SAME_PREV,
	ACTION_SCORE_NEXT,	/* x X: the score on the heads */
	ACTION_SCORE_PREV,
	ACTION_RANK_NEXT,	/* ) (: the layer's heads by the score */
	ACTION_RANK_PREV,
	ACTION_RANK_MODEL_NEXT,	/* } {: the model's */
	ACTION_RANK_MODEL_PREV,
	ACTION_HELP
};

/*
 * One binding: a key, its action and what the help overlay says of it,
 * in the manner of tig's request table.  A help line lists every key of
 * consecutive bindings: help starts a line, NULL adds the key to the
 * line above.  The keys of one action share a line, so that the overlay
 * shows them together.
 */
struct keys_binding {
	int		 key;
	enum action	 action;
	const char	*help;
};

/* Every binding, in help order; the last row's key is 0. */
extern const struct keys_binding keys_table[];

/* The action bound to key, ACTION_NONE when unbound. */
enum action	 keys_action(int key);

/*
 * key as help and the man page name it: "q", "PgDn", "^D", "←" ("Left"
 * when ascii).
 */
const char	*keys_name(int key, int ascii, char *buf, size_t len);

/*
 * Help line `line` (from 0): the names of its keys, a space apart, into
 * buf, and what they do into *help.  -1 past the last line.
 */
int		 keys_help_line(int line, int ascii, char *buf, size_t len,
		     const char **help);

#endif
