"""Focal loss for dense detection: down-weights easy negatives by (1 - p_t)^gamma, alpha-balanced."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, alpha: float = 0.25, gamma: float = 2.0) -> None:
        super().__init__()
        self.alpha, self.gamma = alpha, gamma

    def forward(self, logits, targets):
        p = torch.sigmoid(logits)
        ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        p_t = p * targets + (1 - p) * (1 - targets)
        alpha_t = self.alpha * targets + (1 - self.alpha) * (1 - targets)
        return (alpha_t * (1 - p_t) ** self.gamma * ce).mean()


# layer-lens: input 1x256x32x32
class ClassificationHead(nn.Module):
    """A RetinaNet-style head: 4 conv layers, then 9 anchors × 80 classes."""

    def __init__(self, channels: int = 256, anchors: int = 9, classes: int = 80) -> None:
        super().__init__()
        layers = []
        for _ in range(4):
            layers += [nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU(inplace=True)]
        self.tower = nn.Sequential(*layers)
        self.logits = nn.Conv2d(channels, anchors * classes, 3, padding=1)

    def forward(self, x):
        return self.logits(self.tower(x))
