#ifndef SMITHY_KERNELS_H
#define SMITHY_KERNELS_H

// Elementwise and row-normalisation float kernels for SmithyTensor, the attention-row kernels of
// SmithyTransformer, and the rank-value kernel of SingleCell's Geneformer tokenizer.
//
// Each function is a plain loop over `count` contiguous floats (or `rows` rows of `length`),
// compiled for AVX-512, AVX2+FMA and baseline x86-64 and picked at run time from the CPU's
// features; other architectures get one portable build. The Swift side splits large calls
// across threads, so every function only touches the range it is given.
//
// Accuracy (tests in SmithyTensorTests/VectorMathTests): exp within 2 ulp on [-87.3, 88.7]
// (+inf above 88.72, 0 below -87.34, NaN kept); tanh and sigmoid within 4 ulp or 1e-7 absolute;
// erf within 2 ulp (Norbert Juffa's faithfully rounded erff coefficients).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// y = e^x.
void smithy_exp(const float *x, float *y, ptrdiff_t count);
/// y = tanh(x).
void smithy_tanh(const float *x, float *y, ptrdiff_t count);
/// y = 1 / (1 + e^-x).
void smithy_sigmoid(const float *x, float *y, ptrdiff_t count);
/// y = erf(x).
void smithy_erf(const float *x, float *y, ptrdiff_t count);
/// y = max(x, 0) (NaN stays NaN).
void smithy_relu(const float *x, float *y, ptrdiff_t count);
/// y = x·σ(x).
void smithy_silu(const float *x, float *y, ptrdiff_t count);
/// y = x·Φ(x), Φ the standard normal CDF (PyTorch's exact GELU).
void smithy_gelu(const float *x, float *y, ptrdiff_t count);
/// y = 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's approximate="tanh").
void smithy_gelu_tanh(const float *x, float *y, ptrdiff_t count);

/// Backward passes: dx = g·f'(x), from the input x (relu: from x or y, as y > 0 exactly where x > 0) ...
void smithy_relu_backward(const float *g, const float *x, float *dx, ptrdiff_t count);
void smithy_silu_backward(const float *g, const float *x, float *dx, ptrdiff_t count);
void smithy_gelu_backward(const float *g, const float *x, float *dx, ptrdiff_t count);
void smithy_gelu_tanh_backward(const float *g, const float *x, float *dx, ptrdiff_t count);
/// ... or from the output y: exp (dx = g·y), tanh (g·(1 − y²)), sigmoid (g·y·(1 − y)).
void smithy_exp_backward(const float *g, const float *y, float *dx, ptrdiff_t count);
void smithy_tanh_backward(const float *g, const float *y, float *dx, ptrdiff_t count);
void smithy_sigmoid_backward(const float *g, const float *y, float *dx, ptrdiff_t count);

/// Normalises rows [rowBegin, rowEnd) of `length` values: y = (x − μ)·r·w + b, with μ the row
/// mean (0 unless `centered`), r = 1/√(mean((x − μ)²) + ε); `weight` and `bias` may be NULL.
/// Stores μ and r of each row in means[row] and inverseDeviations[row].
void smithy_normalize_rows(const float *x, float *y, const float *weight, const float *bias,
                           float *means, float *inverseDeviations, ptrdiff_t rowBegin, ptrdiff_t rowEnd,
                           ptrdiff_t length, float epsilon, int centered);

/// Input gradient of smithy_normalize_rows for rows [rowBegin, rowEnd): with x̂ = (x − μ)·r and
/// d = g·w, dx = r·(d − mean(d) − x̂·mean(d·x̂)) (centred) or r·(d − x̂·mean(d·x̂)).
void smithy_normalize_rows_backward(const float *g, const float *x, const float *weight,
                                    const float *means, const float *inverseDeviations, float *dx,
                                    ptrdiff_t rowBegin, ptrdiff_t rowEnd, ptrdiff_t length, int centered);

/// Inverted dropout over `count` floats: y[i] = x[i] · (bit (first + i) of `keep` ? scale : 0), with
/// `keep` holding 32 elements per word, lowest bit first. x may equal y; they must not otherwise overlap.
void smithy_dropout_apply(const float *x, const uint32_t *keep, ptrdiff_t first, float scale, float *y,
                          ptrdiff_t count);

/// The largest of row[0..<count] (−∞ when empty; NaNs are skipped).
float smithy_row_maximum(const float *row, ptrdiff_t count);
/// Replaces row[j] by e^(row[j] − shift)·factor and returns Σ e^(row[j] − shift).
float smithy_exponentiate_row(float *row, ptrdiff_t count, float shift, float factor);
/// The softmax backward of one row in place: g[j] ← p[j]·(g[j] − Σₖ p[k]·g[k]).
void smithy_softmax_backward_row(const float *p, float *g, ptrdiff_t count);

/// Rank encoding, one cell of `count` stored entries: columns[i] = columnOfGene[genes[i]] (negative for a
/// gene outside the dictionary) and values[i] = counts[i] / total · scale / medianOfColumn[columns[i]]
/// (0 where the column is negative), in double precision with exactly that order of operations.
/// medianOfColumn must have at least one element.
void smithy_rank_values(const int32_t *genes, const double *counts, const int32_t *columnOfGene,
                        const double *medianOfColumn, double total, double scale, int32_t *columns, double *values,
                        ptrdiff_t count);

#ifdef __cplusplus
}
#endif

#endif
