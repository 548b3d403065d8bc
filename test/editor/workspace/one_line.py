# Four layers built on one line; the third is declared for 8 input channels but the first hands it 16.
import torch.nn as nn

# input: 3x32x32
net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(8, 32, 3), nn.Flatten())
