/*
 * keys.c - the key table, in the manner of vi, less and tig; see keys.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>

#include "attntui/base/names.h"
#include "attntui/view/keys.h"

const struct keys_binding keys_table[] = {
	{ 'h', ACTION_KEY_PREV, "key token left, right" },
	{ 'l', ACTION_KEY_NEXT, NULL },
	{ KEYS_LEFT, ACTION_PAN_LEFT, NULL },
	{ KEYS_RIGHT, ACTION_PAN_RIGHT, NULL },
	{ 'j', ACTION_QUERY_NEXT, "query token down, up" },
	{ 'k', ACTION_QUERY_PREV, NULL },
	{ KEYS_DOWN, ACTION_PAN_DOWN, NULL },
	{ KEYS_UP, ACTION_PAN_UP, NULL },
	{ KEYS_CTRL('d'), ACTION_QUERY_HALF_DOWN,
	  "query half a page down, up" },
	{ KEYS_CTRL('u'), ACTION_QUERY_HALF_UP, NULL },
	{ KEYS_CTRL('f'), ACTION_QUERY_PAGE_DOWN, "query a page down, up" },
	{ KEYS_CTRL('b'), ACTION_QUERY_PAGE_UP, NULL },
	{ KEYS_PGDN, ACTION_QUERY_PAGE_DOWN, NULL },
	{ KEYS_PGUP, ACTION_QUERY_PAGE_UP, NULL },
	{ '>', ACTION_KEY_HALF_RIGHT, "key half a page right, left" },
	{ '<', ACTION_KEY_HALF_LEFT, NULL },
	{ 'L', ACTION_KEY_PAGE_RIGHT, "key a page right, left" },
	{ 'H', ACTION_KEY_PAGE_LEFT, NULL },
	{ KEYS_HOME, ACTION_HOME, "first, last query token" },
	{ KEYS_END, ACTION_END, NULL },
	{ 'G', ACTION_QUERY_GOTO, "last query token; NG: query N" },
	{ '0', ACTION_KEY_FIRST, "first, last key token; N|: key N" },
	{ '$', ACTION_KEY_LAST, NULL },
	{ '|', ACTION_KEY_GOTO, NULL },
	{ ':', ACTION_GOTO, "go to :query or :query,key" },
	{ 'J', ACTION_LAYER_NEXT, "next, previous layer" },
	{ 'K', ACTION_LAYER_PREV, NULL },
	{ 'n', ACTION_HEAD_NEXT, "next, previous head" },
	{ 'p', ACTION_HEAD_PREV, NULL },
	{ ']', ACTION_HEAD_NEXT, NULL },
	{ '[', ACTION_HEAD_PREV, NULL },
	{ 'm', ACTION_MEAN, "mean, max over heads; rollout" },
	{ 'M', ACTION_MAX, NULL },
	{ 'r', ACTION_ROLLOUT, NULL },
	{ 'g', ACTION_GRID, "head grid; open the head; leave" },
	{ KEYS_ENTER, ACTION_OPEN, NULL },
	{ KEYS_ESC, ACTION_ESCAPE, NULL },
	{ 'o', ACTION_OVERVIEW, "overview of all layers' heads" },
	{ 'x', ACTION_SCORE_NEXT, "next, previous score on heads" },
	{ 'X', ACTION_SCORE_PREV, NULL },
	{ ')', ACTION_RANK_NEXT, "next, previous head by the score, in "
	  "the layer; in the model" },
	{ '(', ACTION_RANK_PREV, NULL },
	{ '}', ACTION_RANK_MODEL_NEXT, NULL },
	{ '{', ACTION_RANK_MODEL_PREV, NULL },
	{ 'T', ACTION_TEXT, "text: attention from the query, to the key, "
	  "off" },
	{ 'c', ACTION_COLORMAP, "cycle colormap" },
	{ 's', ACTION_SCALE, "cycle scale: p99, linear, log, row" },
	{ 'P', ACTION_POOL, "pooling: max or mean" },
	{ '+', ACTION_ZOOM_IN, "zoom in, out (arrows pan)" },
	{ '=', ACTION_ZOOM_IN, NULL },
	{ '-', ACTION_ZOOM_OUT, NULL },
	{ 'b', ACTION_BARS_SORT, "bars in sequence or sorted order" },
	{ KEYS_TAB, ACTION_FOCUS, "focus heatmap, bars, summary" },
	{ 't', ACTION_TOGGLE_BARS, "show or hide bars, summary" },
	{ 'S', ACTION_TOGGLE_SUMMARY, NULL },
	{ '/', ACTION_SEARCH, "search a token forward, backward" },
	{ '\\', ACTION_SEARCH_BACK, NULL },
	{ ';', ACTION_SEARCH_NEXT, "next, previous match of the search" },
	{ ',', ACTION_SEARCH_PREV, NULL },
	{ '*', ACTION_SAME_NEXT, "next, previous token like the query" },
	{ '#', ACTION_SAME_PREV, NULL },
	{ '?', ACTION_HELP, "this help (j k scroll; other keys close)" },
	{ 'q', ACTION_QUIT, "quit" },
	{ 0,		ACTION_NONE,		NULL }
};

/* Keys that are not printable characters, as the man page names them. */
static const struct names keys_names[] = {
	{ "\xe2\x86\x91",	KEYS_UP, 0 },	/* ↑ */
	{ "\xe2\x86\x93",	KEYS_DOWN, 0 },	/* ↓ */
	{ "\xe2\x86\x90",	KEYS_LEFT, 0 },	/* ← */
	{ "\xe2\x86\x92",	KEYS_RIGHT, 0 },	/* → */
	{ "PgUp",		KEYS_PGUP, 0 },
	{ "PgDn",		KEYS_PGDN, 0 },
	{ "Home",		KEYS_HOME, 0 },
	{ "End",		KEYS_END, 0 },
	{ "Enter",		KEYS_ENTER, 0 },
	{ "Tab",		KEYS_TAB, 0 },
	{ "Esc",		KEYS_ESC, 0 },
	{ "Backspace",		KEYS_BACKSPACE, 0 },
	{ NULL,			0, 0 }
};

