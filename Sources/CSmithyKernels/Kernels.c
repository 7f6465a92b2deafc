// The kernels of SmithyKernels.h: plain, branch-free loops that clang vectorises, compiled once per
// instruction set and dispatched at run time from the CPU's features (see SMITHY_KERNEL).

#include "SmithyKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// a·b + c is fused into one FMA where the instruction set has it (and is mul + add otherwise).
#pragma clang fp contract(fast)

#define INLINE static inline __attribute__((always_inline))

INLINE float from_bits(int32_t bits) { float value; memcpy(&value, &bits, sizeof value); return value; }

// ---- Scalar forms; each loop below inlines them and clang turns the loop into vector code. ----

/// e^x: Cephes' range reduction x = n·ln2 + r (ln2 in two parts) and degree-7 polynomial for e^r,
/// times 2^n built in the exponent bits. Lanes outside [-87.34, 88.72] are computed as e^0 and
/// replaced at the end (clamping them instead gives subnormal intermediates, ~100× slower on x86).
INLINE float exp_scalar(float x) {
    const float upper = 88.7228394f, lower = -87.3365448f;
    float v = (x >= lower && x <= upper) ? x : 0.0f;     // NaN also becomes 0 here
    const float magic = 12582912.0f;                     // 1.5·2^23: adding it rounds to an integer
    float n = (v * 1.44269504f + magic) - magic;
    float r = v - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691e-4f;
    p = p * r + 1.3981999e-3f;
    p = p * r + 8.3334519e-3f;
    p = p * r + 4.1665795e-2f;
    p = p * r + 1.6666665e-1f;
    p = p * r + 5.0000001e-1f;
    p = p * (r * r) + r + 1.0f;
    // n is in [-126, 128]; 2^128 has no exponent field, so use 2^127 and double the result.
    int32_t k = (int32_t)n;
    int32_t over = k > 127;
    float result = p * from_bits(((over ? 127 : k) + 127) << 23);
    result = over ? result * 2.0f : result;
    result = x > upper ? INFINITY : result;
    result = x < lower ? 0.0f : result;
    return x != x ? x : result;
}

/// tanh: Cephes' odd polynomial below |x| = 0.625, (1 − e^−2|x|) / (1 + e^−2|x|) above; x's sign
/// is applied last (so tanh(−0) = −0).
INLINE float tanh_scalar(float x) {
    float magnitude = fabsf(x);
    float z = x * x;
    float p = -5.70498872e-3f;
    p = p * z + 2.06390887e-2f;
    p = p * z - 5.37397155e-2f;
    p = p * z + 1.33314422e-1f;
    p = p * z - 3.33332819e-1f;
    float small = p * z * magnitude + magnitude;
    float e = exp_scalar(-2.0f * magnitude);
    float large = (1.0f - e) / (1.0f + e);
    return copysignf(magnitude < 0.625f ? small : large, x);
}

INLINE float sigmoid_scalar(float x) { return 1.0f / (1.0f + exp_scalar(-x)); }

/// The two halves of erf, after Norbert Juffa's faithfully rounded erff (each within 1 ulp with FMA):
/// erf(a) = a + a·q(a²) for |a| ≤ 0.927734375, and 1 − e^{tail(|a|)} above.
INLINE float erf_small(float a) {
    float s = a * a;
    float q = -5.96761703e-4f;
    q = q * s + 4.99119423e-3f;
    q = q * s - 2.67681349e-2f;
    q = q * s + 1.12819925e-1f;
    q = q * s - 3.76125336e-1f;
    q = q * s + 1.28379166e-1f;
    return q * a + a;
}

/// e^{tail(t)} = 1 − erf(t) = erfc(t) for t = |a| > 0.927734375.
INLINE float erfc_large(float t) {
    float s = t * t;
    float r = -1.72853470e-5f * t + 3.83197126e-4f;
    float u = -3.88396438e-3f * t + 2.42546219e-2f;
    r = r * s + u;
    r = r * t - 1.06777877e-1f;
    r = r * t - 6.34846687e-1f;
    r = r * t - 1.28717512e-1f;
    r = r * t - t;
    return exp_scalar(r);
}

#define ERF_SPLIT 0.927734375f

INLINE float erf_scalar(float a) {
    float large = copysignf(1.0f - erfc_large(fabsf(a)), a);
    float result = fabsf(a) > ERF_SPLIT ? large : erf_small(a);
    return a != a ? a : result;
}

/// Φ(x) = (1 + erf(x/√2)) / 2; for x ≪ 0 taken as erfc(|x|/√2) / 2 directly, without cancellation.
INLINE float normal_cdf(float x) {
    float z = x * 0.707106781f;
    float tail = 0.5f * erfc_large(fabsf(z));
    float large = z > 0.0f ? 1.0f - tail : tail;
    float small = 0.5f + 0.5f * erf_small(z);
    return fabsf(z) > ERF_SPLIT ? large : small;
}

