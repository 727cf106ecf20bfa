import type { BooksRoute } from './route.js';

/** GET /organizations: every organization of the client's user, or the one a client_credentials token is for. */
export const organizationRoutes: readonly BooksRoute[] = [
  {
    method: 'GET',
    path: '/organizations',
    scope: { family: 'settings', op: 'READ' },
    handle: ({ client, token }) => ({
      body: {
        code: 0,
        message: 'success',
        organizations: client.organizations
          .filter((o) => token.organizationId === undefined || o.organization_id === token.organizationId)
          .map((o) => ({ ...o })),
      },
    }),
  },
];
