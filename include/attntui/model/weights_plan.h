/*
 * weights_plan.h - every tensor a config's forward pass reads: its name
 * as Hugging Face writes it, its shape, how a seeded init fills it and
 * the slot in struct weights its pointer goes to.
 *
 * Init and file loading (weights.c) both walk the one plan, so that the
 * two can never disagree about names or shapes.
 */
#ifndef ATTNTUI_WEIGHTS_PLAN_H
#define ATTNTUI_WEIGHTS_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/model/config.h"
#include "attntui/model/weights.h"

#define WEIGHTS_NAME_LEN	128

struct st_tensor;

enum weights_init { INIT_NORMAL, INIT_ONE, INIT_ZERO };

/* One tensor of the plan, and where loading put it. */
struct weights_spec {
	char			 name[WEIGHTS_NAME_LEN];
	int			 rank;
	int64_t			 shape[2];
	enum weights_init	 init;
	const float		**slot;
	const void		**slot16;	/* a matrix a file's F16 or BF16
						   may fill in place; or NULL */
	enum dtype		*dtype_slot;	/* with slot16 */
	float			 add;		/* added to a file's values
						   (norm_offset) */
	const struct st_tensor	*src;		/* file: its tensor */
	int			 in_arena;	/* filled or converted there */
	int			 later;		/* filled when its layer is
						   first used (weights_load.h) */
	int64_t			 layer;		/* its layer, or -1 */
	size_t			 offset;	/* into the arena */
};

struct weights_plan {
	struct weights_spec	*specs;
	size_t			 n;
	size_t			 cap;
	int			 failed;	/* out of memory, name too long */
};

/*
 * Start w (its layer array) and fill pl with cfg's tensors, slots
 * pointing into w.  Free pl with weights_plan_free; w with
 * weights_free.
 */
int	weights_plan_build(const struct config *cfg, struct weights *w,
	    struct weights_plan *pl, struct error *err);
void	weights_plan_free(struct weights_plan *pl);

/* Elements of s into *n; -1 on a negative or overflowing shape. */
int	weights_spec_elements(const struct weights_spec *s, size_t *n);

/* Once loaded: point views into fused tensors (GPT-2's c_attn, Phi-3's
   qkv_proj and gate_up_proj). */
void	weights_plan_fix_views(const struct config *cfg, struct weights *w);

#endif
