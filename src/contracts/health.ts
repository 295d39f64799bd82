import { z } from 'zod';

export const ZHealth = z.object({ status: z.literal('ok') });
export const ZReady = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.object({ engine: z.enum(['pglite', 'postgres']), reachable: z.boolean() }),
  migrations: z.object({ pending: z.array(z.string()) }),
});
