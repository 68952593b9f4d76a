"""A pre-norm Transformer block as many write it: the MLP is one line, an nn.Sequential of two Linears and a GELU.
That line's lens sums all three layers; its hover lists each. Four blocks run on the tokens at the bottom."""
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, d=256, heads=8):
        super().__init__()
        self.norm1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class Encoder(nn.Module):
    def __init__(self, depth=4, d=256):
        super().__init__()
        self.blocks = nn.Sequential(*[Block(d) for _ in range(depth)])

    def forward(self, x):
        return self.blocks(x)


if __name__ == "__main__":
    Encoder()(torch.randn(2, 1024, 256))
