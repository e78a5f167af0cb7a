/*
 * png.h - an 8-bit RGB picture to a PNG file, through libpng.
 */
#ifndef ATTNTUI_PNG_H
#define ATTNTUI_PNG_H

#include "attntui/base/error.h"

/*
 * Write w x h pixels (rows of 3 w bytes, R G B, top row first) to path;
 * the file appears only once complete.  -1 with err (status 1) when
 * writing fails.
 */
int	png_write_rgb(const char *path, const unsigned char *rgb, int w, int h,
	    struct error *err);

#endif
