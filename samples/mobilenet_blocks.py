"""MobileNet V1's depthwise separable conv and MobileNet V2's inverted residual with a linear bottleneck."""
import torch.nn as nn


# layer-lens: input 1x32x112x112
class DepthwiseSeparable(nn.Module):
    """V1: a 3x3 depthwise conv then a 1x1 pointwise conv: 1/N + 1/D_K² of a standard conv's Mult-Adds."""

    def __init__(self, cin: int = 32, cout: int = 64, stride: int = 1) -> None:
        super().__init__()
        self.depthwise = nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False)
        self.bn1 = nn.BatchNorm2d(cin)
        self.pointwise = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        x = self.relu(self.bn1(self.depthwise(x)))
        return self.relu(self.bn2(self.pointwise(x)))


# layer-lens: input 1x24x56x56
class InvertedResidual(nn.Module):
    """V2: expand 1x1 (t = 6), depthwise 3x3, project 1x1 without activation; residual when shapes match."""

    def __init__(self, cin: int = 24, cout: int = 24, stride: int = 1, expand: int = 6) -> None:
        super().__init__()
        hidden = cin * expand
        self.use_residual = stride == 1 and cin == cout
        self.block = nn.Sequential(
            nn.Conv2d(cin, hidden, 1, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, hidden, 3, stride=stride, padding=1, groups=hidden, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, cout, 1, bias=False),
            nn.BatchNorm2d(cout),
        )

    def forward(self, x):
        out = self.block(x)
        return x + out if self.use_residual else out
