// The yardstick on published code: every torchvision classification builder (Debian's python3-torchvision 0.14)
// must give PyTorch's own count (test/fixtures/torchvision/counts.json, from test/oracle/torchvision_counts.py).
// .ci/run installs the package; without its sources the test is skipped and says why.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/analyze';

const ROOT = '/usr/lib/python3/dist-packages/torchvision/models';
const counts = JSON.parse(fs.readFileSync('test/fixtures/torchvision/counts.json', 'utf8')) as { builders: { builder: string; file: string; params: number }[] };
/** Detection, segmentation, video, optical flow and quantizable builders, called with default arguments. */
const more = JSON.parse(fs.readFileSync('test/fixtures/torchvision/more-counts.json', 'utf8')) as { builders: { builder: string; function: string; file: string; params: number }[] };
/** Builders Layer Lens cannot follow yet (unknown with a reason, never a number): RAFT's correlation block, and
 * SSD's heads, sized from a forward pass run while the model is built. */
const NOT_YET = new Set(['raft_large', 'raft_small', 'ssd300_vgg16', 'ssdlite320_mobilenet_v3_large']);

/** Builders whose count differs from PyTorch's (wrong), and those without PyTorch's count (outside `notYet`). */
function compare(builders: { builder: string; function: string; file: string; params: number }[], notYet: Set<string>) {
  const reports = analyseAll([...new Set(builders.map((b) => b.file))]);
  const wrong: string[] = [];
  const notExact: string[] = [];
  for (const b of builders) {
    const m = reports.get(b.file)!.models.find((x) => x.name === b.function && x.kind === 'function');
    if (m && m.params !== null && m.params !== b.params) wrong.push(`${b.builder}: ${m.params} vs PyTorch ${b.params}`);
    else if (!m || m.params !== b.params) {
      if (!notYet.has(b.builder) || !m) notExact.push(`${b.builder}: ${m ? m.unknown.params : 'missing'}`);
      else assert.ok(m.unknown.params, `${b.builder} says why its count is unknown`);
    }
  }
  return { wrong, notExact };
}

const reader = { read: (p: string) => { try { return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null; } catch { return null; } } };
function analyseAll(files: string[]) {
  return new Map(files.map((f) => {
    const abs = path.posix.join(ROOT, f);
    return [f, analyzeText(fs.readFileSync(abs, 'utf8'), abs, 'python', { imports: { reader, roots: [] }, remember: false })];
  }));
}

describe('torchvision classification builders against PyTorch', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(ROOT)) {
      console.log(`      (skipped: no torchvision sources at ${ROOT}; apt-get install python3-torchvision)`);
      this.skip();
    }
  });

  it('gives PyTorch\'s exact count for all 80 builders, and none wrong', () => {
    const { wrong, notExact } = compare(counts.builders.map((b) => ({ ...b, function: b.builder })), new Set());
    assert.deepStrictEqual(wrong, []);
    assert.deepStrictEqual(notExact, []);
    assert.strictEqual(counts.builders.length, 80);
  });

  it('gives the exact count of the 38 other builders (or, for 4, an unknown with its reason), none wrong', () => {
    const { wrong, notExact } = compare(more.builders, NOT_YET);
    assert.deepStrictEqual(wrong, []);
    assert.deepStrictEqual(notExact, []);
    assert.strictEqual(more.builders.length, 38);
  });
});

// Fine-tuning a torchvision model, the most common way students build one. PyTorch 1.13 with Debian's
// torchvision 0.14, running build() and build_vgg(): 11,181,642 params of which 5,130 trainable, output (1, 10);
// 128,786,821 params, all trainable, output (1, 5).
const FINETUNE = `import torch
import torch.nn as nn
import torchvision
from torchvision import models

# input: 3x224x224
def build(num_classes=10):
    model = models.resnet18(weights=None)
    for p in model.parameters():
        p.requires_grad = False
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    return model

# input: 3x224x224
def build_vgg():
    m = torchvision.models.vgg11()
    m.classifier[6] = nn.Linear(4096, 5)
    return m
`;