#define SQRT_2_OVER_PI 0.797884561f
#define GELU_TANH_K 0.044715f

// ---- Loops ----

#define UNARY_BODY(name, expression) \
    INLINE void name##_body(const float *x, float *y, ptrdiff_t count) { \
        for (ptrdiff_t i = 0; i < count; i++) { float v = x[i]; y[i] = (expression); } \
    }
#define BINARY_BODY(name, expression) \
    INLINE void name##_body(const float *g, const float *x, float *dx, ptrdiff_t count) { \
        for (ptrdiff_t i = 0; i < count; i++) { float gv = g[i], v = x[i]; dx[i] = (expression); } \
    }

UNARY_BODY(smithy_exp, exp_scalar(v))
UNARY_BODY(smithy_tanh, tanh_scalar(v))
UNARY_BODY(smithy_sigmoid, sigmoid_scalar(v))
UNARY_BODY(smithy_erf, erf_scalar(v))
UNARY_BODY(smithy_relu, v < 0.0f ? 0.0f : v)
UNARY_BODY(smithy_silu, v * sigmoid_scalar(v))
UNARY_BODY(smithy_gelu, v * normal_cdf(v))
// 0.5·(1 + tanh(u)) = σ(2u): one exp and no cancellation for x ≪ 0.
UNARY_BODY(smithy_gelu_tanh, v * sigmoid_scalar(2.0f * SQRT_2_OVER_PI * (v + GELU_TANH_K * v * v * v)))

BINARY_BODY(smithy_relu_backward, v > 0.0f ? gv : 0.0f)
BINARY_BODY(smithy_exp_backward, gv * v)
BINARY_BODY(smithy_tanh_backward, gv * (1.0f - v * v))
BINARY_BODY(smithy_sigmoid_backward, gv * v * (1.0f - v))

/// σ′ terms use 1 − σ(x) = e^−x·σ(x), which keeps its precision where σ(x) is close to 1; the
/// exponent is capped at 80 so that e·σ stays finite (σ is ~1e-35 there, and the product ~1).
INLINE float capped_exp(float x) { return exp_scalar(x < 80.0f ? x : 80.0f); }

INLINE float silu_derivative(float x) {
    float e = capped_exp(-x), s = 1.0f / (1.0f + e);
    return s * (1.0f + x * (e * s));
}
BINARY_BODY(smithy_silu_backward, gv * silu_derivative(v))

INLINE float gelu_derivative(float x) {
    return normal_cdf(x) + x * 0.398942280f * exp_scalar(-0.5f * x * x);
}
BINARY_BODY(smithy_gelu_backward, gv * gelu_derivative(v))

/// d/dx x·σ(2u) = s + 2x·s(1 − s)·u′ with s = σ(2u), u = √(2/π)(x + kx³).
INLINE float gelu_tanh_derivative(float x) {
    float e = capped_exp(-2.0f * SQRT_2_OVER_PI * (x + GELU_TANH_K * x * x * x));
    float s = 1.0f / (1.0f + e);
    float slope = SQRT_2_OVER_PI * (1.0f + 3.0f * GELU_TANH_K * x * x);
    return s + 2.0f * x * s * (e * s) * slope;
}
BINARY_BODY(smithy_gelu_tanh_backward, gv * gelu_tanh_derivative(v))

INLINE float row_sum(const float *x, ptrdiff_t length) {
#pragma clang fp reassociate(on)
    float sum = 0;
    for (ptrdiff_t i = 0; i < length; i++) sum += x[i];
    return sum;
}

INLINE void smithy_normalize_rows_body(const float *x, float *y, const float *weight, const float *bias,
                                       float *means, float *inverseDeviations, ptrdiff_t rowBegin, ptrdiff_t rowEnd,
                                       ptrdiff_t length, float epsilon, int centered) {
#pragma clang fp reassociate(on)
    for (ptrdiff_t row = rowBegin; row < rowEnd; row++) {
        const float *in = x + row * length;
        float *out = y + row * length;
        float mean = centered ? row_sum(in, length) / (float)length : 0.0f;
        float squares = 0;
        for (ptrdiff_t i = 0; i < length; i++) { float c = in[i] - mean; squares += c * c; }
        float inverse = 1.0f / sqrtf(squares / (float)length + epsilon);
        means[row] = mean;
        inverseDeviations[row] = inverse;
        if (weight && bias) {
            for (ptrdiff_t i = 0; i < length; i++) out[i] = (in[i] - mean) * inverse * weight[i] + bias[i];
        } else if (weight) {
            for (ptrdiff_t i = 0; i < length; i++) out[i] = (in[i] - mean) * inverse * weight[i];
        } else if (bias) {
            for (ptrdiff_t i = 0; i < length; i++) out[i] = (in[i] - mean) * inverse + bias[i];
        } else {
            for (ptrdiff_t i = 0; i < length; i++) out[i] = (in[i] - mean) * inverse;
        }
    }
}

