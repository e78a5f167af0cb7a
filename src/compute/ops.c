/*
 * ops.c - elementwise and row-wise operations; see ops.h.
 *
 * The hot loops (exp in the softmax, the MLP activations) go eight lanes
 * at a time through GCC vector extensions: libm's expf and tanhf are
 * scalar and would cost more than the attention products themselves.
 * The build uses -std=c11, which turns off floating-point contraction,
 * so the results do not depend on whether the compiler emits FMA.
 */
#include "build-config.h"

#include <math.h>
#include <string.h>

#include "attntui/compute/ops.h"

/*
 * The baseline x86-64 target has SSE2 only, which runs each eight-lane
 * vector as two halves.  The hot loops get an AVX2 clone as well, picked
 * at load time; both compute the same thing in the same order.
 */
/* clang 14 refuses vectors passed between the clones and the inline
   helpers even when they inline, so clang builds keep the baseline. */
#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && \
    __GNUC__ >= 6 && !defined(__clang__)
#define OPS_CLONES	__attribute__((target_clones("avx2", "default")))
#else
#define OPS_CLONES
#endif

/* Vector helpers must melt into their callers: a clone passes vectors in
   AVX registers, the default code in memory, and -O0 inlines nothing. */
#define OPS_INLINE	inline __attribute__((always_inline))

typedef float	v8f __attribute__((vector_size(32)));
typedef int32_t	v8i __attribute__((vector_size(32)));

#define V8(c)	((v8f){ c, c, c, c, c, c, c, c })
#define V8I(c)	((v8i){ c, c, c, c, c, c, c, c })

static OPS_INLINE v8f
v8_load(const float *p)
{
	v8f	v;

	memcpy(&v, p, sizeof v);
	return v;
}

static OPS_INLINE void
v8_store(float *p, v8f v)
{
	memcpy(p, &v, sizeof v);
}

static OPS_INLINE v8f
v8_select(v8i mask, v8f a, v8f b)
{
	return (v8f)(((v8i)a & mask) | ((v8i)b & ~mask));
}

/*
 * Cephes' expf: x = n ln2 + r with |r| <= ln2 / 2, a degree-6 polynomial
 * for e^r, and 2^n put in the exponent bits.  The rounding of x log2(e)
 * uses the 1.5 * 2^23 trick, which both rounds and leaves n in the low
 * bits.  Relative error about 1.5e-7.
 */
static OPS_INLINE v8f
v8_exp(v8f x)
{
	const v8f	magic = V8(12582912.0f);
	v8i		under = x < V8(-87.3f);
	v8f		t, n, r, p, y;
	v8i		ni;

	x = v8_select(x > V8(88.3f), V8(88.3f), x);
	x = v8_select(under, V8(-87.3f), x);
	t = x * V8(1.44269504088896341f) + magic;
	n = t - magic;
	r = x - n * V8(0.693359375f);
	r = r - n * V8(-2.12194440e-4f);
	p = V8(1.9875691500e-4f);
	p = p * r + V8(1.3981999507e-3f);
	p = p * r + V8(8.3334519073e-3f);
	p = p * r + V8(4.1665795894e-2f);
	p = p * r + V8(1.6666665459e-1f);
	p = p * r + V8(5.0000001201e-1f);
	y = p * (r * r) + r + V8(1.0f);
	ni = (v8i)t - V8I(0x4B400000);
	y = y * (v8f)((ni + V8I(127)) << 23);
	return v8_select(under, V8(0.0f), y);
}

/* The same for one float, through the vector code, so tails match. */
static OPS_INLINE float
exp1(float x)
{
	v8f	v = V8(x);

	return v8_exp(v)[0];
}

OPS_CLONES
void
ops_exp(const float *x, float *y, size_t n)
{
	size_t	i;

	for (i = 0; i + 8 <= n; i += 8)
		v8_store(y + i, v8_exp(v8_load(x + i)));
	for (; i < n; i++)
		y[i] = exp1(x[i]);
}

