/**
 * Reads the `resources:` blocks of YAML text (as `cdk8s.Yaml.stringify` writes it), so tests can
 * check the text itself and not only the objects it was made from.
 */
export interface ResourceBlock {
  /** The lines of `requests:`, trimmed, e.g. `nvidia.com/gpu: "1"`. */
  readonly requests: string[];
  /** The lines of `limits:`, trimmed. */
  readonly limits: string[];
}

/** Every `resources:` block of the text, in order. */
export function resourceBlocks(yamlText: string): ResourceBlock[] {
  const lines = yamlText.split('\n');
  const blocks: ResourceBlock[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)(- )?resources:$/.exec(line);
    if (!m) return;
    const indent = m[1].length + (m[2] ? 2 : 0);
    const block: ResourceBlock = { requests: [], limits: [] };
    let section: string | undefined;
    for (const next of lines.slice(i + 1)) {
      const at = next.search(/\S/);
      if (at <= indent) break;
      if (at === indent + 2) {
        section = next.trim().replace(/:$/, '');
      } else if (section === 'requests' || section === 'limits') {
        block[section].push(next.trim());
      }
    }
    blocks.push(block);
  });
  return blocks;
}
