/*
 * weights.c - freeing a model's tensors; see weights.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/io/safetensors.h"
#include "attntui/model/weights.h"

void
weights_free(struct weights *w)
{
	size_t	i;

	if (w == NULL)
		return;
	if (w->later != NULL)
		w->later_free(w->later);
	free(w->layers);
	free(w->arena);
	for (i = 0; i < w->n_files; i++)
		safetensors_close(&w->files[i]);
	free(w->files);
	memset(w, 0, sizeof *w);
}
