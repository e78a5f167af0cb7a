/*
 * forward.h - the CPU forward pass of every family, keeping attention.
 */
#ifndef ATTNTUI_FORWARD_H
#define ATTNTUI_FORWARD_H

#include "attntui/model/config.h"
#include "attntui/compute/store.h"
#include "attntui/model/tokens.h"
#include "attntui/model/weights.h"

struct forward_result {
	struct store	*store;		/* owned: store_free */
	float		*hidden;	/* owned: T x d_model, the model's last
					   hidden state as Hugging Face's
					   last_hidden_state (gpt2 after ln_f,
					   llama after norm, bert after the
					   last layer, attention after o_proj) */
};

/*
 * Run cfg's model with weights w on tokens tok using threads compute
 * threads (0: online cores).  Fill *out; -1 with err on failure.
 */
int	forward_run(const struct config *cfg, const struct weights *w,
	    const struct tokens *tok, int threads,
	    struct forward_result *out, struct error *err);
void	forward_result_free(struct forward_result *r);

#endif
