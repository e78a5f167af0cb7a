/*
 * outfile.c - temporary file, then rename; see outfile.h.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/io/outfile.h"

#define OUTFILE_SUFFIX	".tmp.XXXXXX"

static int
outfile_io_error(struct outfile *of, const char *what, int errnum,
    struct error *err)
{
	error_set(err, EXIT_RUNTIME, of->path, 0, 0, "%s: %s", what,
	    strerror(errnum));
	outfile_abort(of);
	return -1;
}

/*
 * mkstemp creates the file 0600; give it the mode a plain fopen would,
 * so that an exported file is as readable as any other.  Reading the
 * umask means setting it briefly: harmless here, as no other thread
 * creates files while an export is being written.
 */
static int
outfile_set_mode(int fd)
{
	mode_t	mask;

	mask = umask(022);
	umask(mask);
	return fchmod(fd, 0666 & ~mask);
}

FILE *
outfile_open(const char *path, struct outfile *of, struct error *err)
{
	size_t	len = strlen(path);
	int	fd;

	memset(of, 0, sizeof *of);
	if (len > SIZE_MAX - sizeof OUTFILE_SUFFIX ||
	    (of->path = strdup(path)) == NULL ||
	    (of->tmp = malloc(len + sizeof OUTFILE_SUFFIX)) == NULL) {
		outfile_io_error(of, "cannot create", ENOMEM, err);
		return NULL;
	}
	memcpy(of->tmp, path, len);
	memcpy(of->tmp + len, OUTFILE_SUFFIX, sizeof OUTFILE_SUFFIX);
	if ((fd = mkstemp(of->tmp)) == -1) {
		free(of->tmp);
		of->tmp = NULL;	/* nothing to unlink */
		outfile_io_error(of, "cannot create", errno, err);
		return NULL;
	}
	if (outfile_set_mode(fd) == -1 ||
	    (of->fp = fdopen(fd, "wb")) == NULL) {
		int	errnum = errno;

		close(fd);
		outfile_io_error(of, "cannot create", errnum, err);
		return NULL;
	}
	return of->fp;
}

int
outfile_commit(struct outfile *of, struct error *err)
{
	FILE	*fp = of->fp;

	if (fflush(fp) != 0 || ferror(fp))
		return outfile_io_error(of, "write error", errno, err);
	if (fsync(fileno(fp)) == -1)
		return outfile_io_error(of, "fsync", errno, err);
	of->fp = NULL;
	if (fclose(fp) != 0)
		return outfile_io_error(of, "write error", errno, err);
	if (rename(of->tmp, of->path) == -1)
		return outfile_io_error(of, "cannot rename into place", errno,
		    err);
	free(of->tmp);
	free(of->path);
	memset(of, 0, sizeof *of);
	return 0;
}

void
outfile_abort(struct outfile *of)
{
	if (of->fp != NULL)
		fclose(of->fp);
	if (of->tmp != NULL)
		unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	memset(of, 0, sizeof *of);
}
