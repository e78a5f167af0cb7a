/*
 * sumtree.c - folding the layer summary; see sumtree.h.
 */
#include "build-config.h"

#include "attntui/view/sumtree.h"

int
sumtree_visible(const struct summary *s, const unsigned char *unfolded,
    size_t r)
{
	int	p;

	if (r >= s->n_rows || s->rows[r].depth < 1)
		return 0;
	for (p = s->rows[r].parent; p >= 0 && s->rows[p].depth >= 1;
	    p = s->rows[p].parent)
		if (!unfolded[p])
			return 0;
	return 1;
}

size_t
sumtree_step(const struct summary *s, const unsigned char *unfolded,
    size_t r, int d)
{
	size_t	i = r;

	while (d > 0 ? i + 1 < s->n_rows : i > 0) {
		i = d > 0 ? i + 1 : i - 1;
		if (sumtree_visible(s, unfolded, i))
			return i;
	}
	return r;
}

size_t
sumtree_first(const struct summary *s, const unsigned char *unfolded)
{
	size_t	r;

	for (r = 0; r < s->n_rows; r++)
		if (sumtree_visible(s, unfolded, r))
			return r;
	return SUMTREE_NONE;
}

size_t
sumtree_layer_row(const struct summary *s, int64_t layer)
{
	size_t	r;

	for (r = 0; r < s->n_rows; r++)
		if (s->rows[r].depth == 1 && s->rows[r].layer == layer)
			return r;
	return SUMTREE_NONE;
}

size_t
sumtree_count(const struct summary *s, const unsigned char *unfolded)
{
	size_t	r, n = 0;

	for (r = 0; r < s->n_rows; r++)
		n += (size_t)sumtree_visible(s, unfolded, r);
	return n;
}

size_t
sumtree_index(const struct summary *s, const unsigned char *unfolded,
    size_t r)
{
	size_t	i, n = 0;

	for (i = 0; i < r && i < s->n_rows; i++)
		n += (size_t)sumtree_visible(s, unfolded, i);
	return n;
}

size_t
sumtree_nth(const struct summary *s, const unsigned char *unfolded, size_t k)
{
	size_t	r;

	for (r = 0; r < s->n_rows; r++)
		if (sumtree_visible(s, unfolded, r) && k-- == 0)
			return r;
	return SUMTREE_NONE;
}
