import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ROLES, type CreateUserRequest, type Role, type UpdateUserRequest, type UserRecord, type UserSecretResponse } from '@urban-brain/proto';
import { SessionUserDto } from '../auth/auth-response.dto';

// OpenAPI shapes of proto/src/auth.ts (the contract).
@ApiSchema({ name: 'UserRecord' })
export class UserRecordDto extends SessionUserDto implements UserRecord {
  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({ enum: ['local', 'demo', 'oidc'] })
  origin!: 'local' | 'demo' | 'oidc';

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSignInAt!: string | null;
}

@ApiSchema({ name: 'UserSecretResponse' })
export class UserSecretResponseDto implements UserSecretResponse {
  @ApiProperty({ type: UserRecordDto })
  user!: UserRecordDto;

  @ApiProperty({ required: false, description: 'A generated password, shown this once' })
  password?: string;

  @ApiProperty({ required: false, description: "A device's credential, shown this once" })
  deviceCredential?: string;

  @ApiProperty({ required: false, description: 'Open the wall at this path (the credential in the fragment never reaches a server log)', example: '/#kiosk=ubd_…' })
  kioskPath?: string;
}

export class CreateUserRequestDto implements CreateUserRequest {
  @ApiProperty({ example: 'li.wei', description: 'Stored in lower case' })
  username!: string;

  @ApiProperty({ required: false, example: 'Li Wei' })
  displayName?: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ required: false, enum: ['person', 'device'], default: 'person' })
  kind?: 'person' | 'device';

  @ApiProperty({ required: false, description: 'A person without one gets a generated password', minLength: 10 })
  password?: string;
}

export class UpdateUserRequestDto implements UpdateUserRequest {
  @ApiProperty({ required: false })
  displayName?: string;

  @ApiProperty({ required: false, enum: ROLES })
  role?: Role;

  @ApiProperty({ required: false, description: 'true ends every session of the user at once' })
  disabled?: boolean;
}

export class ResetPasswordRequestDto {
  @ApiProperty({ required: false, description: 'Absent: a generated one, answered once', minLength: 10 })
  password?: string;
}
