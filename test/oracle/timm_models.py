#!/usr/bin/env python3
"""Reference figures for every model name of timm 0.9.16, computed by real PyTorch.

For each name of timm.list_models() (sorted; 1032 names in 0.9.16), read from a checkout of
huggingface/pytorch-image-models outside this repository (the first argument, put first on sys.path):
timm.create_model(name, pretrained=False), eval mode, one forward under torch.no_grad() on
torch.randn(1, *model.pretrained_cfg['input_size']) (torch.manual_seed(0) before building), recording

    {"input": [1, C, H, W], "params": int, "multAdds": int, "output": [[...]], "unclassified": [...]}

or {"error": "STAGE: ExceptionType: message"} (message cut at 300 characters), STAGE being `build`
(create_model) or `forward` (the model's call); `measure` would mark a failure of this script's own counting
(none is expected). A name that needed a compiled extension or PyTorch >= 2 would fail here and be recorded so;
in the run below none did.

Counted exactly as test/oracle/corpus_models.py counts (its measure_model is imported and called, unchanged):
- params: model.parameters(), a shared parameter once;
- Mult-Adds of every call of a torch.nn leaf module (nn.MultiheadAttention and the Transformer layers as one
  unit) by torch_layers.cost, plus the functional compute outside them (matmul, @, mm, bmm, addmm, baddbmm,
  einsum, F.linear, F.conv*, F.conv_transpose*, ...). A module of timm's own with no children (Conv2dSame,
  LayerNorm2d, BatchNormAct2d's F.batch_norm, ...) is not a leaf: what its forward computes counts through
  those operations (an op's operands passed by keyword are counted as passed by position: KeywordFunctional
  below);
- the output shapes. A torch.nn leaf type torch_layers.cost has no rule for is listed under `unclassified`
  (the entry then is no reference for Mult-Adds).
test/data/corpus.reference.json holds 15 timm-* entries computed by corpus_models.py from the same checkout;
this script checks that its params and Mult-Adds for those names are equal (printed, and meta.corpusCheck).

Attention: importing corpus_models gives PyTorch 1.13 an F.scaled_dot_product_attention written as PyTorch 2
documents it (two matmuls). corpus_models is imported before timm, so timm/layers/config.py sees it and timm's
attention blocks take their fused path through it, exactly as in the corpus reference; the matmuls are those of
timm's explicit path (q @ k^T, attn @ v), so the count is the same either way (checked with TIMM_FUSED_ATTN=0 and 1
on vit_small_patch16_224, eva02_tiny_patch14_224, beit_base_patch16_224, swinv2_tiny_window8_256,
maxvit_tiny_tf_224: equal).

Stubs: this script stubs nothing. huggingface_hub and safetensors are not installed here; timm 0.9.16 imports them
under try/except ImportError (timm/models/_hub.py) and needs neither with pretrained=False. Importing
corpus_models puts its tqdm/munch stubs in sys.modules when those are not installed; timm imports neither.

Each name runs in a child process forked from this one (torch and timm already imported), with
torch.set_num_threads(1), a timeout (--timeout, default 600 s; recorded as {"error": "timeout"}) and an
address-space cap (--mem-gb, default 12: RLIMIT_AS) so that a model too large for the shared machine (2 CPUs,
24 GB) fails by itself instead of starving other work. A build that runs out of that cap is built once more with
its large tensors on the `meta` device (no memory: MetaFactories, a TorchFunctionMode, gives the factory calls of
65,536 elements or more device='meta'; small ones, data a build reads back, stay real) to count its parameters, and is recorded as {"error": "skipped: too large for this machine (N params; ...)"}. A
child that dies without an answer is recorded as {"error": "crash: ..."}.

The results are written after every name (resumable): a re-run skips the names already in the JSON unless
--fresh; --retry PREFIX runs again the names whose error starts with PREFIX (e.g. --retry timeout).

Output: test/data/timm.reference.json (models: one line per name, sorted)
Regenerate (timm v0.9.16, commit 6e6f3686a7e06bcba37bbd3b7c755f04a516a1e7; torch 1.13 of Debian bookworm):
    nice /usr/bin/python3 test/oracle/timm_models.py /path/to/pytorch-image-models-checkout
    [--fresh] [--retry PREFIX] [--timeout S] [--mem-gb G]
With model names after the checkout it measures those, prints them and writes nothing.

Speed: Debian's torch 1.13 calls the generic libblas.so.3, which is the reference BLAS on this machine (about
3 GMAC/s on one thread for nn.Linear and matmul; the convolutions go through oneDNN). The run used OpenBLAS's
serial libblas.so.3 for this process only (about 45 GMAC/s), nothing installed:
    apt-get download libopenblas0-serial && dpkg-deb -x libopenblas0-serial_*.deb DIR
    LD_LIBRARY_PATH=DIR/usr/lib/x86_64-linux-gnu/openblas-serial nice /usr/bin/python3 test/oracle/timm_models.py ...
The figures do not depend on the BLAS; the run time and what times out do.
Run time: 4801 s (80 minutes) for the 1032 names on 2 shared CPUs under nice -n 10 with OpenBLAS, one child at a
time; the slowest names took about 2 minutes (vit_giant_patch14_reg4_dinov2 at 518x518, vit_gigantic_patch14_224,
eva_giant_patch14_560), none timed out. Result of that run: 1031 measured, none failed to build or to run, none
has an unclassified leaf type, and eva02_enormous_patch14_clip_224 (4,350,556,928 params, 17.4 GB of float32) skipped under the 12 GB cap;
swinv2_cr_giant_* (2.6 B params, 10.4 GB) fitted. The 15 corpus entries are equal.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout or test/oracle

import contextlib  # noqa: E402
import datetime  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus_models  # noqa: E402  (measure_model; its F.scaled_dot_product_attention before timm is imported)
import torch  # noqa: E402
from torch.overrides import TorchFunctionMode  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(REPO, "test", "data", "timm.reference.json")
CORPUS_REF = os.path.join(REPO, "test", "data", "corpus.reference.json")
COMMIT = "6e6f3686a7e06bcba37bbd3b7c755f04a516a1e7"
CONVENTIONS = (
    "timm.create_model(name, pretrained=False), eval, one forward under torch.no_grad() on "
    "randn(1, *pretrained_cfg['input_size']) (manual_seed(0) before building). params: model.parameters(), "
    "a shared parameter once; Mult-Adds: torch.nn leaf units (attention units whole) by torch_layers.cost, plus "
    "matmul/einsum/F.linear/F.conv* outside them, as test/oracle/corpus_models.py counts (its measure_model; "
    "operands passed by keyword, as in F.linear(input=, weight=), moved to their positions first); "
    "output: the output's tensor shapes. error: 'build|forward: Type: message' (300 chars), 'timeout', "
    "'skipped: too large for this machine (...)' or 'crash: ...'.")
OOM_TEXT = ("can't allocate memory", "Cannot allocate memory", "not enough memory")
TIMM = None  # the timm module, imported in main()


def error_text(stage, e):
    return ("%s: %s: %s" % (stage, type(e).__name__, e))[:300]


def own_failure(tb):
    """True when the exception arose in the counting (corpus_models' hooks and mode, torch_layers), not the model."""
    frames = traceback.extract_tb(tb)
    if not frames:
        return False
    if any(os.path.basename(f.filename) == "corpus_models.py" and f.name == "post" for f in frames):
        return True
    last = frames[-1]
    base = os.path.basename(last.filename)
    if base == "torch_layers.py":
        return True
    # In the mode, only the call of the op itself is the model's.
    return base == "corpus_models.py" and (last.line or "").strip() != "out = func(*args, **kwargs)"


def out_of_memory(e):
    return isinstance(e, MemoryError) or (isinstance(e, RuntimeError) and any(t in str(e) for t in OOM_TEXT))


class MetaFactories(TorchFunctionMode):
    """Large tensors made by the factory functions are made on the meta device: a model built under it holds no
    memory. Small ones (drop-path rates, index tables: data a build reads back) stay on the CPU."""

    FACTORIES = ("empty", "zeros", "ones", "full", "rand", "randn", "empty_strided")

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if getattr(func, "__name__", "") in self.FACTORIES and kwargs.get("device") is None:
            size = kwargs.get("size", args[0] if args else ())
            if not isinstance(size, (tuple, list, torch.Size)):
                size = [a for a in args if isinstance(a, int)]
            if corpus_models.prod(size) >= 1 << 16:
                kwargs["device"] = "meta"
        return func(*args, **kwargs)


# corpus_models.Functional reads the operands of the ops it counts by position; timm calls some by keyword
# (beit.py: F.linear(input=x, weight=..., bias=...)), where it fails on args[1]. This subclass, put in its place in
# this process only (corpus_models.py is unchanged), moves the leading keyword operands to their positions first:
# the same call, counted as corpus_models counts the positional one.
OPERANDS = {
    "linear": ("input", "weight", "bias"),
    "matmul": ("input", "other"), "mm": ("input", "mat2"), "bmm": ("input", "mat2"), "mv": ("input", "vec"),
    "dot": ("input", "tensor"), "vdot": ("input", "other"), "inner": ("input", "other"),
    "addmm": ("input", "mat1", "mat2"), "baddbmm": ("input", "batch1", "batch2"),
    "addbmm": ("input", "batch1", "batch2"), "addmv": ("input", "mat", "vec"),
    "tensordot": ("a", "b"), "einsum": ("equation",),
}
for _conv in ("conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"):
    OPERANDS[_conv] = ("input", "weight")


class KeywordFunctional(corpus_models.Functional):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        names = OPERANDS.get(getattr(func, "__name__", ""))
        if names and kwargs:
            args, kwargs = list(args), dict(kwargs)
            for n in names[len(args):]:
                if n not in kwargs:
                    break
                args.append(kwargs.pop(n))
            args = tuple(args)
        return super().__torch_function__(func, types, args, kwargs)


corpus_models.Functional = KeywordFunctional  # measure_model makes its mode by this name


def quietly(fn):
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn()


def measure_name(name):
    """One name, in the child: its entry."""
    torch.manual_seed(0)
    try:
        model = quietly(lambda: TIMM.create_model(name, pretrained=False))
    except Exception as e:  # noqa: BLE001 -- a name that does not build is recorded
        if out_of_memory(e):
            return {"oom": "build", "detail": error_text("build", e)}
        return {"error": error_text("build", e)}
    model.eval()
    size = [1] + [int(s) for s in model.pretrained_cfg["input_size"]]
    x = torch.randn(size)
    try:
        r = corpus_models.measure_model(model, [x])
    except Exception as e:  # noqa: BLE001
        if out_of_memory(e):
            params = sum(p.numel() for p in model.parameters())
            return {"error": "skipped: too large for this machine (%d params; the forward on %s ran out of the "
                             "memory cap: %s)" % (params, size, error_text("forward", e)[:150])}
        stage = "measure" if own_failure(e.__traceback__) else "forward"
        return {"error": error_text(stage, e)}
    return {"input": size, "params": r["params"], "multAdds": r["multAdds"], "output": r["output"],
            "unclassified": r["unclassified"]}


def meta_params(name):
    """The parameter count of a model built with its large tensors on the meta device (MetaFactories)."""
    torch.manual_seed(0)
    with MetaFactories():
        model = quietly(lambda: TIMM.create_model(name, pretrained=False))
    return sum(p.numel() for p in model.parameters())


def child(conn, what, name, mem_gb):
    try:
        if mem_gb:
            cap = int(mem_gb * 2 ** 30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        torch.set_num_threads(1)
        result = measure_name(name) if what == "measure" else {"params": meta_params(name)}
    except BaseException as e:  # noqa: BLE001 -- anything else: answered, not lost
        result = {"error": error_text("child", e)}
    conn.send(result)
    conn.close()


def in_child(what, name, timeout, mem_gb):
    ctx = multiprocessing.get_context("fork")
    parent_end, child_end = ctx.Pipe(duplex=False)
    p = ctx.Process(target=child, args=(child_end, what, name, mem_gb), daemon=True)
    p.start()
    child_end.close()
    try:
        if parent_end.poll(timeout):
            try:
                result = parent_end.recv()
            except EOFError:
                result = None
        else:
            result = "timeout"
    finally:
        if p.is_alive() and result is not None and result != "timeout":
            p.join(10)
        if p.is_alive():
            os.kill(p.pid, signal.SIGKILL)  # only the child started here
        p.join()
        parent_end.close()
    if result == "timeout":
        return {"error": "timeout"}
    if result is None:
        code = p.exitcode
        why = ("killed by signal %d%s" % (-code, " (SIGKILL: out of memory?)" if code == -9 else "")
               if code is not None and code < 0 else "exit code %s" % code)
        return {"error": "crash: the child process died without an answer (%s)" % why}
    return result


def run_name(name, timeout, mem_gb):
    entry = in_child("measure", name, timeout, mem_gb)
    if "oom" in entry:
        meta = in_child("params", name, timeout, mem_gb)
        count = ("%d params" % meta["params"]) if "params" in meta else "parameter count unknown: meta build failed"
        entry = {"error": "skipped: too large for this machine (%s; building on the CPU ran out of the %g GB memory "
                          "cap: %s)" % (count, mem_gb, entry["detail"][:150])}
    return entry


def category(entry):
    e = entry.get("error")
    if e is None:
        return "measured"
    for c in ("timeout", "skipped", "crash"):
        if e.startswith(c):
            return c
    return e.split(":", 1)[0]


def corpus_check(models):
    """The timm-* entries of corpus.reference.json against these: params and Mult-Adds must be equal."""
    with open(CORPUS_REF) as f:
        ref = json.load(f)
    rows = []
    for m in ref["models"]:
        if not m["id"].startswith("huggingface__pytorch-image-models/timm-"):
            continue
        name = m["id"].split("/timm-", 1)[1]
        mine = models.get(name)
        if mine is None:
            continue
        rows.append({"name": name, "corpus": [m.get("params"), m.get("multAdds")],
                     "timm": [mine.get("params"), mine.get("multAdds")],
                     "corpusInput": m.get("input"), "timmInput": [mine.get("input")]})
    mismatches = [r for r in rows if r["corpus"] != r["timm"]]
    return {"compared": len(rows), "equal": len(rows) - len(mismatches), "mismatches": mismatches}


def summary(names, models):
    cats = {}
    for e in models.values():
        c = category(e)
        cats[c] = cats.get(c, 0) + 1
    failed = {k: v for k, v in sorted(cats.items()) if k not in ("measured", "timeout", "skipped", "crash")}
    return {"names": len(names), "done": len(models), "measured": cats.get("measured", 0), "failed": failed,
            "timeouts": cats.get("timeout", 0), "skipped": cats.get("skipped", 0), "crashed": cats.get("crash", 0),
            "withUnclassified": sum(1 for e in models.values() if e.get("unclassified"))}


def write(names, models, meta):
    meta = dict(meta, date=datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
                counts=summary(names, models), corpusCheck=corpus_check(models))
    lines = ["{", ' "meta": ' + json.dumps(meta, indent=1).replace("\n", "\n ") + ",", ' "models": {']
    keys = sorted(models)
    for i, k in enumerate(keys):
        lines.append("  %s: %s%s" % (json.dumps(k), json.dumps(models[k]), "," if i < len(keys) - 1 else ""))
    lines += [" }", "}", ""]
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, OUT)


def describe(name, entry, seconds):
    if "error" in entry:
        return "%-48s ERROR %s (%.1fs)" % (name, entry["error"], seconds)
    return "%-48s %-18s params %13d  multAdds %16d  out %s%s (%.1fs)" % (
        name, entry["input"], entry["params"], entry["multAdds"], entry["output"],
        "  unclassified %s" % entry["unclassified"] if entry["unclassified"] else "", seconds)


def option(args, flag, default, kind):
    if flag in args:
        i = args.index(flag)
        value = kind(args[i + 1])
        del args[i:i + 2]
        return value
    return default


def main():
    global TIMM
    args = sys.argv[1:]
    fresh = "--fresh" in args
    args = [a for a in args if a != "--fresh"]
    timeout = option(args, "--timeout", 600.0, float)
    mem_gb = option(args, "--mem-gb", 12.0, float)
    retry = option(args, "--retry", None, str)
    if not args or not os.path.isdir(args[0]):
        print("usage: timm_models.py CHECKOUT [NAME...] [--fresh] [--retry PREFIX] [--timeout S] [--mem-gb G]")
        return 2
    checkout = os.path.realpath(args[0])
    if checkout == REPO or checkout.startswith(REPO + os.sep):
        print("the checkout stays outside this repository")
        return 2
    sys.path.insert(0, checkout)
    import timm
    TIMM = timm
    if not os.path.realpath(timm.__file__).startswith(checkout + os.sep):
        print("timm was imported from %s, not from the checkout" % timm.__file__)
        return 2
    try:
        commit = subprocess.run(["git", "-C", checkout, "rev-parse", "HEAD"], capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    names = sorted(timm.list_models())
    meta = {"script": "test/oracle/timm_models.py", "timm": timm.__version__, "commit": commit,
            "torch": torch.__version__, "names": "timm.list_models(), sorted", "conventions": CONVENTIONS,
            "timeoutSeconds": timeout, "memoryCapGB": mem_gb}
    if commit != COMMIT:
        print("note: the checkout is at %s, the reference is of %s" % (commit, COMMIT))

    only = args[1:]
    if only:
        unknown = [n for n in only if n not in names]
        if unknown:
            print("not timm model names: %s" % unknown)
            return 2
        models = {}
        for name in only:
            t0 = time.time()
            models[name] = run_name(name, timeout, mem_gb)
            print(describe(name, models[name], time.time() - t0), flush=True)
        check = corpus_check(models)
        print("corpus check: %d compared, %d equal, mismatches %s" % (check["compared"], check["equal"],
                                                                        check["mismatches"]))
        return 1 if check["mismatches"] else 0

    models = {}
    if os.path.isfile(OUT) and not fresh:
        with open(OUT) as f:
            models = {k: v for k, v in json.load(f)["models"].items() if k in names}
    if retry:
        models = {k: v for k, v in models.items() if not v.get("error", "").startswith(retry)}
    todo = [n for n in names if n not in models]
    print("timm %s (%s), torch %s: %d names, %d done, %d to run" % (
        timm.__version__, commit, torch.__version__, len(names), len(models), len(todo)), flush=True)
    start = time.time()
    for i, name in enumerate(todo):
        t0 = time.time()
        models[name] = run_name(name, timeout, mem_gb)
        write(names, models, meta)
        print("[%d/%d %.0fs] %s" % (i + 1, len(todo), time.time() - start, describe(name, models[name],
                                                                                      time.time() - t0)), flush=True)
    if todo or fresh or retry:
        write(names, models, meta)
    counts = summary(names, models)
    check = corpus_check(models)
    print("counts %s" % json.dumps(counts))
    print("corpus check: %d compared, %d equal, mismatches %s" % (check["compared"], check["equal"],
                                                                    check["mismatches"]))
    print("%.0f s" % (time.time() - start))
    return 1 if check["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
