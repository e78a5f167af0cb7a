/*
 * viewtest.c - the view tests' shared helpers; see viewtest.h.
 */
#include "build-config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "attntui/compute/attention.h"
#include "attntui/view/draw.h"
#include "viewtest.h"

void
viewtest_render(struct viewtest *f)
{
	struct error	err = { 0 };

	assert_int_equal(draw_frame(&f->v, &f->fr, &f->c, &err), 0);
}

void
viewtest_type(struct viewtest *f, const char *keys)
{
	for (; *keys != '\0'; keys++)
		view_key(&f->v, &f->fr, (unsigned char)*keys);
}

struct store *
viewtest_store(int64_t layers, int64_t heads, int64_t T, const float *data)
{
	struct attention_params	p;
	struct store		*s;
	struct error		 err = { 0 };
	int64_t			 l, h;

	memset(&p, 0, sizeof p);
	p.T = T;
	p.n_heads = heads;
	p.n_kv_heads = heads;
	p.d_head = 1;
	p.mask = MASK_NONE;
	assert_int_equal(store_create(&p, layers, &s, &err), 0);
	assert_int_equal(store_mode(s), STORE_DENSE);
	for (l = 0; l < layers; l++)
		for (h = 0; h < heads; h++)
			store_put_block(s, l, h, 0, T, data +
			    (l * heads + h) * T * T);
	return s;
}

int
viewtest_locale(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		fprintf(stderr, "no UTF-8 locale\n");
		return -1;
	}
	return 0;
}

void
viewtest_cell(const struct canvas *c, int x, int y, const char *glyph,
    int fg, int bg)
{
	const struct cell	*cell = canvas_cell_const(c, x, y);

	assert_non_null(cell);
	assert_string_equal(cell->glyph, glyph);
	assert_int_equal(cell->fg, fg);
	assert_int_equal(cell->bg, bg);
}
