/*
 * test_image.c - --image's PNG, decoded with libpng.
 *
 * A store of known numbers is drawn; the pixel at the centre of known
 * cells must be matplotlib's colour for the cell's value over the
 * largest one: the cells are chosen at the colormaps' anchors (0, 0.1,
 * 0.2, 0.5, 1), whose RGB is written here from matplotlib's tables
 * (viridis(0.5) = #21918c, ...), not taken from the code under test.
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/compute/store.h"
#include "attntui/view/image.h"

/* Rows sum to 1; the largest value is 0.8. */
static const float cells4[16] = {
	0.8f, 0.16f, 0.04f, 0.0f,
	0.4f, 0.4f, 0.08f, 0.12f,
	0.0f, 0.0f, 0.2f, 0.8f,
	0.25f, 0.25f, 0.25f, 0.25f,
};
static const char *const labels4[] = { "a", "bb", "c", "d" };

struct picture {
	png_image	 img;
	unsigned char	*rgb;
};

static void
decode(const char *path, struct picture *p)
{
	memset(p, 0, sizeof *p);
	p->img.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_file(&p->img, path));
	p->img.format = PNG_FORMAT_RGB;
	p->rgb = malloc(PNG_IMAGE_SIZE(p->img));
	assert_non_null(p->rgb);
	assert_true(png_image_finish_read(&p->img, NULL, p->rgb, 0, NULL));
}

static void
assert_pixel(const struct picture *p, int x, int y, int r, int g, int b)
{
	const unsigned char	*px;

	assert_true(x >= 0 && y >= 0 && (unsigned)x < p->img.width &&
	    (unsigned)y < p->img.height);
	px = p->rgb + ((size_t)y * p->img.width + (size_t)x) * 3;
	if (px[0] != r || px[1] != g || px[2] != b)
		fail_msg("pixel (%d, %d) is %d,%d,%d, expected %d,%d,%d", x, y,
		    px[0], px[1], px[2], r, g, b);
}

/* Is some pixel above row y black? */
static int
has_black(const struct picture *p, int y)
{
	size_t	i, n = (size_t)y * p->img.width * 3;

	for (i = 0; i + 2 < n; i += 3)
		if (p->rgb[i] == 0 && p->rgb[i + 1] == 0 && p->rgb[i + 2] == 0)
			return 1;
	return 0;
}

/* The centre of cell (i, j) of layout lay. */
static void
assert_cell(const struct picture *p, const struct image_layout *lay, int i,
    int j, int r, int g, int b)
{
	assert_pixel(p, lay->map_x + j * lay->block + lay->block / 2,
	    lay->map_y + i * lay->block + lay->block / 2, r, g, b);
}

static struct store *
adopt(const float *data, int64_t T)
{
	struct store	*s;
	struct error	 err = { 0 };
	const void	*layers[1] = { data };

	assert_int_equal(store_adopt(1, 1, T, T, DTYPE_F32, layers, NULL, NULL,
	    &s, &err), 0);
	return s;
}

