"""A small ResNet-style model (the demo in the README): its input comes from the call at the bottom."""
import torch
import torch.nn as nn

WIDTH = 64


class BasicBlock(nn.Module):
    def __init__(self, planes: int = WIDTH) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(planes, planes, kernel_size=3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + x)


class TinyResNet(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, WIDTH, kernel_size=7, stride=2, padding=3, bias=False)
        self.pool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.block = BasicBlock()
        # MobileNet-style depthwise separable pair
        self.dw = nn.Conv2d(WIDTH, WIDTH, 3, stride=2, padding=1, groups=WIDTH)
        self.pw = nn.Conv2d(WIDTH, 2 * WIDTH, 1)
        self.head = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(2 * WIDTH, num_classes),
        )

    def forward(self, x):
        x = self.block(self.pool(self.stem(x)))
        x = self.pw(self.dw(x))
        return self.head(x)


class Sequence(nn.Module):
    """A recurrent model, and a layer PyTorch would reject (48 channels in 5 groups)."""

    def __init__(self) -> None:
        super().__init__()
        self.rnn = nn.GRU(64, 128, batch_first=True)
        self.broken = nn.Conv2d(WIDTH, 48, 3, groups=5)

    # layer-lens: input 1x10x64
    def forward(self, x):
        out, _ = self.rnn(x)
        return out


if __name__ == "__main__":
    model = TinyResNet()
    print(model(torch.randn(1, 3, 224, 224)).shape)
