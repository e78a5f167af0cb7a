/*
 * mapfile.h - a whole file read-only in memory: mapped from disk, or a
 * private heap copy of a buffer (what the fuzzers use, so that the
 * sanitizers see its exact bounds).
 */
#ifndef ATTNTUI_MAPFILE_H
#define ATTNTUI_MAPFILE_H

#include <stddef.h>

#include "attntui/base/error.h"

struct mapfile {
	void	*data;		/* NULL for an empty file */
	size_t	 size;
	int	 heap;		/* data was malloc'd, not mapped */
	int	 fatal_id;	/* its SIGBUS registration (fatal.h) */
};

/*
 * Map the regular file at path, opened as file_open() does (expected
 * names what it should be); failing to map it is a runtime error.
 */
int	mapfile_open(const char *path, const char *expected,
	    struct mapfile *mf, struct error *err);
/* Copy buf[0..len) to the heap; path names it in errors. */
int	mapfile_copy(const char *path, const void *buf, size_t len,
	    struct mapfile *mf, struct error *err);
/* Unmap or free, and zero mf; safe on a zeroed or closed mapfile. */
void	mapfile_close(struct mapfile *mf);

#endif
