import { organizationRoutes } from './organizations.js';
import type { BooksRoute } from './route.js';

/** Every Books operation the emulator serves; each module contributes its own list. */
export const BOOKS_ROUTES: readonly BooksRoute[] = [...organizationRoutes];
