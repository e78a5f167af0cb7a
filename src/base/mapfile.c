/*
 * mapfile.c - a whole file read-only in memory; see mapfile.h.
 */
#include "build-config.h"

#include <sys/mman.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/fatal.h"
#include "attntui/base/file.h"
#include "attntui/base/mapfile.h"

int
mapfile_open(const char *path, const char *expected, struct mapfile *mf,
    struct error *err)
{
	uint64_t	size;
	int		fd, rc = -1;

	memset(mf, 0, sizeof *mf);
	if (file_open(path, expected, &fd, &size, err) != 0)
		return -1;
	if (size > SIZE_MAX)
		error_set(err, EXIT_RUNTIME, path, 0, 0,
		    "file too large to map");
	else if (size == 0)
		rc = 0;		/* mmap refuses a zero length */
	else if ((mf->data = mmap(NULL, (size_t)size, PROT_READ,
	    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		mf->data = NULL;
		error_set(err, EXIT_RUNTIME, path, 0, 0, "mmap: %s",
		    strerror(errno));
	} else {
		mf->size = (size_t)size;
		mf->fatal_id = fatal_add_mapping(mf->data, mf->size, path);
		rc = 0;
	}
	close(fd);
	return rc;
}

int
mapfile_copy(const char *path, const void *buf, size_t len,
    struct mapfile *mf, struct error *err)
{
	memset(mf, 0, sizeof *mf);
	mf->heap = 1;
	if ((mf->data = malloc(len > 0 ? len : 1)) == NULL)
		return error_nomem(err, path);
	if (len > 0)
		memcpy(mf->data, buf, len);
	mf->size = len;
	return 0;
}

void
mapfile_close(struct mapfile *mf)
{
	if (mf->heap)
		free(mf->data);
	else if (mf->data != NULL) {
		fatal_forget_mapping(mf->fatal_id);
		munmap(mf->data, mf->size);
	}
	memset(mf, 0, sizeof *mf);
}
