/**
 * Generates src/rules/k8s-batch.schema.json, the structural schemas the manifest rules check Jobs,
 * CronJobs and (headless) Services against (src/rules/schema.ts), one per target Kubernetes
 * version (1.28 to 1.36): for each version, the definitions of the upstream OpenAPI
 * (test/k8s-schema/v1.NN.0/_definitions.json) that io.k8s.api.batch.v1.Job,
 * io.k8s.api.batch.v1.CronJob and io.k8s.api.core.v1.Service reach, trimmed to the keywords the
 * validator reads, made strict, and with the errata that apply to that version.
 *
 * Most definitions do not change from one version to the next, so the file stores each distinct
 * trimmed definition once, in a pool keyed `<name>@<first version with that content>`. The oldest
 * version maps each of its definition names to the version part of the pool key; every later
 * version lists only what changed since the one before (a name mapped to its new pool key's
 * version, or to null when the version no longer has the definition). Loading one version is a
 * copy of the oldest map and at most eight small patches; a `$ref` names a definition, resolved
 * through the version's own map.
 *
 * `npx ts-node -P scripts/tsconfig.json scripts/batch-schema.ts --write` rewrites the file;
 * test/schema-rules.test.ts regenerates it in memory and fails when the committed copy is stale.
 * The generator refuses (throws) on anything the validator does not implement, so a newer
 * schema cannot be trimmed into one the validator silently misreads, and on an erratum declared
 * for a version whose upstream file no longer has the problem.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { VERSIONS } from '../src/rules/versions';

const ROOT = path.join(__dirname, '..');
/** The upstream definitions of a version (`1.30`), relative to the project root. */
export function sourceOf(version: string): string {
  return `test/k8s-schema/v${version}.0/_definitions.json`;
}
export const TARGET = 'src/rules/k8s-batch.schema.json';
export const ROOTS = ['io.k8s.api.batch.v1.Job', 'io.k8s.api.batch.v1.CronJob', 'io.k8s.api.core.v1.Service'];
export { VERSIONS };
const REF_PREFIX = '#/definitions/';

type Json = { [key: string]: any };

/** Keywords kept (what src/rules/schema.ts implements). */
const KEPT = ['type', 'format', 'properties', 'required', 'items', 'additionalProperties', '$ref', 'oneOf'];
/**
 * Keywords dropped: documentation, and hints for merging and server-side apply that do not change
 * what a create accepts (patch strategy and merge key: strategic merge patch; list type, list map
 * keys, map type: how server-side apply merges and owns fields; unions: apply's discriminator
 * hint). The 1.29 to 1.36 definitions the roots reach use no keyword, type or format beyond 1.28's.
 */
const DROPPED = [
  'description', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-unions',
];
const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'];
/** Formats the validator reads (int32, int64: integer ranges) or may ignore (date-time: any string is decoded). */
const FORMATS = ['int32', 'int64', 'date-time'];

/** A documented difference between an upstream file and what the API server accepts. */
export interface Erratum {
  /** The definition, e.g. `io.k8s.api.batch.v1.PodFailurePolicyRule`. */
  readonly definition: string;
  /** The field the upstream file lists in `required`. */
  readonly field: string;
  /**
   * `optional`: removed from `required` (the API server does not require it). `keep`: left
   * required as published; the validator relaxes it where the API server defaults it
   * (src/rules/schema-check.ts).
   */
  readonly fix: 'optional' | 'keep';
  /** The versions whose upstream file has the problem (the generator checks each). */
  readonly versions: readonly string[];
  readonly note: string;
}

const from = (first: string, last = VERSIONS[VERSIONS.length - 1]) => VERSIONS.filter(v => minor(v) >= minor(first) && minor(v) <= minor(last));
function minor(version: string): number {
  return Number(version.split('.')[1]);
}

/** The errata, applied in `generate` (and by test/util/schema.ts to the full upstream definitions). */
export const ERRATA: readonly Erratum[] = [
  {
    definition: 'io.k8s.api.batch.v1.PodFailurePolicyRule',
    field: 'onPodConditions',
    fix: 'optional',
    versions: ['1.28'],
    note: 'The 1.28.0 OpenAPI lists it as required, but the API server accepts a rule with only `onExitCodes` '
      + '(kubernetes/kubernetes#120204, in the 1.29.0 OpenAPI).',
  },
  {
    definition: 'io.k8s.api.core.v1.ScaleIOVolumeSource',
    field: 'secretRef',
    fix: 'optional',
    versions: from('1.28'),
    note: 'The OpenAPI lists it as required, but validateScaleIOVolumeSource requires only gateway, system and volumeName, '
      + 'and the API server does not enforce OpenAPI `required` on built-in types.',
  },
  {
    definition: 'io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern',
    field: 'status',
    fix: 'keep',
    versions: from('1.28', '1.34'),
    note: 'Stays required, as published. The API server defaults it to `True` in a Job before validating (SetDefaults_Job), '
      + 'so the validator treats it as optional in a Job; up to 1.33 a CronJob\'s job template is not defaulted, so there it '
      + 'must be written out; from 1.34 it is defaulted there too (kubernetes/kubernetes#131525). The 1.35.0 OpenAPI no longer '
      + 'lists it as required.',
  },
];

