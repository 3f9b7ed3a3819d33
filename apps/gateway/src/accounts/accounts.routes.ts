import {
  authLogin,
  authLogout,
  authRefresh,
  authSignup,
  jwksGet,
  meDelete,
  meGet,
  meUpdate,
  userGet,
  uuid,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const ACCOUNTS = 'Accounts and sessions';
const PLATFORM = 'Platform';

/** Accounts and sessions (identity): each route beside the command it becomes. */
export const accountsRoutes = {
  signup: defineRoute({
    method: 'POST',
    path: '/v1/auth/signup',
    command: authSignup,
    status: 201,
    auth: 'none',
    tag: ACCOUNTS,
    body: true,
    errors: ['weak_password', 'email_taken', 'rate_limited'],
  }),
  login: defineRoute({
    method: 'POST',
    path: '/v1/auth/login',
    command: authLogin,
    auth: 'none',
    tag: ACCOUNTS,
    body: true,
    errors: ['invalid_credentials', 'rate_limited'],
  }),
  refresh: defineRoute({
    method: 'POST',
    path: '/v1/auth/refresh',
    command: authRefresh,
    auth: 'none',
    tag: ACCOUNTS,
    body: true,
    errors: ['invalid_token', 'session_revoked'],
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/v1/auth/logout',
    command: authLogout,
    status: 204,
    auth: 'none',
    tag: ACCOUNTS,
    body: true,
    errors: ['invalid_token'],
  }),
  meGet: defineRoute({ method: 'GET', path: '/v1/me', command: meGet, auth: 'bearer', tag: ACCOUNTS }),
  meUpdate: defineRoute({
    method: 'PATCH',
    path: '/v1/me',
    command: meUpdate,
    auth: 'bearer',
    tag: ACCOUNTS,
    body: true,
  }),
  meDelete: defineRoute({
    method: 'DELETE',
    path: '/v1/me',
    command: meDelete,
    status: 204,
    auth: 'bearer',
    tag: ACCOUNTS,
  }),
  userGet: defineRoute({
    method: 'GET',
    path: '/v1/users/:id',
    command: userGet,
    auth: 'bearer',
    tag: ACCOUNTS,
    params: z.strictObject({ id: uuid }),
    toRequest: ({ params }) => ({ userId: params.id }),
    errors: ['not_found'],
  }),
  jwks: defineRoute({
    method: 'GET',
    path: '/v1/.well-known/jwks.json',
    command: jwksGet,
    auth: 'none',
    tag: PLATFORM,
  }),
};
