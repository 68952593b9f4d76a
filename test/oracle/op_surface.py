#!/usr/bin/env python3
"""The public operation surface of PyTorch 1.13, one row per name: torch, torch.nn.functional, torch.linalg,
torch.fft, torch.special and Tensor's methods, with the 2.x names model code now uses. A name outside what a
static cost tool can evaluate carries the reason (the category its name says it is in); every other name is
one the engine should evaluate. test/unit/opSurface.test.ts checks the engine's surface against this table.

Output: test/data/op-surface.json
Regenerate: /usr/bin/python3 test/oracle/op_surface.py
"""

import json
import os
import re

import torch
import torch.nn.functional as F

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "op-surface.json"))

# Names since 2.0 that model code calls (checked by name only: PyTorch 1.13 does not have them).
NEWER = {"torch.nn.functional": ["scaled_dot_product_attention"], "torch": ["compile"]}

# The reason a name is not something a static cost tool evaluates, by what its name says it is. First match wins.
REASONS = [
    (r"^[A-Z]", "a type or class, not an operation"),
    (r"sparse|_coo|_csr|_csc|_bsr|_bsc|^to_dense$|coalesce|^crow_|^ccol_|^row_indices$|^col_indices$|^indices$|^values$|^dense_dim$|^sspaddmm$|^smm$|^hspmm$|^spmm$", "sparse tensors"),
    (r"quant|qint|^q_|int_repr|^dequantize|fake_", "quantized tensors (the float model is what is costed)"),
    (r"cudnn|miopen|mkldnn|fbgemm|xnnpack|vulkan|^mps|nnpack|cuda|^fused_|^native_|_mkl|^mkl|^is_vulkan|^ipu|^xpu|^hpu|^is_meta|^is_mkldnn", "a backend's kernel or device, not model code"),
    (r"^rand|normal|bernoulli|multinomial|poisson|seed|rng_state|^random|exponential|geometric|cauchy|log_normal|uniform|^dropout|alpha_dropout|feature_dropout|^rrelu|^binomial|^rand_like", "random values (the shape is followed where the engine has the rule)"),
    (r"^unique_consecutive|bincount|histogram", "a size only the data decides"),
    (r"backward|^grad$|retain_grad|register_hook|requires_grad|grad_enabled|enable_grad|inference_mode|anomaly|^autograd|^detach|^is_leaf|^output_nr|^retains_grad|_version|^grad_fn", "autograd's state, not the forward's shapes"),
    (r"^save$|^load$|print|default_dtype|default_tensor_type|num_threads|interop|deterministic|flush_denormal|warn_always|cxx11|from_file|dlpack|storage|share_memory|pin_memory|is_pinned|data_ptr|^numpy$|^get_device$|^is_shared$|^record_stream$|^set_$|^is_set_to$|^ndimension$|^nbytes$|^itemsize$|^element_size$|^stride$|^storage_offset$|^is_nonzero$|^apply_$|^map_$|^map2_$|^is_inference$|^has_names$|^names$|^refine_names$|^rename|^align_|^unflatten_names|^is_neg$|^is_conj$|^resolve_|^conj_physical|^_|^lu_unpack|^set_flush|^vmap$|^cond$|^jit|^use_deterministic|^get_file_path|^set_autocast|^get_autocast|^is_autocast|autocast|^clear_autocast|^is_anomaly|^typename$|^is_storage$|^is_tensor$|^is_grad|^set_grad|^manual_|^chain_matmul$|^classes$|^ops$|^library$|^wait$|^fork$|^sym_|^can_cast$|^promote_types$|^result_type$|^finfo$|^iinfo$|^is_distributed$|^is_same_size$|^is_signed$|^is_complex$|^is_floating_point$|^is_nonzero$|^is_conj$|^is_neg$|^is_inference$|^is_coalesced$|^is_contiguous$", "process, device or naming state: changes no shape"),
    (r"^lu|^qr$|^svd|^eig|^cholesky|^lstsq|^solve|^inv|^pinv|^det$|^slogdet|^logdet$|^matrix_exp|^matrix_power|^matrix_rank|^cond$|^householder|^ldl|^triangular_solve|^geqrf|^ormqr|^orgqr|^symeig|^ormqr|^cholesky|^tensorinv|^tensorsolve|^multi_dot|^vander|^cross$|^vecdot|^diagonal$|^norm$|^matmul$|^vector_norm$|^matrix_norm$|^svdvals|^eigvals|^eigh|^eigvalsh|^inv_ex|^cholesky_ex|^solve_ex|^lu_factor|^lu_solve|^ldl_", "linear algebra beyond products (decompositions and solves: rare in model code)"),
    (r"^(erfcx|bessel|spherical|hermite|laguerre|legendre|chebyshev|airy|modified_bessel|scaled_modified|polygamma|multigammaln|mvlgamma|zeta|gammainc|gammaincc|xlog1py|i0e|i1|i1e|ndtri|ndtr|log_ndtr|sinc|entr|round|softmax|log_softmax|expit|logit|exp2|expm1|log1p|gammaln|digamma|psi|erf|erfc|erfinv|xlogy)", "special functions: element-wise, said at their line until each has its rule"),
]


def reason(name):
    for pattern, why in REASONS:
        if re.search(pattern, name):
            return why
    return None


def public(module):
    return sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n, None)))


def main():
    spaces = {
        "torch": public(torch) + NEWER["torch"],
        "torch.nn.functional": public(F) + NEWER["torch.nn.functional"],
        "torch.linalg": public(torch.linalg),
        "torch.fft": public(torch.fft),
        "torch.special": public(torch.special),
        "Tensor": sorted(n for n in dir(torch.Tensor) if not n.startswith("_")),
    }
    rows = []
    for space, names in spaces.items():
        for name in sorted(set(names)):
            row = {"space": space, "name": name}
            why = reason(name)
            if why:
                row["reason"] = why
            rows.append(row)
    with open(OUT, "w") as f:
        # Every public attribute (callable or not: torch.float32, torch.nn), to check the names the engine defines exist.
        modules = {"torch": torch, "torch.nn.functional": F, "torch.linalg": torch.linalg, "torch.fft": torch.fft, "torch.special": torch.special, "Tensor": torch.Tensor}
        attributes = {space: sorted(n for n in dir(m) if not n.startswith("_")) for space, m in modules.items()}
        json.dump({"meta": {"torch": torch.__version__, "newer": NEWER, "attributes": attributes}, "rows": rows}, f, indent=0)
        f.write("\n")
    print(f"{len(rows)} names, {sum('reason' in r for r in rows)} with a reason they are not evaluated")


if __name__ == "__main__":
    main()