static void
write_png(struct store *s, const char *const *labels, enum colormap cmap,
    char *path, size_t len)
{
	struct image_view	 v;
	struct error		 err = { 0 };
	int			 fd;

	snprintf(path, len, "/tmp/test_image.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	strncat(path, ".png", len - strlen(path) - 1);
	memset(&v, 0, sizeof v);
	v.store = s;
	v.labels = labels;
	v.model = "cells";
	v.query = 1;
	v.cmap = cmap;
	if (image_write(path, &v, &err) != 0)
		fail_msg("image_write: %s", err.message);
}

/* The 4-token picture in cmap, decoded, and its layout. */
static void
draw_cells4(enum colormap cmap, struct picture *p, struct image_layout *lay)
{
	struct store	*s = adopt(cells4, 4);
	char		 path[64];

	write_png(s, labels4, cmap, path, sizeof path);
	decode(path, p);
	unlink(path);
	store_free(s);
	image_layout(4, IMAGE_PNG, 2, lay);
}

static void
test_png_cells(void **state)
{
	struct picture		 p;
	struct image_layout	 lay;

	(void)state;
	draw_cells4(COLORMAP_VIRIDIS, &p, &lay);
	assert_true(p.img.width >= (unsigned)lay.w);
	assert_int_equal(p.img.height, lay.h);
	assert_true(lay.block >= 8);
	assert_cell(&p, &lay, 0, 0, 253, 231, 37);	/* 0.8 / 0.8 = 1 */
	assert_cell(&p, &lay, 2, 3, 253, 231, 37);
	assert_cell(&p, &lay, 1, 0, 33, 145, 140);	/* 0.5 */
	assert_cell(&p, &lay, 1, 2, 72, 36, 117);	/* 0.1 */
	assert_cell(&p, &lay, 0, 1, 65, 68, 135);	/* 0.2 */
	assert_cell(&p, &lay, 0, 3, 68, 1, 84);		/* 0 */
	/* The colour bar: the top is the largest value, the bottom 0. */
	assert_pixel(&p, lay.bar_x + lay.bar_w / 2, lay.bar_y, 253, 231, 37);
	assert_pixel(&p, lay.bar_x + lay.bar_w / 2, lay.bar_y + lay.bar_h - 1,
	    68, 1, 84);
	/* Black text on white: the title's line has ink, its margin none. */
	assert_pixel(&p, 0, 0, 255, 255, 255);
	assert_true(has_black(&p, lay.map_y));
	free(p.rgb);
}

static void
test_png_magma(void **state)
{
	struct picture		 p;
	struct image_layout	 lay;

	(void)state;
	draw_cells4(COLORMAP_MAGMA, &p, &lay);
	assert_cell(&p, &lay, 0, 0, 252, 253, 191);
	assert_cell(&p, &lay, 1, 1, 183, 55, 121);
	assert_cell(&p, &lay, 2, 0, 0, 0, 4);
	free(p.rgb);
}

/* More tokens than IMAGE_MAX_CELLS: pooled by the max, as on screen. */
static void
test_png_pooled(void **state)
{
	int64_t			 T = 2 * IMAGE_MAX_CELLS, i;
	float			*m;
	struct store		*s;
	struct picture		 p;
	struct image_layout	 lay;
	char			 path[64];

	(void)state;
	m = calloc((size_t)(T * T), sizeof *m);
	assert_non_null(m);
	for (i = 0; i < T; i++)
		m[i * T] = 0.01f;		/* a sink, faint */
	m[7 * T + 5] = 0.5f;			/* cell (3, 2) of the pooled map */
	s = adopt(m, T);
	write_png(s, NULL, COLORMAP_VIRIDIS, path, sizeof path);
	decode(path, &p);
	unlink(path);
	image_layout(T, IMAGE_PNG, 4, &lay);
	assert_int_equal(lay.n, IMAGE_MAX_CELLS);
	assert_int_equal(lay.block, 1);
	assert_cell(&p, &lay, 3, 2, 253, 231, 37);	/* the max of its 2x2 */
	assert_cell(&p, &lay, 3, 3, 68, 1, 84);
	assert_cell(&p, &lay, 2, 2, 68, 1, 84);
	free(p.rgb);
	store_free(s);
	free(m);
}

static void
test_formats(void **state)
{
	enum image_format	f;
	struct error		err = { 0 };

	(void)state;
	assert_int_equal(image_format_of("a.png", &f, &err), 0);
	assert_int_equal(f, IMAGE_PNG);
	assert_int_equal(image_format_of("dir/a.svg", &f, &err), 0);
	assert_int_equal(f, IMAGE_SVG);
	assert_int_equal(image_format_of("a.jpg", &f, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message,
	    "--image=a.jpg: expected a name ending in .png or .svg");
	error_clear(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_cells),
		cmocka_unit_test(test_png_magma),
		cmocka_unit_test(test_png_pooled),
		cmocka_unit_test(test_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
