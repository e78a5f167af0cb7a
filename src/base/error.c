/*
 * error.c - errors with a place in a file; see error.h.
 */
#include "build-config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/error.h"
#include "attntui/base/text.h"

/* vasprintf without the GNU dependency: measure, then format. */
static char *
format_message(const char *fmt, va_list ap)
{
	va_list	 copy;
	char	*buf;
	int	 n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return NULL;
	if ((buf = malloc((size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	return buf;
}

static int
error_setv(struct error *err, int status, const char *file, int line,
    int column, const char *fmt, va_list ap)
{
	if (err == NULL)
		return -1;
	error_clear(err);
	err->status = status;
	err->file = file != NULL ? strdup(file) : NULL;
	err->line = line;
	err->column = column;
	err->message = format_message(fmt, ap);
	return -1;
}

int
error_set(struct error *err, int status, const char *file, int line,
    int column, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	error_setv(err, status, file, line, column, fmt, ap);
	va_end(ap);
	return -1;
}

int
error_at(struct error *err, const char *file, int line, int column,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	error_setv(err, EXIT_USAGE, file, line, column, fmt, ap);
	va_end(ap);
	return -1;
}

int
error_bad(struct error *err, const char *file, const char *what,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = format_message(fmt, ap);
	va_end(ap);
	if (what == NULL || msg == NULL)
		error_set(err, EXIT_USAGE, file, 0, 0, "%s",
		    msg != NULL ? msg : "out of memory");
	else
		error_set(err, EXIT_USAGE, file, 0, 0, "%s: %s", what, msg);
	free(msg);
	return -1;
}

int
error_nomem(struct error *err, const char *file)
{
	return error_set(err, EXIT_RUNTIME, file, 0, 0, "out of memory");
}

void
error_clear(struct error *err)
{
	free(err->file);
	free(err->message);
	memset(err, 0, sizeof *err);
}

/* s escaped for the terminal (text.h), or a stand-in without memory. */
static char *
error_escape(const char *s)
{
	char	*e = text_escape(s, strlen(s), 0);

	return e != NULL ? e : strdup("?");
}

/*
 * Both the file name and the message may carry bytes from a file or the
 * command line (a tensor's name, a path): escape them here, once, so
 * that no message can move the cursor or retitle the window.
 */
void
error_print(const struct error *err, FILE *fp)
{
	char	*msg, *file;

	msg = error_escape(err->message != NULL ? err->message :
	    "out of memory");
	file = err->file != NULL ? error_escape(err->file) : NULL;
	if (file != NULL && err->line > 0)
		fprintf(fp, "attntui: %s:%d:%d: %s\n", file, err->line,
		    err->column > 0 ? err->column : 1, msg != NULL ? msg : "?");
	else if (file != NULL)
		fprintf(fp, "attntui: %s: %s\n", file, msg != NULL ? msg : "?");
	else
		fprintf(fp, "attntui: %s\n", msg != NULL ? msg : "?");
	free(msg);
	free(file);
}

void
error_warn(const char *message, FILE *fp)
{
	char	*msg = error_escape(message);

	fprintf(fp, "attntui: warning: %s\n", msg != NULL ? msg : "?");
	free(msg);
}
