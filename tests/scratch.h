/*
 * scratch.h - a test program's scratch directory under /tmp, and the
 * small file helpers its tests share.  Failures are cmocka failures.
 */
#ifndef ATTNTUI_TESTS_SCRATCH_H
#define ATTNTUI_TESTS_SCRATCH_H

#include <stddef.h>

/* cmocka group setup and teardown: make it; empty and remove it. */
int		 scratch_setup(void **state);
int		 scratch_teardown(void **state);

/* The directory, and name in it (one of four rotating buffers). */
const char	*scratch_dir(void);
const char	*scratch_path(const char *name);

/* Entries in the directory (a failed write must leave none); remove all. */
int		 scratch_count(void);
void		 scratch_empty(void);

/* Write text to path; read all of path (the caller frees it). */
void		 scratch_write(const char *path, const char *text);
unsigned char	*scratch_read(const char *path, size_t *len);

#endif