INLINE void smithy_normalize_rows_backward_body(const float *g, const float *x, const float *weight,
                                                const float *means, const float *inverseDeviations, float *dx,
                                                ptrdiff_t rowBegin, ptrdiff_t rowEnd, ptrdiff_t length, int centered) {
#pragma clang fp reassociate(on)
    for (ptrdiff_t row = rowBegin; row < rowEnd; row++) {
        const float *gRow = g + row * length, *xRow = x + row * length;
        float *dxRow = dx + row * length;
        float mean = means[row], inverse = inverseDeviations[row];
        float sumD = 0, sumDX = 0;
        if (weight) {
            for (ptrdiff_t i = 0; i < length; i++) {
                float d = gRow[i] * weight[i];
                sumD += d;
                sumDX += d * (xRow[i] - mean);
            }
        } else {
            for (ptrdiff_t i = 0; i < length; i++) {
                float d = gRow[i];
                sumD += d;
                sumDX += d * (xRow[i] - mean);
            }
        }
        // mean(d·x̂) = r·mean(d·(x − μ)); dx = r·(d − mean(d)) − r²·mean(d·x̂)·(x − μ).
        float meanD = centered ? sumD / (float)length : 0.0f;
        float scale = inverse * inverse * inverse * sumDX / (float)length;
        if (weight) {
            for (ptrdiff_t i = 0; i < length; i++)
                dxRow[i] = inverse * (gRow[i] * weight[i] - meanD) - scale * (xRow[i] - mean);
        } else {
            for (ptrdiff_t i = 0; i < length; i++)
                dxRow[i] = inverse * (gRow[i] - meanD) - scale * (xRow[i] - mean);
        }
    }
}

/// y = x · (keep bit of element first + i ? scale : 0); the bits are 32 to a word, lowest bit first.
/// x may be y (the loops read each element before writing it), hence assume_safety.
INLINE float dropout_element(float x, uint32_t word, int bit, float scale) {
    return x * (((word >> bit) & 1u) ? scale : 0.0f);
}

INLINE void smithy_dropout_apply_body(const float *x, const uint32_t *keep, ptrdiff_t first, float scale,
                                      float *y, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i < count && ((first + i) & 31); i++)
        y[i] = dropout_element(x[i], keep[(first + i) >> 5], (int)((first + i) & 31), scale);
    for (; i + 32 <= count; i += 32) {
        uint32_t word = keep[(first + i) >> 5];
#pragma clang loop vectorize(assume_safety)
        for (int bit = 0; bit < 32; bit++) y[i + bit] = dropout_element(x[i + bit], word, bit, scale);
    }
    for (; i < count; i++)
        y[i] = dropout_element(x[i], keep[(first + i) >> 5], (int)((first + i) & 31), scale);
}

/// Geneformer's rank value of each entry of a cell, in double precision and numpy's order of operations
/// (so the values, and hence the ranking, are bit-identical): count / total · scale / median of its column.
INLINE void smithy_rank_values_body(const int32_t *genes, const double *counts, const int32_t *columnOfGene,
                                    const double *medianOfColumn, double total, double scale,
                                    int32_t *columns, double *values, ptrdiff_t count) {
    for (ptrdiff_t i = 0; i < count; i++) {
        int32_t column = columnOfGene[genes[i]];
        double median = medianOfColumn[column < 0 ? 0 : column];
        columns[i] = column;
        values[i] = column < 0 ? 0.0 : counts[i] / total * scale / median;
    }
}

// ---- Attention rows (SmithyTransformer's attention kernels call these once per score row) ----

INLINE float smithy_row_maximum_body(const float *row, ptrdiff_t count) {
    // Sixteen running maxima, so the loop vectorises without fast-math.
    float lanes[16];
    for (int k = 0; k < 16; k++) lanes[k] = -INFINITY;
    ptrdiff_t i = 0;
    for (; i + 16 <= count; i += 16)
        for (int k = 0; k < 16; k++) lanes[k] = row[i + k] > lanes[k] ? row[i + k] : lanes[k];
    for (; i < count; i++) lanes[0] = row[i] > lanes[0] ? row[i] : lanes[0];
    float maximum = -INFINITY;
    for (int k = 0; k < 16; k++) maximum = lanes[k] > maximum ? lanes[k] : maximum;
    return maximum;
}

