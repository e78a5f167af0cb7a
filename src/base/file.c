/*
 * file.c - opening and reading the files a user names; see file.h.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/file.h"

/* Every file opened as an input, for file_input_at(). */
struct file_input {
	uint64_t	 dev, ino;
	char		*path;		/* owned, for the run's life */
};
static struct file_input	*file_inputs;
static size_t			 file_n_inputs;
static int			 file_tracking;

void
file_track_inputs(int on)
{
	size_t	i;

	file_tracking = on;
	if (on)
		return;
	for (i = 0; i < file_n_inputs; i++)
		free(file_inputs[i].path);
	free(file_inputs);
	file_inputs = NULL;
	file_n_inputs = 0;
}

/* Remember an input; out of memory, it goes unremembered. */
static void
file_remember(const struct stat *sb, const char *path)
{
	struct file_input	*in;
	char			*copy;

	if (!file_tracking || file_input_at((uint64_t)sb->st_dev,
	    (uint64_t)sb->st_ino) != NULL)
		return;
	if ((copy = strdup(path)) == NULL)
		return;
	if ((in = realloc(file_inputs, (file_n_inputs + 1) *
	    sizeof *in)) == NULL) {
		free(copy);
		return;
	}
	file_inputs = in;
	in[file_n_inputs].dev = (uint64_t)sb->st_dev;
	in[file_n_inputs].ino = (uint64_t)sb->st_ino;
	in[file_n_inputs++].path = copy;
}

const char *
file_input_at(uint64_t dev, uint64_t ino)
{
	size_t	i;

	for (i = 0; i < file_n_inputs; i++)
		if (file_inputs[i].dev == dev && file_inputs[i].ino == ino)
			return file_inputs[i].path;
	return NULL;
}

char *
file_size_text(uint64_t n, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	uint64_t	unit = 1024;
	size_t		i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++, unit *= 1024) {
		if (n >= unit && n % unit == 0 && (n / unit < 1024 ||
		    i == sizeof units / sizeof units[0] - 1)) {
			snprintf(buf, len, "%" PRIu64 " %s (%" PRIu64 " bytes)",
			    n / unit, units[i], n);
			return buf;
		}
	}
	snprintf(buf, len, "%" PRIu64 " bytes", n);
	return buf;
}

int
file_open(const char *path, const char *expected, int *fd, uint64_t *size,
    struct error *err)
{
	struct stat	sb;
	int		flags;

	*fd = -1;
	/* O_NONBLOCK: opening a FIFO with no writer must not wait. */
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return error_set(err, EXIT_USAGE, path, 0, 0, "%s",
		    strerror(errno));
	if (fstat(*fd, &sb) == -1)
		error_set(err, EXIT_RUNTIME, path, 0, 0, "%s",
		    strerror(errno));
	else if (S_ISDIR(sb.st_mode))
		error_set(err, EXIT_USAGE, path, 0, 0, "%s; expected %s",
		    strerror(EISDIR), expected);
	else if (!S_ISREG(sb.st_mode))
		error_set(err, EXIT_USAGE, path, 0, 0,
		    "not a regular file; expected %s", expected);
	else if ((flags = fcntl(*fd, F_GETFL)) == -1 ||
	    fcntl(*fd, F_SETFL, flags & ~O_NONBLOCK) == -1)
		error_set(err, EXIT_RUNTIME, path, 0, 0, "%s",
		    strerror(errno));
	else {
		*size = (uint64_t)sb.st_size;
		file_remember(&sb, path);
		return 0;
	}
	close(*fd);
	*fd = -1;
	return -1;
}

/* Read up to max + 1 bytes: one over the limit tells "too large". */
static int
file_read_fd(int fd, const char *path, char *buf, size_t max, size_t *len,
    struct error *err)
{
	ssize_t	n;

	*len = 0;
	while (*len <= max) {
		n = read(fd, buf + *len, max + 1 - *len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return error_set(err, EXIT_RUNTIME, path, 0, 0,
			    "read error: %s", strerror(errno));
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}

int
file_read(const char *path, const char *expected, size_t max, char **buf,
    size_t *len, struct error *err)
{
	char		 text[64];
	uint64_t	 size;
	size_t		 cap;
	int		 fd, rc = -1;

	*buf = NULL;
	*len = 0;
	if (file_open(path, expected, &fd, &size, err) != 0)
		return -1;
	/* The size fstat saw, capped: a file may grow while it is read. */
	cap = size < max ? (size_t)size : max;
	if (size > max)
		error_set(err, EXIT_USAGE, path, 0, 0,
		    "larger than %s; expected %s",
		    file_size_text(max, text, sizeof text), expected);
	else if ((*buf = malloc(cap + 2)) == NULL)
		error_nomem(err, path);
	else if (file_read_fd(fd, path, *buf, cap, len, err) == 0) {
		if (*len > cap)
			error_set(err, EXIT_RUNTIME, path, 0, 0,
			    "changed while it was read");
		else
			rc = 0;
	}
	close(fd);
	if (rc != 0) {
		free(*buf);
		*buf = NULL;
		*len = 0;
		return -1;
	}
	(*buf)[*len] = '\0';
	return 0;
}
