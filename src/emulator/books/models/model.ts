import type { EmulatorCore } from '../../emulator-core.js';
import type { OrgStore, Rec } from '../state.js';

/** What a model needs, over HTTP or when seeding without it. */
export interface ModelContext {
  core: EmulatorCore;
  store: OrgStore;
  now: number;
  /** The request's query parameters (`send=true` on an invoice), absent when seeding. */
  query?: URLSearchParams;
}

/**
 * A closely modelled resource: its validations and computed fields, plugged into the generic
 * collection handler (which still does ids, storage, pagination, filters and envelopes).
 */
export interface ResourceModel {
  /** Store name, as in the surface (`invoices`, `settings/taxes`). */
  readonly store: string;
  /** Fields Zoho insists on at creation; replaces the spec's list for this resource. */
  readonly required: readonly string[];
  /** Validates the input and fills `record` (id, parents and times are already set). */
  create(ctx: ModelContext, input: Rec, record: Rec): void;
  /** Applies a partial update to `record` and recomputes what depends on it. */
  update?(ctx: ModelContext, input: Rec, record: Rec): void;
  /** Refuses (throws) or undoes side effects before the record goes. */
  remove?(ctx: ModelContext, record: Rec): void;
  /** Fields computed at read time (an invoice turns overdue by the clock, not by a write). */
  view?(ctx: ModelContext, record: Rec): Rec;
  /** The status filters compare with (`filter_by=Status.Overdue`). */
  status?(ctx: ModelContext, record: Rec): string;
  readonly statusGroups?: Readonly<Record<string, readonly string[]>>;
  /** A valid creation body, creating whatever records it refers to. */
  sample(ctx: ModelContext): Rec;
  /**
   * Bulk seeding: a new record like `template` (a record made through create) under `id`, with its
   * unique fields renewed. Sharing the template's values keeps 100,000 records small and fast.
   * Absent when every record needs its own dependencies (a payment needs its own invoice).
   */
  clone?(ctx: ModelContext, template: Rec, id: string): Rec;
}
