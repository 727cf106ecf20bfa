import type { ChaosSummary } from './driver.mjs';

export declare function verdict(summary: ChaosSummary): { ok: boolean; failures: string[] };
export declare function formatSummary(summary: ChaosSummary): string;
