# conv2 is declared for 8 input channels, but conv1 hands it 16 feature maps: Layer Lens flags the line.
import torch.nn as nn


# input: 1x28x28
class Broken(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3)
        self.conv2 = nn.Conv2d(8, 32, 3)

    def forward(self, x):
        return self.conv2(self.conv1(x))
