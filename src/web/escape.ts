const SPECIAL = /[&<>"']/;
const SPECIAL_ALL = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text or an attribute value escaped for HTML, as hono/jsx escapes them: for the few views written
 * as strings because they repeat thousands of times on a page (candidates of a commune's lists).
 */
export function esc(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (ch) => ENTITIES[ch] as string) : value;
}
