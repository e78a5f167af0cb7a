/*
 * keys.c - the key table, in the manner of vi, less and tig.
 */
#include "build-config.h"

#include <stddef.h>

#include "attntui/view/keys.h"

static const struct {
	int		key;
	enum action	action;
} keys_table[] = {
	{ 'q', ACTION_QUIT },
	{ 'h', ACTION_KEY_PREV },
	{ 'l', ACTION_KEY_NEXT },
	{ 'k', ACTION_QUERY_PREV },
	{ 'j', ACTION_QUERY_NEXT },
	{ KEYS_LEFT, ACTION_PAN_LEFT },
	{ KEYS_RIGHT, ACTION_PAN_RIGHT },
	{ KEYS_UP, ACTION_PAN_UP },
	{ KEYS_DOWN, ACTION_PAN_DOWN },
	{ 'J', ACTION_LAYER_NEXT },
	{ KEYS_PGDN, ACTION_LAYER_NEXT },
	{ 'K', ACTION_LAYER_PREV },
	{ KEYS_PGUP, ACTION_LAYER_PREV },
	{ 'n', ACTION_HEAD_NEXT },
	{ ']', ACTION_HEAD_NEXT },
	{ 'p', ACTION_HEAD_PREV },
	{ '[', ACTION_HEAD_PREV },
	{ 'm', ACTION_MEAN },
	{ 'M', ACTION_MAX },
	{ 'r', ACTION_ROLLOUT },
	{ 'g', ACTION_GRID },
	{ KEYS_ENTER, ACTION_OPEN },
	{ '\r', ACTION_OPEN },
	{ '\n', ACTION_OPEN },
	{ 'c', ACTION_COLORMAP },
	{ 's', ACTION_SCALE },
	{ 'P', ACTION_POOL },
	{ '+', ACTION_ZOOM_IN },
	{ '=', ACTION_ZOOM_IN },
	{ '-', ACTION_ZOOM_OUT },
	{ 'b', ACTION_BARS_SORT },
	{ KEYS_TAB, ACTION_FOCUS },
	{ '\t', ACTION_FOCUS },
	{ 't', ACTION_TOGGLE_BARS },
	{ 'S', ACTION_TOGGLE_SUMMARY },
	{ '/', ACTION_SEARCH },
	{ '?', ACTION_HELP },
	{ KEYS_HOME, ACTION_HOME },
	{ KEYS_END, ACTION_END },
	{ KEYS_ESC, ACTION_ESCAPE },
	{ 27, ACTION_ESCAPE },
};

const struct keys_help keys_help[] = {
	{ "h l  \xe2\x86\x90 \xe2\x86\x92", "key token left, right" },
	{ "j k  \xe2\x86\x93 \xe2\x86\x91", "query token down, up" },
	{ "J K  PgDn PgUp", "next, previous layer" },
	{ "n p  ] [", "next, previous head" },
	{ "m M r", "mean, max over heads; rollout" },
	{ "g  Enter", "head grid; open the chosen head" },
	{ "c", "cycle colormap" },
	{ "s", "cycle scale: linear, log, row" },
	{ "P", "pooling: max or mean" },
	{ "+ -", "zoom in, out (arrows pan)" },
	{ "Home End", "first, last token" },
	{ "b", "bars in sequence or sorted order" },
	{ "Tab", "focus heatmap, bars, summary" },
	{ "t S", "show or hide bars, summary" },
	{ "/", "search a token (Enter again: next)" },
	{ "mouse", "click a cell, bar or layer" },
	{ "?  Esc", "this help; close it" },
	{ "q", "quit" },
	{ NULL, NULL }
};

enum action
keys_action(int key)
{
	size_t	i;

	for (i = 0; i < sizeof keys_table / sizeof keys_table[0]; i++)
		if (keys_table[i].key == key)
			return keys_table[i].action;
	return ACTION_NONE;
}
