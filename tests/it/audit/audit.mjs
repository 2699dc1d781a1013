// Runs every GraphQL-over-HTTP server audit of the `graphql-http` package
// against a running server and fails unless all of them pass: an audit that
// ends in 'error', 'warn' or 'notice' is a failure here.
//
// Usage: node tests/it/audit/audit.mjs http://127.0.0.1:PORT/graphql
// The Rust test `graphql_http_audit` (tests/it/server.rs) starts a server and runs this.

import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <GraphQL endpoint URL>');
  process.exit(2);
}

const audits = serverAudits({ url });
const results = await Promise.all(audits.map(({ fn }) => fn()));
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] = (counts[result.status] ?? 0) + 1;
  console.log(`${result.status.padEnd(6)} ${result.id} ${result.name}`);
  if (result.status !== 'ok') {
    console.log(`       reason: ${result.reason}`);
    if (result.response) {
      const body = await result.response.text().catch((e) => `<unreadable: ${e}>`);
      const type = result.response.headers.get('content-type');
      console.log(`       got ${result.response.status} ${type}: ${body.slice(0, 300)}`);
    }
  }
}
const failed = results.length - counts.ok;
console.log(
  `graphql-http audit of ${url}: ${results.length} audits, ${counts.ok} ok, ` +
    `${counts.notice} notice, ${counts.warn} warn, ${counts.error} error`,
);
process.exit(failed === 0 ? 0 : 1);
