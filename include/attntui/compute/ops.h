/*
 * ops.h - the elementwise and row-wise pieces of the forward pass.
 *
 * All of them are pure and single-threaded: forward.c cuts work into
 * items and calls these per item.  Vectorised ones are written with GCC
 * vector extensions so the same code serves SSE2 and AVX builds and
 * gives the same bits however the rows are shared out.
 */
#ifndef ATTNTUI_OPS_H
#define ATTNTUI_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/model/config.h"

/* y[i] = exp(x[i]), relative error below 2e-7; 0 below -87.3. */
void	ops_exp(const float *x, float *y, size_t n);

/*
 * x[i] = exp(x[i] - shift) in place; returns their sum, added in a fixed
 * order.  The core of the softmax.
 */
float	ops_exp_sum(float *x, size_t n, float shift);

float	ops_max(const float *x, size_t n);
void	ops_scale(float *x, size_t n, float s);

/* One row of D: out = norm(in) * w (+ b).  out may be in. */
void	ops_layernorm(const float *in, float *out, int64_t D, const float *w,
	    const float *b, float eps);
void	ops_rmsnorm(const float *in, float *out, int64_t D, const float *w,
	    float eps);

/* x = act(x + b) (b may be NULL) over one row of n; swiglu not here. */
void	ops_bias_act(float *x, const float *b, size_t n,
	    enum config_activation act);
/* gate = silu(gate + bg) * (up + bu); biases may be NULL. */
void	ops_swiglu(float *gate, const float *bg, const float *up,
	    const float *bu, size_t n);
/* The same with act's gate: silu (ACT_SWIGLU) or gelu_tanh (ACT_GEGLU). */
void	ops_gated(float *gate, const float *bg, const float *up,
	    const float *bu, size_t n, enum config_activation act);

/* x = cap tanh(x / cap): Gemma 2's soft capping of scores. */
void	ops_softcap(float *x, size_t n, float cap);

/* Scalar references for tests. */
float	ops_gelu(float x);		/* 0.5 x (1 + erf(x / sqrt 2)) */
float	ops_gelu_tanh(float x);
float	ops_silu(float x);

/*
 * RoPE tables in the Hugging Face layout: for position t and pair i
 * (0 <= i < d_head / 2), angle = t * theta^(-2i / d_head) in float32 as
 * transformers computes it; cos and sin are [T, d_head / 2].
 */
void	ops_rope_table(int64_t T, int64_t d_head, double theta, float *cos,
	    float *sin);
/* Rotate n_heads heads of one token's row (rotate_half pairs i, i+d/2). */
void	ops_rope_apply(float *x, int64_t n_heads, int64_t d_head,
	    const float *cos, const float *sin);
/* The same on the first rot dimensions of each head (pairs i, i+rot/2),
   the rest left as they are (partial_rotary_factor). */
void	ops_rope_apply_partial(float *x, int64_t n_heads, int64_t d_head,
	    int64_t rot, const float *cos, const float *sin);

/* The dim / 2 inverse frequencies theta^(-2i / dim), float32. */
void	ops_rope_freqs(int64_t dim, double theta, float *inv);
/* Scale them as rope_scaling says (linear, llama3; plain: unchanged). */
void	ops_rope_scale(float *inv, int64_t n,
	    const struct config_rope_scaling *rs);
/* cos and sin [T, half] of t * inv[i], float32 as transformers. */
void	ops_rope_table_freqs(int64_t T, int64_t half, const float *inv,
	    float *cos, float *sin);

/* BLOOM's build_alibi_tensor slopes for n heads. */
void	ops_alibi_slopes(int64_t n, float *slopes);

/* x[t, :] += Vaswani's sinusoidal position t, for t < T. */
void	ops_add_sinusoidal(float *x, int64_t T, int64_t D);

#endif