/* The arrows in ASCII mode. */
static const struct names keys_names_ascii[] = {
	{ "Up",		KEYS_UP, 0 },
	{ "Down",	KEYS_DOWN, 0 },
	{ "Left",	KEYS_LEFT, 0 },
	{ "Right",	KEYS_RIGHT, 0 },
	{ NULL,		0, 0 }
};

enum action
keys_action(int key)
{
	const struct keys_binding	*b;

	for (b = keys_table; b->key != 0; b++)
		if (b->key == key)
			return b->action;
	return ACTION_NONE;
}

const char *
keys_name(int key, int ascii, char *buf, size_t len)
{
	if (key > ' ' && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else if (key > 0 && key < ' ')
		snprintf(buf, len, "^%c", key + '@');
	else if (ascii && strcmp(names_name(keys_names_ascii, key), "?") != 0)
		snprintf(buf, len, "%s", names_name(keys_names_ascii, key));
	else
		snprintf(buf, len, "%s", names_name(keys_names, key));
	return buf;
}

int
keys_help_line(int line, int ascii, char *buf, size_t len,
    const char **help)
{
	const struct keys_binding	*b;
	char				 name[16];
	size_t				 at = 0;
	int				 n = -1;

	if (len > 0)
		buf[0] = '\0';
	for (b = keys_table; b->key != 0; b++) {
		if (b->help != NULL && ++n == line)
			*help = b->help;
		if (n < line)
			continue;
		if (n > line)
			break;
		if (at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%s",
			    at > 0 ? " " : "", keys_name(b->key, ascii, name,
			    sizeof name));
	}
	return n < line ? -1 : 0;
}
