/**
 * Strict validation of manifests against the full upstream Kubernetes OpenAPI definitions of a
 * version, 1.28 (the default) to 1.36 (test/k8s-schema/v1.NN.0/, see its README for provenance).
 * Unknown fields are errors. The errata that apply to a version (scripts/batch-schema.ts, `ERRATA`)
 * are applied in memory. Each version's definitions are read on the first validation for that
 * version; each kind's validator is made once per version and test file.
 *
 * Compiling a kind's validator is the costly part (about 0.4 s for a Job: ajv generates code for
 * every definition the Job reaches), and every test file that synthesizes a manifest needs one. So
 * the code ajv generates is kept on disk (ajv's standalone code) under
 * node_modules/.cache/cdk8s-batch-test-schema/, in a folder named by a hash of everything it
 * depends on: the definitions as validated (errata applied), the ajv options and the ajv version.
 * Another test file, in any jest worker, then loads the same validator instead of compiling it
 * again; a changed definitions file, erratum or ajv version gets a new folder, so a stale
 * validator is never used. The cache is an optimization only: a missing, unreadable or unwritable
 * cache means compiling, as before.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { Options, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { applyErrata } from '../../scripts/batch-schema';
import { minorOf } from '../../src/rules/versions';

/** The version validated against when none is given. */
export const DEFAULT_SCHEMA_VERSION = '1.28';

type Definitions = { [name: string]: any };

/** How every version's ajv instance is made (`code.source` keeps the generated code, for the cache). */
const AJV_OPTIONS: Options = { allErrors: true, strict: false, validateFormats: false, code: { source: true } };

/** Where generated validators are kept, one folder per hash of their inputs (see above). */
const CACHE_DIR = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk8s-batch-test-schema');

/** One version: its definitions, their cache key, definition names by apiVersion/kind, validators. */
interface VersionSchema {
  readonly definitions: Definitions;
  /** Hash of the definitions, the ajv options and the ajv version: the cache folder's name. */
  readonly key: string;
  /** Made (holding the definitions) on the first validator that is not in the cache. */
  ajv?: Ajv;
  readonly kinds: Map<string, string>;
  readonly compiled: Map<string, ValidateFunction>;
}

const SCHEMAS = new Map<string, VersionSchema>();

/** `1.NN` of a version (`1.30`, `v1.30`, `1.30.2`); throws on one without a schema. */
function normalize(version: string): string {
  const minor = minorOf(version);
  if (minor === undefined) throw new Error(`no Kubernetes schema for version ${JSON.stringify(version)} (1.28 to 1.36)`);
  return `1.${minor}`;
}

/** The upstream definitions file of a version (`1.30`). */
export function schemaFile(version: string = DEFAULT_SCHEMA_VERSION): string {
  return path.join(__dirname, '..', 'k8s-schema', `v${normalize(version)}.0`, '_definitions.json');
}

/** Loads a version's definitions, makes them strict and applies the documented errata in memory. */
export function loadDefinitions(version: string = DEFAULT_SCHEMA_VERSION): Definitions {
  const v = normalize(version);
  const defs = JSON.parse(fs.readFileSync(schemaFile(v), 'utf-8')).definitions as Definitions;
  for (const def of Object.values(defs)) {
    // Strict: an object with declared properties accepts no others.
    if (def.properties && def.additionalProperties === undefined) {
      def.additionalProperties = false;
    }
  }
  // Errata (see test/k8s-schema/README.md): e.g. the 1.28.0 OpenAPI lists a pod failure policy
  // rule's `onPodConditions` as required, but the API server accepts a rule with only
  // `onExitCodes` (kubernetes/kubernetes#120204). A condition pattern's `status` stays required
  // where the file lists it (up to 1.34): cdk8s-batch always writes it.
  applyErrata(v, defs);
  return defs;
}

function schemaOf(version: string): VersionSchema {
  const v = normalize(version);
  let schema = SCHEMAS.get(v);
  if (!schema) {
    const definitions = loadDefinitions(v);
    const ajvVersion = JSON.parse(fs.readFileSync(require.resolve('ajv/package.json'), 'utf-8')).version;
    const key = crypto.createHash('sha256')
      .update(JSON.stringify({ ajv: ajvVersion, options: AJV_OPTIONS, definitions }))
      .digest('hex').slice(0, 32);
    const kinds = new Map<string, string>();
    for (const [name, def] of Object.entries(definitions)) {
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        kinds.set(`${apiVersion}/${gvk.kind}`, name);
      }
    }
    schema = { definitions, key, kinds, compiled: new Map() };
    SCHEMAS.set(v, schema);
  }
  return schema;
}

/**
 * The validator of a definition: made once per version (in this test file), loaded from the cache
 * when another test file already compiled it, else compiled, and its code written to the cache.
 */
function validatorOf(schema: VersionSchema, defName: string): ValidateFunction {
  let validate = schema.compiled.get(defName);
  if (validate) return validate;
  const file = path.join(CACHE_DIR, schema.key, `${defName}.js`);
  validate = loadCached(file);
  if (!validate) {
    if (!schema.ajv) {
      schema.ajv = new Ajv(AJV_OPTIONS);
      schema.ajv.addSchema({ $id: 'k8s', definitions: schema.definitions });
    }
    validate = schema.ajv.compile({ $ref: `k8s#/definitions/${defName}` });
    writeCached(file, standaloneCode(schema.ajv, validate));
  }
  schema.compiled.set(defName, validate);
  return validate;
}

/** A validator from the cache; undefined when it is not there or cannot be loaded. */
function loadCached(file: string): ValidateFunction | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const validate = require(file);
    return typeof validate === 'function' ? validate : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a validator's code to the cache: whole or not at all (test files in other workers may read it). */
function writeCached(file: string, code: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  } catch {
    // No cache (e.g. a read-only node_modules): the next test file compiles again.
    fs.rmSync(tmp, { force: true });
  }
}

/** One schema violation. */
export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

/**
 * Validates one manifest strictly against the definition of its apiVersion/kind in `version`
 * (default 1.28). Returns the errors (empty when valid).
 */
export function validateManifest(manifest: any, version: string = DEFAULT_SCHEMA_VERSION): SchemaError[] {
  const schema = schemaOf(version);
  if (!manifest || typeof manifest !== 'object') {
    return [{ path: '', message: 'not an object' }];
  }
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const defName = schema.kinds.get(key);
  if (!defName) {
    return [{ path: '', message: `unknown apiVersion/kind ${key}` }];
  }
  const validate = validatorOf(schema, defName);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(e => ({
    path: e.instancePath,
    message: `${e.message}${e.params && (e.params as any).additionalProperty ? ` (${(e.params as any).additionalProperty})` : ''}`,
  }));
}

/** Throws with every error when any manifest is invalid in `version` (default 1.28). */
export function expectValidManifests(manifests: any[], version: string = DEFAULT_SCHEMA_VERSION): void {
  const v = normalize(version);
  const problems: string[] = [];
  manifests.forEach((m, i) => {
    for (const e of validateManifest(m, v)) {
      problems.push(`#${i} ${m?.kind}/${m?.metadata?.name}: ${e.path || '/'} ${e.message}`);
    }
  });
  if (problems.length) {
    throw new Error(`manifests fail the Kubernetes ${v} schema:\n${problems.join('\n')}`);
  }
}
