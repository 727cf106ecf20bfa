import type { PathPlan } from './path-plan.js';
import type { BooksHandler } from './route.js';
import type { Operation } from './surface-index.js';

/** One method + path of the surface; several operations may share it (debit notes are invoices). */
export interface Route {
  method: string;
  /** Static segments as text, parameters as null. */
  segments: (string | null)[];
  op: Operation;
  aliases: Operation[];
  handler: BooksHandler;
  /** What each path parameter names, checked before the handler runs. */
  plan: PathPlan;
  /** Names of the path parameters, in order. */
  names: string[];
}

type Match = { route: Route; values: string[] } | 'wrong-method' | undefined;

/** Parameters whose values have a known form; anything else is any non-empty segment. */
const PARAM_FORMS: Readonly<Record<string, RegExp>> = {
  // Custom modules live at the root (`/{module_name}`); their API names start with cm_.
  module_name: /^cm_[a-z0-9_]+$/i,
};

function paramNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** More static segments, earlier, wins: `/users/me` before `/users/{user_id}`. */
function specificity(route: Route): string {
  return route.segments.map((s) => (s === null ? '0' : '1')).join('');
}

export function buildRoutes(
  operations: readonly Operation[],
  handlerFor: (op: Operation) => BooksHandler,
  prefer: (a: Operation, b: Operation) => number,
  planFor: (op: Operation) => PathPlan,
): Route[] {
  const byKey = new Map<string, Operation[]>();
  for (const op of operations) {
    const key = `${op.method} ${op.path.replace(/\{[^}]+\}/g, '{}')}`;
    byKey.set(key, [...(byKey.get(key) ?? []), op]);
  }
  return [...byKey.values()].map((ops) => {
    const [op, ...aliases] = [...ops].sort(prefer) as [Operation, ...Operation[]];
    return {
      method: op.method,
      segments: op.path
        .split('/')
        .slice(1)
        .map((s) => (s.startsWith('{') ? null : s)),
      op,
      aliases,
      handler: handlerFor(op),
      plan: planFor(op),
      names: paramNames(op.path),
    };
  });
}

/**
 * Routes by segment count and first segment (a parameter first segment, `/{module_name}`, is kept under
 * ''), most specific first: a request only tries the few routes that can match it, not the whole surface.
 */
export function createMatcher(routes: readonly Route[]) {
  const index = new Map<string, Route[]>();
  const keyOf = (length: number, first: string | null) => `${length} ${first ?? ''}`;
  for (const r of routes) {
    const key = keyOf(r.segments.length, r.segments[0] ?? null);
    index.set(key, [...(index.get(key) ?? []), r]);
  }
  for (const list of index.values()) list.sort((a, b) => (specificity(a) < specificity(b) ? 1 : -1));
  const none: Route[] = [];

  return (method: string, path: string): Match => {
    const parts = path.split('/').slice(1).map(decode);
    if (parts.some((p) => p === '')) return undefined;
    let pathMatched = false;
    const candidates = [
      ...(index.get(keyOf(parts.length, parts[0]!)) ?? none),
      ...(index.get(keyOf(parts.length, null)) ?? none),
    ];
    for (const route of candidates) {
      const names = route.names;
      let ok = true;
      let p = 0;
      for (let i = 0; i < parts.length && ok; i += 1) {
        const seg = route.segments[i];
        if (seg === null) {
          const form = PARAM_FORMS[names[p] ?? ''];
          p += 1;
          ok = !form || form.test(parts[i]!);
        } else ok = seg === parts[i];
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      return { route, values: parts.filter((_, i) => route.segments[i] === null) };
    }
    return pathMatched ? 'wrong-method' : undefined;
  };
}
