/*
 * keys.h - keys to actions, without curses: the tui translates its
 * KEY_* codes into the KEYS_* below, so the table is unit tested.
 */
#ifndef ATTNTUI_KEYS_H
#define ATTNTUI_KEYS_H

/* Keys that are not characters; above every Unicode code point. */
enum {
	KEYS_UP = 0x110000, KEYS_DOWN, KEYS_LEFT, KEYS_RIGHT,
	KEYS_PGUP, KEYS_PGDN, KEYS_HOME, KEYS_END, KEYS_ENTER, KEYS_TAB,
	KEYS_ESC, KEYS_BACKSPACE
};

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
	ACTION_LAYER_NEXT,
	ACTION_LAYER_PREV,
	ACTION_HEAD_NEXT,
	ACTION_HEAD_PREV,
	ACTION_MEAN,
	ACTION_MAX,
	ACTION_ROLLOUT,
	ACTION_GRID,
	ACTION_OPEN,
	ACTION_COLORMAP,
	ACTION_SCALE,
	ACTION_POOL,
	ACTION_ZOOM_IN,
	ACTION_ZOOM_OUT,
	ACTION_BARS_SORT,
	ACTION_FOCUS,
	ACTION_TOGGLE_BARS,
	ACTION_TOGGLE_SUMMARY,
	ACTION_SEARCH,
	ACTION_HELP,
	ACTION_HOME,
	ACTION_END,
	ACTION_ESCAPE
};

/* The action bound to key, ACTION_NONE when unbound. */
enum action	 keys_action(int key);

/* Help lines: "keys", "what they do"; the list ends with NULLs. */
struct keys_help {
	const char	*keys;
	const char	*what;
};
extern const struct keys_help keys_help[];

#endif
