// A server process of the emulator benchmark (bench/emulator.js): `emulator` runs the zbooks emulator with every
// limit off, a logged-in Self Client, an organization holding `records` invoices and an access token; `bare`
// runs a plain node:http server answering the bodies it is given, as fast as Node answers anything. Each reports
// what the driver needs over IPC and serves until its parent disconnects.
import { createServer } from 'node:http';
import { startEmulator } from '../dist/emulator/index.js';

const [mode, records] = process.argv.slice(2);

if (mode === 'emulator') {
  const emu = await startEmulator({ books: { perMinute: 0, perDay: 0, concurrency: 0 } });
  const seed = emu.seedLoggedIn();
  const org = seed.organizations[0].organization_id;
  const [invoiceId] = emu.seedRecords(org, 'invoices', Number(records));
  const customerId = emu.records(org, 'contacts')[0].contact_id;
  const minted = await fetch(`${seed.accounts_url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: seed.client_id,
      client_secret: seed.client_secret,
      refresh_token: seed.refresh_token,
    }),
  });
  const { access_token: token } = await minted.json();
  const credential = {
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    refreshToken: seed.refresh_token,
    accountsUrl: seed.accounts_url,
  };
  process.send({ url: emu.apiDomain, token, org, invoiceId, customerId, credential });
  process.on('disconnect', () => emu.close().then(() => process.exit(0)));
} else {
  const bodies = new Map();
  const server = createServer((req, res) => {
    // Reads the request body as any server must, then answers the fixed body for the path.
    req.on('data', () => {});
    req.on('end', () => {
      const path = req.url.split('?')[0];
      const { status, body } = bodies.get(path) ?? { status: 404, body: '{}' };
      res.writeHead(status, {
        'content-type': 'application/json;charset=UTF-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 5000;
  process.on('message', (message) => {
    for (const [path, answer] of Object.entries(message.bodies)) bodies.set(path, answer);
    process.send({ ready: true });
  });
  server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
  process.on('disconnect', () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
