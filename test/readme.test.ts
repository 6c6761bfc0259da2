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

  test('names the two commands that .ci/run and a newcomer use, each installing what it needs', () => {
    const section = README.slice(README.indexOf('## The two commands'), README.indexOf('## By use case'));
    const commands = [...section.matchAll(/^(npm [^#\n]*?)\s*(#.*)?$/gm)].map(m => m[1]);
    expect(commands).toEqual(['npm ci && npm run synth:examples', 'npm ci && npm test']);
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf-8');
    for (const command of commands) expect(ci).toMatch(new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|\\| exit 1$`, 'm'));
  });
});

describe('docs/', () => {
  test('values written next to a Defaults constant ("`3` (`Defaults.BACKOFF_LIMIT`)") match the code', () => {
    const docs = fs.readdirSync(path.join(__dirname, '..', 'docs')).map(f => fs.readFileSync(path.join(__dirname, '..', 'docs', f), 'utf-8'));
    const rendered = new Map(defaultsEntries().map(e => [e.name, e.value.replace(/^"|"$/g, '')]));
    let compared = 0;
    for (const text of [README, ...docs]) {
      for (const m of text.matchAll(/`([^`]+)` \(`Defaults\.([A-Z0-9_]+)`\)/g)) {
        const [, written, name] = m;
        const value = (Defaults as any)[name];
        expect(value).not.toBeUndefined();
        // A boolean switch is described by what it does (e.g. `DisruptionTarget`), not by its value.
        if (typeof value === 'boolean' && !['true', 'false'].includes(written)) continue;
        expect({ name, written }).toEqual({ name, written: rendered.get(name) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});
