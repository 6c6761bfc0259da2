/**
 * Internal: how the rules treat a field behind a feature gate at the target version (see
 * versions.ts for the stages and where they come from).
 *
 * - The field does not exist at the target (`none`): the structural check refuses it
 *   (`schema.unknown-field`); the rules leave it alone.
 * - Its gate is off (alpha, or beta and off by default, and not in `Target.gates`): the API server
 *   drops it before validation (`dropDisabledFields` in pkg/api/pod/util.go and
 *   pkg/registry/batch/job/strategy.go), so the rules warn (`practice.alpha-field`). The checks
 *   the 1.28 rules already made on such a field still apply; checks added for newer versions run
 *   only where the gate is on.
 * - Its gate is on (beta, GA, or enabled by the cluster): the rules check the field as the API
 *   server of that version does.
 */
import { Report } from './context';
import { enabled, onByDefaultSince, stageAt, stageWords, versionName } from './versions';

/** What the rules do with a gated field at the target. */
export type GateState = 'none' | 'off' | 'on';

/** The state of `gate` at the report's target, without a finding. */
export function gateState(r: Report, gate: string): GateState {
  if (stageAt(gate, r.target.minor) === 'none') return 'none';
  return enabled(gate, r.target) ? 'on' : 'off';
}

/** `alpha in Kubernetes 1.30 (JobSuccessPolicy)`: the stage of a gate at the report's target, for messages. */
export function gateWords(r: Report, gate: string): string {
  return `${stageWords(stageAt(gate, r.target.minor))} in Kubernetes ${versionName(r.target)} (${gate})`;
}

/** `; it is on by default from Kubernetes 1.31`, or nothing. */
export function onByDefaultNote(gate: string): string {
  const since = onByDefaultSince(gate);
  return since === undefined ? '' : `; it is on by default from Kubernetes 1.${since}`;
}

/**
 * The state of the gate of a field the manifest sets at `path`; when the gate is off, warns
 * (`practice.alpha-field`) that the API server drops the field, and what follows (`consequence`,
 * appended to the message).
 */
export function fieldGate(r: Report, gate: string, path: string, what: string, consequence = ''): GateState {
  const state = gateState(r, gate);
  if (state === 'off') {
    r.add('practice.alpha-field', path,
      `${what} is ${gateWords(r, gate)}: an API server without the feature gate drops it silently${consequence}${onByDefaultNote(gate)}`);
  }
  return state;
}

/** Whether `gate` is on at the report's target (beta, GA or enabled by the cluster). */
export function gateOn(r: Report, gate: string): boolean {
  return enabled(gate, r.target);
}
