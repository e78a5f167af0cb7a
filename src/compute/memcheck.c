/*
 * memcheck.c - compare what a model needs with what the machine has.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/arith.h"
#include "attntui/compute/memcheck.h"
#include "attntui/compute/store.h"
#include "attntui/io/safetensors_index.h"
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

/* A file's size; 0 when it cannot be read (loading will say why). */
static uint64_t
memcheck_file_size(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

/*
 * What a weights file costs: its size, as its matrices are used where
 * they are mapped, F16 and BF16 ones too; an index's, its shards'.
 */
static uint64_t
memcheck_file_bytes(const char *file)
{
	struct safetensors_index	 ix;
	struct error			 ignored = { 0 };
	const char			*slash = strrchr(file, '/');
	size_t				 dir, i;
	uint64_t			 total = 0;
	char				 path[4096];

	if (!safetensors_is_index(file))
		return memcheck_file_size(file);
	if (safetensors_index_open(file, &ix, &ignored) != 0) {
		error_clear(&ignored);
		return 0;
	}
	dir = slash != NULL ? (size_t)(slash - file) + 1 : 0;
	for (i = 0; i < ix.n_shards; i++) {
		snprintf(path, sizeof path, "%.*s%s", (int)dir, file,
		    ix.shards[i]);
		total = arith_add_sat(total, memcheck_file_size(path));
	}
	safetensors_index_close(&ix);
	return total;
}

int
memcheck(const struct config *cfg, int64_t seq_len, struct error *err)
{
	struct summary	s;
	uint64_t	need, have, weights, acts, store, head;
	char		n[32], w[32], a[32], st[32], h[32], m[32];
	int		file = cfg->weights.source == WEIGHTS_FILE &&
			    cfg->weights.file != NULL;

	if (summary_build(cfg, seq_len, &s, err) != 0)
		return -1;
	weights = file ? memcheck_file_bytes(cfg->weights.file) :
	    s.totals.param_bytes_f32;
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
	    "the run needs %s (%s %s, activations %s, attention %s, a head "
	    "%s), but only %s of memory is available (--summary works "
	    "regardless)", summary_format_bytes(need, n, sizeof n),
	    file ? "weights file" : "F32 weights",
	    summary_format_bytes(weights, w, sizeof w),
	    summary_format_bytes(acts, a, sizeof a),
	    summary_format_bytes(store, st, sizeof st),
	    summary_format_bytes(head, h, sizeof h),
	    summary_format_bytes(have, m, sizeof m));
}
