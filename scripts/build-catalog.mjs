// Builds data/tables.json, the table schema catalog the product ships, from
// ../shared/data/schemas/tables.json (Microsoft's Azure Monitor table reference, CC-BY-4.0,
// MicrosoftDocs/azure-reference-other; see that folder's SOURCES.md).
// The docs omit standard columns on many tables; we add the ones Log Analytics always has, and the
// `Timestamp` column that Defender XDR tables carry when streamed to Sentinel.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = process.argv[2] ?? join(root, '..', 'shared', 'data', 'schemas');
const tables = JSON.parse(readFileSync(join(sourceDir, 'tables.json'), 'utf8'));
const meta = JSON.parse(readFileSync(join(sourceDir, 'tables.meta.json'), 'utf8'));

const STANDARD_COLUMNS = [
  ['TenantId', 'string'],
  ['Type', 'string'],
  ['_ResourceId', 'string'],
  ['_SubscriptionId', 'string'],
  ['_IsBillable', 'string'],
  ['_BilledSize', 'real'],
];
const XDR_PREFIXES = [
  'Device',
  'Email',
  'Identity',
  'AlertEvidence',
  'AlertInfo',
  'CloudAppEvents',
  'UrlClickEvents',
];

const out = {};
for (const name of Object.keys(tables).sort()) {
  const columns = tables[name].map((c) => [c.name, c.type]);
  const present = new Set(columns.map(([n]) => n));
  if (XDR_PREFIXES.some((p) => name.startsWith(p)) && !present.has('Timestamp')) {
    columns.push(['Timestamp', 'datetime']);
  }
  for (const [col, type] of STANDARD_COLUMNS) if (!present.has(col)) columns.push([col, type]);
  out[name] = columns;
}

const catalog = {
  source: {
    repo: meta.repo,
    commit: meta.commit,
    license: 'CC-BY-4.0 (Microsoft, MicrosoftDocs/azure-reference-other)',
    note: 'Built by scripts/build-catalog.mjs; standard columns and the XDR Timestamp column added where the docs omit them.',
  },
  standardColumns: STANDARD_COLUMNS,
  tables: out,
};
writeFileSync(join(root, 'data', 'tables.json'), JSON.stringify(catalog) + '\n');
console.error(`data/tables.json: ${Object.keys(out).length} tables`);