OPS_CLONES
float
ops_exp_sum(float *x, size_t n, float shift)
{
	v8f	acc = V8(0.0f), e;
	float	sum;
	size_t	i;
	int	l;

	for (i = 0; i + 8 <= n; i += 8) {
		e = v8_exp(v8_load(x + i) - V8(shift));
		v8_store(x + i, e);
		acc += e;
	}
	sum = 0.0f;
	for (l = 0; l < 8; l++)
		sum += acc[l];
	for (; i < n; i++) {
		x[i] = exp1(x[i] - shift);
		sum += x[i];
	}
	return sum;
}

OPS_CLONES
float
ops_max(const float *x, size_t n)
{
	v8f	m = V8(-INFINITY), v;
	float	r = -INFINITY;
	size_t	i;
	int	l;

	for (i = 0; i + 8 <= n; i += 8) {
		v = v8_load(x + i);
		m = v8_select(v > m, v, m);
	}
	for (l = 0; l < 8; l++)
		if (m[l] > r)
			r = m[l];
	for (; i < n; i++)
		if (x[i] > r)
			r = x[i];
	return r;
}

OPS_CLONES
void
ops_scale(float *x, size_t n, float s)
{
	size_t	i;

	for (i = 0; i + 8 <= n; i += 8)
		v8_store(x + i, v8_load(x + i) * V8(s));
	for (; i < n; i++)
		x[i] *= s;
}

typedef double	v4d __attribute__((vector_size(32)));
typedef float	v4f __attribute__((vector_size(16)));

#define V4D(c)	((v4d){ c, c, c, c })

/* Four floats widened to double. */
static OPS_INLINE v4d
v4d_load(const float *p)
{
	v4f	v;

	memcpy(&v, p, sizeof v);
	return __builtin_convertvector(v, v4d);
}

/*
 * The sums a norm needs, in double: sum (x - c)^p for p = 1 or 2.  Two
 * four-lane accumulators: a single scalar one made each add wait for the
 * last, and the norms cost more than the softmax.
 */
static OPS_INLINE double
ops_sum_pow(const float *x, int64_t n, double c, int p)
{
	v4d	a0 = V4D(0.0), a1 = V4D(0.0), d0, d1;
	double	sum, d;
	int64_t	i;

	for (i = 0; i + 8 <= n; i += 8) {
		d0 = v4d_load(x + i) - V4D(c);
		d1 = v4d_load(x + i + 4) - V4D(c);
		a0 += p == 1 ? d0 : d0 * d0;
		a1 += p == 1 ? d1 : d1 * d1;
	}
	a0 += a1;
	sum = (a0[0] + a0[1]) + (a0[2] + a0[3]);
	for (; i < n; i++) {
		d = x[i] - c;
		sum += p == 1 ? d : d * d;
	}
	return sum;
}

/* out = (in - shift) * scale * w + b, each factor optional but scale. */
static OPS_INLINE void
ops_norm_apply(const float *in, float *out, int64_t D, float shift,
    float scale, const float *w, const float *b)
{
	v8f	v;
	int64_t	i;

	for (i = 0; i + 8 <= D; i += 8) {
		v = (v8_load(in + i) - V8(shift)) * V8(scale);
		if (w != NULL)
			v *= v8_load(w + i);
		if (b != NULL)
			v += v8_load(b + i);
		v8_store(out + i, v);
	}
	for (; i < D; i++) {
		float	x = (in[i] - shift) * scale;

		if (w != NULL)
			x *= w[i];
		if (b != NULL)
			x += b[i];
		out[i] = x;
	}
}

/* Mean and variance in double: a row of 4096 floats loses nothing. */
OPS_CLONES
void
ops_layernorm(const float *in, float *out, int64_t D, const float *w,
    const float *b, float eps)
{
	double	mean, var;

	mean = ops_sum_pow(in, D, 0.0, 1) / (double)D;
	var = ops_sum_pow(in, D, mean, 2) / (double)D;
	ops_norm_apply(in, out, D, (float)mean,
	    (float)(1.0 / sqrt(var + eps)), w, b);
}

OPS_CLONES
void
ops_rmsnorm(const float *in, float *out, int64_t D, const float *w,
    float eps)
{
	double	ss = ops_sum_pow(in, D, 0.0, 2);

	ops_norm_apply(in, out, D, 0.0f,
	    (float)(1.0 / sqrt(ss / (double)D + eps)), w, NULL);
}

