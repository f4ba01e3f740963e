import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './password-hasher';

// Sign-in takes any non-empty password up to the limit: the rules for new passwords are the user
// module's; refusing a stored password's shape here would only tell a guesser what it is.
export const signInRequestSchema = z.object({
  username: z.string({ required_error: 'is required' }).trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
  password: z.string({ required_error: 'is required' }).min(1, 'is required').max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`),
});

export const deviceSignInRequestSchema = z.object({
  credential: z.string({ required_error: 'is required' }).min(1, 'is required').max(128, 'is not a device credential'),
});

export const refreshRequestSchema = z.object({
  refreshToken: z.string().min(1).max(128).optional(),
});
