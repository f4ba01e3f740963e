import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { UserRecord, UserSecretResponse } from '@urban-brain/proto';
import { requestOrigin, type AuthContext } from '../auth/auth-context';
import { CurrentAuth } from '../auth/current-auth.decorator';
import { RequireRole } from '../auth/route-access.decorator';
import { DomainError } from '../common/domain-error';
import { ConflictResponseDto, InvalidBodyResponseDto, NotFoundResponseDto } from '../common/domain-error-response.dto';
import { parseBody } from '../common/request-body';
import { createUserRequestSchema, resetPasswordRequestSchema, updateUserRequestSchema, userIdSchema } from './user-request.schemas';
import { CreateUserRequestDto, ResetPasswordRequestDto, UpdateUserRequestDto, UserRecordDto, UserSecretResponseDto } from './users-response.dto';
import { actorOf, UsersService } from './users.service';

const BAD_BODY = { type: InvalidBodyResponseDto, description: 'A field is missing or invalid; `fields` names each one' };
const NOT_FOUND = { type: NotFoundResponseDto, description: 'No such user (or not of the kind the action needs)' };

function userId(id: string): string {
  const parsed = userIdSchema.safeParse(id);
  if (!parsed.success) throw DomainError.invalidQuery([{ field: 'id', problem: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Every account: people and kiosk devices' })
  @ApiOkResponse({ type: [UserRecordDto] })
  list(): Promise<UserRecord[]> {
    return this.users.list();
  }

  @Post()
  @RequireRole('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Add a person or a kiosk device', description: 'A generated password or a device credential is answered this once.' })
  @ApiBody({ type: CreateUserRequestDto })
  @ApiCreatedResponse({ type: UserSecretResponseDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiConflictResponse({ type: ConflictResponseDto, description: 'The username is taken' })
  create(@Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<UserSecretResponse> {
    return this.users.create(parseBody(createUserRequestSchema, body), actorOf(auth, requestOrigin(request)));
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Rename, re-role, disable or enable a user', description: 'Disabling ends every session of the user at once; a new role applies from the next request.' })
  @ApiBody({ type: UpdateUserRequestDto })
  @ApiOkResponse({ type: UserRecordDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ConflictResponseDto, description: 'An admin may not disable or demote their own account' })
  update(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<UserRecord> {
    return this.users.update(userId(id), parseBody(updateUserRequestSchema, body), actorOf(auth, requestOrigin(request)));
  }

  @Post(':id/password')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Reset a person's password", description: 'Given, or generated and answered once; ends the user\'s sessions.' })
  @ApiBody({ type: ResetPasswordRequestDto, required: false })
  @ApiOkResponse({ type: UserSecretResponseDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiNotFoundResponse(NOT_FOUND)
  resetPassword(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<UserSecretResponse> {
    const { password } = parseBody(resetPasswordRequestSchema, body ?? {});
    return this.users.resetPassword(userId(id), password, actorOf(auth, requestOrigin(request)));
  }

  @Post(':id/device-credential')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Issue a kiosk device a new credential", description: 'The old credential and every session it opened stop at once; the new one is answered this once.' })
  @ApiOkResponse({ type: UserSecretResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  renewDeviceCredential(@Param('id') id: string, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<UserSecretResponse> {
    return this.users.renewDeviceCredential(userId(id), actorOf(auth, requestOrigin(request)));
  }
}
