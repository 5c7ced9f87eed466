/**
 * A spec as JSON text for people to read and edit: a value whose one-line form fits in `width`
 * characters (indent and key included) stays on one line (layer sizes, a kernel, a phase
 * length); larger ones open up with two-space indents. JSON.parse reads it back to the same value.
 */
export function specJson(value: unknown, width = 100): string {
  return format(value, '', 0, width) + '\n';
}

function format(value: unknown, indent: string, used: number, width: number): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object' || indent.length + used + flat.length <= width) return flat;
  const inner = indent + '  ';
  const items = Array.isArray(value)
    ? value.map((v) => inner + format(v, inner, 0, width))
    : Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner, JSON.stringify(k).length + 2, width)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? open + close : `${open}\n${items.join(',\n')}\n${indent}${close}`;
}
