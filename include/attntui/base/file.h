/*
 * file.h - the one way a file named by the user is opened and read.
 *
 * The rule of attntui(1), EXIT STATUS: a file the user names (on the
 * command line, in a config, or in an index the config names) that
 * cannot be opened, or that is not a regular file, is a usage error,
 * status 2: the name is what is wrong.  A failure once it is open (a
 * read error, the file changing while in use) is a runtime error,
 * status 1.
 *
 * A file is opened without blocking and checked with fstat before a
 * byte is read, so a FIFO or a device never hangs the program.
 */
#ifndef ATTNTUI_FILE_H
#define ATTNTUI_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"

/*
 * Open the regular file at path for reading into *fd and its size into
 * *size.  expected says what the file should have been ("a YAML
 * config") in the message for a directory or other non-regular file.
 */
int	file_open(const char *path, const char *expected, int *fd,
	    uint64_t *size, struct error *err);

/*
 * Read all of the regular file at path, at most max bytes, into a new
 * NUL-terminated *buf (the caller frees it) of *len bytes.  A larger
 * file is a usage error "larger than MAX; expected EXPECTED".
 */
int	file_read(const char *path, const char *expected, size_t max,
	    char **buf, size_t *len, struct error *err);

/*
 * A run's inputs, so that an output can refuse to overwrite one: once
 * tracking is on, every file file_open() opens is remembered (off
 * forgets them).  main.c turns it on; a library user that reads and
 * rewrites files in one process (the tests) may leave it off.
 */
void	file_track_inputs(int on);

/* The remembered input that is the file at (dev, ino): its path, or NULL. */
const char *file_input_at(uint64_t dev, uint64_t ino);

/* n bytes as "1 MiB (1048576 bytes)" or "4096 bytes", into buf. */
char	*file_size_text(uint64_t n, char *buf, size_t len);

#endif
