import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as ts from 'typescript';
import * as batch from '../src';

/**
 * Every ```ts block of README.md and docs/*.md is code a user will paste: each one is turned into
 * a module (imports kept, `cdk8s-batch` pointing at src/), type-checked, run, and every chart it
 * builds is synthesized (and so validated against the 1.28 schema by test/util/setup.ts).
 */
const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, '.cdk8s-batch-tmp', 'docs-snippets');

/** What a continuation snippet may use without importing it, by module. */
const MODULE_EXPORTS: Array<[string, string[]]> = [
  ['../../src', Object.keys(batch)],
  ['cdk8s', Object.keys(cdk8s)],
  ['cdk8s-plus-28', Object.keys(kplus).filter(n => n !== 'k8s')],
];

interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly module: string;
}

function snippets(): Snippet[] {
  const files = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
  const result: Snippet[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    for (const m of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      result.push({ file, line, module: toModule(m[1]) });
    }
  }
  return result;
}

/** Turns a snippet into a module exporting `run(): App`. */
function toModule(code: string): string {
  const imports: string[] = [];
  const body: string[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^import\s/.test(lines[i])) {
      let stmt = lines[i];
      while (!/;\s*$/.test(stmt) && i + 1 < lines.length) stmt += '\n' + lines[++i];
      imports.push(stmt.replace(/from 'cdk8s-batch'/, "from '../../src'"));
    } else if (!/^\s*app\.synth\(\);?\s*$/.test(lines[i])) {
      body.push(lines[i]);
    }
  }
  const src = body.join('\n');
  // Continuation snippets use names imported by an earlier snippet: import those that the
  // snippet uses and does not import itself, from the library first, then cdk8s, then kplus.
  const imported = new Set(imports.flatMap(i => (i.match(/\{([^}]*)\}/)?.[1] ?? '').split(',').map(n => n.trim().split(/\s+as\s+/).pop()!)));
  const taken = new Set(imported);
  for (const [module, names] of MODULE_EXPORTS) {
    const used = names.filter(n => !taken.has(n) && new RegExp(`\\b${n}\\b`).test(src));
    used.forEach(n => taken.add(n));
    if (used.length) imports.push(`import { ${used.join(', ')} } from '${module}';`);
  }
  const declaresApp = /\bconst app\b/.test(src);
  const declaresChart = /\bconst chart\b/.test(src);
  const preamble = [
    declaresApp ? '' : 'const app = new __App();',
    declaresChart ? '' : "const chart = new __Chart(app, 'docs');",
  ].join('\n');
  return [
    "import { App as __App, Chart as __Chart } from 'cdk8s';",
    ...imports,
    '// eslint-disable-next-line @typescript-eslint/no-unused-vars',
    'export function run(): __App {',
    preamble,
    src,
    'void chart;',
    'return app;',
    '}',
    '',
  ].join('\n');
}

const all = snippets();
const written = all.map((s, i) => {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `snippet-${i}.ts`);
  fs.writeFileSync(file, s.module);
  return { ...s, path: file };
});

describe('code in README.md and docs/', () => {
  test('there are snippets to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  test('every snippet type-checks against the library', () => {
    const program = ts.createProgram(written.map(w => w.path), {
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      types: ['node'],
      noUnusedLocals: false,
      resolveJsonModule: true,
    });
    // The snippets' own diagnostics (and the program's global ones): the library's sources are
    // type-checked by the jsii compile; here they are only read for the types the snippets use.
    const snippetFiles = written.map(w => program.getSourceFile(w.path)!);
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...snippetFiles.flatMap(f => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
    ];
    expect(snippetFiles.every(f => f !== undefined)).toBe(true);
    const problems = diagnostics.map(d => {
      const w = written.find(x => x.path === d.file?.fileName);
      const where = w ? `${w.file}:${w.line}` : d.file?.fileName ?? '?';
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });

  test.each(written.map(w => [`${w.file}:${w.line}`, w.path]))('%s runs and synthesizes valid manifests', (_where, file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const app: App = require(file).run();
    let objects = 0;
    for (const chart of app.charts) objects += Testing.synth(chart).length;
    expect(objects).toBeGreaterThan(0);
  });
});
