/** A title with `{placeholder}`s, split once at parse time. */
export interface TitleTemplate {
  readonly text: string;
  /** Literal text at even indexes, placeholder names at odd ones. */
  readonly parts: readonly string[];
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function compileTitle(text: string): TitleTemplate {
  return { text, parts: text.split(PLACEHOLDER) };
}

export function placeholdersOf(template: TitleTemplate): string[] {
  return template.parts.filter((_, i) => i % 2 === 1);
}

/** The title with each placeholder replaced by the detail's value (numbers to at most one decimal). */
export function renderTitle(template: TitleTemplate, detail: Record<string, unknown>): string {
  let out = '';
  const parts = template.parts;
  for (let i = 0; i < parts.length; i++) out += i % 2 === 0 ? parts[i] : formatValue(detail[parts[i]!]);
  return out;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (value === undefined || value === null) return '?';
  return String(value);
}
