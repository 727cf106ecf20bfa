/**
 * The closest of `known` to a mistyped `word`, when it is close enough to be what was meant: a plural or
 * singular form, a prefix, or a small edit distance (about one typo per four letters).
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const wanted = word.trim().toLowerCase();
  if (!wanted) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    if (c === `${wanted}s` || `${c}s` === wanted || c === `${wanted}es`) return candidate;
    const d = distance(wanted, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(wanted.length / 4)) ? best : undefined;
}

/** ` Did you mean "x"?` or nothing: to append to a message. */
export function didYouMean(word: string, known: readonly string[]): string {
  const match = closest(word, known);
  return match ? ` Did you mean "${match}"?` : '';
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
