/**
 * The property test generates what the props types allow, all of it: this file reads the jsii
 * assembly (`.jsii`, written by the compile) and those of cdk8s and cdk8s-plus-28, and fails when
 *
 * - `PROP_TYPES` (test/util/arbitraries.ts) differs from a props struct of the assembly;
 * - the typed generators never produce a prop of a props struct (recursively, through nested
 *   structs such as `ShardingOptions`, `InitContainer`, `VolumeMount`), a factory of a class a
 *   prop takes (every `Volume.from*`, `EnvValue.from*`, `Gpu.*`, `Schedule.*`, `Duration.*`...),
 *   a parameter or option of such a factory (given, and left out when optional), or an enum
 *   member reached that way;
 * - the misuse generator leaves a prop out, or `reflected()` has no check for one.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as batch from '../src';
import { ENUM_VALUES, Kind, PROPS_STRUCT, PROP_TYPES, STRUCT_BASES, misuseCandidates, typedProps } from './util/arbitraries';
import { FACTORIES, plain, resolve } from './util/property';
import { CHECKED_PROPS, REFLECTED } from './util/reflect';

const ROOT = path.join(__dirname, '..');
/** The assembly (PROPERTY_JSII reads another, e.g. to check the message when it is missing). */
const OWN = process.env.PROPERTY_JSII ?? path.join(ROOT, '.jsii');
const SAMPLES = Number(process.env.PROPERTY_COVERAGE_SAMPLES ?? 3000);
const SEED = Number(process.env.PROPERTY_SEED ?? 20240601);

/**
 * Structs the generators fill only in part, and why: only these props of them are required (and
 * the types they reach are not followed).
 */
const PARTIAL: { readonly [struct: string]: { readonly props: readonly string[]; readonly why: string } } = {
  'cdk8s-plus-28.ContainerProps': {
    props: ['image', 'name'],
    why: 'the `container` of EnvValue.fromResource() only gives the env var its container name; a Container\'s other props never reach the Job',
  },
};

// -------------------------------------------------------------------------------------------------
// The assemblies
// -------------------------------------------------------------------------------------------------

type TypeRef = { primitive?: string; fqn?: string; collection?: { kind: 'array' | 'map'; elementtype: TypeRef }; union?: unknown };
let types: { [fqn: string]: any } | undefined;

/** The types of .jsii and of the cdk8s and cdk8s-plus-28 assemblies; fails without a compiled .jsii. */
function jsii(): { [fqn: string]: any } {
  if (types) return types;
  if (!fs.existsSync(OWN)) {
    throw new Error(`${OWN} not found: compile first (\`npx projen compile\`, i.e. \`npx jsii --silence-warnings=reserved-word\`; \`npm test\` compiles before jest)`);
  }
  const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf-8')).types;
  const all = {
    ...read(require.resolve('cdk8s/.jsii')),
    ...read(require.resolve('cdk8s-plus-28/.jsii')),
    ...read(OWN),
  };
  types = all;
  return all;
}

/** A note for failures when .jsii is older than a source file (another engineer's change since the compile). */
function staleNote(): string {
  if (!fs.existsSync(OWN)) return '';
  const built = fs.statSync(OWN).mtimeMs;
  const newer = fs.readdirSync(path.join(ROOT, 'src')).filter(f => f.endsWith('.ts') && fs.statSync(path.join(ROOT, 'src', f)).mtimeMs > built);
  return newer.length ? `\n(note: .jsii is older than ${newer.length} file(s) of src/, e.g. src/${newer[0]}: recompile with \`npx projen compile\` and rerun)` : '';
}

/** Every prop of a struct with the struct that declares it (inherited ones first). */
function structProps(fqn: string): Array<{ prop: any; owner: string }> {
  const t = jsii()[fqn];
  if (!t) return [];
  return [...(t.interfaces ?? []).flatMap((i: string) => structProps(i)), ...(t.properties ?? []).map((prop: any) => ({ prop, owner: fqn }))];
}

