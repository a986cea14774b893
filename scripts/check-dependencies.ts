// Part of `npm run lint`: dependency-cruiser's rules (.dependency-cruiser.cjs) over the files of
// src/, then the same graph folded into folders, which must have no cycle either (two folders that
// import each other, even through files that do not form a cycle, are one tangled layer).
import { cruise, format, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const cruised = await cruise(['src'], { ...options, validate: true, outputType: 'json' }, undefined, { tsConfig: extractTSConfig('tsconfig.json') });
const result = JSON.parse(cruised.output as string) as ICruiseResult;
process.stdout.write((await format(result, { outputType: 'err' })).output as string);

/** src/keys/key.service.ts → src/keys; src/server.ts → src */
const folderOf = (file: string) => file.split('/').slice(0, -1).join('/');
const folders = new Map<string, Set<string>>();
for (const m of result.modules) {
  if (!m.source.startsWith('src/')) continue;
  for (const d of m.dependencies) {
    const [from, to] = [folderOf(m.source), folderOf(d.resolved)];
    if (d.resolved.startsWith('src/') && from !== to && !to.startsWith(`${from}/`) && !from.startsWith(`${to}/`)) {
      if (!folders.has(from)) folders.set(from, new Set());
      folders.get(from)!.add(to);
    }
  }
}
const cycles = folderCycles(folders);
for (const cycle of cycles) process.stdout.write(`  error no-circular-folders: ${cycle.join(' → ')}\n`);
if (cycles.length > 0) process.stdout.write(`\nx ${cycles.length} cycle(s) between folders\n`);
else process.stdout.write(`✔ no cycle between the ${new Set([...folders.keys(), ...[...folders.values()].flatMap((s) => [...s])]).size} folders of src/\n`);
process.exitCode = result.summary.error > 0 || cycles.length > 0 ? 1 : 0;

/** One cycle per strongly connected component of more than one folder (Tarjan). */
function folderCycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push([...component.reverse(), component[0]]);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}
