/**
 * The request typing every route module relies on, and `currentUser`. A leaf of the server's import graph: it
 * imports only types and the HTTP errors, so a route module importing it never pulls in the app (server/http/app.ts
 * imports the routes; a route importing the app made a cycle).
 */
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/connect.ts';
import type { SessionUser } from '../auth/policies.ts';
import { unauthorized } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered without login (health, login, the web app's files). Every other route requires a session. */
    public?: boolean;
    /** Answered while the account must change its password (after a reset): the session, logout, the change itself. */
    duringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
  }
  interface FastifyInstance {
    database: Database;
    /** Every route registered, for documentation and the access tests. */
    routeList: Array<{ method: string; url: string; public: boolean }>;
  }
}

/** The signed-in user of a route that requires login (every route that is not public). */
export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}
