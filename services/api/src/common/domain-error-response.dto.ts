import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DomainErrorCode } from './domain-error';

// OpenAPI shapes of the bodies domain-error.filter.ts writes.
@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemDto {
  @ApiProperty({ description: 'The path or query parameter, as sent', example: 'to' })
  field!: string;

  @ApiProperty({ example: 'must be after from' })
  problem!: string;
}

@ApiSchema({ name: 'InvalidQueryResponse' })
export class InvalidQueryResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.INVALID_QUERY], example: DomainErrorCode.INVALID_QUERY })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'Invalid query' })
  message!: string;

  @ApiProperty({ type: [FieldProblemDto], description: 'Every rejected field, at once' })
  fields!: FieldProblemDto[];
}

@ApiSchema({ name: 'ServiceUnavailableResponse' })
export class ServiceUnavailableResponseDto {
  @ApiProperty({ example: 503 })
  statusCode!: number;

  @ApiProperty({ example: 'Service Unavailable' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.DATABASE_UNAVAILABLE], example: DomainErrorCode.DATABASE_UNAVAILABLE })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'Database unavailable' })
  message!: string;
}

@ApiSchema({ name: 'NotFoundResponse' })
export class NotFoundResponseDto {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'Not Found' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.CITY_LAYER_NOT_FOUND], example: DomainErrorCode.CITY_LAYER_NOT_FOUND })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'No city pack layer "parks"; layers: districts, roads, ...' })
  message!: string;
}

@ApiSchema({ name: 'InvalidBodyResponse' })
export class InvalidBodyResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.INVALID_BODY], example: DomainErrorCode.INVALID_BODY })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'Invalid request body' })
  message!: string;

  @ApiProperty({ type: [FieldProblemDto], description: 'Every rejected field, at once' })
  fields!: FieldProblemDto[];
}

@ApiSchema({ name: 'UnauthorizedResponse' })
export class UnauthorizedResponseDto {
  @ApiProperty({ example: 401 })
  statusCode!: number;

  @ApiProperty({ example: 'Unauthorized' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.UNAUTHENTICATED, DomainErrorCode.BAD_CREDENTIALS], example: DomainErrorCode.UNAUTHENTICATED })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'Sign in first: no session cookie and no bearer token' })
  message!: string;
}

@ApiSchema({ name: 'ForbiddenResponse' })
export class ForbiddenResponseDto {
  @ApiProperty({ example: 403 })
  statusCode!: number;

  @ApiProperty({ example: 'Forbidden' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.ROLE_REQUIRED], example: DomainErrorCode.ROLE_REQUIRED })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'This needs the engineer role; you are operator' })
  message!: string;

  @ApiProperty({ enum: ['operator', 'dispatcher', 'engineer', 'admin'], example: 'engineer', description: 'The least role that may do it (roles are ranked)' })
  requiredRole!: string;
}

@ApiSchema({ name: 'ThrottledResponse' })
export class ThrottledResponseDto {
  @ApiProperty({ example: 429 })
  statusCode!: number;

  @ApiProperty({ example: 'Too Many Requests' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.SIGN_IN_THROTTLED], example: DomainErrorCode.SIGN_IN_THROTTLED })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'Too many failed sign-ins; try again in 60 s' })
  message!: string;

  @ApiProperty({ example: 60, description: 'Also in the Retry-After header' })
  retryAfterS!: number;
}

@ApiSchema({ name: 'ConflictResponse' })
export class ConflictResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({ enum: [DomainErrorCode.USERNAME_TAKEN, DomainErrorCode.SELF_LOCKOUT], example: DomainErrorCode.USERNAME_TAKEN })
  code!: DomainErrorCode;

  @ApiProperty({ example: 'There is already a user "dispatcher"' })
  message!: string;
}
