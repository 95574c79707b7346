/** Escapes one path segment (topic names are restricted, but a bad name must fail as a 400, not a 404). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value))
}
