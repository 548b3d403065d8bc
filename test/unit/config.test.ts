// package.json's contributed settings and the settings table the typed Config reads must agree.
import * as assert from 'assert';
import * as fs from 'fs';
import { SETTINGS } from '../../src/features/settings';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
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
