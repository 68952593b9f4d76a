"""ResNeXt bottleneck: split-transform-merge as one grouped 3x3 conv (cardinality 32, width 4)."""
import torch.nn as nn


# layer-lens: input 1x256x56x56
class ResNeXtBlock(nn.Module):
    def __init__(self, channels: int = 256, cardinality: int = 32, width: int = 4) -> None:
        super().__init__()
        inner = cardinality * width  # 128
        self.reduce = nn.Conv2d(channels, inner, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(inner)
        self.grouped = nn.Conv2d(inner, inner, 3, padding=1, groups=cardinality, bias=False)
        self.bn2 = nn.BatchNorm2d(inner)
        self.expand = nn.Conv2d(inner, channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        out = self.relu(self.bn1(self.reduce(x)))
        out = self.relu(self.bn2(self.grouped(out)))
        out = self.bn3(self.expand(out))
        return self.relu(out + x)