/**
 * Applies the errata of `version` to its definitions (trimmed or upstream), in place; throws when
 * an erratum declared for the version does not apply to them.
 */
export function applyErrata(version: string, definitions: { [name: string]: Json }, errata: readonly Erratum[] = ERRATA): void {
  for (const e of errata) {
    if (!e.versions.includes(version)) continue;
    const def = definitions[e.definition];
    if (!def?.required?.includes(e.field)) {
      throw new Error(`erratum no longer applies in ${version}: ${e.definition}.required has no ${e.field}`);
    }
    if (e.fix === 'optional') def.required = def.required.filter((r: string) => r !== e.field);
  }
}

/** Reads a version's upstream file. */
function readSource(version: string): string {
  return fs.readFileSync(path.join(ROOT, sourceOf(version)), 'utf-8');
}

/** Reads the upstream definitions of every version and returns the generated file's text. */
export function generate(read: (version: string) => string = readSource, errata: readonly Erratum[] = ERRATA): string {
  const pool: { [key: string]: Json } = {};
  /** Pool key by content (the canonical JSON of a trimmed definition), per name. */
  const byContent = new Map<string, string>();
  const versions: { [version: string]: { [name: string]: string | null } } = {};
  let previous: { [name: string]: string } | undefined;
  const sources: Json[] = [];
  for (const version of VERSIONS) {
    const text = read(version);
    sources.push({ version, file: sourceOf(version), sha256: crypto.createHash('sha256').update(text).digest('hex') });
    const upstream = JSON.parse(text).definitions as { [name: string]: Json };
    const definitions: { [name: string]: Json } = {};
    for (const name of reachable(upstream)) definitions[name] = trim(name, upstream[name], version);
    applyErrata(version, definitions, errata);
    const map: { [name: string]: string } = {};
    for (const name of Object.keys(definitions)) {
      const content = `${name} ${JSON.stringify(definitions[name])}`;
      let first = byContent.get(content);
      if (first === undefined) {
        first = version;
        byContent.set(content, first);
        pool[`${name}@${first}`] = definitions[name];
      }
      map[name] = first;
    }
    versions[version] = previous ? changes(previous, map) : map;
    previous = map;
  }
  const file = {
    provenance: {
      generated: 'Generated by scripts/batch-schema.ts from test/k8s-schema/v1.NN.0/_definitions.json; do not edit '
        + '(run `npx ts-node -P scripts/tsconfig.json scripts/batch-schema.ts --write`).',
      source: `The Kubernetes v${VERSIONS[0]}.0 to v${VERSIONS[VERSIONS.length - 1]}.0 OpenAPI (swagger 2.0) definitions, published by the Kubernetes project and `
        + 'redistributed by the cdk8s project as kubernetes-schemas/v1.NN.0/_definitions.json (see test/k8s-schema/README.md).',
      sources,
      license: 'Apache-2.0',
      roots: ROOTS,
      layout: '`definitions` holds each distinct trimmed definition once, keyed `<name>@<first version with that content>`. '
        + `\`versions["${VERSIONS[0]}"]\` maps each definition name of ${VERSIONS[0]} to the version part of its key; each later version `
        + 'lists only the names whose key changed since the version before (null: no longer defined). A `$ref` names a '
        + 'definition of the same version.',
      trimmed: 'Only the definitions the roots reach; only the keywords type, format, properties, required, items, '
        + 'additionalProperties, $ref and oneOf (descriptions and merge hints dropped); the roots keep '
        + 'x-kubernetes-group-version-kind and lose the `kind` enum (the validator picks the definition by kind).',
      strict: 'Every definition with properties and no additionalProperties has additionalProperties: false: the API server\'s '
        + 'strict field validation refuses unknown fields.',
      errata: errata.map(e => ({ definition: e.definition, field: e.field, fix: e.fix, versions: e.versions, note: e.note })),
    },
    versions,
    definitions: pool,
  };
  return serialize(file);
}

