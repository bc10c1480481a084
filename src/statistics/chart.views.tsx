import { formatDate, formatNumber } from '../web/i18n/index.ts';
import type { PageContext } from '../web/layout.tsx';

// Signatures over time, drawn on the server as SVG: daily counts as bars, the running total as a
// line. The same figures are given as a table next to it (statistics.views.tsx).

const W = 480;
const H = 240;
const PAD = { left: 40, right: 12, top: 14, bottom: 36 };

/** A round step so that four steps reach the maximum: 1, 2, 5, 10, 20, 50… */
function niceStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= raw) return step * magnitude;
  return 10 * magnitude;
}

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

export function TimelineChart({
  ctx,
  timeline,
  label,
}: {
  ctx: PageContext;
  timeline: { day: string; count: number; total: number }[];
  label: string;
}) {
  const { t, lang } = ctx;
  if (timeline.length === 0) return <p class="muted">{t('stats.noSignature')}</p>;
  const first = dayNumber((timeline[0] as { day: string }).day);
  const last = dayNumber((timeline.at(-1) as { day: string }).day);
  const days = Math.max(1, last - first + 1);
  const step = niceStep((timeline.at(-1) as { total: number }).total);
  const yMax = step * 4;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (day: string) => PAD.left + ((dayNumber(day) - first + 0.5) / days) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / yMax) * plotH;
  const barWidth = Math.max(1, Math.min(24, (plotW / days) * 0.7));
  const ticks = [0, 1, 2, 3, 4].map((i) => i * step);
  const line = timeline.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.day).toFixed(1)},${y(p.total).toFixed(1)}`);
  const dateTicks =
    timeline.length <= 2 ? timeline : [timeline[0], timeline[Math.floor(timeline.length / 2)], timeline.at(-1)];
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <title>{label}</title>
        {ticks.map((v) => (
          <g class="chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {formatNumber(lang, Math.round(v))}
            </text>
          </g>
        ))}
        {timeline.map((p) => (
          <rect
            class="chart-bar"
            x={x(p.day) - barWidth / 2}
            y={y(p.count)}
            width={barWidth}
            height={PAD.top + plotH - y(p.count)}
          />
        ))}
        <path class="chart-line" d={line.join(' ')} />
        {dateTicks.map((p, i) =>
          p ? (
            <text
              class="chart-date"
              x={x(p.day)}
              y={H - PAD.bottom + 18}
              text-anchor={i === 0 ? 'start' : i === dateTicks.length - 1 ? 'end' : 'middle'}
            >
              {formatDate(lang, p.day)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>
        <span class="chart-key bar-key" aria-hidden="true" /> {t('stats.perDay')} ·{' '}
        <span class="chart-key line-key" aria-hidden="true" /> {t('stats.cumulative')}
      </figcaption>
    </figure>
  );
}
