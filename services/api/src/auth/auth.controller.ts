import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { BrowserSession, TokenPair } from '@urban-brain/proto';
import { InvalidBodyResponseDto, ThrottledResponseDto, UnauthorizedResponseDto } from '../common/domain-error-response.dto';
import { parseBody } from '../common/request-body';
import { requestOrigin, type AuthContext } from './auth-context';
import { clearSessionCookies, refreshCookieOf, setSessionCookies } from './auth-cookies';
import { AUTH_CLOCK, AUTH_OPTIONS, type AuthOptions } from './auth-options';
import { deviceSignInRequestSchema, refreshRequestSchema, signInRequestSchema } from './auth-request.schemas';
import { BrowserSessionDto, DeviceSignInRequestDto, RefreshRequestDto, SignInRequestDto, TokenPairDto } from './auth-response.dto';
import { AuthService, browserSession } from './auth.service';
import { CurrentAuth } from './current-auth.decorator';
import { Public, RequireRole } from './route-access.decorator';

const BAD_BODY = { type: InvalidBodyResponseDto, description: 'A field is missing or invalid; `fields` names each one' };
const BAD_CREDENTIALS = { type: UnauthorizedResponseDto, description: 'Wrong username or password (the same answer for an unknown or disabled user)' };
const THROTTLED = { type: ThrottledResponseDto, description: 'Too many failed sign-ins from this username or address; `Retry-After` says when to try again' };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(AUTH_CLOCK) private readonly now: () => number,
  ) {}

  @Post('sign-in')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign in from a browser', description: 'Sets the HTTP-only cookies `ub_access` (short-lived) and `ub_refresh` (path /api/auth); answers who signed in and until when.' })
  @ApiBody({ type: SignInRequestDto })
  @ApiOkResponse({ type: BrowserSessionDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiUnauthorizedResponse(BAD_CREDENTIALS)
  @ApiTooManyRequestsResponse(THROTTLED)
  async signIn(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<BrowserSession> {
    const { username, password } = parseBody(signInRequestSchema, body);
    const session = await this.auth.signIn(username, password, 'browser', requestOrigin(request));
    setSessionCookies(response, session, this.options, this.now());
    return browserSession(session);
  }

  @Post('tokens')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign in from a script', description: 'Answers bearer tokens (no cookies): send `Authorization: Bearer <accessToken>`; refresh with `POST /api/auth/refresh { refreshToken }`.' })
  @ApiBody({ type: SignInRequestDto })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiUnauthorizedResponse(BAD_CREDENTIALS)
  @ApiTooManyRequestsResponse(THROTTLED)
  async tokens(@Body() body: unknown, @Req() request: Request): Promise<TokenPair> {
    const { username, password } = parseBody(signInRequestSchema, body);
    const { sessionId: _id, ...pair } = await this.auth.signIn(username, password, 'script', requestOrigin(request));
    return pair;
  }

  @Post('device')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Sign a kiosk wall in with its device credential',
    description: 'The wall opens `/#kiosk=<credential>` and posts the credential here; the session (cookies) then lives as long as the wall keeps refreshing (30 days without one). Revoked by disabling the device or issuing it a new credential.',
  })
  @ApiBody({ type: DeviceSignInRequestDto })
  @ApiOkResponse({ type: BrowserSessionDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiUnauthorizedResponse({ type: UnauthorizedResponseDto, description: 'Unknown or revoked credential' })
  @ApiTooManyRequestsResponse(THROTTLED)
  async device(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<BrowserSession> {
    const { credential } = parseBody(deviceSignInRequestSchema, body);
    const session = await this.auth.signInDevice(credential, requestOrigin(request));
    setSessionCookies(response, session, this.options, this.now());
    return browserSession(session);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'New tokens for a refresh token',
    description: 'A browser sends nothing (its `ub_refresh` cookie) and gets new cookies and a BrowserSession; a script sends `{ refreshToken }` and gets a TokenPair. Each refresh token works once; presenting a used one again ends the session.',
  })
  @ApiBody({ type: RefreshRequestDto, required: false })
  @ApiOkResponse({ type: TokenPairDto, description: 'A TokenPair for a script; a BrowserSession (no tokens in the body) for a browser' })
  @ApiUnauthorizedResponse({ type: UnauthorizedResponseDto, description: 'The session has ended' })
  async refresh(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<BrowserSession | TokenPair> {
    const { refreshToken } = parseBody(refreshRequestSchema, body ?? {});
    if (refreshToken !== undefined) {
      const { sessionId: _id, ...pair } = await this.auth.refresh(refreshToken, requestOrigin(request));
      return pair;
    }
    const session = await this.auth.refresh(refreshCookieOf(request), requestOrigin(request));
    setSessionCookies(response, session, this.options, this.now());
    return browserSession(session);
  }

  @Post('sign-out')
  @RequireRole('operator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session', description: 'Its tokens stop working at once; the cookies are cleared.' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async signOut(@CurrentAuth() auth: AuthContext, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOut(auth, requestOrigin(request));
    clearSessionCookies(response, this.options);
  }

  @Get('me')
  @RequireRole('operator')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Who this session belongs to, and until when' })
  @ApiOkResponse({ type: BrowserSessionDto })
  me(@CurrentAuth() auth: AuthContext): BrowserSession {
    return browserSession(auth);
  }
}
