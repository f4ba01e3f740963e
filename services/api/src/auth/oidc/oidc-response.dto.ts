import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { OidcSignInOption } from '@urban-brain/proto';

@ApiSchema({ name: 'OidcSignInOption' })
export class OidcSignInOptionDto implements OidcSignInOption {
  @ApiProperty({ description: 'Whether the sign-in page offers single sign-on (OIDC_ISSUER_URL is set)', example: true })
  enabled!: boolean;

  @ApiPropertyOptional({ description: 'The identity provider as people know it (OIDC_NAME), when enabled', example: 'City ID' })
  name?: string;
}
