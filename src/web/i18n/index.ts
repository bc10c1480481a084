import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';

export type Lang = 'fr' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogs: Record<Lang, Record<MessageKey, string>> = { fr, en };

export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, params) => {
    const message = catalog[key];
    if (!message.includes('{')) return message;
    return message.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
  };
}

export function pickLang(queryLang: string | undefined, cookieLang: string | undefined): Lang {
  const wanted = queryLang ?? cookieLang;
  return wanted === 'en' ? 'en' : 'fr';
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat('fr-FR'),
  en: new Intl.NumberFormat('en-GB'),
};
export function formatNumber(lang: Lang, n: number): string {
  return numberFormats[lang].format(n);
}

// Built once: toLocaleDateString builds a formatter on every call (a third of a commune page's CPU time).
const dateOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', dateOptions),
  en: new Intl.DateTimeFormat('en-GB', dateOptions),
};
// The same few dates (election rounds) appear on every page: formatted once each.
const formattedDates = new Map<string, string>();
export function formatDate(lang: Lang, isoDate: string): string {
  const key = `${lang}${isoDate.slice(0, 10)}`;
  let text = formattedDates.get(key);
  if (text === undefined) {
    text = dateFormats[lang].format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`));
    if (formattedDates.size >= 10_000) formattedDates.clear();
    formattedDates.set(key, text);
  }
  return text;
}
