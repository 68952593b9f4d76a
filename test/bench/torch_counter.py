"""A runtime FLOP counter, as ptflops, thop and fvcore work: import torch, build the model, run a forward pass
with hooks that count params and Mult-Adds. `npm run bench` times it against Layer Lens on the same model.

Usage: python3 torch_counter.py MODEL (a torchvision.models builder, e.g. resnet50). Prints one JSON line.
"""
import json
import sys
import time

t0 = time.perf_counter()
import torch  # noqa: E402
import torchvision  # noqa: E402

t1 = time.perf_counter()
name = sys.argv[1]
torch.manual_seed(0)
model = getattr(torchvision.models, name)()
model.eval()
t2 = time.perf_counter()

mult_adds = 0


def conv_hook(m, inputs, out):
    global mult_adds
    mult_adds += out.numel() * (m.in_channels // m.groups) * int(torch.tensor(m.kernel_size).prod())


def linear_hook(m, inputs, out):
    global mult_adds
    mult_adds += out.numel() * m.in_features


def attention_hook(m, inputs, out):
    # torchvision's ViT calls self-attention with keyword arguments, which forward hooks do not see:
    # the output's shape gives the length and width, and the source is the query (self-attention).
    global mult_adds
    o = out[0]
    batch, length, embed = (o.shape[0], o.shape[1], o.shape[2]) if m.batch_first else (o.shape[1], o.shape[0], o.shape[2])
    # in-projections (q, k, v), Q·Kᵀ, A·V and the out-projection
    mult_adds += batch * (3 * length * embed * embed + 2 * length * length * embed + length * embed * embed)


for mod in model.modules():
    if isinstance(mod, torch.nn.Conv2d):
        mod.register_forward_hook(conv_hook)
    elif isinstance(mod, torch.nn.Linear):
        mod.register_forward_hook(linear_hook)
    elif isinstance(mod, torch.nn.MultiheadAttention):
        mod.register_forward_hook(attention_hook)

with torch.no_grad():
    model(torch.randn(1, 3, 224, 224))
t3 = time.perf_counter()

print(json.dumps({
    "model": name,
    "params": sum(p.numel() for p in model.parameters()),
    "multAdds": mult_adds,
    "importMs": (t1 - t0) * 1000,
    "buildMs": (t2 - t1) * 1000,
    "forwardMs": (t3 - t2) * 1000,
}))
