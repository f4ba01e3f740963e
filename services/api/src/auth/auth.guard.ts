import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAtLeast } from '@urban-brain/proto';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import type { ApiRequest } from './auth-context';
import { accessTokenOf } from './auth-cookies';
import { AuthService, unauthenticated } from './auth.service';
import { ROUTE_ACCESS, type RouteAccess } from './route-access.decorator';

// A route that forgot to say who may call it is an admin's: the mistake fails closed.
const UNDECLARED: RouteAccess = { public: false, role: 'admin' };

/** The one check in front of every route: a live session (cookie or bearer) with a high enough role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [context.getHandler(), context.getClass()]) ?? UNDECLARED;
    if (access.public) return true;
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const token = accessTokenOf(request);
    if (token === undefined) throw unauthenticated('Sign in first: no session cookie and no bearer token');
    const session = await this.auth.authenticate(token);
    if (session === null) throw unauthenticated('The session has ended or the token is not valid (expired, signed out, or its user disabled); refresh or sign in again');
    if (!roleAtLeast(session.user.role, access.role)) {
      throw new DomainError(DomainErrorCode.ROLE_REQUIRED, `This needs the ${access.role} role; you are ${session.user.role}`, [], { extra: { requiredRole: access.role } });
    }
    request.auth = session;
    return true;
  }
}
