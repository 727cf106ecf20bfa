/** The WHATWG fetch signature, narrowed to what zbooks calls: injected by tests and edge runtimes. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
