/** A model file of about `lines` lines for the bench: many blocks, each a class with layers, constants and a forward. */
export function generatedModel(lines: number): string {
  const out = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '', 'WIDTH = 64', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `class Block${i}(nn.Module):`,
      `    def __init__(self, planes: int = WIDTH, stride: int = ${1 + (i % 2)}) -> None:`,
      '        super().__init__()',
      `        self.conv1 = nn.Conv2d(planes, planes * 2, kernel_size=3, stride=stride, padding=1, bias=False)  # layer-lens: input 1x64x56x56`,
      '        self.bn1 = nn.BatchNorm2d(planes * 2)',
      `        self.conv2 = nn.Conv2d(planes * 2, planes, 1, groups=${1 + (i % 4)})`,
      '        self.act = nn.ReLU(inplace=True)',
      `        self.fc = nn.Linear(planes, ${10 + i})`,
      '',
      '    def forward(self, x):',
      '        out = self.act(self.bn1(self.conv1(x)))',
      '        return self.conv2(out) + x',
      '',
    );
  }
  return out.join('\n');
}
