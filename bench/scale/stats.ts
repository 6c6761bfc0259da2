/**
 * Medians, Markdown tables and CPU profile summaries for bench/scale.ts.
 */
import * as fs from 'fs';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A number for a table: `digits` decimals, thousands separated; `n/a` when it is not a number. */
export function fmt(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One function of a CPU profile: its own time and the time of everything it called. */
export interface ProfileEntry {
  readonly fn: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

/**
 * The functions with the most self time in a `.cpuprofile` (node --cpu-prof), aggregated by
 * function, file and line, with their total (inclusive) time; `(garbage collector)` included.
 */
export function topFunctions(file: string, count: number): { totalMs: number; top: ProfileEntry[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf-8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map<number, number>();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const key = (id: number) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/(lib|src|bench)\//, '$1/').replace(/^file:\/\//, '');
    return `${f.functionName || '(anonymous)'} ${where}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  for (const [id, us] of sampled) {
    all += us;
    self.set(key(id), (self.get(key(id)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(at);
      if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + us);
      seen.add(k);
    }
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([fn, us]) => ({ fn, selfMs: us / 1000, totalMs: (total.get(fn) ?? us) / 1000 }));
  return { totalMs: all / 1000, top };
}

/** The inclusive time of functions whose name matches, in a `.cpuprofile` (e.g. the gate, the renderer). */
export function inclusiveMs(file: string, names: readonly string[]): { [name: string]: number } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf-8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string }; children?: number[] }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const sampled = new Map<number, number>();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const out: { [name: string]: number } = Object.fromEntries(names.map(n => [n, 0]));
  // Depth-first from the root, counting each sample once per name however deep the recursion.
  const walk = (id: number, inside: ReadonlySet<string>) => {
    const n = byId.get(id)!;
    const here = names.includes(n.callFrame.functionName) && !inside.has(n.callFrame.functionName)
      ? new Set([...inside, n.callFrame.functionName]) : inside;
    const us = sampled.get(id) ?? 0;
    for (const name of here) out[name] += us / 1000;
    for (const c of n.children ?? []) walk(c, here);
  };
  walk(profile.nodes[0].id, new Set());
  return out;
}