/** A type reference in the notation of PROP_TYPES (`string[]`, `{number}`, `Duration`). */
function notation(ref: TypeRef): string {
  if (ref.primitive) return ref.primitive;
  if (ref.collection) {
    const e = notation(ref.collection.elementtype);
    return ref.collection.kind === 'array' ? `${e}[]` : `{${e}}`;
  }
  return ref.fqn ? ref.fqn.split('.').pop()! : JSON.stringify(ref);
}

const isStruct = (t: any) => t?.kind === 'interface' && t.datatype === true;
const isScope = (p: any) => p.type?.fqn === 'constructs.Construct';

/** The factories that make a value of `fqn`: static methods returning it, else the constructor. */
function factoriesOf(fqn: string): Array<{ cls: string; method: string; params: any[] }> {
  const out: Array<{ cls: string; method: string; params: any[] }> = [];
  for (const [cls, t] of Object.entries(jsii())) {
    for (const m of t.methods ?? []) {
      if (m.static && m.returns?.type?.fqn === fqn) out.push({ cls, method: m.name, params: m.parameters ?? [] });
    }
  }
  const t = jsii()[fqn];
  if (out.length === 0 && t?.kind === 'class' && t.initializer) out.push({ cls: fqn, method: 'new', params: t.initializer.parameters ?? [] });
  return out;
}

/** The parameters a recipe gives (those after a scope and its id). */
function recipeParams(params: any[]): any[] {
  const i = params.findIndex(isScope);
  return i < 0 ? params : [...params.slice(0, i), ...params.slice(i + 2)];
}

/** The runtime enum object of an enum fqn. */
function runtimeEnum(fqn: string): { [member: string]: string } | undefined {
  const [assembly, ...rest] = fqn.split('.');
  const mod: any = assembly === 'cdk8s-batch' ? batch : assembly === 'cdk8s-plus-28' ? kplus : assembly === 'cdk8s' ? cdk8s : undefined;
  return rest.reduce((o, k) => o?.[k], mod);
}

// -------------------------------------------------------------------------------------------------
// What must be produced
// -------------------------------------------------------------------------------------------------

/** Every key the generators must produce, with how it is reached. */
function expected(): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (ref: TypeRef | undefined, via: string): void => {
    if (!ref) return;
    if (ref.collection) return visit(ref.collection.elementtype, via);
    if (!ref.fqn || seen.has(ref.fqn)) return;
    seen.add(ref.fqn);
    const t = jsii()[ref.fqn];
    if (!t) return;
    if (t.kind === 'enum') {
      for (const m of t.members) out.set(`${ref.fqn}.${m.name}`, `${via} (enum member)`);
    } else if (isStruct(t)) {
      const partial = PARTIAL[ref.fqn];
      for (const { prop, owner } of structProps(ref.fqn)) {
        if (partial && !partial.props.includes(prop.name)) continue;
        out.set(`${owner}.${prop.name}`, via);
        if (!partial) visit(prop.type, `${via} > ${prop.name}`);
      }
    } else {
      for (const f of factoriesOf(ref.fqn)) {
        const name = `${f.cls}.${f.method}`;
        out.set(`${name}()`, `${via} (factory)`);
        for (const p of recipeParams(f.params)) {
          out.set(`${name}(${p.name})`, `${via} > ${name}`);
          if (p.optional) out.set(`${name}(${p.name}: omitted)`, `${via} > ${name}`);
          visit(p.type, `${via} > ${name}(${p.name})`);
        }
      }
    }
  };
  for (const struct of Object.values(PROPS_STRUCT)) visit({ fqn: struct }, struct.replace(/^cdk8s-batch\./, ''));
  return out;
}

// -------------------------------------------------------------------------------------------------
// What is produced
// -------------------------------------------------------------------------------------------------

