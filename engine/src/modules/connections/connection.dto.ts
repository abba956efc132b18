import { z } from 'zod';

/** `POST /api/connections`: the provider's config is checked against that provider's schema. */
export const createConnectionSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  provider: z.string({ error: 'provider is required' }),
  config: z.record(z.string(), z.unknown()).default({}),
});

export const updateConnectionSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});
