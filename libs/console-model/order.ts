/** The order of names in the console's lists and sentences: by UTF-16 code unit, as `Array.sort`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
