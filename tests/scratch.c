/*
 * scratch.c - a test program's scratch directory; see scratch.h.
 */
#include "build-config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

static char	scratch[] = "/tmp/attntui-test-XXXXXX";

int
scratch_setup(void **state)
{
	(void)state;
	return mkdtemp(scratch) == NULL ? -1 : 0;
}

int
scratch_teardown(void **state)
{
	(void)state;
	scratch_empty();
	return rmdir(scratch);
}

const char *
scratch_dir(void)
{
	return scratch;
}

const char *
scratch_path(const char *name)
{
	static char	buf[4][512];
	static int	next;
	char		*p = buf[next++ % 4];

	snprintf(p, sizeof buf[0], "%s/%.255s", scratch, name);
	return p;
}

/* Call fn on each entry's name; returns how many there were. */
static int
scratch_each(void (*fn)(const char *))
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d = opendir(scratch));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fn != NULL)
			fn(de->d_name);
		n++;
	}
	closedir(d);
	return n;
}

int
scratch_count(void)
{
	return scratch_each(NULL);
}

static void
scratch_remove(const char *name)
{
	unlink(scratch_path(name));
}

void
scratch_empty(void)
{
	scratch_each(scratch_remove);
}

void
scratch_write(const char *path, const char *text)
{
	FILE	*fp;

	assert_non_null(fp = fopen(path, "wb"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

unsigned char *
scratch_read(const char *path, size_t *len)
{
	FILE		*fp;
	unsigned char	*buf;
	long		 n;

	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	assert_true((n = ftell(fp)) >= 0);
	rewind(fp);
	assert_non_null(buf = malloc((size_t)n + 1));
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}
