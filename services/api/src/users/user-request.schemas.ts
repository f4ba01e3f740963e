import { ROLES, type Role } from '@urban-brain/proto';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password-hasher';

const roleSchema = z.enum(ROLES as [Role, ...Role[]], { errorMap: () => ({ message: `must be one of ${ROLES.join(', ')}` }) });

export const USERNAME_RULE = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

const usernameSchema = z
  .string({ required_error: 'is required' })
  .trim()
  .toLowerCase()
  .regex(USERNAME_RULE, 'must be 2-64 characters: letters, digits, and . _ @ - (not first); stored in lower case');

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

const displayNameSchema = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

export const createUserRequestSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema.optional(),
  role: roleSchema,
  kind: z.enum(['person', 'device'], { errorMap: () => ({ message: 'must be person or device' }) }).default('person'),
  password: passwordSchema.optional(),
});

export const updateUserRequestSchema = z.object({
  displayName: displayNameSchema.optional(),
  role: roleSchema.optional(),
  disabled: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
});

export const resetPasswordRequestSchema = z.object({
  password: passwordSchema.optional(),
});

export const userIdSchema = z.string().uuid('must be a user id (a UUID)');
