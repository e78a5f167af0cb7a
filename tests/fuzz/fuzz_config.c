/*
 * fuzz_config.c - libFuzzer harness for the config loader: any input must
 * load or fail with an error, without crashing, leaking or hanging.
 */
#include <stddef.h>
#include <stdint.h>

#include "attntui/model/config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	cfg;
	struct error	err = { 0 };

	/* A path with a directory, so relative paths are resolved too. */
	if (config_load_buffer("fuzz/config.yaml", (const char *)data, size,
	    &cfg, &err) == 0)
		config_free(&cfg);
	error_clear(&err);
	return 0;
}
