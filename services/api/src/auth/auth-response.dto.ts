import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ROLES, type BrowserSession, type Role, type SessionUser, type TokenPair } from '@urban-brain/proto';

// OpenAPI shapes of proto/src/auth.ts (the contract).
@ApiSchema({ name: 'SessionUser' })
export class SessionUserDto implements SessionUser {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'dispatcher' })
  username!: string;

  @ApiProperty({ example: 'Demo dispatcher' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'dispatcher' })
  role!: Role;

  @ApiProperty({ enum: ['person', 'device'], example: 'person' })
  kind!: 'person' | 'device';
}

@ApiSchema({ name: 'BrowserSession' })
export class BrowserSessionDto implements BrowserSession {
  @ApiProperty({ type: SessionUserDto })
  user!: SessionUserDto;

  @ApiProperty({ description: 'Epoch ms: refresh before this, or on a 401', example: 1_750_000_900_000 })
  accessExpiresAtMs!: number;

  @ApiProperty({ description: 'Epoch ms: after this, sign in again', example: 1_750_043_200_000 })
  refreshExpiresAtMs!: number;
}

@ApiSchema({ name: 'TokenPair' })
export class TokenPairDto extends BrowserSessionDto implements TokenPair {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`', example: 'uba_…' })
  accessToken!: string;

  @ApiProperty({ description: 'POST /api/auth/refresh `{ refreshToken }`; works once', example: 'ubr_…' })
  refreshToken!: string;
}

export class SignInRequestDto {
  @ApiProperty({ example: 'dispatcher' })
  username!: string;

  @ApiProperty({ example: 'k7m2-p9xq-t4rw-8hne' })
  password!: string;
}

export class DeviceSignInRequestDto {
  @ApiProperty({ description: "The wall's device credential (what follows `#kiosk=` in its link)", example: 'ubd_…' })
  credential!: string;
}

export class RefreshRequestDto {
  @ApiProperty({ required: false, description: 'Scripts: the refresh token. Browsers send none: the HTTP-only cookie carries it' })
  refreshToken?: string;
}
