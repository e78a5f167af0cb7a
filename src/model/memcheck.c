/*
 * memcheck.c - compare what a model needs with what the machine has.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/arith.h"
#include "attntui/model/memcheck.h"
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
	uint64_t	need, have;
	char		need_s[32], have_s[32];

	if (summary_build(cfg, seq_len, &s, err) != 0)
		return -1;
	need = arith_add_sat(s.totals.param_bytes_f32,
	    s.totals.activation_bytes);
	summary_free(&s);
	have = memcheck_available();
	if (have == 0 || need <= have)
		return 0;
	summary_format_bytes(need, need_s, sizeof need_s);
	summary_format_bytes(have, have_s, sizeof have_s);
	return error_set(err, EXIT_USAGE, cfg->path, 0, 0,
	    "the model needs %s for its F32 weights and activations, but "
	    "only %s of memory is available (--summary works regardless)",
	    need_s, have_s);
}
