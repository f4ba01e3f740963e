import { z } from 'zod';

export const assignAlertRequestSchema = z.object({
  assignee: z.string({ required_error: 'is required: a vehicle id from the candidates, or a crew' }).trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  fleet: z.string().min(1).max(32).optional(),
});

export const alertNoteRequestSchema = z.object({
  note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});

export const alertIdSchema = z.string().uuid('must be an alert id (a UUID)');
