/*
 * test_base.c - the base floor: the one rule by which a named file is
 * opened and read, and the one rule by which text reaches a terminal.
 * Expected strings are written out by hand from the rules in file.h and
 * text.h.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>


#include "attntui/base/file.h"
#include "attntui/base/mapfile.h"
#include "attntui/base/pool.h"
#include "attntui/base/progress.h"
#include "attntui/base/text.h"

#include "scratch.h"

/* ---- the file rule -------------------------------------------------- */

/* A file that is not there, a directory, a FIFO: usage errors, at once. */
static void
test_file_rule(void **state)
{
	struct mapfile	 mf;
	struct error	 err = { 0 };
	const char	*fifo = scratch_path("fifo");
	char		*buf;
	size_t		 len;

	(void)state;
	assert_int_equal(file_read(scratch_path("absent"), "a thing", 100, &buf,
	    &len, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, scratch_path("absent"));
	assert_string_equal(err.message, "No such file or directory");
	assert_null(buf);

	assert_int_equal(file_read(scratch_dir(), "a thing", 100, &buf, &len,
	    &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "Is a directory; expected a thing");

	/* No writer: a blocking open would wait here for ever. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(file_read(fifo, "a thing", 100, &buf, &len, &err),
	    -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message,
	    "not a regular file; expected a thing");
	assert_int_equal(mapfile_open(fifo, "a thing", &mf, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message,
	    "not a regular file; expected a thing");
	unlink(fifo);

	scratch_write(scratch_path("five"), "12345");
	assert_int_equal(file_read(scratch_path("five"), "a thing", 4, &buf,
	    &len, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "larger than 4 bytes; expected a "
	    "thing");
	assert_int_equal(file_read(scratch_path("five"), "a thing", 5, &buf,
	    &len, &err), 0);
	assert_int_equal(len, 5);
	assert_string_equal(buf, "12345");	/* NUL-terminated */
	free(buf);
	error_clear(&err);
	}

static void
test_file_size_text(void **state)
{
	char	buf[64];

	(void)state;
	assert_string_equal(file_size_text(1048576, buf, sizeof buf),
	    "1 MiB (1048576 bytes)");
	assert_string_equal(file_size_text(3 * 1024, buf, sizeof buf),
	    "3 KiB (3072 bytes)");
	assert_string_equal(file_size_text(1000, buf, sizeof buf),
	    "1000 bytes");
	assert_string_equal(file_size_text(1536, buf, sizeof buf),
	    "1536 bytes");
}

/* ---- text on its way to a terminal ---------------------------------- */

static const char *
quoted(const char *s, size_t max)
{
	static char	buf[TEXT_QUOTE_SIZE(64)];

	return text_quote(s, strlen(s), '"', max, buf, sizeof buf);
}

static void
test_text_quote(void **state)
{
	(void)state;
	assert_string_equal(quoted("plain", 64), "\"plain\"");
	assert_string_equal(quoted("a\"b\\c", 64), "\"a\\\"b\\\\c\"");
	/* C0 and DEL: ESC would start a control sequence. */
	assert_string_equal(quoted("\x1b[2J\x7f", 64), "\"\\x1B[2J\\x7F\"");
	assert_string_equal(quoted("a\nb\tc", 64), "\"a\\nb\\tc\"");
	/* C1 CSI (U+009B) and a bidi override (U+202E) and isolate. */
	assert_string_equal(quoted("x\xc2\x9b" "2J", 64), "\"x\\u009B2J\"");
	assert_string_equal(quoted("\xe2\x80\xae" "evil", 64),
	    "\"\\u202Eevil\"");
	assert_string_equal(quoted("\xe2\x81\xa6", 64), "\"\\u2066\"");
	/* Not UTF-8: each byte escaped. */
	assert_string_equal(quoted("\xff\xc3", 64), "\"\\xFF\\xC3\"");
	/* Printable UTF-8 passes; a cut never splits a character. */
	assert_string_equal(quoted("東京", 64), "\"東京\"");
	assert_string_equal(quoted("ab東京", 4), "\"ab...\"");
	assert_string_equal(quoted("abcdef", 3), "\"abc...\"");
}

static void
test_text_escape(void **state)
{
	char	*s;

	(void)state;
	assert_non_null(s = text_escape("  hi\x01", 5, TEXT_SPACE_MARKER));
	assert_string_equal(s, "\xe2\x90\xa3\xe2\x90\xa3hi\\x01");
	free(s);
	assert_non_null(s = text_escape("a\xc2\x85\xe2\x80\x8d", 6, 0));
	assert_string_equal(s, "a\\u0085\\u200D");
	free(s);
	assert_non_null(s = text_escape("", 0, 0));
	assert_string_equal(s, "");
	free(s);
}

static void
test_text_suggest(void **state)
{
	static const char *const names[] = { "summary", "check", "export" };
	struct text_suggest	ts;
	size_t			i;

	(void)state;
	text_suggest_init(&ts, "sumary", 6);
	for (i = 0; i < 3; i++)
		text_suggest_offer(&ts, names[i]);
	assert_string_equal(text_suggest_best(&ts), "summary");
	text_suggest_init(&ts, "zzz", 3);
	for (i = 0; i < 3; i++)
		text_suggest_offer(&ts, names[i]);
	assert_null(text_suggest_best(&ts));
	assert_true(text_ends_with("a.npy", ".npy"));
	assert_false(text_ends_with("npy", ".npy"));
}

/* ---- the progress bar ------------------------------------------------ */

/*
 * The line, worked out by hand.  45 of 100 in 10 s: 55 left at 4.5 a
 * second is 12.2 s, shown rounded up; at 60 columns the bar gets what
 * the rest leaves of 59 (the last column stays empty): 59 - "writing [",
 * "]" and "  45%  0:13 left" = 33 cells, 14 of them (33 x 0.45 = 14.85)
 * filled.
 */
static void
test_progress_line(void **state)
{
	char	buf[256], want[256];
	size_t	n;

	(void)state;
	n = progress_line(buf, sizeof buf, "writing", 45, 100, 10.0, 60);
	snprintf(want, sizeof want, "writing [%.14s%.19s]  45%%  0:13 left",
	    "##############################",
	    "...............................");
	assert_string_equal(buf, want);
	assert_int_equal(n, 59);
	/* Nothing done yet: no estimate. */
	progress_line(buf, sizeof buf, "x", 0, 8, 2.0, 20);
	assert_string_equal(buf, "x [..........]   0%");
	/* Too narrow for a bar of ten. */
	progress_line(buf, sizeof buf, "writing", 45, 100, 10.0, 30);
	assert_string_equal(buf, "writing  45%  0:13 left");
	/* Hours; more than the total counts as the total. */
	progress_line(buf, sizeof buf, "w", 1, 3, 3600.0, 20);
	assert_string_equal(buf, "w  33%  2:00:00 left");
	progress_line(buf, sizeof buf, "w", 9, 3, 5.0, 14);
	assert_string_equal(buf, "w 100%  0:00 left");
	/* A short buffer is cut, still a string. */
	assert_int_equal(progress_line(buf, 6, "writing", 45, 100, 10.0, 60),
	    5);
	assert_string_equal(buf, "writi");
}

/* What a pipe holds now, at most len - 1 bytes, as a string. */
static const char *
drain_pipe(int fd, char *buf, size_t len)
{
	ssize_t	n = read(fd, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/*
 * Off until an output is named; short work shows nothing; after
 * PROGRESS_DELAY a bar, "\r", the line, an erase to its end; the end
 * erases it.
 */
static void
test_progress_output(void **state)
{
	struct timespec	ts = { 1, 100 * 1000 * 1000 };
	char		buf[512], line[256];
	int		fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	progress_begin("off", 10);
	progress_add(10);
	progress_end();
	progress_output(fds[1], 40);
	progress_begin("quick", 10);
	progress_add(10);
	progress_end();
	assert_string_equal(drain_pipe(fds[0], buf, sizeof buf), "");
	progress_begin("slow", 4);
	progress_add(1);
	assert_string_equal(drain_pipe(fds[0], buf, sizeof buf), "");
	nanosleep(&ts, NULL);
	progress_add(1);
	drain_pipe(fds[0], buf, sizeof buf);
	/* 2 of 4 after 1.1 s or more: half the bar, the same again left
	   ("0:02 left" at 1.1 s; a loaded machine may take longer). */
	progress_line(line, sizeof line, "slow", 2, 4, 1.1, 40);
	assert_int_equal(buf[0], '\r');
	assert_true(strlen(line) > 9);
	assert_memory_equal(buf + 1, line, strlen(line) - 9);
	assert_int_equal(strlen(buf), strlen(line) + 4);
	assert_string_equal(buf + strlen(line) - 4, " left\033[K");
	progress_add(1);	/* not PROGRESS_EVERY later: not drawn */
	progress_end();
	assert_string_equal(drain_pipe(fds[0], buf, sizeof buf), "\r\033[K");
	progress_output(-1, 0);
	close(fds[0]);
	close(fds[1]);
}

/* ---- the pool ------------------------------------------------------- */

#define POOL_TEST_ITEMS	997
#define POOL_TEST_RUNS	3000

/* One caller's runs: every item of every run counted once, here. */
struct pool_caller {
	struct pool	*pool;
	atomic_int	 seen[POOL_TEST_ITEMS];
	atomic_int	 bad_worker;
};

static void
pool_count_item(void *ctx, int64_t item, int worker)
{
	struct pool_caller	*c = ctx;

	if (worker < 0 || worker >= pool_threads(c->pool))
		atomic_store(&c->bad_worker, 1);
	atomic_fetch_add(&c->seen[item], 1);
}

static void *
pool_caller_main(void *arg)
{
	struct pool_caller	*c = arg;
	int			 r;

	for (r = 0; r < POOL_TEST_RUNS; r++)
		pool_run(c->pool, POOL_TEST_ITEMS, pool_count_item, c);
	return NULL;
}

/*
 * Two threads run on one pool at once (the explorer's scores while a
 * head is made ahead): each run still does each of its items once.
 */
static void
test_pool_two_callers(void **state)
{
	static struct pool_caller	 a, b;
	struct error			 err = { 0 };
	struct pool			*p;
	pthread_t			 t;
	int				 i;

	(void)state;
	assert_int_equal(pool_create(3, &p, &err), 0);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.pool = b.pool = p;
	assert_int_equal(pthread_create(&t, NULL, pool_caller_main, &a), 0);
	pool_caller_main(&b);
	assert_int_equal(pthread_join(t, NULL), 0);
	for (i = 0; i < POOL_TEST_ITEMS; i++) {
		assert_int_equal(atomic_load(&a.seen[i]), POOL_TEST_RUNS);
		assert_int_equal(atomic_load(&b.seen[i]), POOL_TEST_RUNS);
	}
	assert_int_equal(atomic_load(&a.bad_worker), 0);
	assert_int_equal(atomic_load(&b.bad_worker), 0);
	pool_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_rule),
		cmocka_unit_test(test_file_size_text),
		cmocka_unit_test(test_text_quote),
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_text_suggest),
		cmocka_unit_test(test_progress_line),
		cmocka_unit_test(test_progress_output),
		cmocka_unit_test(test_pool_two_callers),
	};

	return cmocka_run_group_tests(tests, scratch_setup,
	    scratch_teardown);
}
