# How are two conv layers connected? Input 28×28 (one grey channel), conv1 = 16 filters of 3×3,
# conv2 = 32 filters of 3×3. Each conv2 filter is 3×3×16: as deep as the 16 maps conv1 outputs.
import torch
import torch.nn as nn
import torch.nn.functional as F


# input: 1x28x28
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3)
        self.conv2 = nn.Conv2d(16, 32, 3)
        self.fc = nn.Linear(32 * 24 * 24, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = self.conv2(x)
        x = torch.flatten(x, 1)
        return self.fc(x)
