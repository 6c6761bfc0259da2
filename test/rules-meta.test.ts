import * as fc from 'fast-check';
import { RULES, checkManifest } from '../src/rules';

/**
 * Object metadata rules (src/rules/meta.ts), ported from the 1.28 API server's ValidateObjectMeta
 * (pkg/apis/core/validation, wrapping apimachinery's objectmeta.go), and the document's apiVersion
 * and kind (src/rules/index.ts). Each rule has a refused case and an accepted boundary case.
 */

/** A batch/v1 Job that passes every rule (warnings are left out of these tests). */
function job(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'train', namespace: 'ml', labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml' } },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'python:3.12' }],
        },
      },
    },
  };
}

/** The same pod in a CronJob. */
function cronJob(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: { schedule: '0 2 * * *', jobTemplate: { spec: job().spec } },
  };
}

const errors = (m: any) => checkManifest(m, { noWarnings: true }).findings;

type Case = [ruleId: string, what: string, make: () => any, path: string];

const owner = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: '0b7f6f5e-3c0a-4c5e-9a53-6a8e0f1d2c3b' };

/** Refused: each must yield `ruleId` at `path`. */
const REFUSED: Case[] = [
  ['metadata.name.required', 'no name and no generateName', () => { const m = job(); delete m.metadata.name; return m; }, 'metadata.name'],
  ['metadata.name.invalid', 'a name with capitals', () => { const m = job(); m.metadata.name = 'Train'; return m; }, 'metadata.name'],
  ['metadata.name.invalid', 'a name ending with a dot', () => { const m = job(); m.metadata.name = 'train.'; return m; }, 'metadata.name'],
  ['job.name.too-long', 'a Job name of 64 characters', () => { const m = job(); m.metadata.name = 'a'.repeat(64); return m; }, 'metadata.name'],
  ['cronjob.name.too-long', 'a CronJob name of 53 characters', () => { const m = cronJob(); m.metadata.name = 'a'.repeat(53); return m; }, 'metadata.name'],
  ['cronjob.name.too-long', 'a CronJob generateName of 48 characters (48 + 5 random > 52)', () => {
    const m = cronJob(); delete m.metadata.name; m.metadata.generateName = 'a'.repeat(48); return m;
  }, 'metadata.generateName'],
  ['metadata.generate-name.invalid', 'a generateName with capitals', () => { const m = job(); m.metadata.generateName = 'Train-'; return m; }, 'metadata.generateName'],
  ['metadata.generate-name.invalid', 'a generateName starting with a dash', () => { const m = job(); m.metadata.generateName = '-train'; return m; }, 'metadata.generateName'],
  ['metadata.generate-name.invalid', 'a generateName of a lone dash', () => { const m = job(); m.metadata.generateName = '-'; return m; }, 'metadata.generateName'],
  ['metadata.namespace.invalid', 'a namespace with a dot (a label, not a subdomain)', () => { const m = job(); m.metadata.namespace = 'ml.team'; return m; }, 'metadata.namespace'],
  ['metadata.namespace.invalid', 'a namespace of 64 characters', () => { const m = job(); m.metadata.namespace = 'a'.repeat(64); return m; }, 'metadata.namespace'],
  ['metadata.labels.invalid', 'a label key with a capitalised prefix', () => { const m = job(); m.metadata.labels = { 'Example.com/team': 'ml' }; return m; }, 'metadata.labels[Example.com/team]'],
  ['metadata.labels.invalid', 'a label value of 64 characters', () => { const m = job(); m.metadata.labels = { team: 'a'.repeat(64) }; return m; }, 'metadata.labels.team'],
  ['metadata.annotations.invalid', 'an annotation key with a space', () => { const m = job(); m.metadata.annotations = { 'owner team': 'ml' }; return m; }, 'metadata.annotations[owner team]'],
  ['metadata.annotations.invalid', 'an annotation key with two slashes', () => { const m = job(); m.metadata.annotations = { 'a/b/c': 'x' }; return m; }, 'metadata.annotations[a/b/c]'],
  ['metadata.annotations.too-large', 'annotations of 262145 bytes', () => { const m = job(); m.metadata.annotations = { k: 'v'.repeat(262144) }; return m; }, 'metadata.annotations'],
  ['metadata.annotations.too-large', 'annotations counted in bytes, not characters (é is 2 bytes)', () => {
    const m = job(); m.metadata.annotations = { k: 'é'.repeat(131072) }; return m;
  }, 'metadata.annotations'],
  ['metadata.owner-references.invalid', 'an owner reference without uid', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, uid: '' }]; return m; }, 'metadata.ownerReferences[0].uid'],
  ['metadata.owner-references.invalid', 'an owner reference without name', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, name: '' }]; return m; }, 'metadata.ownerReferences[0].name'],
  ['metadata.owner-references.invalid', 'an owner reference without kind', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, kind: '' }]; return m; }, 'metadata.ownerReferences[0].kind'],
  ['metadata.owner-references.invalid', 'an owner apiVersion without a version (`batch/`)', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, apiVersion: 'batch/' }]; return m; }, 'metadata.ownerReferences[0].apiVersion'],
  ['metadata.owner-references.invalid', 'an owner apiVersion with two slashes', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, apiVersion: 'a/b/c' }]; return m; }, 'metadata.ownerReferences[0].apiVersion'],
  ['metadata.owner-references.invalid', 'a v1 Event as owner (BannedOwners)', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, apiVersion: 'v1', kind: 'Event' }]; return m; }, 'metadata.ownerReferences[0]'],
  ['metadata.owner-references.invalid', 'two controllers', () => {
    const m = job(); m.metadata.ownerReferences = [{ ...owner, controller: true }, { ...owner, name: 'other', controller: true }]; return m;
  }, 'metadata.ownerReferences[1]'],
  ['metadata.finalizers.invalid', 'a bare finalizer that is not a standard one', () => { const m = job(); m.metadata.finalizers = ['cleanup']; return m; }, 'metadata.finalizers[0]'],
  ['metadata.finalizers.invalid', 'a finalizer that is not a qualified name', () => { const m = job(); m.metadata.finalizers = ['example.com/clean up']; return m; }, 'metadata.finalizers[0]'],
  ['metadata.finalizers.invalid', 'orphan and foregroundDeletion together', () => { const m = job(); m.metadata.finalizers = ['orphan', 'foregroundDeletion']; return m; }, 'metadata.finalizers'],
  ['metadata.resource-version', 'a resourceVersion (copied from kubectl get -o yaml)', () => { const m = job(); m.metadata.resourceVersion = '123456'; return m; }, 'metadata.resourceVersion'],
  ['object.type-meta', 'no kind', () => { const m = job(); delete m.kind; return m; }, 'kind'],
  ['object.type-meta', 'an empty apiVersion', () => { const m = job(); m.apiVersion = ''; return m; }, 'apiVersion'],
  ['object.kind', 'kind `job`', () => { const m = job(); m.kind = 'job'; return m; }, 'kind'],
  ['object.kind', 'kind `CRONJOB`', () => { const m = cronJob(); m.kind = 'CRONJOB'; return m; }, 'kind'],
  ['object.kind', 'a batch apiVersion with kind Pod', () => ({ apiVersion: 'batch/v1', kind: 'Pod', metadata: { name: 'p' } }), 'kind'],
  ['object.api-version', 'a Job of batch/v2', () => { const m = job(); m.apiVersion = 'batch/v2'; return m; }, 'apiVersion'],
  ['object.api-version', 'a Job of apps/v1', () => { const m = job(); m.apiVersion = 'apps/v1'; return m; }, 'apiVersion'],
];

