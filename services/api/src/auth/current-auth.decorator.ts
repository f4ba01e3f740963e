import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRequest, AuthContext } from './auth-context';

/** The caller's session, set by the auth guard (only on routes that are not public). */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<ApiRequest>().auth;
  if (!auth) throw new Error('CurrentAuth on a public route: the auth guard did not run for it');
  return auth;
});
