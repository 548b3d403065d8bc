// einops shapes from the pattern. einops is not installable here (no Debian package): each case's expected
// shape is that of the same rearrangement written with PyTorch ops (reshape / permute / flatten / mean /
// amax / expand / repeat_interleave), run by PyTorch 1.13 on a tensor of the input shape.
import * as assert from 'assert';
import { analyzeText } from '../../src/analyze';
import { einopsShape, type FullDim } from '../../src/core/catalog/einops';

// [op, pattern, axis lengths, input shape, PyTorch's output shape]
const CASES: ['rearrange' | 'reduce' | 'repeat', string, Record<string, number>, number[], number[]][] = [
  ["rearrange", "b c h w -> b (h w) c", {}, [2, 3, 8, 12], [2, 96, 3]],
  ["rearrange", "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", {"p1": 4, "p2": 4}, [2, 3, 8, 12], [2, 6, 48]],
  ["rearrange", "b n (h d) -> b h n d", {"h": 2}, [2, 10, 6], [2, 2, 10, 3]],
  ["rearrange", "b h n d -> b n (h d)", {}, [2, 4, 10, 3], [2, 10, 12]],
  ["rearrange", "b c h w -> b h w c", {}, [2, 3, 8, 12], [2, 8, 12, 3]],
  ["rearrange", "b ... -> b (...)", {}, [2, 3, 8, 12], [2, 288]],
  ["rearrange", "... c -> ... 1 c", {}, [2, 10, 6], [2, 10, 1, 6]],
  ["reduce", "b c h w -> b c", {}, [2, 3, 8, 12], [2, 3]],
  ["reduce", "b c (h 2) (w 2) -> b c h w", {}, [2, 3, 8, 12], [2, 3, 4, 6]],
  ["reduce", "b n d -> b d", {}, [2, 10, 6], [2, 6]],
  ["repeat", "1 n d -> b n d", {"b": 2}, [1, 10, 6], [2, 10, 6]],
  ["repeat", "n d -> b n d", {"b": 2}, [10, 6], [2, 10, 6]],
  ["repeat", "b n d -> b n (d r)", {"r": 3}, [2, 10, 6], [2, 10, 18]],
];

describe('einops patterns', () => {
  for (const [op, pattern, axes, input, want] of CASES) {
    it(`${op} '${pattern}' of ${input.join('x')}: PyTorch ${want.join('x')}`, () => {
      assert.deepStrictEqual(einopsShape(op, pattern, axes, input), want);
    });
  }
  it('keeps the batch dim apart: batched, a repeat to the batch size, and what mixes it with others is unknown', () => {
    assert.deepStrictEqual(einopsShape('rearrange', 'b c h w -> b (h w) c', {}, ['B', 3, 8, 12]), ['B', 96, 3]);
    assert.deepStrictEqual(einopsShape('repeat', '1 n d -> b n d', { b: 'B' } as Record<string, FullDim>, [1, 10, 6]), ['B', 10, 6]);
    assert.strictEqual(typeof einopsShape('rearrange', 'b c h w -> (b c) h w', {}, ['B', 3, 8, 12]), 'string');
    assert.strictEqual(typeof einopsShape('reduce', 'b c -> c', {}, ['B', 3]), 'string');
    assert.strictEqual(typeof einopsShape('rearrange', '(b t) c -> b t c', { t: 2 }, ['B', 3]), 'string');
  });
  it('gives no shape where einops raises', () => {
    // a dim that the axis lengths do not divide, an axis left out of a rearrange, one axis twice, a rank mismatch
    assert.strictEqual(typeof einopsShape('rearrange', 'b (h p) -> b h p', { p: 5 }, ['B', 12]), 'string');
    assert.strictEqual(typeof einopsShape('rearrange', 'b c h w -> b (h w)', {}, ['B', 3, 8, 8]), 'string');
    assert.strictEqual(typeof einopsShape('rearrange', 'b h h -> b h', {}, ['B', 3, 3]), 'string');
    assert.strictEqual(typeof einopsShape('rearrange', 'b c h w -> b c (h w)', {}, ['B', 3, 8]), 'string');
    assert.strictEqual(typeof einopsShape('rearrange', 'b (h w) -> b h w', {}, ['B', 12]), 'string');
  });
  it('the layers count no parameters, and a model built with them is counted', () => {
    const src = [
      '# input: 3x32x32',
      'import torch.nn as nn',
      'from einops import rearrange, repeat',
      'from einops.layers.torch import Rearrange, Reduce',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      "        self.embed = nn.Sequential(Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=8, p2=8), nn.Linear(192, 16))",
      "        self.pool = Reduce('b n d -> b d', 'mean')",
      '        self.head = nn.Linear(16, 10)',
      '    def forward(self, x):',
      '        x = self.embed(x)',
      "        x = rearrange(x, 'b n (h d) -> b h n d', h=2)",
      "        x = rearrange(x, 'b h n d -> b n (h d)')",
      '        return self.head(self.pool(x))',
    ].join('\n');
    const m = analyzeText(src, 't.py', 'python').models.find((x) => x.name === 'Net')!;
    // PyTorch: embed.1 3,088 + head 170 parameters; output [1, 10]; embed.1 sees [1, 16, 192].
    assert.strictEqual(m.params, 3088 + 170);
    assert.deepStrictEqual(m.outputShape, [10]);
    assert.deepStrictEqual(m.layers.find((l) => l.path === 'embed.0')?.outputShape, [16, 192]);
    assert.strictEqual(m.macs, 16 * 192 * 16 + 16 * 10);
  });
});
