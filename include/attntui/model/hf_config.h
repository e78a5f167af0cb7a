/*
 * hf_config.h - a Hugging Face hub snapshot (doc/hf.md): its config.json
 * mapped onto struct config, with the weights and tokenizer beside it.
 *
 * config.json is read by architectures[0] (model_type when that is
 * absent) for the architectures of doc/hf.md's table, with the key
 * defaults of transformers' configuration classes.  Keys that change the
 * arithmetic and are not supported (an unknown architecture, a
 * rope_scaling type other than linear and llama3, quantization) are an
 * error at their place in config.json, naming what is supported; a key
 * the arithmetic needs and has no default for (hidden_size, ...) is an
 * error where it is missing.  Keys that do not change attention are not
 * read, and --check lists them.
 */
#ifndef ATTNTUI_HF_CONFIG_H
#define ATTNTUI_HF_CONFIG_H

#include <stddef.h>

#include "attntui/base/error.h"
#include "attntui/model/config.h"

#define HF_CONFIG_NAME		"config.json"
#define HF_WEIGHTS_NAME		"model.safetensors"
#define HF_INDEX_NAME		"model.safetensors.index.json"
#define HF_TOKENIZER_NAME	"tokenizer.json"

/* Is path a hub snapshot: a directory, or a file called config.json? */
int	hf_config_is_snapshot(const char *path);

/*
 * Open the snapshot at path (a directory or its config.json) as *cfg:
 * the model from config.json, the weights and tokenizer.json beside it,
 * the built-in sentence as the input.  Freed with config_free; on
 * failure *cfg is empty and err says where.
 */
int	hf_config_load(const char *path, struct config *cfg,
	    struct error *err);

/*
 * A model FILE of any kind but attention files: a snapshot (as
 * hf_config_load), or a YAML config whose model: may come from one.
 */
int	hf_config_open(const char *path, struct config *cfg,
	    struct error *err);

/*
 * The same into a config being read (YAML's model: {from: DIR}): its
 * model, weights and tokenizer, but not its input.
 */
int	hf_config_read(const char *dir, struct config *cfg,
	    struct error *err);

/*
 * config.json's text buf[0..len) (named path in errors) onto cfg's model
 * alone; the fuzzer's entry.  cfg must be zeroed or freed first.
 */
int	hf_config_parse(const char *path, const char *buf, size_t len,
	    struct config *cfg, struct error *err);

/* Does cfg's snapshot hold pytorch_model.bin weights (pickles)? */
int	hf_config_has_pickles(const struct config *cfg);

/*
 * Why cfg, a snapshot, has no weights to load: none in its directory, or
 * only pytorch_model.bin (with the hint to convert it).  Returns -1.
 */
int	hf_config_no_weights(const struct config *cfg, struct error *err);

#endif
