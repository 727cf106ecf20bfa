import type { Rec } from './state.js';

/**
 * A minimal, valid PDF (1.4): one page per record, Helvetica text, a correct cross-reference table, so a
 * client that saves `accept=pdf` answers gets a file any reader opens. Only the document's facts are
 * drawn (number, dates, contact, lines, totals); layout and templates are Zoho's business, not ours.
 */
function pdfText(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\\/g, '\\\\')
    .replace(/\(/g, '\\(')
    .replace(/\)/g, '\\)');
}

function money(v: unknown): string {
  return typeof v === 'number' ? v.toFixed(2) : String(v ?? '');
}

/** The lines of text a record's page shows. */
export function pageLines(title: string, record: Rec): string[] {
  const number = Object.entries(record).find(
    ([k, v]) => k.endsWith('_number') && k !== 'reference_number' && typeof v === 'string' && v !== '',
  )?.[1];
  const lines = [`${title}${number ? ` ${number}` : ''}`, ''];
  for (const field of [
    'date',
    'due_date',
    'expiry_date',
    'status',
    'customer_name',
    'vendor_name',
    'reference_number',
  ]) {
    if (record[field] !== undefined && record[field] !== '')
      lines.push(`${field.replace(/_/g, ' ')}: ${record[field]}`);
  }
  const items = Array.isArray(record.line_items) ? (record.line_items as Rec[]) : [];
  if (items.length) lines.push('', 'Item                          Qty      Rate     Amount');
  for (const l of items.slice(0, 30)) {
    const name = String(l.name || l.description || l.account_name || '')
      .slice(0, 28)
      .padEnd(28);
    lines.push(
      `${name}  ${String(l.quantity ?? '').padStart(5)}  ${money(l.rate).padStart(8)}  ${money(l.item_total ?? l.amount).padStart(9)}`,
    );
  }
  lines.push('');
  for (const field of [
    'sub_total',
    'discount_amount',
    'tax_total',
    'shipping_charge',
    'adjustment',
    'total',
    'balance',
    'amount',
  ]) {
    if (typeof record[field] === 'number') lines.push(`${field.replace(/_/g, ' ')}: ${money(record[field])}`);
  }
  return lines;
}

/** A PDF file of one page per entry, each page the given lines of text. */
export function renderPdf(pages: readonly string[][]): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids: number[] = [];
  for (const lines of pages) {
    const text = lines.map((line, i) => `${i === 0 ? '' : '0 -14 Td '}(${pdfText(line)}) Tj`).join('\n');
    const stream = `BT /F1 10 Tf 50 800 Td\n${text}\nET`;
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
