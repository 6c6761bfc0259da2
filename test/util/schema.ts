/**
 * Strict validation of manifests against the upstream Kubernetes 1.28 OpenAPI definitions
 * (test/k8s-schema/, see its README for provenance). Unknown fields are errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';

const SCHEMA_FILE = path.join(__dirname, '..', 'k8s-schema', 'v1.28.0', '_definitions.json');

type Definitions = { [name: string]: any };

let compiled: Map<string, ValidateFunction> | undefined;
let kinds: Map<string, string> | undefined;

/** Loads the definitions, makes them strict and applies the documented errata in memory. */
function loadDefinitions(): Definitions {
  const raw = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf-8')).definitions as Definitions;
  const defs: Definitions = JSON.parse(JSON.stringify(raw));
  for (const def of Object.values(defs)) {
    // Strict: an object with declared properties accepts no others.
    if (def.properties && def.additionalProperties === undefined) {
      def.additionalProperties = false;
    }
  }
  // Errata (see test/k8s-schema/README.md): the 1.28.0 OpenAPI lists `onPodConditions` as
  // required, but the API server accepts a rule with only `onExitCodes`
  // (kubernetes/kubernetes#120204).
  const rule = defs['io.k8s.api.batch.v1.PodFailurePolicyRule'];
  rule.required = (rule.required ?? []).filter((r: string) => r !== 'onPodConditions');
  // `PodFailurePolicyOnPodConditionsPattern.status` stays required: a CronJob's job template is
  // not defaulted by the API server, so the field must be written out (and cdk8s-batch always
  // writes it).
  return defs;
}

function setup(): void {
  if (compiled) return;
  const defs = loadDefinitions();
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema({ $id: 'k8s', definitions: defs });
  compiled = new Map();
  kinds = new Map();
  for (const [name, def] of Object.entries(defs)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      kinds.set(`${apiVersion}/${gvk.kind}`, name);
    }
  }
  // Compile lazily per kind, below.
  (setup as any).ajv = ajv;
}

/** One schema violation. */
export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

/**
 * Validates one manifest strictly against the 1.28 definition of its apiVersion/kind.
 * Returns the errors (empty when valid).
 */
export function validateManifest(manifest: any): SchemaError[] {
  setup();
  if (!manifest || typeof manifest !== 'object') {
    return [{ path: '', message: 'not an object' }];
  }
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const defName = kinds!.get(key);
  if (!defName) {
    return [{ path: '', message: `unknown apiVersion/kind ${key}` }];
  }
  let validate = compiled!.get(defName);
  if (!validate) {
    const ajv: Ajv = (setup as any).ajv;
    validate = ajv.compile({ $ref: `k8s#/definitions/${defName}` });
    compiled!.set(defName, validate);
  }
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(e => ({
    path: e.instancePath,
    message: `${e.message}${e.params && (e.params as any).additionalProperty ? ` (${(e.params as any).additionalProperty})` : ''}`,
  }));
}

/** Throws with every error when any manifest is invalid. */
export function expectValidManifests(manifests: any[]): void {
  const problems: string[] = [];
  manifests.forEach((m, i) => {
    for (const e of validateManifest(m)) {
      problems.push(`#${i} ${m?.kind}/${m?.metadata?.name}: ${e.path || '/'} ${e.message}`);
    }
  });
  if (problems.length) {
    throw new Error(`manifests fail the Kubernetes 1.28 schema:\n${problems.join('\n')}`);
  }
}
