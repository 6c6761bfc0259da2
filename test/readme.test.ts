import * as fs from 'fs';
import * as path from 'path';
import { defaultsEntries, renderDefaultsTable } from '../scripts/defaults-table';
import { Defaults } from '../src';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

describe('README', () => {
  test('the defaults table matches src/defaults.ts (regenerate: npx ts-node -P test/tsconfig.json scripts/defaults-table.ts --write)', () => {
    expect(README).toContain(renderDefaultsTable());
  });

  test('the table lists every Defaults constant', () => {
    const listed = defaultsEntries().map(e => e.name).sort();
    const actual = Object.getOwnPropertyNames(Defaults).filter(n => /^[A-Z][A-Z0-9_]*$/.test(n)).sort();
    expect(listed).toEqual(actual);
  });

  test('names the two commands that .ci/run and a newcomer use', () => {
    expect(README).toContain('npm run synth:examples');
    expect(README).toContain('npm test');
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf-8');
    expect(ci).toMatch(/^npm run synth:examples$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
