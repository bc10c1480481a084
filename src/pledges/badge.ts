// The « J'ai signé le Pacte du Logiciel Libre » badge: a self-contained SVG image (no font, script or
// link to fetch), so any site can show it. Text is escaped; widths are estimated from the length.
import { escapeXml } from '../opendata/atom.ts';

export const BADGE_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';

export interface BadgeData {
  /** « Liste Lens en commun » or « Marie Curie ». */
  who: string;
  /** « Lens · municipales 2026 ». */
  where: string;
}

const TITLE = 'J’ai signé le Pacte du Logiciel Libre';
const MAX_TEXT = 60;

function clip(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}

/** Rough width of a line of sans-serif text: enough for the box to fit it without measuring. */
function textWidth(text: string, size: number): number {
  return Math.ceil(text.length * size * 0.56);
}

/** The badge's width in pixels for these texts (its height is always BADGE_HEIGHT). */
export function badgeWidth({ who, where }: BadgeData): number {
  return Math.max(260, textWidth(TITLE, 15), textWidth(clip(who), 13), textWidth(clip(where), 12)) + 64;
}
export const BADGE_HEIGHT = 78;

export function badgeSvg({ who, where }: BadgeData): string {
  const line2 = clip(who);
  const line3 = clip(where);
  const width = badgeWidth({ who, where });
  const label = `${TITLE} — ${line2}${line3 ? ` — ${line3}` : ''}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="78" viewBox="0 0 ${width} 78" role="img" aria-label="${escapeXml(label)}">
<title>${escapeXml(label)}</title>
<rect x="1" y="1" width="${width - 2}" height="76" rx="8" fill="#ffffff" stroke="#1d4f91" stroke-width="2"/>
<rect x="1" y="1" width="44" height="76" rx="8" fill="#1d4f91"/>
<rect x="30" y="1" width="15" height="76" fill="#1d4f91"/>
<path d="M12 40 l8 8 l15 -18" fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
<g font-family="DejaVu Sans, Verdana, Arial, sans-serif" fill="#1a1a1a">
<text x="56" y="25" font-size="15" font-weight="bold" fill="#1d4f91">${escapeXml(TITLE)}</text>
<text x="56" y="46" font-size="13">${escapeXml(line2)}</text>
<text x="56" y="65" font-size="12" fill="#444444">${escapeXml(line3)}</text>
</g>
</svg>
`;
}

/** The HTML to paste on one's own site: the image, linked to the public page of the signature. */
export function badgeSnippet({
  pageUrl,
  imageUrl,
  width,
}: {
  pageUrl: string;
  imageUrl: string;
  width: number;
}): string {
  return `<a href="${escapeXml(pageUrl)}"><img src="${escapeXml(imageUrl)}" alt="${escapeXml(TITLE)}" width="${width}" height="${BADGE_HEIGHT}"></a>`;
}
