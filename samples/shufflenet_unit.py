"""ShuffleNet V2 unit: channel split, a branch of equal widths (G1), plain convs (G2), concat, channel shuffle."""
import torch
import torch.nn as nn


def channel_shuffle(x, groups: int):
    b, c, h, w = x.size()
    x = x.view(b, groups, c // groups, h, w)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(b, -1, h, w)


# layer-lens: input 1x116x28x28
class ShuffleV2Unit(nn.Module):
    def __init__(self, channels: int = 116) -> None:
        super().__init__()
        branch = channels // 2
        self.branch = nn.Sequential(
            nn.Conv2d(branch, branch, 1, bias=False),
            nn.BatchNorm2d(branch),
            nn.ReLU(inplace=True),
            nn.Conv2d(branch, branch, 3, padding=1, groups=branch, bias=False),
            nn.BatchNorm2d(branch),
            nn.Conv2d(branch, branch, 1, bias=False),
            nn.BatchNorm2d(branch),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        left, right = x.chunk(2, dim=1)
        out = torch.cat((left, self.branch(right)), dim=1)
        return channel_shuffle(out, 2)