function produced(): Set<string> {
  const got = new Set<string>();
  const walk = (ref: TypeRef, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (ref.collection) {
      const values = ref.collection.kind === 'array' ? (Array.isArray(value) ? value : []) : (typeof value === 'object' ? Object.values(value as object) : []);
      for (const v of values) walk(ref.collection.elementtype, v);
      return;
    }
    const t = ref.fqn ? jsii()[ref.fqn] : undefined;
    if (!t) return;
    if (t.kind === 'enum') {
      const e = runtimeEnum(ref.fqn!);
      for (const m of t.members) if (e?.[m.name] === value) got.add(`${ref.fqn}.${m.name}`);
    } else if (isStruct(t) && typeof value === 'object') {
      for (const { prop, owner } of structProps(ref.fqn!)) {
        const v = (value as any)[prop.name];
        if (v === undefined) continue;
        got.add(`${owner}.${prop.name}`);
        walk(prop.type, v);
      }
    }
  };
  const onCall = (name: string, args: unknown[]) => {
    const f = FACTORIES[name];
    const method = name.split('.').pop()!;
    const t = jsii()[f.fqn];
    const params = method === 'new' ? t?.initializer?.parameters ?? [] : (t?.methods ?? []).find((m: any) => m.name === method && m.static)?.parameters ?? [];
    const key = `${f.fqn}.${method}`;
    got.add(`${key}()`);
    recipeParams(params).forEach((p, i) => {
      if (args[i] === undefined) {got.add(`${key}(${p.name}: omitted)`);} else {
        got.add(`${key}(${p.name})`);
        walk(p.type, args[i]);
      }
    });
  };
  for (const kind of Object.keys(PROPS_STRUCT) as Kind[]) {
    for (const recipe of fc.sample(typedProps[kind], { numRuns: SAMPLES, seed: SEED })) {
      const chart = new Chart(new App({ outdir: '/tmp/cdk8s-batch-property' }), 'coverage');
      let props: unknown;
      try {
        props = resolve(chart, plain(recipe), onCall);
      } catch {
        continue; // a factory call the recipe makes on purpose with a value it refuses
      }
      walk({ fqn: PROPS_STRUCT[kind] }, props);
    }
  }
  return got;
}

// -------------------------------------------------------------------------------------------------
// Tests
// -------------------------------------------------------------------------------------------------

test('.jsii has been compiled (npm test compiles before jest)', () => {
  expect(jsii()['cdk8s-batch.BatchJobOptions']).toBeDefined();
});

test('PROP_TYPES lists every props struct of the assembly, with each prop\'s type and optionality', () => {
  const problems: string[] = [];
  // Every struct a construct's props reach (and the options of the Gpu factories).
  const structs = new Set<string>();
  const visit = (fqn: string) => {
    if (structs.has(fqn) || !isStruct(jsii()[fqn])) return;
    structs.add(fqn);
    for (const i of jsii()[fqn].interfaces ?? []) visit(i);
    for (const p of jsii()[fqn].properties ?? []) {
      let ref: TypeRef = p.type;
      while (ref.collection) ref = ref.collection.elementtype;
      if (ref.fqn?.startsWith('cdk8s-batch.')) visit(ref.fqn);
    }
  };
  Object.values(PROPS_STRUCT).forEach(visit);
  for (const f of factoriesOf('cdk8s-batch.Gpu')) for (const p of f.params) if (p.type.fqn) visit(p.type.fqn);
  for (const fqn of structs) {
    const own = Object.fromEntries((jsii()[fqn].properties ?? []).map((p: any) => [p.name, `${notation(p.type)}${p.optional ? '?' : ''}`]));
    const bases = jsii()[fqn].interfaces ?? [];
    if (Object.keys(own).length > 0 || PROP_TYPES[fqn]) {
      for (const [prop, type] of Object.entries(own)) {
        if (PROP_TYPES[fqn]?.[prop] !== type) problems.push(`${fqn}.${prop}: .jsii says ${type}, PROP_TYPES says ${PROP_TYPES[fqn]?.[prop] ?? 'nothing'}`);
      }
      for (const prop of Object.keys(PROP_TYPES[fqn] ?? {})) if (!(prop in own)) problems.push(`${fqn}.${prop}: in PROP_TYPES, not in .jsii`);
    }
    if (JSON.stringify(bases) !== JSON.stringify(STRUCT_BASES[fqn] ?? [])) problems.push(`${fqn} extends ${JSON.stringify(bases)} in .jsii, ${JSON.stringify(STRUCT_BASES[fqn] ?? [])} in STRUCT_BASES`);
  }
  for (const [name, values] of Object.entries(ENUM_VALUES)) {
    const fqn = Object.keys(jsii()).find(k => k.endsWith(`.${name}`) && jsii()[k].kind === 'enum');
    const actual = fqn ? Object.values(runtimeEnum(fqn) ?? {}) : [];
    if (JSON.stringify([...actual].sort()) !== JSON.stringify([...values].sort())) problems.push(`enum ${name}: ${JSON.stringify(actual)} at runtime, ${JSON.stringify(values)} in ENUM_VALUES`);
  }
  if (problems.length) throw new Error(`update test/util/arbitraries.ts:\n${problems.join('\n')}${staleNote()}`);
});

