/*
 * export.h - --export: every head's attention probabilities to a file.
 */
#ifndef ATTNTUI_EXPORT_H
#define ATTNTUI_EXPORT_H

#include "attntui/base/error.h"
#include "attntui/compute/store.h"
#include "attntui/model/tokens.h"

/*
 * Write store to path, in the format its extension names:
 *   .npy          float32 (layers, heads, T, T), C order
 *   .safetensors  F32 "layers.N.attention" [heads, T, T] per layer, with
 *                 __metadata__ "tokens" (a JSON array of the labels, as
 *                 one string) and "model"
 * The file appears only once complete.  Any other extension is a usage
 * error (status 2).
 */
int	export_write(const char *path, struct store *store,
	    const struct tokens *tok, const char *model_name,
	    struct error *err);

/*
 * The same, and with norms (forward_result.value_norms, [layers][heads]
 * [T]; NULL for none) one more F32 tensor a layer, "layers.N.value_norms"
 * [heads, T]: .safetensors only (a .npy name is a usage error).
 */
int	export_write_norms(const char *path, struct store *store,
	    const float *norms, const struct tokens *tok,
	    const char *model_name, struct error *err);

#endif
