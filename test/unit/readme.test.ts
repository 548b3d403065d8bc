// README.md's generated sections (commands, settings, supported layers) must match package.json and the catalogs.
import * as assert from 'assert';
import * as fs from 'fs';
import { catalogs } from '../../src/core/catalog';
import { layersList, loadManifest, renderReadme } from '../../scripts/readme';

const pkg = loadManifest('.');
const readme = fs.readFileSync('README.md', 'utf8');

describe('README', () => {
  it('has up-to-date generated sections (run `npm run readme` to refresh them)', () => {
    const fresh = renderReadme(readme, pkg);
    if (fresh !== readme) {
      const a = readme.split('\n'), b = fresh.split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      assert.fail(`README.md is stale from line ${i + 1}:\n  README:    ${a[i]}\n  generated: ${b[i]}\nRun \`npm run readme\`.`);
    }
  });

  it('lists every layer name of every catalog', () => {
    const text = layersList();
    for (const [fw, catalog] of Object.entries(catalogs)) {
      if (fw === 'tfjs') continue; // listed by factory name
      for (const name of Object.keys(catalog)) assert.ok(text.includes(`\`${name}\``), `${fw} ${name}`);
    }
  });

  it('uses relative images (vsce rewrites them to the repository) and packages the icon', () => {
    for (const [, src] of readme.matchAll(/!\[[^[\]]*\]\(([^)\s]+)\)/g)) {
      assert.ok(/^media\/[\w./-]+\.png$/.test(src) || /^https:\/\//.test(src), `README image ${src}: a PNG under media/ or an https URL`);
    }
    assert.strictEqual(readme.match(/!\[/g)?.length, readme.match(/!\[[^[\]]*\]\(/g)?.length, 'image alt texts must not contain brackets (vsce would not rewrite them)');
    const icon = pkg.icon ?? 'media/icon.png';
    assert.ok(fs.existsSync(icon), `${icon} exists (node scripts/make-icon.mjs)`);
    const ignore = fs.readFileSync('.vscodeignore', 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes(`!${icon}`), '.vscodeignore keeps the icon');
  });
});