test(`the typed generators produce every prop, factory, factory option and enum member the props types reach (${SAMPLES} samples per construct)`, () => {
  const want = expected();
  const got = produced();
  const missing = [...want].filter(([k]) => !got.has(k)).map(([k, via]) => `${k}   (via ${via})`);
  if (missing.length) {
    throw new Error(`never produced by test/util/arbitraries.ts (add a generator, or list the struct in PARTIAL with the reason):\n${missing.join('\n')}${staleNote()}`);
  }
  // The harness knows how to make every factory it may be asked for.
  for (const key of want.keys()) {
    const m = /^([\w.-]+)\.(\w+)\(\)$/.exec(key);
    if (m) expect(Object.values(FACTORIES).some(f => f.fqn === m[1] && (f.source.endsWith(`.${m[2]}`) || (m[2] === 'new' && f.source.startsWith('new '))))).toBe(true);
  }
}, 120_000);

test('the misuse generator misuses every prop of every construct, and of every nested struct', () => {
  const problems: string[] = [];
  for (const [kind, struct] of Object.entries(PROPS_STRUCT)) {
    const candidates = misuseCandidates(kind as Kind);
    const at = new Set(candidates.map(c => c.misuse.at));
    for (const { prop } of structProps(struct)) {
      if (!candidates.some(c => c.misuse.prop === prop.name && c.misuse.category === 'null')) problems.push(`${kind}: no null for '${prop.name}'`);
      if (candidates.filter(c => c.misuse.prop === prop.name && c.misuse.category !== 'null').length < 2) {
        problems.push(`${kind}: fewer than two wrong-type misuses of '${prop.name}'`);
      }
      // Nested structs: each of their props is misused too.
      let ref: TypeRef = prop.type;
      while (ref.collection) ref = ref.collection.elementtype;
      if (ref.fqn && isStruct(jsii()[ref.fqn])) {
        for (const { prop: inner } of structProps(ref.fqn)) {
          if (![...at].some(a => a.startsWith(prop.name) && a.includes(`.${inner.name}`))) problems.push(`${kind}: no misuse of '${prop.name}...${inner.name}'`);
        }
      }
    }
    if (!candidates.some(c => c.misuse.category === 'unknown-prop')) problems.push(`${kind}: no misspelled prop`);
  }
  if (problems.length) throw new Error(`${problems.join('\n')}${staleNote()}`);
});

test('reflected() has a check for every prop of every props struct', () => {
  const problems: string[] = [];
  for (const [struct, props] of Object.entries(PROP_TYPES)) {
    for (const prop of Object.keys(props)) if (!REFLECTED[struct]?.[prop]) problems.push(`${struct}.${prop}: no entry in REFLECTED`);
  }
  for (const struct of ['cdk8s-batch.BatchJobOptions', 'cdk8s-batch.ShardingOptions', 'cdk8s-batch.NightlyCronJobProps']) {
    for (const prop of Object.keys(PROP_TYPES[struct])) if (!CHECKED_PROPS.includes(prop)) problems.push(`${struct}.${prop}: reflected() has no check`);
  }
  expect(problems).toEqual([]);
});
