/*
 * weighted.h - value-weighted attention (Kobayashi et al. 2020,
 * "Attention is not only a weight"): how much each key token moves a
 * query's output through the head, not only how much it is looked at.
 *
 * Head h's matrix is W_ij = A_ij n_j / sum_k A_ik n_k, with n_j the
 * value norm || v_j W_O^h || of forward.h (FORWARD_VALUE_NORMS): rows
 * still sum to 1, so every view, score and export works on it as on
 * probabilities.  A row whose weights are all 0 stays 0.
 */
#ifndef ATTNTUI_WEIGHTED_H
#define ATTNTUI_WEIGHTED_H

#include "attntui/base/error.h"
#include "attntui/compute/store.h"

/*
 * A derived store of probs weighted by norms ([layers][heads][T], as
 * forward_result.value_norms); both are borrowed and must outlive it.
 */
int	weighted_store(struct store *probs, const float *norms,
	    struct store **out, struct error *err);

#endif
