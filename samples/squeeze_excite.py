"""SqueezeNet's Fire module and a squeeze-and-excitation (SENet) block."""
import torch
import torch.nn as nn


# layer-lens: input 1x96x55x55
class Fire(nn.Module):
    def __init__(self, cin: int = 96, squeeze: int = 16, expand1x1: int = 64, expand3x3: int = 64) -> None:
        super().__init__()
        self.squeeze = nn.Conv2d(cin, squeeze, 1)
        self.squeeze_activation = nn.ReLU(inplace=True)
        self.expand1x1 = nn.Conv2d(squeeze, expand1x1, 1)
        self.expand1x1_activation = nn.ReLU(inplace=True)
        self.expand3x3 = nn.Conv2d(squeeze, expand3x3, 3, padding=1)
        self.expand3x3_activation = nn.ReLU(inplace=True)

    def forward(self, x):
        x = self.squeeze_activation(self.squeeze(x))
        return torch.cat([self.expand1x1_activation(self.expand1x1(x)), self.expand3x3_activation(self.expand3x3(x))], 1)


# layer-lens: input 1x256x56x56
class SEBlock(nn.Module):
    def __init__(self, channels: int = 256, reduction: int = 16) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Linear(channels, channels // reduction)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Linear(channels // reduction, channels)
        self.gate = nn.Sigmoid()

    def forward(self, x):
        b, c, _, _ = x.shape
        w = self.pool(x).view(b, c)
        w = self.gate(self.fc2(self.relu(self.fc1(w)))).view(b, c, 1, 1)
        return x * w