/** Accepted: the boundary just inside each rule; no error at all. */
const ACCEPTED: Array<[what: string, make: () => any]> = [
  ['generateName instead of a name', () => { const m = job(); delete m.metadata.name; m.metadata.generateName = 'train-'; return m; }],
  ['a name with a dot (a DNS subdomain)', () => { const m = job(); m.metadata.name = 'train.v2'; return m; }],
  ['a Job name of 63 characters', () => { const m = job(); m.metadata.name = 'a'.repeat(63); return m; }],
  ['a CronJob name of 52 characters', () => { const m = cronJob(); m.metadata.name = 'a'.repeat(52); return m; }],
  ['a CronJob generateName of 47 characters', () => { const m = cronJob(); delete m.metadata.name; m.metadata.generateName = 'a'.repeat(47); return m; }],
  ['a generateName ending in a dash, or in a dot then a dash', () => { const m = job(); m.metadata.generateName = 'train.-'; return m; }],
  ['a name and a generateName', () => { const m = job(); m.metadata.generateName = 'train-'; return m; }],
  ['a namespace of 63 characters', () => { const m = job(); m.metadata.namespace = 'a'.repeat(63); return m; }],
  ['an empty namespace (kubectl fills it in)', () => { const m = job(); m.metadata.namespace = ''; return m; }],
  ['a label value of 63 characters, and an empty one', () => { const m = job(); m.metadata.labels = { team: 'a'.repeat(63), empty: '' }; return m; }],
  ['an annotation key with capitals (lowercased before the check)', () => { const m = job(); m.metadata.annotations = { 'Example.com/Owner': 'ml' }; return m; }],
  ['annotations of exactly 262144 bytes', () => { const m = job(); m.metadata.annotations = { k: 'v'.repeat(262143) }; return m; }],
  ['a complete owner reference, one of them the controller', () => {
    const m = job(); m.metadata.ownerReferences = [{ ...owner, controller: true, blockOwnerDeletion: true }, { ...owner, name: 'other', controller: false }]; return m;
  }],
  ['an owner apiVersion without group (`v1`)', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, apiVersion: 'v1', kind: 'ConfigMap' }]; return m; }],
  ['an events.k8s.io Event as owner (only the v1 Event is banned)', () => { const m = job(); m.metadata.ownerReferences = [{ ...owner, apiVersion: 'events.k8s.io/v1', kind: 'Event' }]; return m; }],
  ['standard and qualified finalizers', () => { const m = job(); m.metadata.finalizers = ['foregroundDeletion', 'kubernetes', 'example.com/cleanup']; return m; }],
  ['an empty resourceVersion', () => { const m = job(); m.metadata.resourceVersion = ''; return m; }],
  ['uid and creationTimestamp (overwritten on create, not refused)', () => {
    const m = job(); Object.assign(m.metadata, { uid: 'a-b-c', creationTimestamp: '2024-01-31T00:00:00Z' }); return m;
  }],
];

