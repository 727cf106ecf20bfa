/**
 * The closest of `known` to a mistyped `word`, when it is close enough to be what was meant: a plural or
 * singular form, a prefix, or a small edit distance (about one typo per four letters).
 */
function closest(word: string, known: readonly string[]): string | undefined {
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

/** Edit distance where swapping two neighbouring letters counts as one edit (the commonest typo). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
