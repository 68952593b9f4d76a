"""Triplet-loss training setup: a P×K batch (P identities, K images each) and batch-hard mining."""
import torch
import torch.nn as nn
import torch.nn.functional as F

P, K = 16, 4          # batch of P·K = 64 images: batch-hard gives 64 triplets, batch-all 64·3·60 = 11,520
MARGIN = 0.3


class PKSampler:
    """Yields batches of P identities with K instances each (RandomIdentitySampler-style)."""

    def __init__(self, labels, p: int = P, k: int = K) -> None:
        self.labels, self.p, self.k = labels, p, k
        self.batch_size = p * k


def batch_hard_triplet_loss(embeddings, labels, margin: float = MARGIN):
    dist = torch.cdist(embeddings, embeddings)
    same = labels[:, None] == labels[None, :]
    hardest_positive = (dist * same).max(dim=1).values
    hardest_negative = (dist + 1e6 * same).min(dim=1).values
    return F.relu(hardest_positive - hardest_negative + margin).mean()


# layer-lens: input 64x2048
class EmbeddingHead(nn.Module):
    def __init__(self, features: int = 2048, dim: int = 128) -> None:
        super().__init__()
        self.fc = nn.Linear(features, dim)
        self.bn = nn.BatchNorm1d(dim)

    def forward(self, x):
        return F.normalize(self.bn(self.fc(x)))
