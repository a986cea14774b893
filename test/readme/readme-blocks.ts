// The README's runnable shell blocks: a fenced sh/bash block right after a marker comment,
//   <!-- readme-test: SESSION/NAME -->
// Blocks of one session run in README order in one shell. Unmarked blocks are prose.
export interface ReadmeBlock {
  /** `SESSION/NAME`, as the marker gives it. */
  id: string;
  session: string;
  name: string;
  /** The block's text, less the indentation of its fence (blocks inside list items are indented). */
  code: string;
  /** 1-based line of the marker, for messages. */
  line: number;
}

const MARKER = /^\s*<!--\s*readme-test:\s*([\w-]+)\/([\w-]+)\s*-->\s*$/;
const FENCE_OPEN = /^(\s*)```(?:sh|bash|shell)\s*$/;
const FENCE_CLOSE = /^\s*```\s*$/;

/** Every marked block; a marker not followed by a shell block is an error, not a silent skip. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]!);
    if (!marker) continue;
    const [, session, name] = marker as unknown as [string, string, string];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    const open = FENCE_OPEN.exec(lines[j] ?? '');
    if (!open) throw new Error(`README line ${i + 1}: the marker for ${session}/${name} is not followed by a sh block`);
    const indent = open[1]!.length;
    const body: string[] = [];
    for (j++; j < lines.length && !FENCE_CLOSE.test(lines[j]!); j++) body.push(lines[j]!.slice(Math.min(indent, leadingSpaces(lines[j]!))));
    if (j >= lines.length) throw new Error(`README line ${i + 1}: the block for ${session}/${name} is never closed`);
    const id = `${session}/${name}`;
    if (blocks.some((b) => b.id === id)) throw new Error(`README line ${i + 1}: ${id} is marked twice`);
    blocks.push({ id, session, name, code: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}