INLINE float smithy_exponentiate_row_body(float *row, ptrdiff_t count, float shift, float factor) {
#pragma clang fp reassociate(on)
    float sum = 0;
    for (ptrdiff_t i = 0; i < count; i++) {
        float e = exp_scalar(row[i] - shift);
        sum += e;
        row[i] = e * factor;
    }
    return sum;
}

INLINE void smithy_softmax_backward_row_body(const float *p, float *g, ptrdiff_t count) {
    float centre;
    {
#pragma clang fp reassociate(on)
        centre = 0;
        for (ptrdiff_t i = 0; i < count; i++) centre += p[i] * g[i];
    }
    for (ptrdiff_t i = 0; i < count; i++) g[i] = p[i] * (g[i] - centre);
}

// ---- Run-time dispatch ----

#if defined(__x86_64__) && defined(__clang__)
#define SMITHY_KERNEL(name, parameters, arguments) \
    __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,bmi2"))) \
    static void name##_avx512 parameters { name##_body arguments; } \
    __attribute__((target("avx2,fma,bmi2"))) static void name##_avx2 parameters { name##_body arguments; } \
    static void name##_baseline parameters { name##_body arguments; } \
    void name parameters { \
        if (__builtin_cpu_supports("avx512f")) name##_avx512 arguments; \
        else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) name##_avx2 arguments; \
        else name##_baseline arguments; \
    }
#define SMITHY_FLOAT_KERNEL(name, parameters, arguments) \
    __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,bmi2"))) \
    static float name##_avx512 parameters { return name##_body arguments; } \
    __attribute__((target("avx2,fma,bmi2"))) static float name##_avx2 parameters { return name##_body arguments; } \
    static float name##_baseline parameters { return name##_body arguments; } \
    float name parameters { \
        if (__builtin_cpu_supports("avx512f")) return name##_avx512 arguments; \
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return name##_avx2 arguments; \
        return name##_baseline arguments; \
    }
#else
#define SMITHY_KERNEL(name, parameters, arguments) void name parameters { name##_body arguments; }
#define SMITHY_FLOAT_KERNEL(name, parameters, arguments) float name parameters { return name##_body arguments; }
#endif

#define UNARY(name) SMITHY_KERNEL(name, (const float *x, float *y, ptrdiff_t count), (x, y, count))
#define BINARY(name) SMITHY_KERNEL(name, (const float *g, const float *x, float *dx, ptrdiff_t count), (g, x, dx, count))

UNARY(smithy_exp)
UNARY(smithy_tanh)
UNARY(smithy_sigmoid)
UNARY(smithy_erf)
UNARY(smithy_relu)
UNARY(smithy_silu)
UNARY(smithy_gelu)
UNARY(smithy_gelu_tanh)
BINARY(smithy_relu_backward)
BINARY(smithy_silu_backward)
BINARY(smithy_gelu_backward)
BINARY(smithy_gelu_tanh_backward)
BINARY(smithy_exp_backward)
BINARY(smithy_tanh_backward)
BINARY(smithy_sigmoid_backward)

SMITHY_KERNEL(smithy_normalize_rows,
              (const float *x, float *y, const float *weight, const float *bias, float *means, float *inverseDeviations,
               ptrdiff_t rowBegin, ptrdiff_t rowEnd, ptrdiff_t length, float epsilon, int centered),
              (x, y, weight, bias, means, inverseDeviations, rowBegin, rowEnd, length, epsilon, centered))
SMITHY_KERNEL(smithy_normalize_rows_backward,
              (const float *g, const float *x, const float *weight, const float *means, const float *inverseDeviations,
               float *dx, ptrdiff_t rowBegin, ptrdiff_t rowEnd, ptrdiff_t length, int centered),
              (g, x, weight, means, inverseDeviations, dx, rowBegin, rowEnd, length, centered))
SMITHY_KERNEL(smithy_dropout_apply,
              (const float *x, const uint32_t *keep, ptrdiff_t first, float scale, float *y, ptrdiff_t count),
              (x, keep, first, scale, y, count))
SMITHY_KERNEL(smithy_rank_values,
              (const int32_t *genes, const double *counts, const int32_t *columnOfGene, const double *medianOfColumn,
               double total, double scale, int32_t *columns, double *values, ptrdiff_t count),
              (genes, counts, columnOfGene, medianOfColumn, total, scale, columns, values, count))
SMITHY_FLOAT_KERNEL(smithy_row_maximum, (const float *row, ptrdiff_t count), (row, count))
SMITHY_FLOAT_KERNEL(smithy_exponentiate_row, (float *row, ptrdiff_t count, float shift, float factor),
                    (row, count, shift, factor))
SMITHY_KERNEL(smithy_softmax_backward_row, (const float *p, float *g, ptrdiff_t count), (p, g, count))
