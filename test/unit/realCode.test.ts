/**
 * Constructs of research code nobody here wrote (issue 17), each in its minimal form: how imports resolve, the
 * arguments and outputs PyTorch accepts, and nothing dropped without a word.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../src/core';
import { analyzeSource, diskFs } from './helpers';

const BLOCK = 'import torch.nn as nn\n\nclass Block(nn.Module):\n    def __init__(self, c=8):\n        super().__init__()\n        self.conv = nn.Conv2d(c, c, 3, padding=1)\n    def forward(self, x):\n        return self.conv(x)\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-lens-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const main = (imports: string) => `${imports}\nimport torch\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.block = Block(8)\n    def forward(self, x):\n        return self.block(x)\n\nif __name__ == "__main__":\n    Net()(torch.randn(1, 8, 16, 16))\n`;

test('imports as `python FILE` resolves them: a sibling module, the project root and its src/, sys.path.append and insert', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['a sibling file', { 'blocks.py': BLOCK }, 'from blocks import Block'],
    ['the project root', { 'pyproject.toml': '', 'lib/blocks.py': BLOCK, 'lib/__init__.py': '' }, 'from lib.blocks import Block'],
    ['a src/ layout', { 'setup.py': '', 'src/pkg/__init__.py': '', 'src/pkg/blocks.py': BLOCK }, 'from pkg.blocks import Block'],
    ['sys.path.append', { 'vendor/blocks.py': BLOCK }, "import os, sys\nsys.path.append(os.path.join(os.path.dirname(__file__), 'vendor'))\nfrom blocks import Block"],
    ['sys.path.insert', { 'third/blocks.py': BLOCK }, "import os, sys\nsys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), 'third')))\nfrom blocks import Block"],
  ];
  for (const [what, files, imports] of cases) {
    const place = what === 'the project root' || what === 'a src/ layout' ? 'tools/run.py' : 'run.py';
    const dir = project({ ...files, [place]: main(imports) });
    const a = analyzeFile(path.join(dir, place), diskFs);
    const net = a.models.find((m) => m.name === 'Net()');
    assert.ok(net?.complete, `${what}: ${a.diagnostics.map((d) => d.message).join('; ')}`);
    assert.deepEqual(net.layers.map((l) => l.path), ['block.conv'], what);
    assert.equal(net.totals.params, 8 * 8 * 9 + 8, what);
  }
});

test('arguments PyTorch accepts: a list for a tuple, one value for every dimension', () => {
  const { calls } = analyzeSource('import torch.nn as nn\nc = nn.Conv2d(8, 16, 3, stride=[2], padding=(1,))  # layer-lens: input 1x8x32x32\np = nn.MaxPool2d([2])  # layer-lens: input 1x8x32x32\n');
  assert.deepEqual(calls.map((c) => [c.type, c.outputShape, c.diagnostics.length]), [['Conv2d', [1, 16, 16, 16], 0], ['MaxPool2d', [1, 8, 16, 16], 0]]);
});

test('outputs: tuples with None, dicts and nested lists are the model\'s outputs; a forward with no tensor says so and is incomplete', () => {
  const src = (ret: string) => `import torch.nn as nn\n\n# layer-lens: input 1x8\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n    def forward(self, x):\n        y = self.fc(x)\n        return ${ret}\n`;
  for (const [ret, output] of [['y, None', [[1, 2]]], ["{'logits': y, 'aux': [y, None]}", [[1, 2], [1, 2]]]] as const) {
    const m = analyzeSource(src(ret)).models[0];
    assert.deepEqual([m.complete, m.output], [true, output], ret);
  }
  const none = analyzeSource(src('3')).models[0];
  assert.equal(none.complete, false);
  assert.match(none.diagnostics.map((d) => d.message).join('\n'), /forward returns no tensor \(3\)/);
});

test('torch containers written in Python (nn.TransformerEncoder, nn.Transformer) and tied weights count as PyTorch counts them', () => {
  // PyTorch 1.13: 4,448 params for the encoder, 7,856 for the Transformer, 1,600 for the tied pair.
  const src = [
    'import torch', 'import torch.nn as nn', '',
    '# layer-lens: input 2x7x16',
    'class Enc(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 4, 32, batch_first=True), 2)',
    '    def forward(self, x):',
    '        return self.enc(x)', '',
    '# layer-lens: input 7x2x16, 5x2x16',
    'class Seq2Seq(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.t = nn.Transformer(d_model=16, nhead=4, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=32)',
    '    def forward(self, src, tgt):',
    '        return self.t(src, tgt)', '',
    '# layer-lens: input 1x5:int64',
    'class Tied(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.emb = nn.Embedding(100, 16)',
    '        self.head = nn.Linear(16, 100, bias=False)',
    '        self.head.weight = self.emb.weight',
    '    def forward(self, idx):',
    '        return self.head(self.emb(idx))', '',
  ].join('\n');
  const { models } = analyzeSource(src);
  const by = (n: string) => models.find((m) => m.name === n)!;
  assert.deepEqual([by('Enc()').totals.params, by('Enc()').complete, by('Enc()').output], [4448, true, [[2, 7, 16]]]);
  assert.deepEqual([by('Seq2Seq()').totals.params, by('Seq2Seq()').complete, by('Seq2Seq()').output], [7856, true, [[5, 2, 16]]]);
  assert.deepEqual([by('Tied()').totals.params, by('Tied()').output], [1600, [[1, 5, 100]]]);
});

test("a layer's attributes (out_channels, kernel_size, weight) and a subclass of a torch layer whose forward calls F.conv2d with them", () => {
  const src = [
    'import torch.nn as nn', 'import torch.nn.functional as F', '',
    'class Conv2dSame(nn.Conv2d):',
    '    def forward(self, x):',
    '        return F.conv2d(x, self.weight, self.bias, self.stride, (1, 1), self.dilation, self.groups)', '',
    '# layer-lens: input 1x3x16x16',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.conv = Conv2dSame(3, 8, 3, stride=2)',
    '        self.bn = nn.BatchNorm2d(self.conv.out_channels)',
    '        self.fc = nn.Linear(self.conv.weight.shape[0] * self.conv.kernel_size[0], 2)',
    '    def forward(self, x):',
    '        return self.fc(self.bn(self.conv(x)).mean((2, 3)).repeat(1, 3))', '',
  ].join('\n');
  const net = analyzeSource(src).models.find((m) => m.name === 'Net()')!;
  assert.equal(net.complete, true, net.diagnostics.map((d) => d.message).join('; '));
  // PyTorch: the conv's output 1×8×8×8 (its own forward pads by 1) and its 224 params; bn 16; fc (8·3 → 2) 50.
  const conv = net.layers.find((l) => l.path === 'conv')!;
  assert.deepEqual([conv.type, conv.outputShape, conv.multAdds], ['Conv2dSame', [1, 8, 8, 8], 8 * 8 * 8 * 3 * 9]);
  assert.equal(net.totals.params, 224 + 16 + 50);
});

test('indexing and reductions research code uses: x[:, [-1], :], index tensors, argmax, topk, sort, max(dim)', () => {
  const src = [
    'import torch', 'import torch.nn as nn', '',
    '# layer-lens: input 2x7x10',
    'class M(nn.Module):',
    '    def forward(self, x):',
    '        v, i = x.topk(3, dim=-1)',
    '        m, k = x.max(dim=-1)',
    '        s, j = torch.sort(x, -1)',
    '        return x[:, [-1], :], x.argmax(-1), v, m, s, x[:, torch.tensor([0, 2])]', '',
  ].join('\n');
  const m = analyzeSource(src).models[0];
  assert.deepEqual(m.output, [[2, 1, 10], [2, 7], [2, 7, 3], [2, 7], [2, 7, 10], [2, 2, 10]]);
  assert.equal(m.complete, true);
});

test("the object model: super(Cls, self), __setattr__/__getattr__ by name, del and a module re-assigned under another name", () => {
  // PyTorch 1.13: named_modules() gives conv0, b0, b1, last_linear (fc is gone); 404 params.
  const src = [
    'import torch', 'import torch.nn as nn', '',
    'class Base(nn.Module):',
    '    def __init__(self, c):',
    '        super(Base, self).__init__()',
    "        self.__setattr__('conv0', nn.Conv2d(3, c, 3))", '',
    '# layer-lens: input 1x3x16x16',
    'class Net(Base):',
    '    def __init__(self):',
    '        super(Net, self).__init__(8)',
    '        for i in range(2):',
    "            setattr(self, 'b%d' % i, nn.Conv2d(8, 8, 1))",
    '        self.fc = nn.Linear(8, 4)',
    '        self.last_linear = self.fc',
    '        del self.fc',
    '    def forward(self, x):',
    "        x = self.__getattr__('conv0')(x)",
    "        x = getattr(self, 'b0')(x)",
    '        x = self.b1(x).mean((2, 3))',
    '        return self.last_linear(x)',
  ].join('\n');
  const net = analyzeSource(src).models.find((m) => m.name === 'Net()')!;
  assert.deepEqual([net.complete, net.totals.params, net.output], [true, 404, [[1, 4]]]);
  assert.deepEqual(net.layers.map((l) => l.path), ['conv0', 'b0', 'b1', 'last_linear']);
});

test('a custom torch.autograd.Function runs its static forward through .apply', () => {
  const src = [
    'import torch', 'import torch.nn as nn', 'from torch.autograd import Function', '',
    'class SwishFn(Function):',
    '    @staticmethod',
    '    def forward(ctx, x):',
    '        ctx.save_for_backward(x)',
    '        return x * torch.sigmoid(x)',
    '    @staticmethod',
    '    def backward(ctx, g):',
    '        x, = ctx.saved_tensors',
    '        return g', '',
    '# layer-lens: input 1x3x16x16',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.conv = nn.Conv2d(3, 8, 3)',
    '        self.bn = nn.BatchNorm2d(8)',
    '    def forward(self, x):',
    '        return self.bn(SwishFn.apply(self.conv(x)))',
  ].join('\n');
  const net = analyzeSource(src).models[0];
  assert.deepEqual([net.complete, net.output, net.layers.map((l) => l.type)], [true, [[1, 8, 14, 14]], ['Conv2d', 'BatchNorm2d']]);
});

test('every shape mistake at once: the analysis goes on from the best-known shape after each', () => {
  // bn1 is 8 wide after a 16-channel conv; torch.cat joins on the batch dim where conv2 wants 32 channels; fc wants
  // 100 features where flatten gives 2048. PyTorch stops at bn1; all three are shown, each at its call.
  const src = [
    'import torch', 'import torch.nn as nn', '',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)',
    '        self.bn1 = nn.BatchNorm2d(8)',
    '        self.conv2 = nn.Conv2d(32, 32, 3, padding=1)',
    '        self.fc = nn.Linear(100, 10)', '',
    '    def forward(self, x):',
    '        x = self.bn1(self.conv1(x))',
    '        y = torch.cat([x, x], dim=0)',
    '        y = self.conv2(y)',
    '        y = torch.flatten(y, 1)',
    '        return self.fc(y)', '',
    'if __name__ == "__main__":',
    '    Net()(torch.randn(2, 3, 8, 8))',
  ].join('\n');
  const a = analyzeSource(src);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.line, d.message]), [
    [13, 'BatchNorm2d expects 8 channels (num_features) but the input 2×16×8×8 has 16'],
    [15, 'Conv2d expects 32 input channels but the input 4×16×8×8 has 16'],
    [17, 'Linear expects 100 input features (in_features) but the input 4×2048 has 2048 in its last dimension'],
  ]);
  // Each names the layer's definition and where its input came from.
  for (const e of errors) assert.ok(e.related?.some((r) => /defined here/.test(r.message)) && e.related.some((r) => /produced here/.test(r.message)), e.message);
  // The rows say the call raised; no figures from a default input.
  const rows = a.calls.filter((c) => c.line >= 8);
  assert.deepEqual(rows.map((c) => [c.line, c.multAdds, c.unknownReason]), [
    [8, null, 'called in Net(), where it rejects its input 2×16×8×8: its costs are not known'],
    [9, null, 'called in Net(), where it rejects its input 4×16×8×8: its costs are not known'],
    [10, null, 'called in Net(), where it rejects its input 4×2048: its costs are not known'],
  ]);
  assert.equal(a.models[0].complete, false);
});

test('config objects and module internals research code reads: __dict__.update, _modules, named_parameters', () => {
  // minGPT's CfgNode fills itself with self.__dict__.update(kwargs); Cadene's LambdaMap walks self._modules;
  // nanoGPT scales the init of every `c_proj.weight` it finds in named_parameters().
  const src = [
    'import torch', 'import torch.nn as nn', '',
    'class Cfg:',
    '    def __init__(self, **kwargs):',
    '        self.__dict__.update(kwargs)', '',
    'class Each(nn.Sequential):',
    '    def forward(self, x):',
    '        return sum(m(x) for m in self._modules.values())', '',
    '# layer-lens: input 1x8',
    'class Net(nn.Module):',
    '    def __init__(self, cfg=Cfg(width=8, out=4)):',
    '        super().__init__()',
    '        self.branches = Each(nn.Linear(cfg.width, cfg.width), nn.Linear(cfg.width, cfg.width))',
    '        self.c_proj = nn.Linear(cfg.width, cfg.out)',
    '        self.names = [n for n, p in self.named_parameters()]',
    '        for n, p in self.named_parameters():',
    "            if n.endswith('c_proj.weight'):",
    '                torch.nn.init.normal_(p, std=0.02)',
    '    def forward(self, x):',
    '        return self.c_proj(self.branches(x))',
  ].join('\n');
  const net = analyzeSource(src).models.find((m) => m.name === 'Net()')!;
  assert.deepEqual([net.complete, net.totals.params, net.output], [true, 2 * 72 + 36, [[1, 4]]]);
  assert.deepEqual(net.layers.map((l) => l.path), ['branches.0', 'branches.1', 'c_proj']);
  assert.equal(net.diagnostics.filter((d) => d.severity !== 'info').length, 0);
});

test('a value not known may be None: a probe that cannot tell raises no red error from it', () => {
  // minGPT's from_pretrained(model_type) fills the config from a table by model_type; probed with model_type
  // unknown, `model_type is not None` is not known, and n_embd's None default must not become an error.
  const src = [
    'import torch.nn as nn', '',
    'class C:',
    '    def __init__(self, **kw):',
    '        self.__dict__.update(kw)', '',
    'class G(nn.Module):',
    '    def __init__(self, config):',
    '        super().__init__()',
    '        if config.model_type is not None:',
    "            config.__dict__.update({'a': dict(n_embd=4)}[config.model_type])",
    '        self.e = nn.Embedding(10, config.n_embd)', '',
    '    @classmethod',
    '    def make(cls, model_type):',
    '        c = C(n_embd=None, model_type=None)',
    '        c.model_type = model_type',
    '        return G(c)',
  ].join('\n');
  assert.deepEqual(analyzeSource(src).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
});

test('imports: `from .parts import *` of a sibling module, and a package the file sits in imported by its own name', () => {
  const parts = 'import torch.nn as nn\n\nclass Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(8, 8, 3, padding=1)\n    def forward(self, x):\n        return self.conv(x)\n';
  const net = (imports: string) => `${imports}\nimport torch\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.block = Block()\n    def forward(self, x):\n        return self.block(x)\n\nif __name__ == "__main__":\n    Net()(torch.randn(1, 8, 16, 16))\n`;
  // Milesial's U-Net: unet/__init__.py imports unet_model, which star-imports unet_parts (nn comes with it).
  const unet = project({ 'unet/__init__.py': 'from .unet_model import Net\n', 'unet/unet_parts.py': parts, 'unet/unet_model.py': net('from .unet_parts import *') });
  // TCN: TCN/adding_problem/model.py says `from TCN.tcn import …`; the scripts put the repository root on sys.path.
  const tcn = project({ 'TCN/__init__.py': '', 'TCN/tcn.py': parts, 'TCN/adding_problem/model.py': net('import torch.nn as nn\nfrom TCN.tcn import Block') });
  for (const file of [path.join(unet, 'unet/unet_model.py'), path.join(tcn, 'TCN/adding_problem/model.py')]) {
    const m = analyzeFile(file, diskFs).models.find((x) => x.name === 'Net()');
    assert.deepEqual([m?.complete, m?.totals.params], [true, 8 * 8 * 9 + 8], file);
  }
});

test('torch.nn.utils.weight_norm counts weight_g and weight_v as PyTorch does; .double() keeps the shape', () => {
  // PyTorch 1.13: weight_norm(nn.Conv1d(4, 16, 3)) has weight_g 16×1×1, weight_v 16×4×3 and bias 16: 224 params.
  const src = [
    'import torch.nn as nn', 'from torch.nn.utils import weight_norm', '',
    '# layer-lens: input 1x4x20',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.conv = weight_norm(nn.Conv1d(4, 16, 3))',
    '        self.g = nn.utils.weight_norm(nn.Linear(18, 2), dim=None)',
    '    def forward(self, x):',
    '        return self.g(self.conv(x)).double()',
  ].join('\n');
  const net = analyzeSource(src).models[0];
  assert.deepEqual([net.complete, net.totals.params, net.output], [true, 224 + (36 + 1 + 2), [[1, 16, 2]]]);
});

test('never silent: a module added under a name not known, a layer called on something not a tensor, a statement not evaluated', () => {
  const src = [
    'import torch', 'import torch.nn as nn', 'from somewhere import make_name, transform', '',
    '# layer-lens: input 1x8',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.fc = nn.Linear(8, 8)',
    '        self.add_module(make_name(1), nn.Linear(8, 8))',
    '        self.head = nn.Linear(8, 2)',
    '    def forward(self, x):',
    '        x = self.fc(x)',
    '        match x.dim():',
    '            case 2:',
    '                x = x * 2',
    '        return self.head(transform(x))',
  ].join('\n');
  const a = analyzeSource(src);
  const m = a.models[0];
  assert.equal(m.complete, false);
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.line, d.code]), [
    [10, 'unknown-module'], [14, 'unknown-statement'], [17, 'unknown-input'], [6, 'unknown-output'],
  ]);
  assert.match(m.diagnostics.find((d) => d.code === 'unknown-input')!.message, /^Linear called on a value not known statically \(.*transform.*\): this call is not counted$/);
  assert.match(m.diagnostics.find((d) => d.code === 'unknown-module')!.message, /^add_module\(\) with a name not known statically/);
  assert.match(m.diagnostics.find((d) => d.code === 'unknown-statement')!.message, /^not evaluated: a `match` statement; what it does is left out$/);
});

test('LSTMCell and GRUCell cost what one step of nn.LSTM and nn.GRU costs, MAC included', () => {
  // One step of nn.LSTM writes h_n, whose values are the output's last step: counted once, as the cell's h is.
  const src = [
    'import torch.nn as nn',
    'a = nn.LSTMCell(8, 16)  # layer-lens: input 2x8',
    'b = nn.LSTM(8, 16)  # layer-lens: input 1x2x8',
    'c = nn.GRUCell(8, 16)  # layer-lens: input 2x8',
    'd = nn.GRU(8, 16)  # layer-lens: input 1x2x8',
  ].join('\n');
  const [a, b, c, d] = analyzeSource(src).calls.map((r) => [r.params, r.multAdds, r.memoryAccessCost]);
  assert.deepEqual(a, b);
  assert.deepEqual(c, d);
  // x 16 + h 32 + c 32 + params 1,664 for the LSTM step.
  assert.deepEqual(a, [1664, 3072, 16 + 32 + 32 + 1664]);
});

test("what timm's builders use: itertools, dir(), defaultdict, deque, dataclass field factories and asdict, partial's func and keywords, os.environ, self.training, linspace values", () => {
  const src = [
    'import os, functools, dataclasses', 'from collections import defaultdict, deque', 'from itertools import repeat, accumulate, product',
    'from dataclasses import dataclass, field', 'import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '',
    '@dataclass',
    'class Cfg:',
    '    tags: deque = field(default_factory=deque)',
    '    width: int = 8', '',
    'def to_2tuple(x):',
    '    return tuple(repeat(x, 2))', '',
    'reg = defaultdict(Cfg)',
    "reg['a'].tags.appendleft('x')",
    "assert dataclasses.asdict(reg['a'])['width'] == 8 and list(reg['a'].tags) == ['x']",
    "assert list(accumulate([1, 2, 3])) == [1, 3, 6] and len(list(product([1, 2], repeat=2))) == 4",
    "USE_SILU = 'silu' in dir(F)",
    "FUSED = int(os.environ['FUSED']) if 'FUSED' in os.environ else 1",
    'norm = functools.partial(nn.BatchNorm2d, eps=1e-3)', '',
    '# layer-lens: input 1x3x8x8',
    'class Net(nn.Module):',
    '    def __init__(self, rate=0.1):',
    '        super().__init__()',
    '        k = to_2tuple(3)',
    '        self.conv = nn.Conv2d(3, 8, k, padding=1)',
    '        self.bn = norm.func(8, **norm.keywords)',
    '        self.act = nn.SiLU() if USE_SILU and FUSED else nn.ReLU()',
    '        rates = [x.item() for x in torch.linspace(0, rate, 3)]',
    '        stages = [t.tolist() for t in torch.linspace(0, rate, 3).split([1, 2])]',
    '        self.drop = nn.Dropout(rates[2]) if rates[2] > 0.09 and len(stages[1]) == 2 else None',
    '    def forward(self, x):',
    '        x = self.act(self.bn(self.conv(x)))',
    '        return self.drop(x) if not self.training else x',
  ].join('\n');
  const a = analyzeSource(src);
  const net = a.models.find((m) => m.name === 'Net()')!;
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), []);
  assert.deepEqual([net.complete, net.totals.params, net.output], [true, 3 * 8 * 9 + 8 + 16, [[1, 8, 8, 8]]]);
  assert.deepEqual(net.layers.map((l) => l.type), ['Conv2d', 'BatchNorm2d', 'SiLU', 'Dropout']);
});

test('what re-ID and segmentation code uses: the workspace root on the path, _BatchNorm subclasses, F.upsample, spatial transformers, ModuleList +=, expand_as; an unsupported torch function is said', () => {
  const bn = 'import torch.nn.functional as F\nfrom torch.nn.modules.batchnorm import _BatchNorm\n\nclass SyncBN(_BatchNorm):\n    def forward(self, x):\n        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, self.training, self.momentum, self.eps)\n';
  const net = [
    'import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'from modeling.sync_bn import SyncBN', '',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.convs = nn.ModuleList()',
    '        for i in range(2):',
    '            self.convs += [nn.Conv2d(8, 8, 3, padding=1)]',
    '        self.bn = SyncBN(8)',
    '        self.a = nn.Parameter(torch.rand(1, 8, 1, 1))',
    '    def forward(self, x):',
    '        theta = torch.zeros(x.size(0), 2, 3)',
    '        x = F.grid_sample(x, F.affine_grid(theta, (x.size(0), 8, 4, 4)))',
    '        x = F.upsample(x, (8, 8), mode="bilinear", align_corners=True)',
    '        for conv in self.convs:',
    '            x = conv(x)',
    '        return self.bn(self.a.expand_as(x) * x)', '',
    'if __name__ == "__main__":',
    '    Net()(torch.randn(1, 8, 16, 16))',
  ].join('\n');
  // doc/net.py imports modeling/ from the repository's root, as `python -m` from there and an editor do.
  const dir = project({ 'modeling/__init__.py': '', 'modeling/sync_bn.py': bn, 'doc/net.py': net });
  const a = analyzeFile(path.join(dir, 'doc/net.py'), { ...diskFs, roots: [dir] });
  const m = a.models.find((x) => x.name === 'Net()')!;
  assert.deepEqual([m.complete, m.totals.params, m.output], [true, 2 * (8 * 8 * 9 + 8) + 16 + 8, [[1, 8, 8, 8]]]);
  assert.deepEqual(m.diagnostics.filter((d) => d.severity !== 'info'), []);
  // Without the root, the import is missing and says so.
  assert.equal(analyzeFile(path.join(dir, 'doc/net.py'), diskFs).models.find((x) => x.name === 'Net()')?.complete ?? false, false);
  // A torch function Layer Lens does not implement, called in forward: a warning at its line, the model incomplete.
  const odd = analyzeSource('import torch\nimport torch.nn as nn\n\n# layer-lens: input 1x8\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 8)\n    def forward(self, x):\n        return self.fc(torch.special.entr(x))\n');
  assert.equal(odd.models[0].complete, false);
  assert.match(odd.models[0].diagnostics.map((d) => `${d.line} ${d.message}`).join('\n'), /10 `torch\.special.*` is not something Layer Lens evaluates: its result is not known/);
});

test("numpy as model code computes its configuration with (timm's RegNet widths, a Transformer's sinusoid table), and tensors compared element-wise", () => {
  const src = [
    'import numpy as np', 'import torch', 'import torch.nn as nn', '',
    'def widths(depth=6, slope=24.5, w0=24, mult=2.5, q=8):',
    '    cont = np.arange(depth) * slope + w0',
    '    exps = np.round(np.log(cont / w0) / np.log(mult))',
    '    ws = np.round(np.divide(w0 * np.power(mult, exps), q)) * q',
    '    return ws.astype(int).tolist()', '',
    'def table(n, d):',
    '    t = np.array([[p / np.power(10000, 2 * (j // 2) / d) for j in range(d)] for p in range(n)])',
    '    t[:, 0::2] = np.sin(t[:, 0::2])',
    '    return torch.FloatTensor(t).unsqueeze(0)', '',
    '# layer-lens: input 1x5:int64',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        ws, depths = np.unique(widths(), return_counts=True)',
    '        self.convs = nn.ModuleList([nn.Conv1d(8, int(w), 1) for w, d in zip(ws, depths)])',
    "        self.register_buffer('pos', table(16, 8))",
    '        self.emb = nn.Embedding(10, 8)',
    '    def forward(self, seq):',
    '        mask = (seq != 0).unsqueeze(-2)',
    '        x = self.emb(seq) + self.pos[:, :seq.size(1)]',
    '        x = x.masked_fill(mask.transpose(1, 2) == 0, 0.)',
    '        return [c(x.transpose(1, 2)) for c in self.convs]',
  ].join('\n');
  // numpy 1.24.2: widths() is [24, 64, 64, 152, 152, 152], three stages of 24, 64 and 152 channels.
  const m = analyzeSource(src).models[0];
  assert.deepEqual([m.complete, m.output], [true, [[1, 24, 5], [1, 64, 5], [1, 152, 5]]]);
  assert.deepEqual(m.diagnostics.filter((d) => d.severity !== 'info'), []);
});

test('a guessed image that the first layer rejects is retried with the channels it expects, though the analysis goes on after a mistake', () => {
  const src = 'import torch.nn as nn\n\nclass Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(64, 32, 3, padding=1)\n        self.bn = nn.BatchNorm2d(32)\n    def forward(self, x):\n        return self.bn(self.conv(x))\n';
  const m = analyzeSource(src).models[0];
  assert.deepEqual([m.inputSource, m.input, m.complete], ['inferred', [[1, 64, 224, 224]], true]);
});

test('dict.update() with pairs sets them; with a value not known it says so where it happens', () => {
  const src = ['import torch.nn as nn', 'from somewhere import settings', '', 'class C:', '    def __init__(self, extra):', '        self.__dict__.update([("width", 8)])', '        self.__dict__.update(extra)', '', '# layer-lens: input 1x8', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        c = C(settings())', '        self.fc = nn.Linear(c.width, 2)', '    def forward(self, x):', '        return self.fc(x)'].join('\n');
  const m = analyzeSource(src).models[0];
  assert.equal(m.totals.params, 18);
  assert.match(m.diagnostics.map((d) => `${d.line} ${d.message}`).join('\n'), /7 dict\.update\(\) with a value not known statically .*: the keys it would set are not known/);
  assert.equal(m.complete, false);
});

test("a member of a Sequential or a ModuleList that is not known (an unread package's class) keeps its place: nothing after it runs on its input, and nothing is a red error", () => {
  // vit-pytorch's patch embedding: einops' Rearrange flattens patches before LayerNorm and Linear. Unread, the
  // LayerNorm ran on the image itself and was reported as a mistake.
  const src = ['import torch.nn as nn', 'from unread_package import Rearrange', '', '# layer-lens: input 1x3x32x32', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    "        self.embed = nn.Sequential(Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=8, p2=8), nn.LayerNorm(192), nn.Linear(192, 64))",
    "        self.blocks = nn.ModuleList([nn.Linear(64, 64), Rearrange('b n d -> b d n'), nn.Linear(16, 16)])", '    def forward(self, x):', '        x = self.embed(x)', '        for b in self.blocks:', '            x = b(x)', '        return self.embed[2], self.blocks[2], len(self.embed), x'].join('\n');
  const m = analyzeSource(src).models[0];
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  assert.equal(m.complete, false);
  // Their params count; their calls, on an input not known, have no figures.
  assert.equal(m.totals.params, 192 * 2 + 192 * 64 + 64 + 64 * 64 + 64 + 16 * 16 + 16);
  assert.match(m.diagnostics.map((d) => `${d.line} ${d.message}`).join('\n'), /8 .*registered as submodule `0` is not a module known statically/);
  // Indexing and len() count the member not known, as PyTorch does.
  const text = analyzeSource(src.replace('        return self.embed[2], self.blocks[2], len(self.embed), x', "        assert isinstance(self.embed[2], nn.Linear) and isinstance(self.blocks[2], nn.Linear) and len(self.embed) == 3\n        return x")).models[0];
  assert.deepEqual(text.diagnostics.filter((d) => d.severity === 'error' || /assert/i.test(d.message)).map((d) => d.message), []);
});

test("what vit-pytorch's models use: locals(), arange by keyword, meshgrid, var and std, sin and cos, Tensor.type, an indexed Parameter, einsum with spaces, None in a ModuleList; a Tensor method not known is said", () => {
  const src = [
    'import torch', 'import torch.nn as nn', 'from torch import einsum', '',
    'def split(prefix, d):', '    return dict(map(lambda x: (x[0][len(prefix):], x[1]), tuple((k, v) for k, v in d.items() if k.startswith(prefix))))', '',
    'def posemb(h, w, dim, temperature: int = 10000, dtype = torch.float32):',
    '    y, x = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")', '    omega = 1.0 / (temperature ** (torch.arange(dim // 4) / (dim // 4 - 1)))',
    '    y = y.flatten()[:, None] * omega[None, :]', '    x = x.flatten()[:, None] * omega[None, :]', '    return torch.cat((x.sin(), x.cos(), y.sin(), y.cos()), dim=1).type(dtype)', '',
    '# layer-lens: input 2x16x32', 'class Net(nn.Module):', '    def __init__(self, *, s1_dim=32, heads=2):', '        super().__init__()',
    '        kwargs = dict(locals())', "        config = split('s1_', kwargs)", "        self.proj = nn.Linear(32, config['dim'])",
    '        self.pos = nn.Parameter(torch.randn(20, 32))', '        self.pe = posemb(4, 4, 32)', '        self.mix = nn.Parameter(torch.randn(heads, heads))',
    '        self.layers = nn.ModuleList([nn.ModuleList([nn.Linear(32, 32), None])])',
    '        q = torch.arange(0, 8, step = 2)', '        assert q.shape[0] == 4 and torch.arange(end = 5).shape[0] == 5', '',
    '    def forward(self, x):', '        b, n, *_, h = *x.shape, 2', '        x = x + self.pos[:n] + self.pe',
    '        x = (x - x.mean(dim = -1, keepdim = True)) / (torch.var(x, -1, False, True) + x.std(dim = -1, keepdim = True))',
    '        for lin, down in self.layers:', '            x = lin(x)', '            assert down is None',
    "        attn = torch.randn(b, h, n, n)", "        mixed = einsum('b h i j, h g -> b g i j', attn, self.mix)", '        return self.proj(x), mixed'].join('\n');
  const m = analyzeSource(src).models[0];
  assert.equal(m.complete, true, m.diagnostics.map((d) => `${d.line} ${d.message}`).join('\n'));
  assert.deepEqual(m.output, [[2, 16, 32], [2, 2, 16, 16]]);
  // The einsum with a Parameter: b·g·i·j·h multiply-adds.
  assert.equal(m.totals.multAdds, 2 * 16 * 32 * 32 + 2 * 16 * 32 * 32 + 2 * 2 * 16 * 16 * 2);
  // A method that is not read: said at its line, and the model is not complete.
  const unknown = analyzeSource(src.replace('        return self.proj(x), mixed', '        x = x.bernoulli_mystery()\n        return self.proj(x), mixed')).models[0];
  assert.equal(unknown.complete, false);
  assert.match(unknown.diagnostics.map((d) => `${d.line} ${d.message}`).join('\n'), /`Tensor\.bernoulli_mystery` is not something Layer Lens evaluates/);
});

test('nn.Unfold and F.unfold (T2T-ViT and PiT make tokens with them): blocks as columns, copied, nothing computed', () => {
  const src = ['import torch.nn as nn', 'import torch.nn.functional as F', '', '# layer-lens: input 1x3x64x64', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.soft_split = nn.Unfold(kernel_size=7, stride=4, padding=2)', '        self.proj = nn.Linear(147, 64)', '    def forward(self, x):',
    '        t = self.soft_split(x).transpose(1, 2)', '        return self.proj(t), F.unfold(x, 3, padding=1, stride=2)'].join('\n');
  const m = analyzeSource(src).models[0];
  assert.equal(m.complete, true, m.diagnostics.map((d) => d.message).join('\n'));
  // torch 1.13: (1, 147, 256) from the layer (test/data/torch-layers.reference.json, unfold_t2t); (1, 27, 1024) from F.unfold.
  assert.deepEqual(m.output, [[1, 256, 64], [1, 27, 1024]]);
  assert.equal(m.totals.multAdds, 256 * 147 * 64);
  const split = m.layers.find((l) => l.path === 'soft_split')!;
  assert.deepEqual([split.multAdds, split.otherOps], [0, 0]);
});

test("a training script's argparse: parse_args() gives each option its default, as the script runs with no arguments, and says so; a required option is not known", () => {
  const src = ['import argparse', 'import torch', 'import torch.nn as nn', '',
    "parser = argparse.ArgumentParser(description='DCGAN', formatter_class=argparse.ArgumentDefaultsHelpFormatter)",
    "parser.add_argument('--dataset', required=True, help='cifar10 | lsun')", "parser.add_argument('--nz', type=int, default=100)", "parser.add_argument('--ngf', type=int, default='64')",
    "parser.add_argument('--no-cuda', action='store_true')", "group = parser.add_argument_group('model')", "group.add_argument('--hidden-dim', dest='hidden', type=int, default=32)",
    'parser.set_defaults(nc=3)', 'opt = parser.parse_args()', '',
    '# layer-lens: input 1x100x1x1', 'class Generator(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.up = nn.ConvTranspose2d(opt.nz, opt.ngf, 4, 1, 0, bias=False)', '        self.out = nn.Conv2d(opt.ngf, opt.nc if not opt.no_cuda else 1, 3, padding=1)', '        self.h = nn.Linear(opt.hidden, opt.hidden)',
    '    def forward(self, z):', '        noise = torch.randn_like(z)', '        return self.out(self.up(z + noise))', '',
    'netG = Generator()', 'dataset = opt.dataset'].join('\n');
  const a = analyzeSource(src);
  const g = a.models.find((m) => m.name === 'Generator()')!;
  assert.equal(g.complete, true, g.diagnostics.map((d) => d.message).join('\n'));
  assert.deepEqual(g.output, [[1, 3, 4, 4]]);
  // ConvTranspose2d(100, 64, 4): 16 outputs × 64 × 100 × 1; Conv2d(64, 3, 3) on 4×4; Linear(32, 32).
  assert.equal(g.totals.params, 100 * 64 * 16 + 64 * 3 * 9 + 3 + 32 * 32 + 32);
  assert.match(a.diagnostics.map((d) => `${d.line} ${d.severity} ${d.message}`).join('\n'), /13 info parse_args\(\): the script as it runs with no command-line arguments, each option at its default \(6 options\)/);
  // `--dataset` has no default: not known (no guess), and nothing is a red error.
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  // An argument list of the code's own: not read, so the options are not known, said at the call.
  const listed = analyzeSource(src.replace('opt = parser.parse_args()', "opt = parser.parse_args(['--nz', '8'])"));
  assert.equal(listed.models.find((m) => m.name === 'Generator()')!.complete, false);
  assert.match(listed.diagnostics.map((d) => `${d.line} ${d.message}`).join('\n'), /13 parse_args\(\['--nz', '8'\]\): an argument list of the code's own is not read/);
});

test('torch.where(condition, x, y): the three broadcast, one choice per element; with only a condition, the indices of its True entries; .mT swaps the last two dims', () => {
  const src = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '', '# layer-lens: input 5x16', 'class GAT(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.W = nn.Linear(16, 8)', '    def forward(self, h):', '        e = self.W(h) @ self.W(h).mT', '        adj = torch.ones(5, 5)',
    "        attention = torch.where(adj > 0, e, -9e15 * torch.ones_like(e))", '        scores = torch.where(adj > 0, e, 0.0)', '        return F.softmax(attention, dim=1) @ self.W(h), scores'].join('\n');
  const m = analyzeSource(src).models[0];
  assert.equal(m.complete, true, m.diagnostics.map((d) => d.message).join('\n'));
  assert.deepEqual(m.output, [[5, 8], [5, 5]]);
  const where = m.functional.filter((f) => f.op === 'where');
  assert.deepEqual(where.map((f) => [f.outputShape, f.otherOps]), [[[5, 5], 25], [[5, 5], 25]]);
  // adj is all ones: every entry is True, whatever the values (the set they are drawn from says so): 25, exactly.
  const indices = analyzeSource(src.replace('        scores = torch.where(adj > 0, e, 0.0)', '        scores = torch.where(adj > 0)[0]')).models[0];
  assert.equal(indices.complete, true);
  assert.deepEqual(indices.output, [[5, 8], [25]]);
  assert.equal(indices.atBound, undefined);
  // On e (values not known), as many as the data decides: at most all 25, and the model says its costs are bounds.
  const bounded = analyzeSource(src.replace('        scores = torch.where(adj > 0, e, 0.0)', '        scores = torch.where(e > 0)[0]')).models[0];
  assert.deepEqual(bounded.output, [[5, 8], [25]]);
  assert.match(bounded.atBound?.message ?? '', /^Only the data decides how many of the 25 elements are non-zero: costed at the most it can be, 25$/);
});

test('torch.empty(size=(…)) and the other factories by keyword: the keyword is the shape (a 0-dim tensor made GAT\'s matmul a red error)', () => {
  const src = ['import torch', 'import torch.nn as nn', '', '# layer-lens: input 10x16', 'class Layer(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.W = nn.Parameter(torch.empty(size=(16, 32)))', '        self.a = nn.Parameter(torch.zeros(size=[4, 16, 1]))', '    def forward(self, h):', '        return torch.mm(h, self.W), torch.randn(size=(2, 3))'].join('\n');
  const m = analyzeSource(src).models[0];
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  assert.equal(m.totals.params, 16 * 32 + 4 * 16);
  assert.deepEqual(m.output, [[10, 32], [2, 3]]);
});

test('a layer\'s parameter set to None after its __init__ leaves parameters() and the layer\'s work, as in PyTorch (timm\'s LayerNormNoBias)', () => {
  const src = `import torch
import torch.nn as nn

class LayerNormNoBias(nn.LayerNorm):
    def __init__(self, n):
        super().__init__(n)
        self.bias = None

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = LayerNormNoBias(16)
        self.fc = nn.Linear(16, 8)
        self.fc.bias = None
        self.bn = nn.BatchNorm1d(8)
        self.bn.bias = None

    def forward(self, x):
        return self.bn(self.fc(self.norm(x)))

y = Net()(torch.randn(4, 16))
`;
  const a = analyzeSource(src);
  const m = a.models.find((x) => x.inputSource === 'code')!;
  assert.ok(m?.complete, JSON.stringify(a.diagnostics.map((d) => d.message)));
  // LayerNorm: weight only (16); Linear: weight only (16·8); BatchNorm1d: weight only (8).
  assert.equal(m.totals.params, 16 + 16 * 8 + 8);
  // The Linear is now a bias-free one: its params and its row say so.
  const fc = m.layers.find((l) => l.type === 'Linear')!;
  assert.equal(fc.params, 16 * 8);
  assert.equal(fc.multAdds, 4 * 16 * 8);
  // BatchNorm's arguments cannot say it has no bias: its params leave it out, and the line says its costs do not.
  assert.ok(a.diagnostics.some((d) => d.code === 'parameter-dropped' && d.line === 16 && /BatchNorm1d's `bias` set to None/.test(d.message)));
});

test('torch\'s modes as context managers and decorators (no_grad, inference_mode, set_grad_enabled, autocast in every namespace) change no figure', () => {
  const src = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)

    @torch.no_grad()
    def a(self, x):
        return self.fc(x)

    @torch.inference_mode()
    def b(self, x):
        with torch.set_grad_enabled(False):
            return self.fc(x)

    def forward(self, x):
        with torch.autocast(device_type='cuda', enabled=False):
            y = self.a(x)
        with torch.cuda.amp.autocast():
            y = y + self.b(x)
        with torch.cpu.amp.autocast(), torch.amp.autocast('cpu'), torch.no_grad() as g:
            return y + self.fc(x)

y = Net()(torch.randn(2, 8))
`;
  const a = analyzeSource(src);
  const m = a.models.find((x) => x.inputSource === 'code')!;
  assert.ok(m?.complete, JSON.stringify(a.diagnostics.map((d) => d.message)));
  assert.equal(m.totals.params, 8 * 4 + 4);
  // Three calls of the Linear on 2×8.
  assert.equal(m.layers.filter((l) => l.type === 'Linear').reduce((s, l) => s + (l.multAdds ?? 0), 0), 3 * 2 * 8 * 4);
  assert.deepEqual(m.output, [[2, 4]]);
  // Autocast on is said (once per line), off is not.
  const said = m.diagnostics.filter((d) => d.code === 'autocast-dtype').map((d) => d.line);
  assert.deepEqual([...new Set(said)].sort((x, y) => x - y), [21, 23]);
});

test('a layer refused inside a try that catches what PyTorch raises runs the handler, not a red error; uncaught, it is one', () => {
  const src = `import torch
import torch.nn as nn

def make(layer, inplace=True):
    try:
        return layer(inplace=inplace)
    except TypeError:
        return layer()

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.act = make(nn.GELU)
        self.relu = make(nn.ReLU)
        key = str(torch.zeros(1).device)
        self.cache = {key: 1}

    def forward(self, x):
        return self.relu(self.act(self.fc(x)))

y = Net()(torch.randn(2, 8))
bad = nn.GELU(inplace=True)
`;
  const a = analyzeSource(src);
  const m = a.models.find((x) => x.inputSource === 'code')!;
  assert.ok(m?.complete, JSON.stringify(a.diagnostics.map((d) => d.message)));
  assert.deepEqual(m.layers.map((l) => l.type), ['Linear', 'GELU', 'ReLU']);
  // The same call outside any try is the code's mistake, in red, at its line.
  const red = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(red.map((d) => d.line), [23]);
  assert.match(red[0].message, /inplace/);
});