describe('metadata rules (ValidateObjectMeta)', () => {
  test.each(REFUSED)('%s: %s', (ruleId, _what, make, path) => {
    // GIVEN a Job or CronJob with the violation
    const m = make();
    // WHEN checked
    const found = errors(m);
    // THEN the rule reports it at the field, as an error with the catalog's fix
    const hit = found.find(f => f.ruleId === ruleId && f.path === path);
    expect(hit).toEqual(expect.objectContaining({ severity: 'error', fix: expect.any(String) }));
    expect(hit!.message.length).toBeGreaterThan(10);
  });

  test.each(ACCEPTED)('accepted: %s', (_what, make) => {
    // GIVEN a manifest at the boundary of a rule WHEN checked THEN nothing is reported
    expect(errors(make())).toEqual([]);
  });

  test('every new metadata and document rule has a refused case here', () => {
    // GIVEN the rule ids this file covers
    const covered = new Set(REFUSED.map(c => c[0]));
    // THEN every metadata.* and object.* rule (but the structural object.field-type) is among them
    const ids = RULES.map(r => r.id).filter(id => (id.startsWith('metadata.') || id.startsWith('object.')) && id !== 'object.field-type');
    expect(ids.filter(id => !covered.has(id))).toEqual([]);
  });

  test('messages name the value and the rule', () => {
    // GIVEN / WHEN
    const m = job();
    m.metadata.finalizers = ['cleanup'];
    m.metadata.ownerReferences = [{ ...owner, controller: true }, { ...owner, name: 'b', controller: true }];
    const found = errors(m);
    // THEN
    expect(found.find(f => f.path === 'metadata.finalizers[0]')!.message)
      .toBe('"cleanup" is neither a standard finalizer name (kubernetes, orphan, foregroundDeletion) nor fully qualified (`<domain>/<name>`)');
    expect(found.find(f => f.path === 'metadata.ownerReferences[1]')!.message)
      .toBe('only one reference can have controller set to true; found it for CronJob/nightly and CronJob/b');
  });

  test('metadata of any shape never makes the rules throw (property)', () => {
    // GIVEN arbitrary values in every metadata field the rules read
    const anything = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null),
      fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.dictionary(fc.constantFrom('apiVersion', 'kind', 'name', 'uid', 'controller'), fc.oneof(fc.string({ maxLength: 4 }), fc.boolean())))),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer())));
    const meta = fc.dictionary(fc.constantFrom('name', 'generateName', 'namespace', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'resourceVersion'), anything);
    // WHEN / THEN
    fc.assert(fc.property(meta, fc.constantFrom('Job', 'CronJob', 'job', 'Service'), (metadata, kind) => {
      const result = checkManifest({ apiVersion: kind === 'Service' ? 'v1' : 'batch/v1', kind, metadata, spec: {} });
      expect(result.checked).toBe(true);
    }), { numRuns: 300, seed: 3 });
  });
});
