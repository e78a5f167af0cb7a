/*
 * regex_engines.c - the measurement behind the choice of Oniguruma for
 * tokenizer.json's regexes: the pre-tokenizer patterns of GPT-2 (and
 * Llama 3 style Qwen) run over a text by Oniguruma and by PCRE2 (JIT,
 * UTF and UCP), every match compared, each engine timed.  Not built by
 * make; bench/README.md says how to run it:
 *
 *   cc -O2 bench/regex_engines.c -o regex_engines \
 *       $(pkg-config --cflags --libs oniguruma libpcre2-8)
 *   ./regex_engines TEXT
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <oniguruma.h>
#include <pcre2.h>

static const char *const patterns[][2] = {
	{ "gpt2", "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}"
	  "\\p{N}]+|\\s+(?!\\S)|\\s+" },
	{ "qwen3", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|"
	  "\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|"
	  "\\s+" },
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Match ends of pat over s by Oniguruma, into ends; their count. */
static size_t
run_onig(const char *pat, const char *s, size_t len, size_t *ends)
{
	OnigEncoding	 enc[] = { ONIG_ENCODING_UTF8 };
	OnigRegex	 re;
	OnigRegion	*region = onig_region_new();
	OnigErrorInfo	 info;
	size_t		 n = 0, at = 0;

	onig_initialize(enc, 1);
	if (onig_new(&re, (const OnigUChar *)pat, (const OnigUChar *)pat +
	    strlen(pat), ONIG_OPTION_NONE, ONIG_ENCODING_UTF8,
	    ONIG_SYNTAX_ONIGURUMA, &info) != ONIG_NORMAL)
		exit(1);
	while (at < len && onig_search(re, (const OnigUChar *)s,
	    (const OnigUChar *)s + len, (const OnigUChar *)s + at,
	    (const OnigUChar *)s + len, region, ONIG_OPTION_NONE) >= 0) {
		ends[n++] = (size_t)region->end[0];
		at = (size_t)region->end[0] > at ? (size_t)region->end[0] :
		    at + 1;
	}
	onig_region_free(region, 1);
	onig_free(re);
	return n;
}

static size_t
run_pcre2(const char *pat, const char *s, size_t len, size_t *ends)
{
	pcre2_code		*re;
	pcre2_match_data	*md;
	PCRE2_SIZE		 eoff, *ov;
	int			 ecode;
	size_t			 n = 0, at = 0;

	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &ecode, &eoff, NULL);
	if (re == NULL)
		exit(1);
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	while (at < len && pcre2_match(re, (PCRE2_SPTR)s, len, at,
	    PCRE2_NO_UTF_CHECK, md, NULL) >= 0) {
		ov = pcre2_get_ovector_pointer(md);
		ends[n++] = ov[1];
		at = ov[1] > at ? ov[1] : at + 1;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return n;
}

int
main(int argc, char **argv)
{
	FILE	*fp;
	char	*s;
	size_t	 len, *a, *b, na, nb, i, same;
	double	 t0, to, tp;
	size_t	 k;

	if (argc != 2 || (fp = fopen(argv[1], "rb")) == NULL)
		return 2;
	fseek(fp, 0, SEEK_END);
	len = (size_t)ftell(fp);
	rewind(fp);
	s = malloc(len + 1);
	if (fread(s, 1, len, fp) != len)
		return 1;
	fclose(fp);
	a = malloc((len + 1) * sizeof *a);
	b = malloc((len + 1) * sizeof *b);
	for (k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
		t0 = now();
		na = run_onig(patterns[k][1], s, len, a);
		to = now() - t0;
		t0 = now();
		nb = run_pcre2(patterns[k][1], s, len, b);
		tp = now() - t0;
		for (i = same = 0; i < na && i < nb; i++)
			same += a[i] == b[i];
		printf("%-6s oniguruma %zu matches %.1f ms (%.1f MB/s); pcre2-jit "
		    "%zu matches %.1f ms (%.1f MB/s); same ends %zu of %zu\n",
		    patterns[k][0], na, to * 1e3, len / 1e6 / to, nb, tp * 1e3,
		    len / 1e6 / tp, same, na > nb ? na : nb);
	}
	return 0;
}
