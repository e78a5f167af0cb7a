/*
 * error.h - errors that carry a place in a file and an exit status.
 *
 * Functions below main.c never print or exit: they fill a struct error
 * that the caller owns and return -1.  main.c prints it once, as
 *     attntui: FILE:LINE:COL: message
 * when the error has a place, "attntui: FILE: message" when it names a
 * file only, and "attntui: message" otherwise, then exits with status.
 */
#ifndef ATTNTUI_ERROR_H
#define ATTNTUI_ERROR_H

#include <stdio.h>

/* Exit statuses of doc/cli.md. */
#define EXIT_RUNTIME	1	/* I/O after opening, out of memory, a file
				   that changed while in use */
#define EXIT_USAGE	2	/* bad option, bad config, bad input file,
				   a named file that cannot be opened */

struct error {
	int	 status;	/* EXIT_USAGE or EXIT_RUNTIME; 0 when unset */
	char	*file;		/* owned; NULL when the error has no file */
	int	 line;		/* 1-based; 0 when unknown */
	int	 column;	/* 1-based; 0 when unknown */
	char	*message;	/* owned */
};

/*
 * Set err (freeing what it held) and return -1, so that callers can write
 * "return error_set(...)".  file may be NULL, line and column 0.
 */
int	error_set(struct error *err, int status, const char *file, int line,
	    int column, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/* Shorthand for a usage (status 2) error at FILE:LINE:COL. */
int	error_at(struct error *err, const char *file, int line, int column,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * A malformed FILE: a usage error naming the file, its message led by
 * "WHAT: " (the format, "npy", "safetensors") when what is not NULL.
 */
int	error_bad(struct error *err, const char *file, const char *what,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Out of memory, a runtime error; file may be NULL. */
int	error_nomem(struct error *err, const char *file);

/* Free what err holds and zero it; safe on a zeroed or cleared error. */
void	error_clear(struct error *err);

/*
 * Write "attntui: [FILE:[LINE:COL:]] message\n" to fp, the file and the
 * message escaped for a terminal (text.h).
 */
void	error_print(const struct error *err, FILE *fp);

/* Write "attntui: warning: message\n" to fp, escaped likewise. */
void	error_warn(const char *message, FILE *fp);

#endif
