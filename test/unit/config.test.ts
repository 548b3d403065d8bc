// package.json's contributed settings and the settings table the typed Config reads must agree.
import * as assert from 'assert';
import * as fs from 'fs';
import { SETTINGS } from '../../src/features/settings';
import { loadManifest } from '../../scripts/readme';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pkg = loadManifest('.') as any;
describe('settings', () => {
  const declared: Record<string, { default: unknown; markdownDescription?: string; type: string }> = {};
  for (const group of pkg.contributes.configuration) Object.assign(declared, group.properties);

  it('package.json declares exactly the settings Config reads, with the same defaults', () => {
    const table: Record<string, unknown> = SETTINGS;
    assert.deepStrictEqual(Object.keys(declared).sort(), Object.keys(table).map((k) => `layerLens.${k}`).sort());
    for (const [k, v] of Object.entries(table)) assert.deepStrictEqual(declared[`layerLens.${k}`].default, v, k);
  });

  it('every setting has a markdownDescription, and toggles end in .enable', () => {
    for (const [k, v] of Object.entries(declared)) {
      assert.ok(v.markdownDescription && v.markdownDescription.length > 20, `${k} needs a markdownDescription`);
      if (v.type === 'boolean' && !/^layerLens\.(showMacs)$/.test(k)) assert.match(k, /\.enable$/, `${k} is a toggle`);
    }
  });

  it('every command has the Layer Lens category', () => {
    for (const c of pkg.contributes.commands) assert.strictEqual(c.category, 'Layer Lens', c.command);
  });

  it('activates on the languages it serves, never on *', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    for (const l of ['python', 'typescript', 'javascript']) assert.ok(pkg.activationEvents.includes(`onLanguage:${l}`), l);
  });
});

describe('localization', () => {
  const raw = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const en = JSON.parse(fs.readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const zh = JSON.parse(fs.readFileSync('package.nls.zh-cn.json', 'utf8')) as Record<string, string>;

  it('every %key% of package.json has English and Simplified Chinese text', () => {
    const keys = [...JSON.stringify(raw).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length >= 10, `${keys.length} keys`);
    for (const k of keys) {
      assert.ok(en[k], `package.nls.json lacks ${k}`);
      assert.ok(zh[k], `package.nls.zh-cn.json lacks ${k}`);
    }
    assert.deepStrictEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  });

  it('every vscode.l10n.t string of the extension has a Simplified Chinese translation', () => {
    const bundle = JSON.parse(fs.readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')) as Record<string, string>;
    const used = new Set<string>();
    for (const f of fs.readdirSync('src/features')) {
      const src = fs.readFileSync(`src/features/${f}`, 'utf8');
      for (const m of src.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) used.add(m[1].replace(/\\'/g, "'"));
    }
    assert.ok(used.size >= 10, `${used.size} strings`);
    for (const u of used) assert.ok(bundle[u], `missing translation: ${u}`);
  });
});
