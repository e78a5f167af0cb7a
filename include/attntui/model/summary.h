/*
 * summary.h - the torchinfo-style layer summary of a config (--summary).
 *
 * Everything here is computed from the config alone: no weights are
 * allocated, so a 7B-parameter config is summarised in microseconds.
 * summary_build() makes a pre-order list of rows (a tree flattened with
 * depths) and the totals; summary_print() writes the table for a given
 * folding depth.  The interactive explorer uses the same rows for its
 * layer pane, jumping to row->layer when a row is chosen.
 *
 * Counting rules (stated once here, repeated in the table's footnotes):
 * - Param #: weights plus biases.  A parent row always shows the totals
 *   of its subtree.  Tied weights (an lm_head sharing the token
 *   embedding) are counted once, at the embedding; the head row shows
 *   "(tied)".
 * - Mult-Adds: a Linear costs T x in x out (biases not counted, as in
 *   torchinfo); embeddings and norms cost nothing.  The attention core
 *   (QK^T and AV, which torchinfo leaves out) has its own "SDPA" row per
 *   layer costing 2 x n_heads x T x T x d_head, the dense T x T product
 *   with no causal or sliding-window skip.
 * - GPT-2's fused c_attn is shown as its three column blocks, q, k and v,
 *   each a Linear row, so that the three projections can be compared
 *   with the other families'.
 * - Activation size: the output elements of every leaf row except the
 *   SDPA rows, x 4 bytes (float32, batch 1, one forward).  The attention
 *   probabilities (n_layers x n_heads x T x T x 4 bytes) are a separate
 *   figure, since attntui keeps them all.
 */
#ifndef ATTNTUI_SUMMARY_H
#define ATTNTUI_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "attntui/base/error.h"
#include "attntui/model/config.h"

#define SUMMARY_MAX_RANK	4
#define SUMMARY_NAME_LEN	64
/* Enough for UINT64_MAX with separators: 18,446,744,073,709,551,615. */
#define SUMMARY_COUNT_LEN	32
/* Byte figures saturate here; printed as ">= 18.45 EB". */
#define SUMMARY_BYTES_MAX	UINT64_MAX

struct summary_row {
	int		 depth;		/* 0: the model itself */
	int		 parent;	/* row index; -1 for the root */
	char		 name[SUMMARY_NAME_LEN]; /* dotted Hugging Face path,
					   e.g. "h.0.attn.q"; "" at root */
	const char	*type;		/* static: "Linear", "GPT2Block" */
	int		 rank;
	int64_t		 shape[SUMMARY_MAX_RANK]; /* output, batch first */
	uint64_t	 params;	/* its own, or its subtree's */
	uint64_t	 mult_adds;	/* likewise */
	int		 layer;		/* transformer layer, or -1 */
	int		 leaf;		/* no children */
	int		 tied;		/* weights counted at another row */
	int		 last;		/* last child of its parent */
};

struct summary_totals {
	uint64_t	 params;	/* tied weights once */
	uint64_t	 trainable;	/* all of them, for now */
	uint64_t	 tied_params;	/* shared weights not counted twice */
	uint64_t	 linear_mult_adds;
	uint64_t	 attention_mult_adds; /* QK^T and AV */
	uint64_t	 mult_adds;	/* the sum of both */
	/* Byte figures saturate at SUMMARY_BYTES_MAX. */
	uint64_t	 param_bytes_f32;
	uint64_t	 param_bytes_f16; /* F16 and BF16 alike */
	uint64_t	 activation_bytes;
	uint64_t	 attention_bytes; /* every probability, float32 */
	uint64_t	 need_bytes;	/* F32 weights + activations +
					   probabilities: what computing
					   would need, for a memory check */
	int		 pooler;	/* bert: pooler counted */
	int		 mlm_head;	/* bert: BertForMaskedLM's head */
};

struct summary {
	char			*model_name;	/* owned */
	char			*arch;		/* owned: the architecture
						   (config.json's); or NULL */
	enum config_family	 family;
	int64_t			 seq_len;	/* T */
	int64_t			 n_layers;
	int64_t			 n_heads;
	struct summary_row	*rows;		/* owned, pre-order */
	size_t			 n_rows;
	struct summary_totals	 totals;
};

/*
 * Summarise cfg for an input of seq_len tokens.  On success fill *out
 * (freed with summary_free) and return 0.  On failure (a dimension that
 * is not positive, a count beyond 2^64, no memory) fill *err and return
 * -1, leaving *out empty.  seq_len is not checked against max_seq: that
 * is the config's and the input's business.
 */
int		 summary_build(const struct config *cfg, int64_t seq_len,
		     struct summary *out, struct error *err);

/*
 * Write the table to fp, hiding rows deeper than depth (a negative depth
 * shows them all).  Returns 0, or -1 when writing failed.
 */
int		 summary_print(const struct summary *s, int depth, FILE *fp);

/* Free what s owns and zero it; safe on a zeroed summary. */
void		 summary_free(struct summary *s);

/* The row's name relative to its parent ("q" for "h.0.attn.q"). */
const char	*summary_label(const struct summary *s, size_t row);

/* The row's output shape as the table prints it, "[1, 89, 128]". */
char		*summary_format_shape(const struct summary_row *r, char *buf,
		     size_t len);

/* n with comma thousands separators into buf; returns buf. */
char		*summary_format_count(uint64_t n, char *buf, size_t len);

/* n bytes in decimal units ("497.76 MB"), as torchinfo does. */
char		*summary_format_bytes(uint64_t n, char *buf, size_t len);

#endif
