// Reconciles what the workers meant to do (their journals) with what the emulator holds. Every intended record
// must exist exactly once, unless its caller was told "outcome unknown" (or its worker was killed mid-call):
// then it exists at most once. A record whose caller got a definite error must not exist. A confirmed change
// must show in the final state. No chaos record may exist that nobody intended.

const CREATES = { create_contact: 'contacts', create_invoice: 'invoices' };

/** The journal lines of all workers, in order, each an intent with its outcome attached. */
export function intentsOf(journals) {
  const intents = [];
  const byKey = new Map();
  for (const { worker, entries } of journals) {
    for (const entry of entries) {
      if (entry.t === 'intent') {
        const intent = { ...entry, worker };
        intents.push(intent);
        byKey.set(entry.key, intent);
      } else if (entry.t === 'outcome') {
        const intent = byKey.get(entry.key);
        if (intent) intent.outcome = entry;
      }
    }
  }
  return intents;
}

/**
 * @param intents from intentsOf()
 * @param records { contacts, invoices } as the emulator holds them
 * @param killed names of the workers killed on schedule
 */
export function reconcile(intents, records, killed) {
  const found = {
    contacts: group(records.contacts, 'contact_name', 'contact_id'),
    invoices: group(records.invoices, 'reference_number', 'invoice_id'),
  };
  const r = {
    intended: 0,
    confirmed: 0,
    unknownExisting: 0,
    unknownMissing: 0,
    killedExisting: 0,
    killedMissing: 0,
    failed: 0,
    failedBy: {},
    lost: 0,
    duplicated: 0,
    misreported: 0,
    unexpected: 0,
    unresolved: 0,
    changes: {
      intended: 0,
      confirmed: 0,
      unknown: 0,
      /** Changes reported "outcome unknown" that the final state shows were applied. */
      unknownApplied: 0,
      failed: 0,
      failedBy: {},
      lost: 0,
      misreported: 0,
    },
    problems: [],
  };
  const intendedMarkers = new Set();
  for (const intent of intents.filter((i) => CREATES[i.op])) {
    r.intended++;
    intendedMarkers.add(intent.marker);
    const copies = found[CREATES[intent.op]].get(intent.marker) ?? [];
    if (copies.length > 1) {
      r.duplicated++;
      r.problems.push(`duplicated: ${intent.marker} exists ${copies.length} times`);
    }
    judgeCreate(r, intent, copies, killed);
  }
  for (const [marker, copies] of [...found.contacts, ...found.invoices]) {
    if (intendedMarkers.has(marker)) continue;
    r.unexpected += copies.length;
    r.problems.push(`unexpected: ${marker} exists but no worker meant to create it`);
  }
  judgeChanges(r, intents, found, killed);
  return r;
}

function judgeCreate(r, intent, copies, killed) {
  const outcome = intent.outcome?.result;
  const exists = copies.length > 0;
  if (outcome === 'ok') {
    if (copies.some((c) => c.id === intent.outcome.id)) r.confirmed++;
    else {
      r.lost++;
      r.problems.push(`lost: ${intent.marker} was confirmed (id ${intent.outcome.id}) but is not there`);
    }
  } else if (outcome === 'unknown') {
    if (exists) r.unknownExisting++;
    else r.unknownMissing++;
  } else if (outcome === 'error') {
    if (exists) {
      r.misreported++;
      r.problems.push(`misreported: ${intent.marker} failed with ${intent.outcome.error} yet exists`);
    } else {
      r.failed++;
      r.failedBy[intent.outcome.error] = (r.failedBy[intent.outcome.error] ?? 0) + 1;
    }
  } else if (killed.has(intent.worker)) {
    if (exists) r.killedExisting++;
    else r.killedMissing++;
  } else {
    r.unresolved++;
    r.problems.push(`unresolved: ${intent.marker} has no outcome and its worker was not killed`);
  }
}

/** Updates and mark-as-sent: the final state must be one the confirmed and possible changes allow. */
function judgeChanges(r, intents, found, killed) {
  const c = r.changes;
  const byRecord = new Map();
  for (const intent of intents.filter((i) => i.op === 'update_contact' || i.op === 'mark_sent')) {
    c.intended++;
    const outcome = intent.outcome?.result ?? (killed.has(intent.worker) ? 'unknown' : 'none');
    if (outcome === 'ok') c.confirmed++;
    else if (outcome === 'unknown') c.unknown++;
    else if (outcome === 'error') {
      c.failed++;
      c.failedBy[intent.outcome.error] = (c.failedBy[intent.outcome.error] ?? 0) + 1;
    } else {
      r.unresolved++;
      r.problems.push(`unresolved: ${intent.op} of ${intent.marker} has no outcome`);
    }
    const list = byRecord.get(`${intent.op} ${intent.marker}`) ?? [];
    list.push({ ...intent, result: outcome });
    byRecord.set(`${intent.op} ${intent.marker}`, list);
  }
  for (const attempts of byRecord.values()) {
    const first = attempts[0];
    const collection = first.op === 'update_contact' ? found.contacts : found.invoices;
    const record = (collection.get(first.marker) ?? []).find((x) => x.id === first.id)?.record;
    if (!record) continue;
    const fail = (kind, what) => {
      c[kind]++;
      r.problems.push(`${kind} change: ${first.op} of ${first.marker}: ${what}`);
    };
    if (first.op === 'update_contact') {
      const lastOk = attempts.findLastIndex((a) => a.result === 'ok');
      const allowed = new Set([lastOk >= 0 ? attempts[lastOk].value : undefined]);
      for (const a of attempts.slice(lastOk + 1)) if (a.result === 'unknown') allowed.add(a.value);
      const notes = record.notes === '' ? undefined : record.notes;
      if (attempts.slice(lastOk + 1).some((a) => a.result === 'unknown' && a.value === notes))
        c.unknownApplied++;
      if (!allowed.has(notes)) {
        const failedValue = attempts.some((a) => a.result === 'error' && a.value === notes);
        fail(
          failedValue ? 'misreported' : 'lost',
          `notes is ${notes}, expected one of ${[...allowed].join(', ')}`,
        );
      }
    } else {
      const sent = record.status !== 'draft';
      const confirmed = attempts.some((a) => a.result === 'ok');
      if (!confirmed && sent && attempts.some((a) => a.result === 'unknown')) c.unknownApplied++;
      if (confirmed && !sent) fail('lost', 'confirmed sent, still draft');
      if (attempts.every((a) => a.result === 'error') && sent)
        fail('misreported', 'every attempt failed, yet sent');
    }
  }
}

/** marker → [{ id, record }] for the chaos records of a collection. */
function group(records, markerField, idField) {
  const map = new Map();
  for (const record of records) {
    const marker = record[markerField];
    if (typeof marker !== 'string' || !marker.startsWith('chaos-')) continue;
    const list = map.get(marker) ?? [];
    list.push({ id: String(record[idField]), record });
    map.set(marker, list);
  }
  return map;
}
