"""A sequence classifier: embedding, a 2-layer bidirectional LSTM, and a linear head on the last step."""
import torch.nn as nn


# layer-lens: input 1x20:int64
class SequenceClassifier(nn.Module):
    def __init__(self, vocab: int = 1000, dim: int = 128, hidden: int = 256, classes: int = 5) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, num_layers=2, bidirectional=True, batch_first=True)
        self.head = nn.Linear(2 * hidden, classes)

    def forward(self, tokens):
        x = self.embed(tokens)
        out, _ = self.lstm(x)
        return self.head(out[:, -1])