describe('a torchvision model fine-tuned in a user file', function () {
  this.timeout(120_000);
  const file = '/w/finetune.py';
  const fsReader = { read: (p: string) => (p === file ? FINETUNE : (() => { try { return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null; } catch { return null; } })()) };

  it('without torchvision among the import folders: PyTorch\'s counts all the same, from what PyTorch counts of each builder', () => {
    const r = analyzeText(FINETUNE, file, 'python', { imports: { reader: fsReader, roots: ['/w'] }, remember: false });
    // The same numbers as with torchvision's source (the next test) and as PyTorch's: 11,181,642 with 5,130 trainable,
    // and 128,786,821. The known part of each builder (scripts/torchvision-zoo.py) less the head the code replaces.
    assert.deepStrictEqual(r.models.map((m) => [m.name, m.params, m.trainable]), [['build', 11181642, 5130], ['build_vgg', 128786821, 128786821]]);
    assert.deepStrictEqual(r.models[0].layers.map((l) => [l.path, l.type, l.params, l.trainable]), [['resnet18(…)', 'ResNet', 11176512, 0], ['fc', 'Linear', 5130, 5130]]);
    assert.deepStrictEqual(r.models[1].layers.map((l) => [l.path, l.type, l.params]), [['vgg11(…)', 'VGG', 128766336], ['classifier.6', 'Linear', 20485]]);
    // Its forward pass is not followed without the source: the output shape is unknown, with what to do.
    for (const m of r.models) assert.match(m.unknown.outputShape ?? '', /torchvision\.models\.\w+\(\) builds its model in torchvision.*layerLens\.python\.extraPaths/);
  });

  it('without torchvision\'s source, every classification builder but GoogLeNet and Inception v3 gives PyTorch\'s count', () => {
    // counts.json comes from test/oracle/torchvision_counts.py, a run of PyTorch separate from scripts/torchvision-zoo.py.
    const builders = counts.builders.filter((b) => b.builder !== 'googlenet' && b.builder !== 'inception_v3');
    const src = `from torchvision import models\n${builders.map((b) => `m_${b.builder} = models.${b.builder}(weights=None)\n`).join('')}`;
    const r = analyzeText(src, file, 'python', { imports: { reader: fsReader, roots: ['/w'] }, remember: false });
    assert.strictEqual(builders.length, 78);
    assert.deepStrictEqual(r.models.map((m) => [m.name, m.params]), builders.map((b) => [`m_${b.builder}`, b.params]));
  });

  it('without torchvision\'s source: a part removed with None is gone; a module set below the parts leaves the count unknown', () => {
    const src = 'import torch.nn as nn\nfrom torchvision import models\na = models.resnet18(weights=None)\na.fc = None\nc = models.resnet18(weights=None)\nc.layer4[0].conv1 = nn.Conv2d(256, 512, 5, 2, 2, bias=False)\n';
    const r = analyzeText(src, file, 'python', { imports: { reader: fsReader, roots: ['/w'] }, remember: false });
    // PyTorch: 11,176,512 without fc; 13,786,664 with the bigger conv (the table holds layer4[0], not its conv1).
    assert.deepStrictEqual(r.models.map((m) => [m.name, m.params]), [['a', 11176512], ['c', null]]);
    assert.deepStrictEqual(r.models[1].layers.map((l) => [l.path, l.params]), [['resnet18(…)', null], ['layer4.0.conv1', 3276800]]);
  });

  it('torch.hub.load of torchvision\'s hub (its builders), and not of another repository', () => {
    const src = "import torch\nimport torch.nn as nn\nmodel = torch.hub.load('pytorch/vision:v0.10.0', 'resnet18', pretrained=True)\nmodel.fc = nn.Linear(512, 4)\nother = torch.hub.load('ultralytics/yolov5', 'yolov5s')\n";
    const r = analyzeText(src, file, 'python', { imports: { reader: fsReader, roots: ['/w'] }, remember: false });
    // PyTorch: resnet18 with fc = Linear(512, 4) holds 11,178,564.
    assert.deepStrictEqual(r.models.map((m) => [m.name, m.params]), [['model', 11178564], ['other', null]]);
    assert.match(r.models[1].unknown.params ?? '', /torch\.hub\.load fetches the code of its model/);
  });

  it('without torchvision\'s source: num_classes= is followed; other arguments, or weights with other classes, stay unknown', () => {
    const src = 'from torchvision import models\nm = models.resnet18(num_classes=3)\nv = models.vit_b_16(num_classes=3)\nt = models.mobilenet_v2(width_mult=0.5)\np = models.resnet18(pretrained=True, num_classes=3)\n';
    const r = analyzeText(src, file, 'python', { imports: { reader: fsReader, roots: ['/w'] }, remember: false });
    // PyTorch: resnet18(num_classes=3) 11,178,051 and vit_b_16(num_classes=3) 85,800,963; torchvision raises for
    // pretrained weights with 3 classes.
    assert.deepStrictEqual(r.models.map((m) => [m.name, m.params]), [['m', 11178051], ['v', 85800963], ['t', null], ['p', null]]);
    for (const m of r.models.slice(2)) assert.match(m.unknown.params ?? '', /layerLens\.python\.extraPaths/);
  });

  it('with the folder that holds torchvision: PyTorch\'s counts', function () {
    if (!fs.existsSync(ROOT)) this.skip();
    const r = analyzeText(FINETUNE, file, 'python', { imports: { reader: fsReader, roots: ['/w', path.dirname(path.dirname(ROOT))] }, remember: false });
    assert.deepStrictEqual(r.models.map((m) => [m.name, m.params, m.trainable, m.outputShape]), [['build', 11181642, 5130, [10]], ['build_vgg', 128786821, 128786821, [5]]]);
  });
});
