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

#include "attntui/base/fatal.h"
#include "attntui/base/file.h"
#include "attntui/io/outfile.h"

/* Short, so that any name the file system takes for OUT works. */
#define OUTFILE_TEMP	".attntui-XXXXXX"

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

int
outfile_check(const char *path, struct error *err)
{
	struct stat	 sb;
	const char	*input;

	if (stat(path, &sb) == -1)
		return 0;	/* nothing there yet, or a dangling link */
	if (!S_ISREG(sb.st_mode))
		return error_set(err, EXIT_USAGE, path, 0, 0,
		    "not a regular file; expected a new name or a file to "
		    "replace");
	if ((input = file_input_at((uint64_t)sb.st_dev,
	    (uint64_t)sb.st_ino)) != NULL)
		return error_set(err, EXIT_USAGE, path, 0, 0,
		    "the same file as %s, which this run reads; expected "
		    "another name", input);
	if (access(path, W_OK) == -1)
		return error_set(err, EXIT_USAGE, path, 0, 0,
		    "read-only; expected a file that may be replaced, or "
		    "another name");
	return 0;
}

/* DIR/.attntui-XXXXXX beside path: the rename stays in one directory. */
static char *
outfile_temp_name(const char *path)
{
	const char	*slash = strrchr(path, '/');
	size_t		 dir = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	char		*tmp;

	if ((tmp = malloc(dir + sizeof OUTFILE_TEMP)) == NULL)
		return NULL;
	memcpy(tmp, path, dir);
	memcpy(tmp + dir, OUTFILE_TEMP, sizeof OUTFILE_TEMP);
	return tmp;
}

FILE *
outfile_open(const char *path, struct outfile *of, struct error *err)
{
	int	fd;

	memset(of, 0, sizeof *of);
	of->fatal_id = -1;
	if (outfile_check(path, err) != 0)
		return NULL;
	if ((of->path = strdup(path)) == NULL ||
	    (of->tmp = outfile_temp_name(path)) == NULL) {
		outfile_io_error(of, "cannot create", ENOMEM, err);
		return NULL;
	}
	if ((fd = mkstemp(of->tmp)) == -1) {
		free(of->tmp);
		of->tmp = NULL;	/* nothing to unlink */
		outfile_io_error(of, "cannot create", errno, err);
		return NULL;
	}
	/* A signal from here to the rename must not leave it behind. */
	of->fatal_id = fatal_add_file(of->tmp);
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
	fatal_forget_file(of->fatal_id);
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
	if (of->tmp != NULL) {
		unlink(of->tmp);
		fatal_forget_file(of->fatal_id);
	}
	free(of->tmp);
	free(of->path);
	memset(of, 0, sizeof *of);
}
