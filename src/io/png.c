/*
 * png.c - PNG output through libpng; see png.h.
 *
 * libpng reports errors by longjmp from inside its calls: every libpng
 * call here is made below the setjmp in png_put_rows, and nothing
 * that needs freeing is made between them.
 */
#include "build-config.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>

#include "attntui/io/outfile.h"
#include "attntui/io/png.h"

static int
png_put_rows(FILE *fp, const unsigned char *rgb, int w, int h)
{
	png_structp	 png;
	png_infop	 info = NULL;
	png_bytep	*rows;
	volatile int	 rc = -1;
	int		 y;

	if ((rows = malloc((size_t)h * sizeof *rows)) == NULL)
		return -1;
	for (y = 0; y < h; y++)
		rows[y] = (png_bytep)(rgb + (size_t)y * (size_t)w * 3);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	    NULL);
	if (png != NULL && (info = png_create_info_struct(png)) != NULL) {
		if (setjmp(png_jmpbuf(png)) == 0) {
			png_init_io(png, fp);
			png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h,
			    8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
			    PNG_COMPRESSION_TYPE_DEFAULT,
			    PNG_FILTER_TYPE_DEFAULT);
			png_write_info(png, info);
			png_write_image(png, rows);
			png_write_end(png, NULL);
			rc = 0;
		}
	}
	png_destroy_write_struct(&png, &info);
	free(rows);
	return rc;
}

int
png_write_rgb(const char *path, const unsigned char *rgb, int w, int h,
    struct error *err)
{
	struct outfile	 of;
	FILE		*fp;

	if ((fp = outfile_open(path, &of, err)) == NULL)
		return -1;
	if (png_put_rows(fp, rgb, w, h) != 0) {
		outfile_abort(&of);
		return error_set(err, EXIT_RUNTIME, path, 0, 0,
		    "writing the PNG failed");
	}
	return outfile_commit(&of, err);
}