/** The file's JSON: indented, except that each definition takes one line (the file stays small and diffs by definition). */
function serialize(file: { provenance: Json; versions: Json; definitions: { [key: string]: Json } }): string {
  const lines = Object.entries(file.definitions).map(([key, def]) => `  ${JSON.stringify(key)}: ${JSON.stringify(def)}`);
  const head = JSON.stringify({ provenance: file.provenance, versions: file.versions }, null, 1);
  return `${head.slice(0, -2)},\n "definitions": {\n${lines.join(',\n')}\n }\n}\n`;
}

/** The entries of `next` that differ from `prev`, and null for the names `next` no longer has. */
function changes(prev: { [name: string]: string }, next: { [name: string]: string }): { [name: string]: string | null } {
  const out: { [name: string]: string | null } = {};
  for (const name of [...new Set([...Object.keys(prev), ...Object.keys(next)])].sort()) {
    if (!(name in next)) out[name] = null;
    else if (prev[name] !== next[name]) out[name] = next[name];
  }
  return out;
}

/** Names of the definitions the roots reach through $ref, sorted. */
function reachable(upstream: { [name: string]: Json }): string[] {
  const seen = new Set<string>();
  const todo = [...ROOTS];
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    if (!upstream[name]) throw new Error(`missing definition ${name}`);
    seen.add(name);
    JSON.stringify(upstream[name], (key, value) => {
      if (key === '$ref') todo.push(refName(value));
      return value;
    });
  }
  return [...seen].sort();
}

function refName(ref: unknown): string {
  if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${JSON.stringify(ref)}`);
  return ref.slice(REF_PREFIX.length);
}

/** One definition, trimmed and made strict. */
function trim(name: string, def: Json, version: string): Json {
  const out = node(def, name, version);
  if (ROOTS.includes(name)) {
    out['x-kubernetes-group-version-kind'] = def['x-kubernetes-group-version-kind'];
    const kind = out.properties?.kind;
    if (!kind?.enum) throw new Error(`${version} ${name}.kind has no enum to drop`);
    delete kind.enum;
  }
  return out;
}

/** A schema node with only the kept keywords, in a fixed order. */
function node(schema: Json, where: string, version: string): Json {
  for (const key of Object.keys(schema)) {
    const known = KEPT.includes(key) || DROPPED.includes(key) || key === 'x-kubernetes-group-version-kind' || (key === 'enum' && ROOTS.some(r => where === `${r}.kind`));
    if (!known) throw new Error(`${version} ${where}: keyword ${key} is not implemented by src/rules/schema.ts`);
  }
  if (schema.type !== undefined && !TYPES.includes(schema.type)) throw new Error(`${version} ${where}: type ${JSON.stringify(schema.type)} is not supported`);
  if (schema.format !== undefined && !FORMATS.includes(schema.format)) throw new Error(`${version} ${where}: format ${JSON.stringify(schema.format)} is not supported`);
  const out: Json = {};
  if (schema.$ref !== undefined) out.$ref = `${REF_PREFIX}${refName(schema.$ref)}`;
  if (schema.type !== undefined) out.type = schema.type;
  if (schema.format !== undefined) out.format = schema.format;
  if (schema.enum !== undefined) out.enum = schema.enum;
  if (schema.oneOf !== undefined) out.oneOf = schema.oneOf.map((s: Json, i: number) => node(s, `${where}.oneOf[${i}]`, version));
  if (schema.items !== undefined) out.items = node(schema.items, `${where}.items`, version);
  if (schema.properties !== undefined) {
    out.properties = {};
    for (const key of Object.keys(schema.properties).sort()) out.properties[key] = node(schema.properties[key], `${where}.${key}`, version);
  }
  if (schema.required !== undefined) out.required = [...schema.required];
  if (typeof schema.additionalProperties === 'object') {
    out.additionalProperties = node(schema.additionalProperties, `${where}.additionalProperties`, version);
  } else if (schema.additionalProperties !== undefined) {
    out.additionalProperties = schema.additionalProperties;
  } else if (schema.properties !== undefined) {
    out.additionalProperties = false;
  }
  return out;
}

if (require.main === module) {
  const text = generate();
  const target = path.join(ROOT, TARGET);
  if (process.argv.includes('--write')) {
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote ${TARGET} (${text.length} bytes)\n`);
  } else {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf-8') : '';
    process.stdout.write(current === text ? `${TARGET} is up to date\n` : `${TARGET} is stale; run with --write\n`);
    process.exitCode = current === text ? 0 : 1;
  }
}
