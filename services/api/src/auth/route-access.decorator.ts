import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@urban-brain/proto';
import { ForbiddenResponseDto, UnauthorizedResponseDto } from '../common/domain-error-response.dto';

export const ROUTE_ACCESS = Symbol('ROUTE_ACCESS');

/** Who may call a route: anyone, or a signed-in user with at least `role` (roles are ranked). */
export type RouteAccess = { public: true } | { public: false; role: Role };

// The OpenAPI document carries each operation's access as `x-required-role` ('none' when open), so
// clients can read it and the role-matrix test checks every documented route against it.
export const REQUIRED_ROLE_EXTENSION = 'x-required-role';
export const ACCESS_COOKIE = 'ub_access';
export const BEARER_SCHEME = 'bearer';

/** A route anyone may call: health, sign-in. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ROUTE_ACCESS, { public: true } satisfies RouteAccess), ApiExtension(REQUIRED_ROLE_EXTENSION, 'none'));
}

/**
 * A route for signed-in users with at least `role`. The auth guard answers 401 without a valid
 * session and 403 naming the role when it is too low. A route without either decorator needs admin.
 */
export function RequireRole(role: Role): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROUTE_ACCESS, { public: false, role } satisfies RouteAccess),
    ApiExtension(REQUIRED_ROLE_EXTENSION, role),
    ApiBearerAuth(BEARER_SCHEME),
    ApiCookieAuth(ACCESS_COOKIE),
    ApiUnauthorizedResponse({ type: UnauthorizedResponseDto, description: 'No valid session cookie or bearer token' }),
    ApiForbiddenResponse({ type: ForbiddenResponseDto, description: `Needs the ${role} role or a higher one` }),
  );
}
