// Synthetic model files for the benchmarks (scripts/bench.ts, scripts/bench-memory.mjs).

/** A realistic block of model code (~30 lines), renamed per copy. */
export function block(i: number): string {
  return `
# input: 3x32x32
class Net${i}(nn.Module):
    expansion = 1

    def __init__(self, num_classes=10, width=${16 + (i % 4) * 8}):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        layers = []
        c = width
        for stage, mult in enumerate([1, 2, 4]):
            stride = 1 if stage == 0 else 2
            layers += [nn.Conv2d(c, width * mult, 3, stride=stride, padding=1, bias=False),
                       nn.BatchNorm2d(width * mult), nn.ReLU(inplace=True)]
            c = width * mult
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(c, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.features(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)

`;
}

export function synthetic(lines: number): string {
  let src = 'import torch\nimport torch.nn as nn\n';
  let i = 0;
  while (src.split('\n').length < lines) src += block(i++);
  return src;
}

/** A model with `n` residual-free blocks in one Sequential: cost against model depth. */
export function deep(n: number): string {
  return `import torch\nimport torch.nn as nn\n# input: 8x16x16\nclass Deep(nn.Module):\n    def __init__(self, n=${n}):\n        super().__init__()\n        self.blocks = nn.Sequential(*[nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.ReLU()) for _ in range(n)])\n    def forward(self, x):\n        return self.blocks(x)\n`;
}

/** A TF.js file of `lines` lines: copies of a model builder function (TS). */
export function tsSynthetic(lines: number): string {
  const block = (i: number) => `
// input: 28x28x1
export function buildModel${i}(numClasses = 10): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: ${8 + (i % 4) * 8}, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  for (const filters of [32, 64]) {
    model.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }));
    model.add(tf.layers.batchNormalization());
  }
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax' }));
  return model;
}
`;
  let src = "import * as tf from '@tensorflow/tfjs';\n";
  let i = 0;
  while (src.split('\n').length < lines) src += block(i++);
  return src;
}
