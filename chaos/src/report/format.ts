export const count = (value: number): string => value.toLocaleString('en-US');

/** A duration in ms as the table shows it: ms below a second, seconds above. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export const seconds = (value: number | null): string => (value === null ? 'never' : `${value.toFixed(1)} s`);
