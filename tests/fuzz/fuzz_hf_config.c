/*
 * fuzz_hf_config.c - libFuzzer harness for the config.json reader: any
 * input must read or fail with a placed error, without crashing, leaking
 * or hanging.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attntui/model/config.h"
#include "attntui/model/hf_config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	cfg;
	struct error	err = { 0 };

	memset(&cfg, 0, sizeof cfg);
	(void)hf_config_parse("fuzz/config.json", (const char *)data, size,
	    &cfg, &err);
	config_free(&cfg);
	error_clear(&err);
	return 0;
}