float
ops_gelu(float x)
{
	return 0.5f * x * (1.0f + erff(x * (float)M_SQRT1_2));
}

/* 0.5 x (1 + tanh(y)) is x sigmoid(2y): no cancellation near 0. */
float
ops_gelu_tanh(float x)
{
	float	y = 0.7978845608028654f * (x + 0.044715f * x * x * x);

	return x / (1.0f + exp1(-2.0f * y));
}

float
ops_silu(float x)
{
	return x / (1.0f + exp1(-x));
}

static OPS_INLINE v8f
v8_sigmoid_times(v8f x, v8f z)
{
	return x / (V8(1.0f) + v8_exp(-z));
}

OPS_CLONES
static void
ops_act_vec(float *x, size_t n, enum config_activation act)
{
	v8f	v;
	size_t	i;

	for (i = 0; i + 8 <= n; i += 8) {
		v = v8_load(x + i);
		if (act == ACT_GELU_TANH)
			v = v8_sigmoid_times(v, V8(2.0f) *
			    (V8(0.7978845608028654f) *
			    (v + V8(0.044715f) * v * v * v)));
		else
			v = v8_sigmoid_times(v, v);
		v8_store(x + i, v);
	}
	for (; i < n; i++)
		x[i] = act == ACT_GELU_TANH ? ops_gelu_tanh(x[i]) :
		    ops_silu(x[i]);
}

OPS_CLONES
static void
ops_add(float *x, const float *b, size_t n)
{
	size_t	i;

	for (i = 0; i + 8 <= n; i += 8)
		v8_store(x + i, v8_load(x + i) + v8_load(b + i));
	for (; i < n; i++)
		x[i] += b[i];
}

void
ops_bias_act(float *x, const float *b, size_t n, enum config_activation act)
{
	size_t	i;

	if (b != NULL)
		ops_add(x, b, n);
	switch (act) {
	case ACT_GELU:
		for (i = 0; i < n; i++)
			x[i] = ops_gelu(x[i]);
		break;
	case ACT_RELU:
		for (i = 0; i < n; i++)
			x[i] = x[i] > 0.0f ? x[i] : 0.0f;
		break;
	case ACT_GELU_TANH:
	case ACT_GEGLU:		/* the gate's gelu, when called alone */
		ops_act_vec(x, n, ACT_GELU_TANH);
		break;
	case ACT_SILU:
	case ACT_SWIGLU:	/* the gate's silu, when called alone */
		ops_act_vec(x, n, ACT_SILU);
		break;
	case ACT_NONE:
		break;
	}
}

void
ops_gated(float *gate, const float *bg, const float *up, const float *bu,
    size_t n, enum config_activation act)
{
	size_t	i;

	ops_bias_act(gate, bg, n, act == ACT_GEGLU ? ACT_GELU_TANH :
	    ACT_SILU);
	for (i = 0; i < n; i++)
		gate[i] *= bu != NULL ? up[i] + bu[i] : up[i];
}

void
ops_swiglu(float *gate, const float *bg, const float *up, const float *bu,
    size_t n)
{
	ops_gated(gate, bg, up, bu, n, ACT_SWIGLU);
}

/*
 * cap tanh(x / cap), with tanh(y) = 1 - 2 / (e^2y + 1): the absolute
 * error of the fast exp (2e-7 of tanh's range) costs a score at most
 * cap * 4e-7, which moves no probability by more than that share.
 */
OPS_CLONES
void
ops_softcap(float *x, size_t n, float cap)
{
	v8f	y;
	size_t	i;

	for (i = 0; i + 8 <= n; i += 8) {
		y = v8_load(x + i) * V8(2.0f / cap);
		y = v8_select(y > V8(40.0f), V8(40.0f), y);
		v8_store(x + i, V8(cap) * (V8(1.0f) - V8(2.0f) /
		    (v8_exp(y) + V8(1.0f))));
	}
	for (; i < n; i++)
		x[i] = cap * tanhf(x[i] / cap);
}

