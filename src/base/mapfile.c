/*
 * mapfile.c - a whole file read-only in memory; see mapfile.h.
 */
#include "build-config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/mapfile.h"

int
mapfile_open(const char *path, const char *format, const char *expected,
    struct mapfile *mf, struct error *err)
{
	struct stat	sb;
	int		fd, rc = -1;

	memset(mf, 0, sizeof *mf);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return error_set(err, EXIT_RUNTIME, path, 0, 0, "%s",
		    strerror(errno));
	if (fstat(fd, &sb) == -1)
		error_set(err, EXIT_RUNTIME, path, 0, 0, "%s",
		    strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		error_set(err, EXIT_USAGE, path, 0, 0,
		    "%s: not a regular file, expected %s", format, expected);
	else if ((uintmax_t)sb.st_size > SIZE_MAX)
		error_set(err, EXIT_RUNTIME, path, 0, 0,
		    "file too large to map");
	else if (sb.st_size == 0)
		rc = 0;		/* mmap refuses a zero length */
	else if ((mf->data = mmap(NULL, (size_t)sb.st_size, PROT_READ,
	    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		mf->data = NULL;
		error_set(err, EXIT_RUNTIME, path, 0, 0, "mmap: %s",
		    strerror(errno));
	} else {
		mf->size = (size_t)sb.st_size;
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
		return error_set(err, EXIT_RUNTIME, path, 0, 0,
		    "out of memory");
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
	else if (mf->data != NULL)
		munmap(mf->data, mf->size);
	memset(mf, 0, sizeof *mf);
}
