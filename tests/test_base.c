/*
 * test_base.c - the base floor: the one rule by which a named file is
 * opened and read, and the one rule by which text reaches a terminal.
 * Expected strings are written out by hand from the rules in file.h and
 * text.h.
 */
#include "build-config.h"

#include <sys/stat.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_rule),
		cmocka_unit_test(test_file_size_text),
		cmocka_unit_test(test_text_quote),
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_text_suggest),
	};

	return cmocka_run_group_tests(tests, scratch_setup,
	    scratch_teardown);
}