void
ops_rope_freqs(int64_t dim, double theta, float *inv)
{
	int64_t	i;

	/* transformers: 1.0 / (base ** (arange(0, dim, 2).float() / dim))
	   in float32. */
	for (i = 0; i < dim / 2; i++)
		inv[i] = 1.0f / powf((float)theta, (float)(2 * i) /
		    (float)dim);
}

/*
 * modeling_rope_utils.py's linear and llama3 scalings, in the float32
 * arithmetic of its torch tensors.
 */
void
ops_rope_scale(float *inv, int64_t n, const struct config_rope_scaling *rs)
{
	double	orig = (double)rs->original_max;
	float	factor = (float)rs->factor, wl, x, smooth;
	float	lo = (float)(orig / rs->low_freq_factor);
	float	hi = (float)(orig / rs->high_freq_factor);
	int64_t	i;

	for (i = 0; i < n && rs->type != ROPE_PLAIN; i++) {
		if (rs->type == ROPE_LINEAR) {
			inv[i] /= factor;
			continue;
		}
		wl = (float)(2.0 * M_PI) / inv[i];
		x = wl > lo ? inv[i] / factor : inv[i];
		smooth = ((float)rs->original_max / wl -
		    (float)rs->low_freq_factor) /
		    (float)(rs->high_freq_factor - rs->low_freq_factor);
		if (!(wl < hi) && !(wl > lo))
			x = (1.0f - smooth) * x / factor + smooth * x;
		inv[i] = x;
	}
}

void
ops_rope_table_freqs(int64_t T, int64_t half, const float *inv,
    float *cos_t, float *sin_t)
{
	int64_t	t, i;
	float	angle;

	/* t * inv_freq in float32, as transformers' matmul. */
	for (i = 0; i < half; i++)
		for (t = 0; t < T; t++) {
			angle = (float)t * inv[i];
			cos_t[t * half + i] = (float)cos((double)angle);
			sin_t[t * half + i] = (float)sin((double)angle);
		}
}

void
ops_rope_table(int64_t T, int64_t d_head, double theta, float *cos_t,
    float *sin_t)
{
	float	inv[CONFIG_MAX_D_HEAD / 2];

	ops_rope_freqs(d_head, theta, inv);
	ops_rope_table_freqs(T, d_head / 2, inv, cos_t, sin_t);
}

void
ops_rope_apply_partial(float *x, int64_t n_heads, int64_t d_head,
    int64_t rot, const float *c, const float *s)
{
	int64_t	half = rot / 2, h, i;
	float	*p, x1, x2;

	for (h = 0; h < n_heads; h++) {
		p = x + h * d_head;
		for (i = 0; i < half; i++) {
			x1 = p[i];
			x2 = p[i + half];
			p[i] = x1 * c[i] - x2 * s[i];
			p[i + half] = x2 * c[i] + x1 * s[i];
		}
	}
}

void
ops_rope_apply(float *x, int64_t n_heads, int64_t d_head, const float *c,
    const float *s)
{
	ops_rope_apply_partial(x, n_heads, d_head, d_head, c, s);
}

void
ops_alibi_slopes(int64_t n, float *slopes)
{
	int64_t	p = 1, i, extra;
	float	base, ebase;

	while (p * 2 <= n)
		p *= 2;
	/* 2^(-(2^-(log2 p - 3))) = 2^(-8/p), rounded to float as torch. */
	base = (float)pow(2.0, -8.0 / (double)p);
	for (i = 0; i < p; i++)
		slopes[i] = powf(base, (float)(i + 1));
	extra = n - p;
	ebase = (float)pow(2.0, -4.0 / (double)p);
	for (i = 0; i < extra; i++)
		slopes[p + i] = powf(ebase, (float)(2 * i + 1));
}

void
ops_add_sinusoidal(float *x, int64_t T, int64_t D)
{
	int64_t	t, i;
	double	div;

	for (i = 0; i < D; i += 2) {
		div = pow(10000.0, (double)i / (double)D);
		for (t = 0; t < T; t++) {
			x[t * D + i] += (float)sin((double)t / div);
			if (i + 1 < D)
				x[t * D + i + 1] += (float)cos((double)t / div);
		}
	}
}
