import type { Client } from 'pg';
import { eventually } from './eventually';

/** Resolves once `consumer` has recorded `eventId` in `<schema>.inbox`, i.e. committed its effect. */
export async function appliedBy(
  sql: Pick<Client, 'query'>,
  schema: string,
  consumer: string,
  eventId: string,
): Promise<void> {
  await eventually(async () => {
    const { rowCount } = await sql.query(
      `select 1 from ${schema}.inbox where consumer = $1 and event_id = $2`,
      [consumer, eventId],
    );
    if (rowCount !== 1) throw new Error(`${consumer} has not applied event ${eventId} yet`);
  });
}
