/*
 * tokenize_bench.c - the tokenizer's throughput: load a tokenizer.json,
 * then encode a text file (ids and labels, as the explorer gets them)
 * several times; print the load time and the best and median encode
 * rates.  bench/tokenize.sh runs it beside tokenizers.js.
 *
 *   tokenize_bench TOKENIZER.JSON TEXT [RUNS]
 *   tokenize_bench ENCODER.JSON,VOCAB.BPE TEXT [RUNS]   (GPT-2's files)
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attntui/base/file.h"
#include "attntui/model/gpt2.h"
#include "attntui/model/tokenizer.h"

#include "benchtime.h"

int
main(int argc, char **argv)
{
	struct tokenizer	 *t;
	struct error		  err = { 0 };
	int64_t			 *ids;
	char			**labels, *text;
	double			  t0, load, dt[64];
	size_t			  len, n = 0, i;
	char			 *comma;
	int			  runs, r, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: tokenize_bench TOKENIZER.JSON TEXT "
		    "[RUNS]\n");
		return 2;
	}
	runs = argc > 3 ? atoi(argv[3]) : 5;
	if (runs < 1 || runs > 64)
		runs = 5;
	t0 = bench_now();
	if ((comma = strchr(argv[1], ',')) != NULL) {
		*comma = '\0';
		rc = gpt2_load(argv[1], comma + 1, &t, &err);
	} else
		rc = tokenizer_load(argv[1], &t, &err);
	if (rc != 0 ||
	    file_read(argv[2], "a text", 1u << 30, &text, &len, &err) != 0) {
		error_print(&err, stderr);
		return err.status;
	}
	load = bench_now() - t0;
	for (r = 0; r < runs; r++) {
		t0 = bench_now();
		if (tokenizer_encode(t, text, len, &ids, &labels, &n,
		    &err) != 0) {
			error_print(&err, stderr);
			return 1;
		}
		dt[r] = bench_now() - t0;
		for (i = 0; i < n; i++)
			free(labels[i]);
		free(labels);
		free(ids);
	}
	bench_sort(dt, runs);
	printf("load %.3f s; %zu bytes -> %zu tokens; encode best %.1f ms "
	    "(%.2f MB/s), median %.1f ms (%.2f MB/s)\n", load, len, n,
	    dt[0] * 1e3, (double)len / 1e6 / dt[0], dt[runs / 2] * 1e3,
	    (double)len / 1e6 / dt[runs / 2]);
	tokenizer_free(t);
	free(text);
	return 0;
}
