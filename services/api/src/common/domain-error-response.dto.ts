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
