/**
 * Strict validation of manifests against the full upstream Kubernetes OpenAPI definitions of a
 * version, 1.28 (the default) to 1.36 (test/k8s-schema/v1.NN.0/, see its README for provenance).
 * Unknown fields are errors. The errata that apply to a version (scripts/batch-schema.ts, `ERRATA`)
 * are applied in memory. Each version's definitions are read, and its ajv instance made, on the
 * first validation for that version; each kind's validator is compiled once per version.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { applyErrata } from '../../scripts/batch-schema';
import { minorOf } from '../../src/rules/versions';

/** The version validated against when none is given. */
export const DEFAULT_SCHEMA_VERSION = '1.28';

type Definitions = { [name: string]: any };

/** One version: its ajv instance (holding the definitions), definition names by apiVersion/kind, compiled validators. */
interface VersionSchema {
  readonly ajv: Ajv;
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
    const defs = loadDefinitions(v);
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'k8s', definitions: defs });
    const kinds = new Map<string, string>();
    for (const [name, def] of Object.entries(defs)) {
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        kinds.set(`${apiVersion}/${gvk.kind}`, name);
      }
    }
    schema = { ajv, kinds, compiled: new Map() };
    SCHEMAS.set(v, schema);
  }
  return schema;
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
  let validate = schema.compiled.get(defName);
  if (!validate) {
    validate = schema.ajv.compile({ $ref: `k8s#/definitions/${defName}` });
    schema.compiled.set(defName, validate);
  }
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
