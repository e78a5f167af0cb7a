/*
 * memcheck.c - compare what a model needs with what the machine has.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/arith.h"
#include "attntui/compute/memcheck.h"
#include "attntui/compute/store.h"
#include "attntui/model/summary.h"

/* Read MemAvailable from /proc/meminfo; 0 when absent. */
static uint64_t
meminfo_available(void)
{
	FILE			*fp;
	char			 line[256];
	unsigned long long	 kb;
	uint64_t		 bytes = 0;

	if ((fp = fopen("/proc/meminfo", "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
			bytes = (uint64_t)kb * 1024;
			break;
		}
	}
	fclose(fp);
	return bytes;
}

uint64_t
memcheck_available(void)
{
	uint64_t	bytes;
	long		pages, page_size;

	if ((bytes = meminfo_available()) != 0)
		return bytes;
	pages = sysconf(_SC_PHYS_PAGES);
	page_size = sysconf(_SC_PAGESIZE);
	if (pages <= 0 || page_size <= 0)
		return 0;
	return (uint64_t)pages * (uint64_t)page_size;
}

int
memcheck(const struct config *cfg, int64_t seq_len, struct error *err)
{
	struct summary	s;
	uint64_t	need, have, weights, acts, store, head;
	char		n[32], w[32], a[32], st[32], h[32], m[32];

	if (summary_build(cfg, seq_len, &s, err) != 0)
		return -1;
	weights = s.totals.param_bytes_f32;
	acts = s.totals.activation_bytes;
	summary_free(&s);
	store = store_footprint(cfg, seq_len);
	/* The explorer and an export each hold one head, T x T floats. */
	head = arith_mul_sat(arith_mul_sat((uint64_t)seq_len,
	    (uint64_t)seq_len), sizeof(float));
	need = arith_add_sat(arith_add_sat(weights, acts),
	    arith_add_sat(store, head));
	have = memcheck_available();
	if (have == 0 || need <= have)
		return 0;
	return error_set(err, EXIT_USAGE, cfg->path, 0, 0,
	    "the run needs %s (F32 weights %s, activations %s, attention %s, "
	    "a head %s), but only %s of memory is available (--summary works "
	    "regardless)", summary_format_bytes(need, n, sizeof n),
	    summary_format_bytes(weights, w, sizeof w),
	    summary_format_bytes(acts, a, sizeof a),
	    summary_format_bytes(store, st, sizeof st),
	    summary_format_bytes(head, h, sizeof h),
	    summary_format_bytes(have, m, sizeof m));
}
