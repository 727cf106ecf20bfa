// The emulator of the serve benchmark, in its own process: every limit off, a logged-in Self Client, an
// organization with `records` invoices. Reports the credential over IPC; serves until its parent disconnects.
import { startEmulator } from '../dist/emulator/index.js';

const records = Number(process.argv[2] ?? 200);
const emu = await startEmulator({ books: { perMinute: 0, perDay: 0, concurrency: 0 } });
const seed = emu.seedLoggedIn({ scope: 'ZohoBooks.fullaccess.all' });
const org = seed.organizations[0].organization_id;
const [invoiceId] = emu.seedRecords(org, 'invoices', records);
process.send({
  credential: {
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    refreshToken: seed.refresh_token,
    accountsUrl: seed.accounts_url,
  },
  apiDomain: seed.api_domain,
  org,
  invoiceId,
});
process.on('disconnect', () => emu.close().then(() => process.exit(0)));
