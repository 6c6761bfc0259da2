import * as fs from 'fs';
import { DOC, renderMatrix, withMatrix } from '../scripts/versions-table';
import { FEATURES, VERSIONS, stageAt } from '../src/rules/versions';

describe('docs/kubernetes-versions.md', () => {
  const text = fs.readFileSync(DOC, 'utf-8');

  test('the feature matrix matches src/rules/versions.ts (regenerate: npx ts-node -P test/tsconfig.json scripts/versions-table.ts --write)', () => {
    expect(text).toContain(renderMatrix());
    expect(withMatrix(text)).toBe(text);
  });

  test('the matrix has a row per gate and a column per version, and its cells say what the table says', () => {
    const rows = renderMatrix().split('\n').filter(l => l.startsWith('| `'));
    expect(rows).toHaveLength(FEATURES.length);
    const success = rows.find(r => r.startsWith('| `JobSuccessPolicy`'))!.split('|').slice(3, -1).map(c => c.trim());
    expect(success).toHaveLength(VERSIONS.length);
    expect(success[VERSIONS.indexOf('1.29')]).toBe('–');
    expect(success[VERSIONS.indexOf('1.30')]).toBe('alpha');
    expect(success[VERSIONS.indexOf('1.31')]).toBe('beta');
    expect(success[VERSIONS.indexOf('1.33')]).toBe('**GA**');
    expect(stageAt('JobSuccessPolicy', 33)).toBe('ga');
  });
});
